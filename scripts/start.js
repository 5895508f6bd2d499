// `npm start`: build what is missing or stale, then run the server in this process.
// The app (build/handler.js) is rebuilt by `vite build` when it is older than any of its
// sources; the server bundle (build-server/) by scripts/build-server.js likewise.
import { spawnSync } from 'node:child_process';
import { root, serverSources, stale } from './stale.js';

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
if (stale('build-server/main.js', serverSources)) {
	run(process.execPath, ['scripts/build-server.js']);
}
await import(new URL('../build-server/main.js', import.meta.url).href);
