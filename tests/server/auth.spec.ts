import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite';
import {
	connectClient,
	newRoom,
	Resources,
	sleep,
	startTestServer,
	synced,
	upgradeStatus,
	waitFor
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('keys and roles', () => {
	it('refuses an upgrade with no key, a wrong key or another room’s key with HTTP 401', async () => {
		const server = await startTestServer(res);
		const room = newRoom();
		const other = newRoom();
		const url = `${server.wsUrl}/${room.roomId}`;
		expect(await upgradeStatus(res, url)).toBe(401);
		expect(await upgradeStatus(res, `${url}?key=not-a-key`)).toBe(401);
		expect(await upgradeStatus(res, `${url}?key=${other.editKey}`)).toBe(401);
		expect(await upgradeStatus(res, `${url}?key=${other.viewKey}`)).toBe(401);
		// The room id itself is not a key either.
		expect(await upgradeStatus(res, `${url}?key=${room.roomId}`)).toBe(401);
		expect(server.relay.connectionCount).toBe(0);
		expect(server.relay.roomCount).toBe(0);
		expect(server.lines.some((l) => l.includes('reason=unauthorized'))).toBe(true);
	});

	it('accepts the edit key and the view key of the room', async () => {
		const server = await startTestServer(res);
		const room = newRoom();
		const url = `${server.wsUrl}/${room.roomId}`;
		expect(await upgradeStatus(res, `${url}?key=${room.editKey}`)).toBe(101);
		expect(await upgradeStatus(res, `${url}?key=${room.viewKey}`)).toBe(101);
	});

	it('answers paths outside /yjs/<roomId> without a socket', async () => {
		const server = await startTestServer(res);
		const room = newRoom();
		expect(await upgradeStatus(res, `${server.url.replace('http', 'ws')}/other`)).toBe(404);
		expect(await upgradeStatus(res, `${server.wsUrl}/${room.roomId}/x?key=${room.editKey}`)).toBe(
			400
		);
	});

	it('drops a viewer’s updates: not applied, not broadcast to an editor, not stored', async () => {
		const server = await startTestServer(res);
		const room = newRoom();
		const editor = connectClient(res, server.wsUrl, room.roomId, { key: room.editKey });
		const viewer = connectClient(res, server.wsUrl, room.roomId, { key: room.viewKey });
		await Promise.all([synced(editor), synced(viewer)]);

		viewer.doc.getMap('m').set('by', 'viewer');
		editor.doc.getMap('m').set('editor', true);
		// The editor's later update arrives, so the viewer's earlier one had its chance.
		await waitFor(() => viewer.doc.getMap('m').get('editor') === true, 'the editor update');
		await sleep(100);
		expect(editor.doc.getMap('m').get('by')).toBeUndefined();
		expect(server.metrics.rejections.get('viewer_update')).toBeGreaterThan(0);
		const roomDoc = server.relay.room(room.roomId)!.doc;
		expect(roomDoc.getMap('m').get('by')).toBeUndefined();

		// Restart on the same data: only the editor's change was stored.
		await server.close();
		const store = res.add(new SqliteStore(server.dataDir), (s) => s.close());
		const log = await store.loadRoom(room.roomId);
		const stored = new Y.Doc();
		for (const update of log.updates) Y.applyUpdate(stored, update);
		expect(stored.getMap('m').toJSON()).toEqual({ editor: true });
	});

	it('lets a viewer reconnect again and again without its edits ever landing', async () => {
		const server = await startTestServer(res);
		const room = newRoom();
		const viewer = connectClient(res, server.wsUrl, room.roomId, { key: room.viewKey });
		await synced(viewer);
		viewer.doc.getText('t').insert(0, 'not allowed');
		viewer.provider.disconnect();
		viewer.provider.connect();
		await synced(viewer);
		await sleep(50);
		expect(server.relay.room(room.roomId)!.doc.getText('t').toString()).toBe('');
		expect(server.relay.room(room.roomId)!.size.rows).toBe(0);
	});
});

describe('Origin allow-list', () => {
	it('allows no Origin, the same host and localhost; refuses others with 403', async () => {
		const server = await startTestServer(res);
		const room = newRoom();
		const url = `${server.wsUrl}/${room.roomId}?key=${room.editKey}`;
		const host = new URL(server.url).host;
		expect(await upgradeStatus(res, url)).toBe(101);
		expect(await upgradeStatus(res, url, { Origin: `http://${host}` })).toBe(101);
		expect(await upgradeStatus(res, url, { Origin: 'http://localhost:5173' })).toBe(101);
		expect(await upgradeStatus(res, url, { Origin: 'http://127.0.0.1:4173' })).toBe(101);
		expect(await upgradeStatus(res, url, { Origin: 'https://evil.example' })).toBe(403);
		expect(await upgradeStatus(res, url, { Origin: 'null' })).toBe(403);
		expect(server.metrics.rejections.get('origin')).toBe(2);
	});

	it('with CAIRN_ALLOWED_ORIGINS, allows the listed origins and the same host only', async () => {
		const server = await startTestServer(res, {
			allowedOrigins: ['https://plan.example.org']
		});
		const room = newRoom();
		const url = `${server.wsUrl}/${room.roomId}?key=${room.editKey}`;
		const host = new URL(server.url).host;
		expect(await upgradeStatus(res, url, { Origin: 'https://plan.example.org' })).toBe(101);
		expect(await upgradeStatus(res, url, { Origin: `http://${host}` })).toBe(101);
		expect(await upgradeStatus(res, url, { Origin: 'http://localhost:5173' })).toBe(403);
		expect(await upgradeStatus(res, url, { Origin: 'https://plan.example.org.evil' })).toBe(403);
	});

	it('checks the Origin before the key, so a refused origin learns nothing about keys', async () => {
		const server = await startTestServer(res);
		const room = newRoom();
		const url = `${server.wsUrl}/${room.roomId}?key=wrong`;
		expect(await upgradeStatus(res, url, { Origin: 'https://evil.example' })).toBe(403);
	});
});
