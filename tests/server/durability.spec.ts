import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/store';
import {
	connectClient,
	newRoom,
	Resources,
	sleep,
	spawnRelay,
	startTestServer,
	synced,
	tempDir,
	waitFor
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('durability', () => {
	it('publishes an update to other clients only once the store has it', async () => {
		const dataDir = tempDir(res);
		const inner = new SqliteStore(dataDir);
		let open: () => void = () => {};
		let gate = new Promise<void>((resolve) => (open = resolve));
		const appended: number[] = [];
		const store: Store = {
			loadRoom: (id) => inner.loadRoom(id),
			append: async (id, update) => {
				await gate;
				await inner.append(id, update);
				appended.push(update.byteLength);
			},
			compact: (id) => inner.compact(id),
			listRooms: () => inner.listRooms(),
			close: () => inner.close()
		};
		const server = await startTestServer(res, { store, dataDir });
		const { roomId, editKey } = newRoom();
		const a = connectClient(res, server.wsUrl, roomId, { key: editKey });
		const b = connectClient(res, server.wsUrl, roomId, { key: editKey });
		gate = Promise.resolve();
		await Promise.all([synced(a), synced(b)]);
		gate = new Promise<void>((resolve) => (open = resolve));

		a.doc.getMap('m').set('k', 'v');
		await sleep(150);
		expect(b.doc.getMap('m').get('k')).toBeUndefined();
		expect(appended).toEqual([]);
		open();
		await waitFor(() => b.doc.getMap('m').get('k') === 'v', 'b to get the update');
		expect(appended.length).toBe(1);
	});

	it('keeps an update another client has seen through a kill -9 of the relay', async () => {
		const data = tempDir(res);
		const relay = await spawnRelay(res, { CAIRN_DATA: data });
		const { roomId, editKey, viewKey } = newRoom();
		const a = connectClient(res, relay.wsUrl, roomId, { key: editKey });
		const b = connectClient(res, relay.wsUrl, roomId, { key: viewKey });
		await Promise.all([synced(a), synced(b)]);

		a.doc.getArray('projects').push(['p-crm', 'p-web']);
		await waitFor(() => b.doc.getArray('projects').length === 2, 'b to see a’s update');
		relay.child.kill('SIGKILL');
		expect((await relay.exited).signal).toBe('SIGKILL');
		a.provider.destroy();
		b.provider.destroy();

		const again = await spawnRelay(res, { CAIRN_DATA: data });
		const c = connectClient(res, again.wsUrl, roomId, { key: viewKey });
		await synced(c);
		expect(c.doc.getArray('projects').toJSON()).toEqual(['p-crm', 'p-web']);
	});

	it('exits 0 on SIGTERM with every update flushed into the database file', async () => {
		const data = tempDir(res);
		const relay = await spawnRelay(res, { CAIRN_DATA: data });
		const { roomId, editKey } = newRoom();
		const a = connectClient(res, relay.wsUrl, roomId, { key: editKey });
		await synced(a);
		const text = a.doc.getText('t');
		for (let i = 0; i < 20; i++) text.insert(text.length, `${i},`);
		await waitFor(async () => {
			const health = await fetch(`${relay.url}/metrics`).then((r) => r.text());
			return /cairn_store_write_seconds_count (\d+)/.exec(health)?.[1] === '20';
		}, 'twenty stored updates');

		relay.child.kill('SIGTERM');
		const exit = await relay.exited;
		expect(exit.code).toBe(0);
		expect(relay.output()).toContain('stopped');
		// Flushed: the WAL was checkpointed into cairn.db and truncated.
		const wal = join(data, 'cairn.db-wal');
		expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);

		const store = res.add(new SqliteStore(data), (s) => s.close());
		const log = await store.loadRoom(roomId);
		// Unloading on shutdown compacted the twenty rows into one.
		expect(log.rows).toBe(1);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, log.updates[0]);
		expect(doc.getText('t').toString()).toBe(text.toString());
	});

	it('also exits 0 on SIGINT', async () => {
		const relay = await spawnRelay(res, { CAIRN_DATA: tempDir(res) });
		relay.child.kill('SIGINT');
		const exit = await relay.exited;
		expect(exit.code, `${JSON.stringify(exit)} ${relay.output()}`).toBe(0);
	});

	it('refuses to start with only one of CAIRN_TLS_CERT and CAIRN_TLS_KEY', async () => {
		await expect(
			spawnRelay(res, { CAIRN_DATA: tempDir(res), CAIRN_TLS_CERT: 'cert.pem' })
		).rejects.toThrow(/CAIRN_TLS_CERT is set but CAIRN_TLS_KEY is not/);
	});
});
