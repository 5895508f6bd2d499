/**
 * Relay under load: one relay in its own process, the clients in `workers` other
 * processes, N rooms × M clients × R updates per second per client over real
 * WebSockets. Run once per server kind in the same invocation, so the reference and
 * ours see the same machine at (nearly) the same moment.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPortfolioKeys } from '../../src/lib/sync/keys';
import { forkChild, sleep, stopChild, type Child, type Message } from './child';
import type { LoadWorkerConfig, LoadWorkerResult } from './relay-load-worker';
import type { RelayCounters, ServerKind } from './relay-server';
import { summarize, wallNow, type Summary } from './stats';

export interface RelayLoadConfig {
	rooms: number;
	clientsPerRoom: number;
	/** Updates per second per client. */
	rate: number;
	warmupS: number;
	durationS: number;
	workers: number;
	/** How long to wait for late deliveries after the window. */
	drainMs: number;
	/** Diagnostics: stall the relay's event loop for `ms` at `atS` seconds into the window. */
	stall?: { atS: number; ms: number };
}

export interface RelayRun {
	kind: ServerKind;
	config: RelayLoadConfig;
	/** Updates sent by all clients inside the window. */
	sent: number;
	/** Deliveries expected: each update to every other client of its room. */
	expected: number;
	delivered: number;
	/** Expected deliveries that did not arrive within the drain time. */
	lost: number;
	latency: Summary;
	/** Updates per second into the relay, deliveries per second out of it. */
	updatesPerS: number;
	deliveriesPerS: number;
	/** Saved messages (ours only) per second, received by the clients. */
	savedPerS: number;
	/** Updates sent back to their own sender per second (the reference does that). */
	echoesPerS: number;
	/** Relay CPU time over the window, in % of one core. */
	cpuPercent: number;
	/** RSS after a GC: idle relay, and with every room loaded after the window. */
	rssIdleMiB: number;
	rssLoadedMiB: number;
	/** (loaded − idle) / rooms: a room with its connections, in KiB. */
	rssPerRoomKiB: number;
	heapPerRoomKiB: number;
	/** The relay's event-loop delay over the window (p99, max) and its GC pauses. */
	relayLoopDelayP99: number;
	relayLoopDelayMax: number;
	relayGcMs: number;
	relayGcMaxMs: number;
	/**
	 * Ours only, from its own metrics over the window: messages sent per second, log
	 * compactions, and how long an update waited for its store append (call → committed;
	 * the room's queue waits that long before the next message), mean and p99 bucket.
	 */
	relayMessagesOutPerS: number | null;
	compactions: number | null;
	storeWaitMeanMs: number | null;
	storeWaitP99Ms: number | null;
	/** The worst delivery latency per 100 ms of the window (by arrival), over all clients. */
	timeline: number[];
	/** The load generator's health: p99 of how late sends were, p99 event-loop delay. */
	sendLagP99: number;
	loadLoopDelayP99: number;
	loadGcMaxMs: number;
	/** CPU of the load generator's processes, in % of one core. */
	loadCpuPercent: number;
	/**
	 * CPU used on the machine by everything else (other people's builds and tests) during
	 * the window, in % of the machine: high values mean the run was disturbed.
	 */
	otherLoadPercent: number;
	connectMs: number;
	closes: number;
	errors: string[];
}

interface ServerStats extends Message {
	cpuMs: number;
	rss: number;
	heapUsed: number;
	at: number;
	loopDelay: { p99: number; max: number };
	gc: { count: number; totalMs: number; maxMs: number };
	counters: RelayCounters | null;
}

async function stats(server: Child, gc: boolean, reset = false): Promise<ServerStats> {
	server.send({ type: 'stats', gc, reset });
	return server.next<ServerStats>('stats', 30_000);
}

/** Busy and total CPU time of the whole machine so far (ms), from /proc/stat; null elsewhere. */
export function machineCpu(): { busyMs: number; totalMs: number } | null {
	try {
		const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
		const [user, nice, system, idle, iowait, irq, softirq, steal] = line
			.trim()
			.split(/\s+/)
			.slice(1)
			.map(Number);
		const tick = 1000 / 100; // USER_HZ is 100 on Linux
		const busy = user + nice + system + irq + softirq + (steal || 0);
		return { busyMs: busy * tick, totalMs: (busy + idle + iowait) * tick };
	} catch {
		return null;
	}
}

