import {
	copyFileSync,
	existsSync,
	mkdirSync,
	readFileSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportPortfolio } from '../../src/lib/doc/io';
import { parsePortfolioText } from '../../src/lib/domain/format';
import type { Portfolio } from '../../src/lib/domain/types';
import { SqliteStore } from '../../server/store/sqlite';
import {
	connectClient,
	Resources,
	ROOT,
	startTestServer,
	synced,
	tempDir
} from '../helpers/server';
import { cairn, FIXTURE } from '../helpers/cli';
import { runCli } from '../../server/cli/run';

/** Runs the CLI in this process (fast), collecting what it prints. */
async function cairnHere(
	args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
	let stdout = '';
	let stderr = '';
	const code = await runCli(args, {
		stdout: (text) => (stdout += text),
		stderr: (text) => (stderr += text)
	});
	return { code, stdout, stderr };
}

const res = new Resources();
afterEach(() => res.closeAll());

function fixture(): Portfolio {
	const result = parsePortfolioText(readFileSync(FIXTURE, 'utf8'));
	if (!result.ok) throw new Error('the fixture should be valid');
	return result.portfolio;
}

describe('cairn --help and usage errors', () => {
	it('prints usage and exits 0 for --help and -h; exits 2 with usage on stderr otherwise', async () => {
		const [help, h, none, unknown, flag, missing] = await Promise.all([
			cairn(['--help']),
			cairn(['validate', '-h']),
			cairn([]),
			cairn(['frobnicate']),
			cairn(['validate', FIXTURE, '--bogus']),
			cairn(['validate'])
		]);
		expect(help).toMatchObject({ code: 0, stderr: '' });
		expect(help.stdout).toMatch(/^Usage: cairn <command>/);
		expect(h.code).toBe(0);
		expect(h.stdout).toContain('Usage: cairn');
		for (const [run, message] of [
			[none, 'a command is required'],
			[unknown, "unknown command 'frobnicate'"],
			[flag, "Unknown option '--bogus'"],
			[missing, 'FILE is required']
		] as const) {
			expect(run.code).toBe(2);
			expect(run.stdout).toBe('');
			expect(run.stderr).toContain(message);
			expect(run.stderr).toContain('Usage: cairn');
		}
	});
});

describe('cairn validate', () => {
	it('exits 0 and names the portfolio for a valid file; 1 with one line per error otherwise', async () => {
		const dir = tempDir(res);
		const bad = JSON.parse(readFileSync(FIXTURE, 'utf8'));
		bad.projects[0].scores = { ...bad.projects[0].scores, [bad.criteria[0].id]: 11 };
		bad.projects[1].dependsOn = ['p-nowhere'];
		const badFile = join(dir, 'bad.cairn.json');
		writeFileSync(badFile, JSON.stringify(bad));
		const [valid, invalid, unreadable] = await Promise.all([
			cairn(['validate', FIXTURE]),
			cairn(['validate', badFile]),
			cairn(['validate', join(dir, 'absent.cairn.json')])
		]);
		expect(valid).toEqual({
			code: 0,
			stdout: `valid: ${fixture().name}, ${fixture().projects.length} projects\n`,
			stderr: ''
		});
		expect(invalid.code).toBe(1);
		expect(invalid.stdout).toBe('');
		const lines = invalid.stderr.trimEnd().split('\n');
		expect(lines.length).toBeGreaterThanOrEqual(2);
		expect(lines.some((l) => /^projects\[0\]\.scores\S*: /.test(l))).toBe(true);
		expect(lines.some((l) => /^projects\[1\]\.dependsOn\S*: /.test(l))).toBe(true);
		expect(unreadable.code).toBe(1);
		expect(unreadable.stderr).toContain('absent.cairn.json');
	});

	it('refuses a file that is not UTF-8 rather than reading it with replacement characters', async () => {
		const dir = tempDir(res);
		const latin1 = readFileSync(FIXTURE, 'utf8').replace('"Northwind', '"Nörthwind');
		const file = join(dir, 'latin1.cairn.json');
		writeFileSync(file, Buffer.from(latin1, 'latin1'));
		const run = await cairn(['validate', file]);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/^\(root\): not UTF-8: the text at line 3, column \d+ is not UTF-8/);
	});
});

