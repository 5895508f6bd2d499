import { afterEach, describe, expect, it } from 'vitest';
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

/** The SQLite store with switches that make its probe and appends fail. */
function flakyStore(dir: string) {
	const inner = new SqliteStore(dir);
	const failing = { probe: false, append: false };
	const store: Store = {
		loadRoom: (roomId) => inner.loadRoom(roomId),
		append: (roomId, update) =>
			failing.append ? Promise.reject(new Error('disk full')) : inner.append(roomId, update),
		compact: (roomId) => inner.compact(roomId),
		listRooms: () => inner.listRooms(),
		close: () => inner.close(),
		probe: () => (failing.probe ? Promise.reject(new Error('disk I/O error')) : inner.probe())
	};
	return { store, failing };
}

async function health(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
	const response = await fetch(`${url}/healthz`);
	return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('/healthz and the store', () => {
	it('answers 503 with the reason while the store’s probe fails, and 200 once it passes', async () => {
		const { store, failing } = flakyStore(tempDir(res));
		const server = await startTestServer(res, { store, healthProbeMs: 30 });
		expect((await health(server.url)).status).toBe(200);

		failing.probe = true;
		await waitFor(async () => (await health(server.url)).status === 503, 'a 503');
		expect((await health(server.url)).body).toMatchObject({
			status: 'unavailable',
			reason: 'the store cannot read or write: disk I/O error'
		});
		expect(server.lines.filter((l) => l.startsWith('error store-probe-failed'))).toHaveLength(1);

		failing.probe = false;
		await waitFor(async () => (await health(server.url)).status === 200, 'a 200 again');
	});

	it('answers 503 as soon as the relay meets a store error, until probes pass without one', async () => {
		const { store, failing } = flakyStore(tempDir(res));
		const server = await startTestServer(res, { store, healthProbeMs: 200 });
		const room = newRoom();
		const a = connectClient(res, server.wsUrl, room.roomId, { key: room.editKey });
		await synced(a);

		failing.append = true;
		a.doc.getText('t').insert(0, 'unsaved');
		await waitFor(() => server.metrics.storeErrors > 0, 'a store error');
		const during = await health(server.url);
		expect(during.status).toBe(503);
		expect(during.body.reason).toMatch(/^\d+ store errors? in the last 1 s/);

		failing.append = false;
		await waitFor(async () => (await health(server.url)).status === 200, 'a 200 again');
	});

	it('answers 503 when the real SQLite store can no longer be used', async () => {
		const server = await startTestServer(res, { healthProbeMs: 30 });
		expect((await health(server.url)).status).toBe(200);
		await server.store.close();
		await waitFor(async () => (await health(server.url)).status === 503, 'a 503');
		expect((await health(server.url)).body.reason).toMatch(/cairn\.db is closed/);
	});
});