/** Upper bounds of server/metrics.ts's store write buckets, in ms. */
const STORE_BUCKETS_MS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000];

function counterDeltas(
	before: RelayCounters | null,
	after: RelayCounters | null,
	windowS: number
): Pick<RelayRun, 'relayMessagesOutPerS' | 'compactions' | 'storeWaitMeanMs' | 'storeWaitP99Ms'> {
	if (!before || !after) {
		return {
			relayMessagesOutPerS: null,
			compactions: null,
			storeWaitMeanMs: null,
			storeWaitP99Ms: null
		};
	}
	const writes = after.storeWrites - before.storeWrites;
	// Cumulative buckets: the first bound under which 99 % of the window's writes fall.
	const p99Index = after.storeWriteBuckets.findIndex(
		(count, i) => count - before.storeWriteBuckets[i] >= writes * 0.99
	);
	return {
		relayMessagesOutPerS: (after.messagesOut - before.messagesOut) / windowS,
		compactions: after.compactions - before.compactions,
		storeWaitMeanMs: writes
			? ((after.storeWriteSeconds - before.storeWriteSeconds) / writes) * 1000
			: null,
		storeWaitP99Ms: writes ? (p99Index < 0 ? Infinity : STORE_BUCKETS_MS[p99Index]) : null
	};
}

function mergeTimelines(timelines: readonly number[][]): number[] {
	const length = Math.max(0, ...timelines.map((t) => t.length));
	return Array.from({ length }, (_, i) => Math.max(0, ...timelines.map((t) => t[i] ?? 0)));
}

/** Starts a relay of `kind` in a child process; resolves once it listens. */
export async function startRelay(
	kind: ServerKind,
	options: { port?: number; dataDir?: string } = {}
): Promise<{ child: Child; port: number; at: number }> {
	const env: Record<string, string> =
		kind === 'reference-leveldb' ? { YPERSISTENCE: join(options.dataDir ?? '', 'leveldb') } : {};
	// BENCH_CPU_PROF=dir writes a V8 CPU profile of each relay there (diagnostics).
	const profile = process.env.BENCH_CPU_PROF;
	const child = forkChild(
		'./relay-server.ts',
		[kind, String(options.port ?? 0), options.dataDir ?? ''],
		env,
		profile ? ['--cpu-prof', `--cpu-prof-dir=${join(profile, kind)}`] : []
	);
	const ready = await child.next<Message & { port: number; at: number }>('ready', 60_000);
	return { child, port: ready.port, at: ready.at };
}

