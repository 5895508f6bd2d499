import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../server/relay/limits';
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from '../../server/relay/protocol';
import {
	connectClient,
	newRoom,
	openSocket,
	Resources,
	startTestServer,
	synced,
	waitFor,
	type TestServer
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

/** Two stock clients in one room and one in another, all synced. */
async function bystanders(server: TestServer) {
	const here = newRoom();
	const there = newRoom();
	const a = connectClient(res, server.wsUrl, here.roomId, { key: here.editKey });
	const b = connectClient(res, server.wsUrl, here.roomId, { key: here.editKey });
	const c = connectClient(res, server.wsUrl, there.roomId, { key: there.editKey });
	await Promise.all([synced(a), synced(b), synced(c)]);
	return { here, there, a, b, c };
}

/** The bystanders still sync, in their room and with a fresh client in the other. */
async function stillWorking(server: TestServer, peers: Awaited<ReturnType<typeof bystanders>>) {
	const stamp = String(Math.random());
	peers.a.doc.getMap('m').set('after', stamp);
	peers.c.doc.getMap('m').set('after', stamp);
	await waitFor(() => peers.b.doc.getMap('m').get('after') === stamp, 'b to get a’s edit');
	const d = connectClient(res, server.wsUrl, peers.there.roomId, { key: peers.there.editKey });
	await waitFor(() => d.doc.getMap('m').get('after') === stamp, 'a new client to get c’s edit');
	expect(peers.a.provider.wsconnected && peers.b.provider.wsconnected).toBe(true);
	expect(peers.c.provider.wsconnected).toBe(true);
}

describe('malformed messages', () => {
	const garbage: [string, number[]][] = [
		['a varint that never ends', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]],
		['an unknown message type', [7, 1, 2, 3]],
		['an unknown sync type', [0, 9, 1, 0]],
		['a length past the end', [0, 2, 50, 1, 2]],
		['trailing bytes', [3, 0, 0]],
		['an empty message', []],
		['an update that is not a Yjs update', [0, 2, 6, 200, 201, 202, 203, 204, 205]],
		['awareness that is not JSON', [1, 7, 1, 5, 1, 2, 0x7b, 0x7b, 0]]
	];

	for (const [what, bytes] of garbage) {
		it(`closes only the sender of ${what} with 4400`, async () => {
			const server = await startTestServer(res);
			const peers = await bystanders(server);
			const bad = await openSocket(
				res,
				`${server.wsUrl}/${peers.here.roomId}?key=${peers.here.editKey}`
			);
			bad.send(bytes);
			expect((await bad.closed).code).toBe(CloseCode.malformed);
			expect(
				server.lines.some((l) => l.includes('reason=malformed') && l.includes('code=4400'))
			).toBe(true);
			await stillWorking(server, peers);
		});
	}

	it('closes a text frame with 4400', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey } = newRoom();
		const bad = await openSocket(res, `${server.wsUrl}/${roomId}?key=${editKey}`);
		bad.ws.send('hello');
		expect((await bad.closed).code).toBe(CloseCode.malformed);
	});
});

