import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../server/relay/limits';
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

/** A room with one stored edit, its client gone; `unloaded` waits until it left memory. */
async function storedRoom(server: TestServer, params: Record<string, string> = {}) {
	const keys = newRoom();
	const a = connectClient(res, server.wsUrl, keys.roomId, { key: keys.editKey, ...params });
	await synced(a);
	a.doc.getText('t').insert(0, 'kept');
	await waitFor(() => (server.relay.room(keys.roomId)?.size.rows ?? 0) > 0, 'the edit stored');
	a.provider.disconnect();
	await waitFor(() => server.relay.connectionCount === 0, 'the client to leave');
	return keys;
}

/** Opens a socket on a fresh room and resolves with its close code, or 'open' once greeted. */
async function openNewRoom(server: TestServer, query = ''): Promise<number | 'open'> {
	const { roomId, editKey } = newRoom();
	const socket = await openSocket(res, `${server.wsUrl}/${roomId}?key=${editKey}${query}`);
	const outcome = await Promise.race([
		socket.closed.then(({ code }) => code),
		waitFor(() => socket.messages.length > 0, 'the greeting').then(() => 'open' as const)
	]);
	socket.ws.close();
	await socket.closed;
	return outcome;
}

/** A stock client of a stored room reads its content. */
async function opensWithContent(server: TestServer, keys: { roomId: string; editKey: string }) {
	const b = connectClient(res, server.wsUrl, keys.roomId, { key: keys.editKey });
	await synced(b);
	expect(b.doc.getText('t').toString()).toBe('kept');
}

describe('new rooms', () => {
	it('a flood of new rooms from one address does not lock out a stored portfolio', async () => {
		const server = await startTestServer(res, {
			limits: { maxRooms: 4, maxNewRoomsPerIpPerMinute: 1000 }
		});
		const stored = await storedRoom(server);
		expect(server.relay.room(stored.roomId)).toBeDefined();
		for (let batch = 0; batch < 5; batch++) {
			const outcomes = await Promise.all([1, 2, 3, 4].map(() => openNewRoom(server)));
			expect(outcomes).toEqual(['open', 'open', 'open', 'open']);
		}
		// The idle stored room made space for the first batch; the empty ones left at once.
		expect(server.relay.room(stored.roomId)).toBeUndefined();
		await waitFor(() => server.relay.roomCount === 0, 'empty rooms to unload');
		expect(server.lines.some((l) => l.includes('room-evicted'))).toBe(true);
		await opensWithContent(server, stored);
	});

	it('limits new rooms per address per minute with 4530; stored rooms still open', async () => {
		const server = await startTestServer(res, {
			limits: { maxNewRoomsPerIpPerMinute: 3 },
			timing: { roomIdleMs: 10 }
		});
		const stored = await storedRoom(server); // the first new room of this address
		await waitFor(() => server.relay.roomCount === 0, 'the stored room to unload');
		expect(await openNewRoom(server)).toBe('open');
		expect(await openNewRoom(server)).toBe('open');
		expect(await openNewRoom(server)).toBe(CloseCode.tooManyNewRooms);
		expect(server.metrics.rejections.get('too_many_new_rooms')).toBe(1);
		await waitFor(() => server.relay.roomCount === 0, 'the refused room to unload');
		await opensWithContent(server, stored);
	});
});

describe('CAIRN_CREATE_TOKEN', () => {
	it('refuses to create a room without the token (4403), creates with it, opens stored rooms without it', async () => {
		const server = await startTestServer(res, {
			createToken: 'open-sesame',
			timing: { roomIdleMs: 10 }
		});
		expect(await openNewRoom(server)).toBe(CloseCode.createForbidden);
		expect(await openNewRoom(server, '&create=wrong')).toBe(CloseCode.createForbidden);
		expect(server.metrics.rejections.get('create_forbidden')).toBe(2);
		expect(await openNewRoom(server, '&create=open-sesame')).toBe('open');

		const stored = await storedRoom(server, { create: 'open-sesame' });
		await waitFor(() => server.relay.roomCount === 0, 'the stored room to unload');
		await opensWithContent(server, stored);
	});
});
