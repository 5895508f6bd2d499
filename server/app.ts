import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { InProcessFanout, type Fanout } from './fanout';
import { HEALTH_PROBE_MS, StoreHealth } from './health';
import { createRequestListener, type AppHandler } from './http';
import { consoleLogger, type Logger } from './log';
import { Metrics } from './metrics';
import { DEFAULT_LIMITS, DEFAULT_TIMING, type Limits, type Timing } from './relay/limits';
import { Relay } from './relay/relay';
import { SqliteStore } from './store/sqlite';
import type { Store } from './store/store';

export interface StartOptions {
	/** 0 picks a free port. Default 3000. */
	port?: number;
	/** Default 0.0.0.0 (every IPv4 interface: phones on the LAN can join). */
	host?: string;
	/** SQLite data directory, used when no `store` is given. Default ./data. */
	dataDir?: string;
	/** A store to use instead of SQLite in `dataDir`; the server closes it on close(). */
	store?: Store;
	fanout?: Fanout;
	/** PEM certificate and key: the server speaks https (and wss) on the same port. */
	tls?: { cert: string | Buffer; key: string | Buffer } | null;
	limits?: Partial<Limits>;
	timing?: Partial<Timing>;
	allowedOrigins?: string[] | null;
	trustProxy?: boolean;
	/** When set, opening a room with nothing stored needs `create=<token>` on the relay URL. */
	createToken?: string | null;
	/** The built app; without it every other path is a 404. */
	app?: AppHandler | null;
	log?: Logger;
	/** How often /healthz's store probe runs. Default 5000 ms. */
	healthProbeMs?: number;
}

export interface RunningServer {
	port: number;
	/** http(s)://host:port, with 127.0.0.1 or localhost for a wildcard host. */
	url: string;
	relay: Relay;
	metrics: Metrics;
	store: Store;
	health: StoreHealth;
	/** Closes sockets, unloads (compacts) every room, closes the store. Idempotent. */
	close(): Promise<void>;
}

/**
 * Starts one HTTP(S) server that serves the app, `/healthz`, `/metrics` and the relay
 * on `/yjs/<roomId>`. The store is opened before the port is, so /healthz is ok as soon
 * as anyone can reach it.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
	const log = options.log ?? consoleLogger;
	const metrics = new Metrics();
	const store = options.store ?? openSqlite(options.dataDir ?? './data', log);
	const fanout = options.fanout ?? new InProcessFanout();
	const relay = new Relay({
		store,
		fanout,
		metrics,
		log,
		limits: { ...DEFAULT_LIMITS, ...options.limits },
		timing: { ...DEFAULT_TIMING, ...options.timing },
		allowedOrigins: options.allowedOrigins ?? null,
		trustProxy: options.trustProxy ?? false,
		createToken: options.createToken ?? null
	});
	const health = new StoreHealth({
		store,
		metrics,
		log,
		intervalMs: options.healthProbeMs ?? HEALTH_PROBE_MS
	});
	let open = true;
	const listener = createRequestListener({
		metrics,
		gauges: () => ({ rooms: relay.roomCount, connections: relay.connectionCount }),
		isReady: () => open,
		storeProblem: () => health.problem,
		app: options.app ?? null
	});
	const server: Server = options.tls
		? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
		: createHttpServer(listener);
	server.on('upgrade', relay.handleUpgrade);
	const host = options.host ?? '0.0.0.0';
	try {
		await health.start();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 3000, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		health.stop();
		await relay.close();
		await store.close();
		throw error;
	}
	const port = (server.address() as AddressInfo).port;
	const protocol = options.tls ? 'https' : 'http';
	let closing: Promise<void> | null = null;
	return {
		port,
		url: `${protocol}://${displayHost(host)}:${port}`,
		relay,
		metrics,
		store,
		health,
		close: () =>
			(closing ??= (async () => {
				health.stop();
				const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
				server.closeIdleConnections();
				await relay.close();
				open = false;
				await fanout.close();
				await store.close();
				server.closeAllConnections();
				await stopped;
			})())
	};
}

/** The SQLite store in `dir`, with a log line when this start created the database. */
function openSqlite(dir: string, log: Logger): SqliteStore {
	const store = new SqliteStore(dir);
	if (store.created === 'missing') log.info('store-created', { file: store.file });
	if (store.created === 'empty') {
		log.warn('store-created', { file: store.file, reason: 'the file was empty (0 bytes)' });
	}
	return store;
}

function displayHost(host: string): string {
	if (host === '0.0.0.0') return '127.0.0.1';
	if (host === '::') return 'localhost';
	return host.includes(':') ? `[${host}]` : host;
}

/**
 * The addresses people can open: for a wildcard host, localhost and every LAN IPv4
 * address (workshop phones join over the LAN); otherwise the host itself.
 */
export function reachableUrls(server: { url: string; port: number }, host: string): string[] {
	if (host !== '0.0.0.0' && host !== '::') return [server.url];
	const protocol = server.url.split(':')[0];
	const urls = [`${protocol}://localhost:${server.port}`];
	for (const addresses of Object.values(networkInterfaces())) {
		for (const address of addresses ?? []) {
			if (address.family === 'IPv4' && !address.internal) {
				urls.push(`${protocol}://${address.address}:${server.port}`);
			}
		}
	}
	return urls;
}
