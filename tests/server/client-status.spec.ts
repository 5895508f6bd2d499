import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addProject, deleteProject, read } from '../../src/lib/doc';
import { RelayConnection } from '../../src/lib/sync/relay-connection';
import {
	connectClient,
	newRoom,
	Resources,
	startTestServer,
	synced,
	waitFor
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

function open(wsUrl: string, roomId: string, key: string) {
	const doc = new Y.Doc();
	const seen: string[] = [];
	let connection: RelayConnection | undefined = undefined;
	connection = res.add(
		new RelayConnection({
			doc,
			roomId,
			key,
			url: wsUrl,
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			onChange: () => {
				const status = connection?.status;
				if (status && seen.at(-1) !== status) seen.push(status);
			}
		}),
		(c) => c.destroy()
	);
	return { doc, connection: connection as RelayConnection, seen };
}

describe('our relay connection', () => {
	it('says saved only once the relay holds every change, deletes included', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey } = newRoom();
		const me = open(server.wsUrl, roomId, editKey);
		await waitFor(() => me.connection.status === 'saved', 'status saved');

		const id = addProject(me.doc, { name: 'Keep me' });
		const gone = addProject(me.doc, { name: 'Delete me' });
		expect(me.connection.status).toBe('syncing');
		await waitFor(() => me.connection.status === 'saved', 'status saved');

		// A delete adds no clock to the state vector: only the handled count tells.
		me.seen.length = 0;
		deleteProject(me.doc, gone);
		expect(me.connection.status).toBe('syncing');
		await waitFor(() => me.connection.status === 'saved', 'status saved');
		expect(me.seen).toEqual(['syncing', 'saved']);

		const other = connectClient(res, server.wsUrl, roomId, { key: editKey });
		await synced(other);
		expect(read(other.doc).projects.map((p) => p.id)).toEqual([id]);
	});

	it('goes offline when the relay stops and comes back saved with what was written meanwhile', async () => {
		const first = await startTestServer(res);
		const { roomId, editKey } = newRoom();
		const me = open(first.wsUrl, roomId, editKey);
		await waitFor(() => me.connection.status === 'saved', 'status saved');
		const port = Number(new URL(first.url).port);

		await first.close();
		await waitFor(() => me.connection.status === 'offline', 'status offline');
		addProject(me.doc, { name: 'Written while the relay was down' });

		const second = await startTestServer(res, { port, dataDir: first.dataDir });
		expect(second.url).toBe(first.url);
		await waitFor(() => me.connection.status === 'saved', 'saved after restart', 15_000);

		const other = connectClient(res, second.wsUrl, roomId, { key: editKey });
		await synced(other);
		expect(read(other.doc).projects.map((p) => p.name)).toEqual([
			'Written while the relay was down'
		]);
	});

	it('backs off, rather than hammering, when the relay refuses the key before the upgrade', async () => {
		// A browser cannot see the HTTP 401 of a refused upgrade (it reports 1006), so the
		// client keeps retrying; the jittered backoff keeps that to a trickle.
		const server = await startTestServer(res);
		const { roomId } = newRoom();
		const me = open(server.wsUrl, roomId, newRoom().editKey);
		await waitFor(() => me.connection.status === 'offline', 'status offline');
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const refused = [...server.metrics.rejections.values()].reduce((a, b) => a + b, 0);
		expect(me.connection.status).toBe('offline');
		expect(refused).toBeGreaterThanOrEqual(2);
		// Without backoff this would be hundreds in two seconds.
		expect(refused).toBeLessThanOrEqual(8);
	});
});
