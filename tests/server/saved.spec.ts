import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
	MessageType,
	decodeSaved,
	encodeSyncStep1,
	encodeUpdate
} from '../../server/relay/protocol';
import { SqliteStore } from '../../server/store/sqlite';
import {
	connectClient,
	covers,
	newRoom,
	openSocket,
	Resources,
	sleep,
	startTestServer,
	synced,
	waitFor
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('the saved message (type 100)', () => {
	it('tells an opted-in client once the store holds its update', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey } = newRoom();
		const saved: Uint8Array[] = [];
		let storedWhenSaved: string | null = null;
		const a = connectClient(
			res,
			server.wsUrl,
			roomId,
			{ key: editKey, saved: '1' },
			{
				onSaved: (sv) => {
					saved.push(sv);
					// Read the database from outside at the moment the message arrives.
					if (storedWhenSaved === null && covers(sv, Y.encodeStateVector(a.doc)) && sv.length > 1) {
						const store = new SqliteStore(server.dataDir);
						const doc = new Y.Doc();
						for (const u of store.readLog(roomId).updates) Y.applyUpdate(doc, u);
						storedWhenSaved = doc.getText('t').toString();
						void store.close();
					}
				}
			}
		);
		await synced(a);
		// The initial sync is acknowledged too (an empty room: an empty state vector).
		await waitFor(() => saved.length > 0, 'the initial saved message');
		expect(covers(saved[0], Y.encodeStateVector(a.doc))).toBe(true);

		a.doc.getText('t').insert(0, 'hello');
		const local = Y.encodeStateVector(a.doc);
		await waitFor(
			() => covers(saved[saved.length - 1], local),
			'a saved message covering the edit'
		);
		expect(storedWhenSaved).toBe('hello');
	});

	it('is sent to every opted-in client of the room, not to the others', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey, viewKey } = newRoom();
		const savedByWatcher: Uint8Array[] = [];
		const savedByPlain: Uint8Array[] = [];
		const writer = connectClient(res, server.wsUrl, roomId, { key: editKey });
		const watcher = connectClient(
			res,
			server.wsUrl,
			roomId,
			{ key: viewKey, saved: '1' },
			{ onSaved: (sv) => savedByWatcher.push(sv) }
		);
		// A stock client that does not opt in, with a handler that would notice a type 100.
		const plain = connectClient(
			res,
			server.wsUrl,
			roomId,
			{ key: editKey },
			{ onSaved: (sv) => savedByPlain.push(sv) }
		);
		const raw = await openSocket(res, `${server.wsUrl}/${roomId}?key=${editKey}`);
		raw.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
		await Promise.all([synced(writer), synced(watcher), synced(plain)]);

		writer.doc.getMap('m').set('k', 1);
		await waitFor(() => plain.doc.getMap('m').get('k') === 1, 'the edit to reach the plain client');
		const writerSv = Y.encodeStateVector(writer.doc);
		await waitFor(
			() => savedByWatcher.some((sv) => covers(sv, writerSv)),
			'the watcher to learn it is saved'
		);
		await sleep(50);
		expect(savedByPlain).toEqual([]);
		expect(raw.messages.length).toBeGreaterThan(0);
		expect(raw.messages.filter((m) => m[0] === MessageType.saved)).toEqual([]);
	});

	it('answers a client whose update was already known, so it can still say saved', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey } = newRoom();
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'twice');
		const update = Y.encodeStateAsUpdate(doc);
		const first = await openSocket(res, `${server.wsUrl}/${roomId}?key=${editKey}&saved=1`);
		first.send(encodeUpdate(update));
		first.send(encodeUpdate(update));
		const saved = () =>
			first.messages.map(decodeSaved).filter((m): m is NonNullable<typeof m> => m !== null);
		await waitFor(() => saved().some((m) => m.handled === 2), 'the second copy to be handled');
		expect(saved().every((m) => covers(m.stateVector, Y.encodeStateVector(doc)))).toBe(true);
		expect(server.relay.room(roomId)!.size.rows).toBe(1);
	});

	it('counts handled updates, so a deletion (which leaves the state vector alone) is acknowledged too', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey } = newRoom();
		const socket = await openSocket(res, `${server.wsUrl}/${roomId}?key=${editKey}&saved=1`);
		const doc = new Y.Doc();
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		doc.getMap('projects').set('p-crm', 'CRM consolidation');
		const before = Y.encodeStateVector(doc);
		doc.getMap('projects').delete('p-crm');
		// The deletion made no new clock: a state vector alone cannot tell it was saved.
		expect(Y.encodeStateVector(doc)).toEqual(before);
		expect(updates.length).toBe(2);

		socket.send(encodeUpdate(updates[0]));
		socket.send(encodeUpdate(updates[1]));
		const handled = () =>
			socket.messages.map(decodeSaved).flatMap((m) => (m === null ? [] : [m.handled]));
		await waitFor(() => handled().includes(2), 'both updates to be acknowledged');
		expect(Math.max(...handled())).toBe(2);

		const store = res.add(new SqliteStore(server.dataDir), (s) => s.close());
		const stored = new Y.Doc();
		for (const u of (await store.loadRoom(roomId)).updates) Y.applyUpdate(stored, u);
		expect(stored.getMap('projects').has('p-crm')).toBe(false);
		expect(stored.getMap('projects').size).toBe(0);
	});

	it('acknowledges a viewer’s updates as handled without storing them', async () => {
		const server = await startTestServer(res);
		const { roomId, viewKey } = newRoom();
		const socket = await openSocket(res, `${server.wsUrl}/${roomId}?key=${viewKey}&saved=1`);
		const doc = new Y.Doc();
		doc.getText('t').insert(0, 'not mine to save');
		socket.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
		await waitFor(
			() => socket.messages.map(decodeSaved).some((m) => m?.handled === 1),
			'the update to be handled'
		);
		const last = socket.messages
			.map(decodeSaved)
			.filter((m) => m !== null)
			.pop()!;
		// Handled, but the state vector shows it is not saved.
		expect(covers(last.stateVector, Y.encodeStateVector(doc))).toBe(false);
		expect(server.relay.room(roomId)!.size.rows).toBe(0);
	});
});
