import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../server/app';
import { memoryLogger } from '../../server/log';
import { SqliteStore } from '../../server/store/sqlite';
import { StoreOpenError } from '../../server/store/store';
import { Resources, spawnRelay, startTestServer, tempDir } from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

/** A data directory holding a `cairn.db` made by `make`. */
function dataDir(make: (file: string) => void): string {
	const dir = tempDir(res);
	make(join(dir, 'cairn.db'));
	return dir;
}

/** A real store with enough rows to span many pages, closed (checkpointed). */
async function storeWithRows(file: string): Promise<void> {
	const store = new SqliteStore(join(file, '..'));
	for (let i = 0; i < 50; i++) void store.append('room', new Uint8Array(4000).fill(i));
	store.flush();
	await store.close();
}

async function startError(dir: string): Promise<string> {
	const started = startServer({ port: 0, host: '127.0.0.1', dataDir: dir, log: memoryLogger() });
	const error = await started.then(
		async (server) => {
			await server.close();
			return null;
		},
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(StoreOpenError);
	const message = (error as Error).message;
	expect(message).not.toContain('\n');
	return message;
}

describe('opening the store at start-up', () => {
	it('refuses a truncated cairn.db, naming the file', async () => {
		const dir = tempDir(res);
		const file = join(dir, 'cairn.db');
		await storeWithRows(file);
		truncateSync(file, 60_000);
		expect(await startError(dir)).toMatch(
			new RegExp(`^${escape(file)} is truncated \\(60000 bytes; .*\\): restore a backup`)
		);
	});

	it.each([
		[
			'a file that is not SQLite',
			(file: string) => writeFileSync(file, 'not a database\n'.repeat(20)),
			/is not a SQLite database: move it away/
		],
		[
			'a few bytes',
			(file: string) => writeFileSync(file, 'SQLite'),
			/is not a SQLite database \(only 6 bytes\)/
		],
		[
			'a directory',
			(file: string) => mkdirSync(file),
			/is a directory, not a database file: move it away/
		],
		[
			'a newer schema',
			(file: string) => {
				const db = new Database(file);
				db.pragma('user_version = 99');
				db.close();
			},
			/has schema version 99 \(a newer cairn wrote it\); this cairn understands up to 1: run the newer cairn/
		]
	])('refuses %s as cairn.db in one line naming the file', async (_what, make, message) => {
		const dir = dataDir(make);
		const text = await startError(dir);
		expect(text.startsWith(join(dir, 'cairn.db'))).toBe(true);
		expect(text).toMatch(message);
	});

	it('refuses a data directory that is a file', async () => {
		const file = join(tempDir(res), 'data');
		writeFileSync(file, '');
		expect(await startError(file)).toBe(
			`${file} is a file, not a directory: point the data directory at a directory (it is created when missing)`
		);
	});

	it.skipIf(process.getuid?.() === 0)('refuses a read-only cairn.db', async () => {
		const dir = tempDir(res);
		const file = join(dir, 'cairn.db');
		await storeWithRows(file);
		chmodSync(file, 0o444);
		expect(await startError(dir)).toMatch(/is read-only: give the server's user write access/);
	});

	it('creates a missing or zero-length cairn.db fresh and says so', async () => {
		const missing = await startTestServer(res);
		expect(missing.lines).toContain(`info store-created file=${join(missing.dataDir, 'cairn.db')}`);
		const dir = dataDir((file) => writeFileSync(file, ''));
		const empty = await startTestServer(res, { dataDir: dir });
		expect(empty.lines).toContain(
			`warn store-created file=${join(dir, 'cairn.db')} reason="the file was empty (0 bytes)"`
		);
		expect((await fetch(`${empty.url}/healthz`)).status).toBe(200);
		await empty.store.append('room', new Uint8Array([0, 0]));
		expect((await empty.store.loadRoom('room')).rows).toBe(1);
	});

	it('the server prints one line naming the file and exits 1, with no stack trace', async () => {
		const dir = dataDir((file) => writeFileSync(file, 'not a database\n'.repeat(20)));
		const started = spawnRelay(res, { CAIRN_DATA: dir });
		await expect(started).rejects.toThrow(/relay exited with 1/);
		const output = ((await started.catch((e: Error) => e)) as Error).message
			.split('\n')
			.slice(1)
			.join('\n');
		expect(output).toBe(
			`cairn: ${join(dir, 'cairn.db')} is not a SQLite database: move it away (a fresh store is created) or restore a backup there\n`
		);
	}, 15_000);
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
