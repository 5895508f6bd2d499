import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessFanout } from '../../server/fanout';
import { encodeSyncStep1, encodeUpdate, MessageType } from '../../server/relay/protocol';
import { SqliteStore } from '../../server/store/sqlite';
import {
	connectClient,
	newRoom,
	openSocket,
	Resources,
	sleep,
	startTestServer,
	synced,
	waitFor,
	type TestServer
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

async function health(server: TestServer): Promise<{ rooms: number; connections: number }> {
	return (await fetch(`${server.url}/healthz`)).json() as Promise<{
		rooms: number;
		connections: number;
	}>;
}

describe('idle rooms', () => {
	it('unloads a room roomIdleMs after its last client leaves, compacting it first', async () => {
		const server = await startTestServer(res, { timing: { roomIdleMs: 200 } });
		const { roomId, editKey } = newRoom();
		const a = connectClient(res, server.wsUrl, roomId, { key: editKey });
		await synced(a);
		for (let i = 0; i < 5; i++) a.doc.getArray('x').push([i]);
		await waitFor(() => server.relay.room(roomId)?.size.rows === 5, 'five stored updates');
		expect(await health(server)).toEqual({ status: 'ok', rooms: 1, connections: 1 });

		a.provider.disconnect();
		await waitFor(() => server.relay.connectionCount === 0, 'the client to leave');
		await sleep(100);
		expect(server.relay.roomCount).toBe(1);
		await waitFor(() => server.relay.roomCount === 0, 'the room to unload', 2000);
		expect((await health(server)).rooms).toBe(0);
		await waitFor(() => server.metrics.roomsUnloaded === 1, 'the unload to finish');

		const store = res.add(new SqliteStore(server.dataDir), (s) => s.close());
		expect((await store.loadRoom(roomId)).rows).toBe(1);
	});

	it('keeps a room whose client comes back before the timeout, and reloads one that went', async () => {
		const server = await startTestServer(res, { timing: { roomIdleMs: 150 } });
		const { roomId, editKey } = newRoom();
		const a = connectClient(res, server.wsUrl, roomId, { key: editKey });
		await synced(a);
		a.doc.getText('t').insert(0, 'persisted');
		await waitFor(() => server.relay.room(roomId)?.size.rows === 1, 'the update stored');
		const room = server.relay.room(roomId);

		a.provider.disconnect();
		await waitFor(() => server.relay.connectionCount === 0, 'the client to leave');
		a.provider.connect();
		await synced(a);
		await sleep(250);
		expect(server.relay.room(roomId)).toBe(room);

		a.provider.destroy();
		await waitFor(() => server.relay.roomCount === 0, 'the room to unload');
		const b = connectClient(res, server.wsUrl, roomId, { key: editKey });
		await synced(b);
		expect(b.doc.getText('t').toString()).toBe('persisted');
		expect(server.relay.room(roomId)).not.toBe(room);
	});

	it('returns the heap near its baseline after opening and closing 1,000 rooms', async () => {
		setFlagsFromString('--expose-gc');
		const gc = runInNewContext('gc') as () => void;
		const heap = async () => {
			for (let i = 0; i < 3; i++) {
				gc();
				await sleep(20);
			}
			return process.memoryUsage().heapUsed;
		};
		// A logger that keeps nothing: the memory logger would keep one line per room.
		const quiet = { info: () => {}, warn: () => {}, error: () => {} };
		const fanout = new InProcessFanout();
		const server = await startTestServer(res, {
			// 1,000 new rooms from one address: past the new-room rate, which is not tested here.
			limits: { maxNewRoomsPerIpPerMinute: 100_000 },
			timing: { roomIdleMs: 0 },
			log: quiet,
			fanout
		});
		const rooms = Array.from({ length: 1000 }, () => newRoom());
		const content = new Y.Doc();
		content.getText('t').insert(0, 'a small portfolio '.repeat(20));
		const update = encodeUpdate(Y.encodeStateAsUpdate(content));

		const visit = async ({ roomId, editKey }: { roomId: string; editKey: string }) => {
			// Sockets are not kept for teardown: the test must not hold them in memory.
			const socket = await openSocket(new Resources(), `${server.wsUrl}/${roomId}?key=${editKey}`);
			socket.send(update);
			socket.send(encodeSyncStep1(new Uint8Array([0])));
			// Step 1 and then step 2 come back once the room is loaded and the update stored.
			await waitFor(() => socket.messages.length >= 2, 'the room to answer');
			expect(socket.messages[0][0]).toBe(MessageType.sync);
			socket.ws.close();
			await socket.closed;
		};
		const visitAll = async (list: typeof rooms) => {
			for (let i = 0; i < list.length; i += 50) {
				await Promise.all(list.slice(i, i + 50).map(visit));
			}
			await waitFor(() => server.relay.roomCount === 0, 'every room to unload', 10_000);
			await waitFor(
				() => server.metrics.roomsUnloaded === server.metrics.roomsLoaded,
				'every unload to finish'
			);
		};

		// Warm up (JIT, SQLite page cache, socket pools) before the baseline.
		await visitAll(rooms.slice(0, 100));
		const baseline = await heap();
		await visitAll(rooms.slice(100));
		const after = await heap();
		await res.closeAll();

		const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
		console.info(
			`heap: baseline ${mb(baseline)} MiB, after 900 more rooms ${mb(after)} MiB, ` +
				`growth ${mb(after - baseline)} MiB`
		);
		expect(server.metrics.roomsLoaded).toBe(1000);
		expect(fanout.size).toBe(0);
		// Measured about 1 MiB (V8 bookkeeping, not rooms: a heap snapshot holds no Room,
		// Doc or socket); keeping each destroyed room alive adds about 5 KiB × 900.
		expect(after - baseline).toBeLessThan(2.5 * 1024 * 1024);
	}, 60_000);
});
