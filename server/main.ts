/**
 * The server's entry: environment → startServer, print where to open it, and on
 * SIGTERM/SIGINT close everything (flushing the store) and exit 0.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reachableUrls, startServer, type RunningServer } from './app';
import { ConfigError, configFromEnv, readTls } from './config';
import { lazyAppHandler } from './http';
import { consoleLogger as log } from './log';
import { StoreOpenError } from './store/store';

// server/main.ts and build-server/main.js both sit one level below the project root.
const root = fileURLToPath(new URL('..', import.meta.url));

let server: RunningServer | null = null;
let stopping = false;

async function shutdown(running: RunningServer): Promise<void> {
	try {
		await running.close();
		log.info('stopped');
		process.exit(0);
	} catch (error) {
		log.error('shutdown-failed', { error: String(error) });
		process.exit(1);
	}
}

// Installed before anything is printed: a supervisor may signal as soon as it reads
// the address, and an early signal must still flush and exit 0.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	process.on(signal, () => {
		if (stopping) {
			process.stderr.write(`cairn: ${signal} again, exiting without flushing\n`);
			process.exit(1);
		}
		stopping = true;
		log.info('shutting-down', { signal });
		if (server) void shutdown(server);
		// Otherwise startup finishes first and then shuts down (below).
	});
}

let config;
let tls = null;
try {
	config = configFromEnv(process.env);
	if (config.tls) tls = readTls(config.tls);
} catch (error) {
	if (!(error instanceof ConfigError)) throw error;
	process.stderr.write(`cairn: ${error.message}\n`);
	process.exit(1);
}

const app = lazyAppHandler(join(root, 'build', 'handler.js'), (error) =>
	log.error('app-load-failed', { error: error instanceof Error ? error.message : String(error) })
);
try {
	server = await startServer({ ...config, tls, app, log });
} catch (error) {
	// A store that cannot be opened, or a port in use, is the operator's to fix: one
	// line, no stack.
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EADDRINUSE' || code === 'EACCES') {
		process.stderr.write(
			`cairn: cannot listen on ${config.host}:${config.port} (${code}): stop the other server there or set PORT\n`
		);
		process.exit(1);
	}
	if (!(error instanceof StoreOpenError)) throw error;
	process.stderr.write(`cairn: ${error.message}\n`);
	process.exit(1);
}
if (stopping) {
	void shutdown(server);
} else {
	const [local, ...lan] = reachableUrls(server, config.host);
	process.stdout.write(
		[
			`cairn listening on ${server.url} (data in ${config.dataDir})`,
			`  open ${local}`,
			...lan.map((url) => `  on your network: ${url}`),
			...(app ? [] : ['  no app build found: serving only the relay, /healthz and /metrics']),
			''
		].join('\n')
	);
}
