/**
 * The server's entry: environment → startServer, print where to open it, and on
 * SIGTERM/SIGINT close everything (flushing the store) and exit 0.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reachableUrls, startServer } from './app';
import { ConfigError, configFromEnv, readTls } from './config';
import { lazyAppHandler } from './http';
import { consoleLogger as log } from './log';

// server/main.ts and build-server/main.js both sit one level below the project root.
const root = fileURLToPath(new URL('..', import.meta.url));

async function run(): Promise<void> {
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
	const appFile = join(root, 'build', 'handler.js');
	const app = lazyAppHandler(appFile, (error) =>
		log.error('app-load-failed', { error: error instanceof Error ? error.message : String(error) })
	);
	const server = await startServer({ ...config, tls, app, log });
	process.stdout.write(`cairn listening on ${server.url} (data in ${config.dataDir})\n`);
	const [local, ...lan] = reachableUrls(server, config.host);
	process.stdout.write(`  open ${local}\n`);
	for (const url of lan) process.stdout.write(`  on your network: ${url}\n`);
	if (!app) {
		process.stdout.write('  no app build found: serving only the relay, /healthz and /metrics\n');
	}

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) {
			process.stderr.write(`cairn: ${signal} again, exiting without flushing\n`);
			process.exit(1);
		}
		stopping = true;
		log.info('shutting-down', { signal });
		server.close().then(
			() => {
				log.info('stopped');
				process.exit(0);
			},
			(error: unknown) => {
				log.error('shutdown-failed', { error: String(error) });
				process.exit(1);
			}
		);
	};
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));
}

await run();