describe('cairn import and export', () => {
	it('round-trips a portfolio through a data directory, and --room replaces a room’s content', async () => {
		const data = tempDir(res);
		const imported = await cairn(['import', FIXTURE, '--data', data]);
		expect(imported.code).toBe(0);
		const roomId = /^room: (\S+)$/m.exec(imported.stdout)![1];
		const editKey = /^edit key: (\S+)$/m.exec(imported.stdout)![1];
		expect(imported.stdout).toMatch(/^view key: \S{22}$/m);
		expect(imported.stdout).toContain(`share: /p/${roomId}#key=${editKey}\n`);

		const exported = await cairn(['export', '--room', roomId, '--data', data]);
		expect(exported.code).toBe(0);
		const parsed = parsePortfolioText(exported.stdout);
		expect(parsed.ok).toBe(true);
		expect(JSON.parse(exported.stdout).format).toBe('cairn/portfolio@1');
		expect(parsed.ok && parsed.portfolio).toEqual(fixture());

		const dir = tempDir(res);
		const changed = { ...JSON.parse(readFileSync(FIXTURE, 'utf8')), name: 'Renamed' };
		changed.projects.reverse();
		changed.risks = [];
		writeFileSync(join(dir, 'changed.cairn.json'), JSON.stringify(changed));
		const replaced = await cairn([
			'import',
			join(dir, 'changed.cairn.json'),
			'--data',
			data,
			'--room',
			roomId
		]);
		expect(replaced).toEqual({ code: 0, stdout: `room: ${roomId}\n`, stderr: '' });
		const again = JSON.parse((await cairn(['export', '--room', roomId, '--data', data])).stdout);
		expect(again.name).toBe('Renamed');
		expect(again.projects.map((p: { id: string }) => p.id)).toEqual(
			changed.projects.map((p: { id: string }) => p.id)
		);
		const store = res.add(new SqliteStore(data), (s) => s.close());
		expect((await store.loadRoom(roomId)).rows).toBe(2);
		expect(again.risks).toEqual([]);
	});

	it('refuses an invalid file without touching the store, and unknown rooms or stores', async () => {
		const data = tempDir(res);
		const dir = tempDir(res);
		writeFileSync(join(dir, 'broken.cairn.json'), '{ "format": "cairn/portfolio@1", ');
		const [broken, noStore, badRoom, noRoom] = await Promise.all([
			cairn(['import', join(dir, 'broken.cairn.json'), '--data', data]),
			cairn(['export', '--room', 'A'.repeat(22), '--data', join(dir, 'nowhere')]),
			cairn(['export', '--room', 'short', '--data', data]),
			cairn(['export', '--data', data])
		]);
		expect(broken.code).toBe(1);
		expect(broken.stderr).toMatch(
			/broken\.cairn\.json is not a valid portfolio:\n\(root\): not JSON: unexpected end of input/
		);
		expect(noStore.code).toBe(1);
		expect(noStore.stderr).toContain('no cairn store in');
		expect(badRoom.code).toBe(2);
		expect(noRoom.code).toBe(2);
		expect(noRoom.stderr).toContain('--room is required');

		await cairn(['import', FIXTURE, '--data', data]);
		const unknown = await cairn(['export', '--room', 'B'.repeat(22), '--data', data]);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toContain(`no room ${'B'.repeat(22)}`);
		const store = res.add(new SqliteStore(data), (s) => s.close());
		expect((await store.listRooms()).length).toBe(1);
	});

	it('takes a room id that starts with - as the value of --room, also as --room=ID', async () => {
		const data = tempDir(res);
		const roomId = '-abcdefghijklmnopqrstu';
		const imported = await cairnHere(['import', FIXTURE, '--room', roomId, '--data', data]);
		expect(imported).toEqual({ code: 0, stdout: `room: ${roomId}\n`, stderr: '' });
		const spaced = await cairnHere(['export', '--room', roomId, '--data', data]);
		const joined = await cairnHere(['export', `--room=${roomId}`, `--data=${data}`]);
		expect(spaced.code).toBe(0);
		expect(JSON.parse(spaced.stdout).name).toBe(fixture().name);
		expect(joined).toEqual(spaced);
		// Still a usage error when the value is missing.
		expect((await cairnHere(['export', '--data', data, '--room'])).code).toBe(2);
	});

	it('names a data directory whose cairn.db is not a database, in one line (exit 1)', async () => {
		const data = tempDir(res);
		writeFileSync(join(data, 'cairn.db'), 'not a database\n'.repeat(20));
		const run = await cairnHere(['export', '--room', 'A'.repeat(22), '--data', data]);
		expect(run).toEqual({
			code: 1,
			stdout: '',
			stderr: `cairn: ${join(data, 'cairn.db')} is not a SQLite database: move it away (a fresh store is created) or restore a backup there\n`
		});
	});

	it('imports into the store of a running relay, and a client with the printed key opens it', async () => {
		const server = await startTestServer(res);
		const imported = await cairn(['import', FIXTURE, '--data', server.dataDir]);
		const roomId = /^room: (\S+)$/m.exec(imported.stdout)![1];
		const editKey = /^edit key: (\S+)$/m.exec(imported.stdout)![1];
		const client = connectClient(res, server.wsUrl, roomId, { key: editKey });
		await synced(client);
		expect(exportPortfolio(client.doc)).toEqual(fixture());
	});
});

describe('bin/cairn.js', () => {
	it('runs with plain node', async () => {
		const run = await cairn(['validate', FIXTURE], ['bin/cairn.js']);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^valid: /);
	}, 30_000);

	it('bundles the CLI first when build-server/cli.js is missing', async () => {
		// A checkout of its own, so the shared build-server/ is left alone.
		const root = tempDir(res);
		for (const dir of ['bin', 'scripts']) mkdirSync(join(root, dir));
		for (const file of [
			'bin/cairn.js',
			'scripts/build-server.js',
			'scripts/stale.js',
			'package.json'
		]) {
			copyFileSync(join(ROOT, file), join(root, file));
		}
		for (const dir of ['server', 'src', 'node_modules'])
			symlinkSync(join(ROOT, dir), join(root, dir));
		const run = await cairn(['validate', FIXTURE], [join(root, 'bin/cairn.js')]);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/^valid: /);
		expect(existsSync(join(root, 'build-server/cli.js'))).toBe(true);
	}, 30_000);
});
