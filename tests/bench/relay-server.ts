/**
 * A relay under test, alone in its own process so that its CPU time and memory are its
 * own: `node --import tsx relay-server.ts <kind> <port> [dataDir]`.
 *
 * - `ours-sqlite`: our relay (`startServer`) with its SQLite store in `dataDir`;
 * - `ours-memory`: our relay with a store that keeps nothing (persistence off);
 * - `reference`: y-websocket's own server (`@y/websocket-server` 0.1.1,
 *   `setupWSConnection`), in memory, on the same `ws` 8 WebSocketServer setup as its
 *   `bin/server.js` but with our `ws` version so the transport is the same;
 * - `reference-leveldb`: the same with its LevelDB persistence (`YPERSISTENCE`).
 *
 * IPC: sends `ready {port, at}`; answers `stats` with `stats {cpuMs, rss, heapUsed, at,
 * loopDelay, gc}` (after a GC when `gc` is set; event-loop delay and GC pauses since the
 * last `reset`); `block {ms}` stalls its event loop (diagnostics); `stop` closes it (ours:
 * flush and compact) and exits.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';
import { startServer, type RunningServer } from '../../server/app';
import type { Logger } from '../../server/log';
import { onParent, toParent } from './child';
import { NullStore } from './null-store';
import { wallNow } from './stats';

export type ServerKind = 'ours-sqlite' | 'ours-memory' | 'reference' | 'reference-leveldb';

/** The reference server's module, loaded by name so type-checking never needs it installed. */
interface ReferenceUtils {
	setupWSConnection(conn: WebSocket, req: IncomingMessage, opts?: { docName?: string }): void;
}

export const REFERENCE_PACKAGE = '@y/websocket-server/utils';

/** Warnings and errors go to stderr (a surprise must be visible); info is dropped. */
const quietLogger: Logger = {
	info: () => {},
	warn: (event, fields) => process.stderr.write(`relay warn ${event} ${JSON.stringify(fields)}\n`),
	error: (event, fields) => process.stderr.write(`relay error ${event} ${JSON.stringify(fields)}\n`)
};

async function startOurs(kind: ServerKind, port: number, dataDir: string) {
	const server: RunningServer = await startServer({
		port,
		host: '127.0.0.1',
		dataDir,
		store: kind === 'ours-memory' ? new NullStore() : undefined,
		// The load comes from one address.
		limits: {
			maxConnectionsPerIp: 1_000_000,
			maxRooms: 100_000,
			maxNewRoomsPerIpPerMinute: 1_000_000
		},
		// Diagnostics: BENCH_COMPACT_ROWS moves the compaction threshold (default 500).
		timing: process.env.BENCH_COMPACT_ROWS
			? { compactRows: Number(process.env.BENCH_COMPACT_ROWS) }
			: undefined,
		log: quietLogger
	});
	const { metrics } = server;
	return {
		port: server.port,
		close: () => server.close(),
		counters: (): RelayCounters => ({
			messagesIn: metrics.messagesIn,
			messagesOut: metrics.messagesOut,
			compactions: metrics.compactions,
			storeWrites: metrics.storeWrite.count,
			storeWriteSeconds: metrics.storeWrite.sum,
			storeWriteBuckets: [...metrics.storeWrite.counts]
		})
	};
}

/** Our relay's own counters (server/metrics.ts), for the window's deltas. */
export interface RelayCounters {
	messagesIn: number;
	messagesOut: number;
	compactions: number;
	/** Appends and their summed latency (append call → committed), and the histogram. */
	storeWrites: number;
	storeWriteSeconds: number;
	storeWriteBuckets: number[];
}

async function startReference(port: number) {
	const specifier: string = REFERENCE_PACKAGE;
	const { setupWSConnection } = (await import(specifier)) as ReferenceUtils;
	const wss = new WebSocketServer({ noServer: true });
	wss.on('connection', (ws: WebSocket, req: IncomingMessage) => setupWSConnection(ws, req));
	const http = createServer((_req, res) => {
		res.writeHead(200, { 'Content-Type': 'text/plain' });
		res.end('okay');
	});
	http.on('upgrade', (req, socket, head) => {
		wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
	});
	await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
	return {
		port: (http.address() as AddressInfo).port,
		counters: (): RelayCounters | null => null,
		close: async () => {
			for (const ws of wss.clients) ws.terminate();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
			await new Promise<void>((resolve) => http.close(() => resolve()));
		}
	};
}

const [kind, portArg, dataDir = ''] = process.argv.slice(2) as [ServerKind, string, string?];
const running = kind.startsWith('ours')
	? await startOurs(kind, Number(portArg), dataDir)
	: await startReference(Number(portArg));

// Where the relay's own time goes: event-loop stalls and garbage collection.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
let gcPauses: number[] = [];
new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) gcPauses.push(entry.duration);
}).observe({ entryTypes: ['gc'] });

let stopping = false;
async function stop(): Promise<void> {
	if (stopping) return;
	stopping = true;
	await running.close();
	toParent({ type: 'stopped', at: wallNow() });
	process.exit(0);
}

onParent(async (message) => {
	if (message.type === 'stats') {
		const delay = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
		const gc = {
			count: gcPauses.length,
			totalMs: gcPauses.reduce((a, b) => a + b, 0),
			maxMs: Math.max(0, ...gcPauses)
		};
		if (message.reset) {
			loopDelay.reset();
			gcPauses = [];
		}
		if (message.gc) globalThis.gc?.();
		const memory = process.memoryUsage();
		const cpu = process.cpuUsage();
		toParent({
			type: 'stats',
			cpuMs: (cpu.user + cpu.system) / 1000,
			rss: memory.rss,
			heapUsed: memory.heapUsed,
			at: wallNow(),
			loopDelay: delay,
			gc,
			counters: running.counters()
		});
	} else if (message.type === 'block') {
		// Diagnostics: a stall of the relay's event loop (as a GC or a busy machine causes).
		const until = performance.now() + Number(message.ms);
		while (performance.now() < until);
	} else if (message.type === 'stop') {
		await stop();
	}
});
process.on('SIGTERM', () => void stop());
process.on('disconnect', () => void stop());
toParent({ type: 'ready', port: running.port, at: wallNow() });
