import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE, SqliteStore } from '../../server/store/sqlite';
import { Resources, tempDir } from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('SqliteStore', () => {
	it('resolves an append only once another connection can read the row', async () => {
		const dir = tempDir(res);
		const store = res.add(new SqliteStore(dir), (s) => s.close());
		const other = res.add(new SqliteStore(dir), (s) => s.close());
		const appended = Promise.all([
			store.append('a', new Uint8Array([1])),
			store.append('b', new Uint8Array([2, 2])),
			store.append('a', new Uint8Array([3]))
		]);
		// Group commit: nothing is written before the end of this turn of the event loop.
		expect(other.readLog('a').updates).toEqual([]);
		await appended;
		expect(other.readLog('a').updates).toEqual([new Uint8Array([1]), new Uint8Array([3])]);
		expect((await other.listRooms()).map((r) => [r.roomId, r.rows, r.bytes]).sort()).toEqual([
			['a', 2, 2],
			['b', 1, 2]
		]);
	});

	it('writes pending appends before any read, and on close', async () => {
		const dir = tempDir(res);
		const store = new SqliteStore(dir);
		void store.append('a', new Uint8Array([1]));
		expect((await store.loadRoom('a')).rows).toBe(1);
		void store.append('a', new Uint8Array([2]));
		await store.close();
		await expect(store.append('a', new Uint8Array([3]))).rejects.toThrow(/closed/);
		const reopened = res.add(new SqliteStore(dir), (s) => s.close());
		expect((await reopened.loadRoom('a')).rows).toBe(2);
	});

	it('refuses a database written by a newer schema', () => {
		const dir = tempDir(res);
		const db = new Database(join(dir, DB_FILE));
		db.pragma('user_version = 99');
		db.close();
		expect(() => new SqliteStore(dir)).toThrow(/schema version 99/);
	});
});
