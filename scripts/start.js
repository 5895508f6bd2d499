// `npm start`: build what is missing or stale, then run the server in this process.
// The app (build/handler.js) is rebuilt by `vite build` when it is older than any of its
// sources; the server bundle (build-server/) by scripts/build-server.js likewise.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** @param {string} path */
const at = (path) => join(root, path);

/**
 * The newest modification time among files under `paths` (0 when none exist).
 * @param {string[]} paths
 */
function newest(paths) {
	let time = 0;
	/** @param {string} path */
	const visit = (path) => {
		if (!existsSync(path)) return;
		const stat = statSync(path);
		if (stat.isDirectory()) {
			for (const entry of readdirSync(path)) visit(join(path, entry));
		} else {
			time = Math.max(time, stat.mtimeMs);
		}
	};
	for (const path of paths) visit(at(path));
	return time;
}

/**
 * True when `output` is missing or older than any file under `inputs`.
 * @param {string} output
 * @param {string[]} inputs
 */
function stale(output, inputs) {
	if (!existsSync(at(output))) return true;
	return statSync(at(output)).mtimeMs < newest(inputs);
}

/**
 * Runs a build step in the project root; a failure stops `npm start` with its code.
 * @param {string} command
 * @param {string[]} args
 */
function run(command, args) {
	console.log(`> ${[command, ...args].join(' ')}`);
	const result = spawnSync(command, args, {
		cwd: root,
		stdio: 'inherit',
		shell: process.platform === 'win32'
	});
	if (result.status !== 0) {
		console.error(`cairn: \`${[command, ...args].join(' ')}\` failed`);
		process.exit(result.status ?? 1);
	}
}

const shared = ['src', 'package.json'];
if (stale('build/handler.js', [...shared, 'static', 'svelte.config.js', 'vite.config.ts'])) {
	run('npx', ['vite', 'build']);
}
if (stale('build-server/main.js', [...shared, 'server', 'scripts/build-server.js'])) {
	run(process.execPath, ['scripts/build-server.js']);
}
await import(new URL('../build-server/main.js', import.meta.url).href);