/** One load run against one relay kind. */
export async function runRelayLoad(kind: ServerKind, config: RelayLoadConfig): Promise<RelayRun> {
	const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-relay-'));
	// The load processes boot while the relay does.
	const workers: Child[] = Array.from({ length: config.workers }, () =>
		forkChild('./relay-load-worker.ts')
	);
	const workersUp = Promise.all(workers.map((w) => w.next('up', 60_000)));
	void workersUp.catch(() => undefined); // awaited below; only unhandled if the relay fails
	let server: Awaited<ReturnType<typeof startRelay>> | null = null;
	try {
		server = await startRelay(kind, { dataDir });
		await workersUp;
		const idle = await stats(server.child, true);
		const rooms = Array.from({ length: config.rooms }, () => {
			const { roomId, editKey } = newPortfolioKeys();
			return { roomId, editKey };
		});
		workers.forEach((worker, workerIndex) => {
			const workerConfig: LoadWorkerConfig = {
				workerIndex,
				workers: config.workers,
				url: `ws://127.0.0.1:${server!.port}`,
				protocol: kind.startsWith('ours') ? 'ours' : 'reference',
				rooms,
				clientsPerRoom: config.clientsPerRoom,
				rate: config.rate
			};
			worker.send({ type: 'start', config: workerConfig });
		});
		const connected = await Promise.all(
			workers.map((w) => w.next<Message & { connectMs: number }>('connected', 120_000))
		);
		await sleep(Math.min(500, config.warmupS * 1000));
		const startAt = wallNow() + 300;
		const windowStart = startAt + config.warmupS * 1000;
		const windowEnd = windowStart + config.durationS * 1000;
		for (const worker of workers) {
			worker.send({ type: 'go', startAt, windowStart, windowEnd, drainMs: config.drainMs });
		}
		await sleep(windowStart - wallNow());
		const before = await stats(server.child, false, true);
		const machineBefore = machineCpu();
		if (config.stall) {
			await sleep(windowStart + config.stall.atS * 1000 - wallNow());
			server.child.send({ type: 'block', ms: config.stall.ms });
		}
		await sleep(windowEnd - wallNow());
		const after = await stats(server.child, false);
		const machineAfter = machineCpu();
		const results = await Promise.all(
			workers.map((w) => w.next<LoadWorkerResult & Message>('result', config.drainMs + 60_000))
		);
		const loaded = await stats(server.child, true);

		const windowS = (after.at - before.at) / 1000;
		const latencies = new Float64Array(results.reduce((n, r) => n + r.latencies.length, 0));
		let offset = 0;
		for (const r of results) {
			latencies.set(r.latencies, offset);
			offset += r.latencies.length;
		}
		const sent = results.reduce((n, r) => n + r.sent, 0);
		const expected = sent * (config.clientsPerRoom - 1);
		const sendLag = new Float64Array(results.flatMap((r) => Array.from(r.sendLag)));
		const relayCpuMs = after.cpuMs - before.cpuMs;
		const loadCpuMs = results.reduce((n, r) => n + r.cpuMs, 0);
		const otherLoadPercent =
			machineBefore && machineAfter
				? Math.max(
						0,
						((machineAfter.busyMs - machineBefore.busyMs - relayCpuMs - loadCpuMs) /
							(machineAfter.totalMs - machineBefore.totalMs)) *
							100
					)
				: NaN;
		return {
			kind,
			config,
			sent,
			expected,
			delivered: latencies.length,
			lost: Math.max(0, expected - latencies.length),
			latency: summarize(latencies),
			updatesPerS: sent / config.durationS,
			deliveriesPerS: latencies.length / config.durationS,
			savedPerS: results.reduce((n, r) => n + r.savedMessages, 0) / config.durationS,
			echoesPerS: results.reduce((n, r) => n + r.echoes, 0) / config.durationS,
			cpuPercent: (relayCpuMs / (windowS * 1000)) * 100,
			loadCpuPercent: (loadCpuMs / (windowS * 1000)) * 100,
			otherLoadPercent,
			rssIdleMiB: idle.rss / 2 ** 20,
			rssLoadedMiB: loaded.rss / 2 ** 20,
			rssPerRoomKiB: (loaded.rss - idle.rss) / 1024 / config.rooms,
			heapPerRoomKiB: (loaded.heapUsed - idle.heapUsed) / 1024 / config.rooms,
			relayLoopDelayP99: after.loopDelay.p99,
			relayLoopDelayMax: after.loopDelay.max,
			relayGcMs: after.gc.totalMs,
			relayGcMaxMs: after.gc.maxMs,
			timeline: mergeTimelines(results.map((r) => r.timeline)),
			...counterDeltas(before.counters, after.counters, windowS),
			sendLagP99: summarize(sendLag).p99,
			loadLoopDelayP99: Math.max(...results.map((r) => r.loopDelayP99)),
			loadGcMaxMs: Math.max(...results.map((r) => r.gcMaxMs)),
			connectMs: Math.max(...connected.map((c) => c.connectMs)),
			closes: results.reduce((n, r) => n + r.closes, 0),
			errors: results.flatMap((r) => r.errors)
		};
	} finally {
		for (const worker of workers) worker.send({ type: 'stop' });
		await Promise.all(workers.map((w) => stopChild(w, 5_000)));
		if (server) {
			server.child.send({ type: 'stop' });
			await stopChild(server.child, 30_000);
		}
		rmSync(dataDir, { recursive: true, force: true });
	}
}
