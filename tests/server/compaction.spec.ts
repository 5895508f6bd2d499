import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite';
import { mergeLog } from '../../server/store/store';
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

function docOf(updates: Uint8Array[]): Y.Doc {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc;
}

/** Many small edits from a few writers, as a list of updates. */
function edits(count: number): { updates: Uint8Array[]; doc: Y.Doc } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	const text = doc.getText('t');
	const projects = doc.getArray<string>('projects');
	for (let i = 0; i < count; i++) {
		if (i % 3 === 0) text.insert(text.length, `edit ${i}. `);
		else if (i % 3 === 1) projects.push([`p-${i}`]);
		else if (text.length > 4) text.delete(0, 3);
	}
	return { updates, doc };
}

describe('compaction', () => {
	it('merges a long log into one row with an identical document', async () => {
		const store = res.add(new SqliteStore(tempDir(res)), (s) => s.close());
		const { updates, doc } = edits(800);
		for (const u of updates) await store.append('room', u);
		expect((await store.loadRoom('room')).rows).toBe(800);

		const size = await store.compact('room');
		expect(size.rows).toBe(1);
		const log = await store.loadRoom('room');
		expect(log.rows).toBe(1);
		const restored = docOf(log.updates);
		expect(restored.getText('t').toString()).toBe(doc.getText('t').toString());
		expect(restored.getArray('projects').toJSON()).toEqual(doc.getArray('projects').toJSON());
		expect(Y.encodeStateVector(restored)).toEqual(Y.encodeStateVector(doc));
		expect(log.bytes).toBeLessThan(Y.mergeUpdates(updates).byteLength);
	});

	it('garbage-collects deleted text, so a long typing session stays small', async () => {
		const store = res.add(new SqliteStore(tempDir(res)), (s) => s.close());
		const doc = new Y.Doc();
		doc.on('update', (u: Uint8Array) => void store.append('room', u));
		const text = doc.getText('t');
		for (let i = 0; i < 2000; i++) {
			text.insert(text.length, `edit number ${i}. `);
			if (text.length > 40) text.delete(0, 20);
		}
		const before = await store.loadRoom('room');
		const after = await store.compact('room');
		expect(after.bytes).toBeLessThan(before.bytes / 100);
		expect(
			docOf((await store.loadRoom('room')).updates)
				.getText('t')
				.toString()
		).toBe(text.toString());
	});

	it('never loses an append that races a compaction', async () => {
		const dir = tempDir(res);
		const store = res.add(new SqliteStore(dir), (s) => s.close());
		// Another process (the CLI, another relay) writes to the same file.
		const other = res.add(new SqliteStore(dir), (s) => s.close());
		const { updates, doc } = edits(50);
		for (const u of updates) await store.append('room', u);

		const snapshot = store.readLog('room');
		const late = new Y.Doc();
		Y.applyUpdate(late, Y.encodeStateAsUpdate(doc));
		const lateUpdates: Uint8Array[] = [];
		late.on('update', (u: Uint8Array) => lateUpdates.push(u));
		late.getMap('m').set('raced', true);
		await other.append('room', lateUpdates[0]);
		store.replaceLog('room', snapshot.maxId, mergeLog(snapshot.updates));

		const log = await store.loadRoom('room');
		expect(log.rows).toBe(2);
		const restored = docOf(log.updates);
		expect(restored.getMap('m').get('raced')).toBe(true);
		expect(restored.getText('t').toString()).toBe(doc.getText('t').toString());
	});

	it('leaves other rooms alone', async () => {
		const store = res.add(new SqliteStore(tempDir(res)), (s) => s.close());
		const a = edits(10);
		const b = edits(12);
		for (const u of a.updates) await store.append('a', u);
		for (const u of b.updates) await store.append('b', u);
		await store.compact('a');
		expect((await store.loadRoom('b')).rows).toBe(12);
		const rooms = await store.listRooms();
		expect(rooms.map((r) => [r.roomId, r.rows]).sort()).toEqual([
			['a', 1],
			['b', 12]
		]);
	});

	it('the relay compacts past compactRows while clients keep editing, and a reload is identical', async () => {
		const server = await startTestServer(res, { timing: { compactRows: 50 } });
		const { roomId, editKey } = newRoom();
		const a = connectClient(res, server.wsUrl, roomId, { key: editKey });
		const b = connectClient(res, server.wsUrl, roomId, { key: editKey });
		await Promise.all([synced(a), synced(b)]);
		for (let i = 0; i < 200; i++) {
			const writer = i % 2 ? a : b;
			writer.doc.getArray('items').push([i]);
		}
		await waitFor(
			() => a.doc.getArray('items').length === 200 && b.doc.getArray('items').length === 200,
			'all edits everywhere'
		);
		const room = server.relay.room(roomId)!;
		await waitFor(() => room.doc.getArray('items').length === 200, 'the relay to have them');
		await room.idle();
		// Each room compacts somewhere between 0.75× and 1.25× the threshold.
		expect(server.metrics.compactions).toBeGreaterThanOrEqual(2);
		expect(room.size.rows).toBeLessThanOrEqual(Math.round(50 * 1.25));

		const store = res.add(new SqliteStore(server.dataDir), (s) => s.close());
		const restored = docOf((await store.loadRoom(roomId)).updates);
		expect(restored.getArray('items').toJSON()).toEqual(a.doc.getArray('items').toJSON());
	});
});
