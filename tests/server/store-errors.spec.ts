import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../server/relay/limits';
import { SqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/store';
import {
	connectClient,
	newRoom,
	Resources,
	startTestServer,
	synced,
	tempDir,
	waitFor
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

/** The SQLite store with switches that make its operations fail. */
function flakyStore(dir: string) {
	const inner = new SqliteStore(dir);
	const failing = { load: false, append: false };
	const store: Store = {
		loadRoom: (roomId) =>
			failing.load ? Promise.reject(new Error('disk on fire')) : inner.loadRoom(roomId),
		append: (roomId, update) =>
			failing.append ? Promise.reject(new Error('disk full')) : inner.append(roomId, update),
		compact: (roomId) => inner.compact(roomId),
		listRooms: () => inner.listRooms(),
		close: () => inner.close()
	};
	return { store, failing };
}

describe('store errors', () => {
	it('close the room’s clients with 1013, are logged and counted, and the room recovers', async () => {
		const dataDir = tempDir(res);
		const { store, failing } = flakyStore(dataDir);
		const server = await startTestServer(res, { store, dataDir });
		const broken = newRoom();
		const fine = newRoom();
		const a = connectClient(res, server.wsUrl, broken.roomId, { key: broken.editKey });
		const b = connectClient(res, server.wsUrl, broken.roomId, { key: broken.editKey });
		const c = connectClient(res, server.wsUrl, fine.roomId, { key: fine.editKey });
		await Promise.all([synced(a), synced(b), synced(c)]);
		const codes: number[] = [];
		b.provider.on('connection-close', (event) => event && codes.push(event.code));

		failing.append = true;
		a.doc.getText('t').insert(0, 'unsaved');
		await waitFor(() => codes.includes(CloseCode.tryAgainLater), 'b to be closed with 1013');
		expect(server.metrics.storeErrors).toBe(1);
		expect(
			server.lines.some((l) => l.startsWith('error store-error') && l.includes('disk full'))
		).toBe(true);
		// The unsaved update never reached b, and the other room did not notice.
		expect(b.doc.getText('t').toString()).toBe('');
		expect(c.provider.wsconnected).toBe(true);

		// 1013 means "retry": the stock clients reconnect, and a's change is stored then.
		failing.append = false;
		await waitFor(
			() => b.doc.getText('t').toString() === 'unsaved',
			'the retry to succeed',
			10_000
		);
		const reloaded = new SqliteStore(server.dataDir);
		expect((await reloaded.loadRoom(broken.roomId)).rows).toBeGreaterThan(0);
		await reloaded.close();
	});

	it('a room that cannot load closes its clients with 1013 before answering anything', async () => {
		const { store, failing } = flakyStore(tempDir(res));
		const server = await startTestServer(res, { store });
		const room = newRoom();
		failing.load = true;
		const a = connectClient(res, server.wsUrl, room.roomId, { key: room.editKey });
		const closed = new Promise<number>((resolve) =>
			a.provider.on('connection-close', (event) => event && resolve(event.code))
		);
		expect(await closed).toBe(CloseCode.tryAgainLater);
		expect(a.provider.synced).toBe(false);
		expect(server.metrics.storeErrors).toBeGreaterThanOrEqual(1);
		expect(server.relay.room(room.roomId)?.state ?? 'gone').not.toBe('ready');
		failing.load = false;
		await synced(a, 10_000);
	});
});
