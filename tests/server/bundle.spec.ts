import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
	connectClient,
	newRoom,
	Resources,
	ROOT,
	spawnRelay,
	synced,
	tempDir,
	waitFor
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('the bundle in build-server/', () => {
	it('is built by scripts/build-server.js and serves the relay with plain node', async () => {
		// A checkout of its own, so the shared build-server/ is left alone.
		const root = tempDir(res);
		mkdirSync(join(root, 'scripts'));
		copyFileSync(join(ROOT, 'scripts/build-server.js'), join(root, 'scripts/build-server.js'));
		copyFileSync(join(ROOT, 'package.json'), join(root, 'package.json'));
		for (const dir of ['server', 'src', 'node_modules'])
			symlinkSync(join(ROOT, dir), join(root, dir));
		execFileSync(process.execPath, ['scripts/build-server.js'], { cwd: root, stdio: 'pipe' });
		expect(existsSync(join(root, 'build-server/main.js'))).toBe(true);
		expect(existsSync(join(root, 'build-server/cli.js'))).toBe(true);

		const relay = await spawnRelay(
			res,
			{ CAIRN_DATA: tempDir(res) },
			{ args: ['build-server/main.js'], cwd: root }
		);
		expect(relay.output()).toContain('no app build found');
		const { roomId, editKey } = newRoom();
		const a = connectClient(res, relay.wsUrl, roomId, { key: editKey });
		const b = connectClient(res, relay.wsUrl, roomId, { key: editKey });
		await Promise.all([synced(a), synced(b)]);
		a.doc.getText('t').insert(0, 'bundled');
		await waitFor(() => b.doc.getText('t').toString() === 'bundled', 'b to get the edit');
		relay.child.kill('SIGTERM');
		expect((await relay.exited).code).toBe(0);
	}, 30_000);
});
