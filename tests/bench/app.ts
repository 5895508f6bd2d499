/**
 * The built app for the browser measurements. By default it is built from the working
 * tree into a private copy under the temp directory (`vite build` + the server bundle),
 * so the shared `build/` that other people's e2e runs use is never touched; `--no-build`
 * uses the existing `build/` and `build-server/` as they are.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './child';

/** What a build needs from the working tree (node_modules is linked, not copied). */
const SOURCES = [
	'src',
	// bin/cairn.js: the import part runs the CLI as people do, against this build.
	'bin',
	'static',
	'scripts',
	'server',
	'svelte.config.js',
	'vite.config.ts',
	'tsconfig.json',
	'package.json'
];

export interface AppBuild {
	/** Directory holding build/ and build-server/. */
	dir: string;
	/** How long the build took (0 when reused). */
	buildMs: number;
	/** Removes a private build. */
	dispose(): void;
}

function run(command: string, args: string[], cwd: string): void {
	const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr?.toString()}`);
	}
}

/** Builds the app into a private copy, or reuses the shared build. */
export function prepareApp(options: { build: boolean }): AppBuild {
	if (!options.build) {
		if (!existsSync(join(ROOT, 'build/handler.js')) || !existsSync(join(ROOT, 'build-server'))) {
			throw new Error('--no-build: build/ or build-server/ is missing (npm run build)');
		}
		return { dir: ROOT, buildMs: 0, dispose: () => {} };
	}
	const started = performance.now();
	const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-app-'));
	for (const entry of SOURCES) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
	symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
	try {
		run(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], dir);
		run(process.execPath, ['scripts/build-server.js'], dir);
	} catch (error) {
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	return {
		dir,
		buildMs: performance.now() - started,
		dispose: () => rmSync(dir, { recursive: true, force: true })
	};
}

export interface RunningApp {
	url: string;
	stop(): Promise<void>;
}

/** Serves a build with `node build-server/main.js` on a free port and a temp CAIRN_DATA. */
export async function serveApp(build: AppBuild): Promise<RunningApp> {
	const data = mkdtempSync(join(tmpdir(), 'cairn-bench-data-'));
	const child = spawn(process.execPath, ['build-server/main.js'], {
		cwd: build.dir,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', CAIRN_DATA: data },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`app did not start:\n${output}`)), 30_000);
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening on (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('exit', (code) => reject(new Error(`app exited with ${code}:\n${output}`)));
	});
	// Keep draining the pipes so the server never blocks on a full one.
	child.stdout.resume();
	return {
		url,
		stop: async () => {
			if (child.exitCode === null) {
				const exited = new Promise((resolve) => child.once('exit', resolve));
				child.kill('SIGTERM');
				await exited;
			}
			rmSync(data, { recursive: true, force: true });
		}
	};
}