describe('size limits', () => {
	it('closes a message over maxMessageBytes with 4413; the room goes on', async () => {
		const server = await startTestServer(res, { limits: { maxMessageBytes: 4096 } });
		const peers = await bystanders(server);
		const big = await openSocket(
			res,
			`${server.wsUrl}/${peers.here.roomId}?key=${peers.here.editKey}`
		);
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'x'.repeat(5000));
		big.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
		expect((await big.closed).code).toBe(CloseCode.messageTooLarge);
		expect(server.metrics.rejections.get('message_too_large')).toBe(1);
		await stillWorking(server, peers);
		expect(server.relay.room(peers.here.roomId)!.doc.getText('t').length).toBe(0);
	});

	it('leaves a frame over twice the limit to ws itself: 1009 before it is buffered, still counted', async () => {
		const server = await startTestServer(res, { limits: { maxMessageBytes: 1024 } });
		const { roomId, editKey } = newRoom();
		const huge = await openSocket(res, `${server.wsUrl}/${roomId}?key=${editKey}`);
		huge.send(new Uint8Array(3000));
		expect((await huge.closed).code).toBe(1009);
		await waitFor(
			() => server.metrics.rejections.get('message_too_large') === 1,
			'the rejection to be counted'
		);
	});

	it('closes an awareness update over maxAwarenessBytes with 4431, and the stock client gives up', async () => {
		const server = await startTestServer(res, { limits: { maxAwarenessBytes: 512 } });
		const peers = await bystanders(server);
		const chatty = connectClient(res, server.wsUrl, peers.here.roomId, { key: peers.here.editKey });
		await synced(chatty);
		const closed = new Promise<{ code: number }>((resolve) =>
			chatty.provider.on('closed', (event) => resolve(event))
		);
		chatty.provider.awareness.setLocalStateField('user', { name: 'x'.repeat(2000) });
		expect((await closed).code).toBe(CloseCode.awarenessTooLarge);
		expect(chatty.provider.shouldConnect).toBe(false);
		await stillWorking(server, peers);
	});

	it('refuses an update that would grow the document past maxDocumentBytes with 4409', async () => {
		const server = await startTestServer(res, { limits: { maxDocumentBytes: 20_000 } });
		const peers = await bystanders(server);
		peers.a.doc.getText('t').insert(0, 'kept');
		await waitFor(() => peers.b.doc.getText('t').toString() === 'kept', 'the small edit');

		const hog = await openSocket(
			res,
			`${server.wsUrl}/${peers.here.roomId}?key=${peers.here.editKey}`
		);
		const doc = new Y.Doc();
		doc.getText('other').insert(0, 'y'.repeat(30_000));
		hog.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
		expect((await hog.closed).code).toBe(CloseCode.documentTooLarge);
		const room = server.relay.room(peers.here.roomId)!;
		expect(room.doc.getText('other').length).toBe(0);
		expect(room.size.bytes).toBeLessThan(20_000);
		await stillWorking(server, peers);
	});

	it('compacts before refusing when the log is over the limit but the document is not', async () => {
		const server = await startTestServer(res, {
			limits: { maxDocumentBytes: 6_000 },
			timing: { compactRows: 10_000, compactBytes: 1_000_000 }
		});
		const { roomId, editKey } = newRoom();
		const a = connectClient(res, server.wsUrl, roomId, { key: editKey });
		await synced(a);
		const text = a.doc.getText('t');
		// Typing and deleting grows the log, not the document.
		for (let i = 0; i < 60; i++) {
			text.insert(0, 'z'.repeat(100));
			text.delete(0, 100);
		}
		text.insert(0, 'end');
		const room = server.relay.room(roomId)!;
		await waitFor(() => room.doc.getText('t').toString() === 'end', 'the last edit');
		expect(a.provider.wsconnected).toBe(true);
		expect(server.metrics.compactions).toBeGreaterThan(0);
	});
});

describe('connection limits', () => {
	it('closes a connection beyond maxConnectionsPerIp with 4529', async () => {
		const server = await startTestServer(res, { limits: { maxConnectionsPerIp: 2 } });
		const { roomId, editKey } = newRoom();
		const url = `${server.wsUrl}/${roomId}?key=${editKey}`;
		const first = await openSocket(res, url);
		await openSocket(res, url);
		const third = await openSocket(res, url);
		expect((await third.closed).code).toBe(CloseCode.tooManyConnections);
		first.ws.close();
		await first.closed;
		await waitFor(() => server.relay.connectionCount === 1, 'the first socket to go');
		const again = await openSocket(res, url);
		again.send(encodeSyncStep1(new Uint8Array([0])));
		await waitFor(() => again.messages.length > 0, 'an answer on the freed slot');
		expect(server.lines.some((l) => l.includes('reason=too_many_connections'))).toBe(true);
	});

	it('refuses a new room beyond maxRooms with 4503 while existing rooms go on', async () => {
		const server = await startTestServer(res, {
			limits: { maxRooms: 1 },
			timing: { roomIdleMs: 10 }
		});
		const first = newRoom();
		const second = newRoom();
		const a = await openSocket(res, `${server.wsUrl}/${first.roomId}?key=${first.editKey}`);
		const refused = await openSocket(res, `${server.wsUrl}/${second.roomId}?key=${second.editKey}`);
		expect((await refused.closed).code).toBe(CloseCode.tooManyRooms);
		// Another client of the open room is still welcome.
		const b = await openSocket(res, `${server.wsUrl}/${first.roomId}?key=${first.viewKey}`);
		b.send(encodeAwareness(new Uint8Array([0])));
		a.ws.close();
		b.ws.close();
		await waitFor(() => server.relay.roomCount === 0, 'the first room to unload');
		const later = await openSocket(res, `${server.wsUrl}/${second.roomId}?key=${second.editKey}`);
		later.send(encodeSyncStep1(new Uint8Array([0])));
		await waitFor(() => later.messages.length > 0, 'the second room to answer');
	});
});
