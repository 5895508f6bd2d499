import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeUpdate } from '../../server/relay/protocol';
import {
	connectClient,
	newRoom,
	openSocket,
	Resources,
	startTestServer,
	synced,
	waitFor
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('a burst of updates followed by a close', () => {
	it('stores every update the editor sent before its socket closed', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey } = newRoom();
		const socket = await openSocket(res, `${server.wsUrl}/${roomId}?key=${editKey}`);

		const doc = new Y.Doc();
		const list = doc.getArray<number>('list');
		const updates: Uint8Array[] = [];
		doc.on('update', (update: Uint8Array) => updates.push(update));
		for (let i = 0; i < 200; i++) list.push([i]);
		// Everything goes out at once and the socket closes right after: the relay
		// still has most of the burst queued when it sees the close.
		for (const update of updates) socket.send(encodeUpdate(update));
		socket.ws.close();
		await socket.closed;

		const reader = connectClient(res, server.wsUrl, roomId, { key: editKey });
		await synced(reader);
		await waitFor(
			() => reader.doc.getArray<number>('list').length === 200,
			'all 200 updates in the room'
		);
		expect(reader.doc.getArray<number>('list').toArray()).toEqual(list.toArray());
	});
});
