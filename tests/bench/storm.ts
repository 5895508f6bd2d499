/**
 * Reconnect storm: many clients connected across rooms, the relay restarted on the same
 * port and data directory, and the time until every client is synced again (and saved,
 * for our RelayConnection). Run once with RelayConnection (jittered backoff) and once
 * with the stock y-websocket provider (fixed exponential backoff) as the reference,
 * both against our relay with SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newPortfolioKeys } from '../../src/lib/sync/keys';
import { forkChild, sleep, stopChild, type Child, type Message } from './child';
import { startRelay } from './relay-load';
import { summarize, wallNow, type Summary } from './stats';
import type { StormClientKind, StormWorkerConfig, StormWorkerResult } from './storm-worker';

export interface StormConfig {
	rooms: number;
	clientsPerRoom: number;
	workers: number;
	/** How long the relay stays down (from the stop request to the restart request). */
	downtimeMs: number;
	/** Give up waiting for stragglers after this long. */
	timeoutMs: number;
}

export interface StormRun {
	kind: StormClientKind;
	config: StormConfig;
	clients: number;
	/** From the stop request until the new relay listened. */
	downtimeMs: number;
	/** Milliseconds from "relay listening again" to each client synced. */
	synced: Summary;
	/** …to each client saved (RelayConnection only). */
	saved: Summary | null;
	/** Clients never synced (or, for RelayConnection, never saved) before the timeout. */
	missing: number;
	/** Connection attempts from the stop to the end, and after the relay was back. */
	attempts: number;
	attemptsAfterUp: number;
	/** Most attempts in any 100 ms: how much the clients came back in lockstep… */
	peakAttemptsPer100ms: number;
	/** …and the same once the relay was back. */
	peakAttemptsPer100msAfterUp: number;
}

function peakPer100ms(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	let peak = 0;
	let lo = 0;
	for (let hi = 0; hi < sorted.length; hi++) {
		while (sorted[hi] - sorted[lo] >= 100) lo++;
		peak = Math.max(peak, hi - lo + 1);
	}
	return peak;
}

/** One storm with one client kind. */
export async function runStorm(kind: StormClientKind, config: StormConfig): Promise<StormRun> {
	const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bench-storm-'));
	let server = await startRelay('ours-sqlite', { dataDir });
	const port = server.port;
	const workers: Child[] = [];
	try {
		const rooms = Array.from({ length: config.rooms }, () => newPortfolioKeys());
		const specs = rooms.flatMap((room, r) =>
			Array.from({ length: config.clientsPerRoom }, (_, j) => ({
				index: r * config.clientsPerRoom + j,
				roomId: room.roomId,
				editKey: room.editKey
			}))
		);
		for (let w = 0; w < config.workers; w++) workers.push(forkChild('./storm-worker.ts'));
		await Promise.all(workers.map((w) => w.next('up', 60_000)));
		workers.forEach((worker, w) => {
			const workerConfig: StormWorkerConfig = {
				url: `ws://127.0.0.1:${port}/yjs`,
				kind,
				clients: specs.filter((_, i) => i % config.workers === w)
			};
			worker.send({ type: 'start', config: workerConfig });
		});
		const ready = await Promise.all(
			workers.map((w) => w.next<Message & { ok: boolean }>('ready', 120_000))
		);
		if (!ready.every((r) => r.ok)) throw new Error('storm: not every client synced at first');

		for (const worker of workers) worker.send({ type: 'down' });
		await Promise.all(workers.map((w) => w.next('marked')));
		const downAt = wallNow();
		server.child.send({ type: 'stop' });
		await stopChild(server.child, 30_000);
		for (const worker of workers) worker.send({ type: 'edit' });
		await Promise.all(workers.map((w) => w.next('edited')));
		await sleep(downAt + config.downtimeMs - wallNow());
		server = await startRelay('ours-sqlite', { port, dataDir });
		const upAt = server.at;

		for (const worker of workers) worker.send({ type: 'collect', timeoutMs: config.timeoutMs });
		const results = await Promise.all(
			workers.map((w) => w.next<StormWorkerResult & Message>('result', config.timeoutMs + 30_000))
		);
		const syncedAt = results.flatMap((r) => r.syncedAt);
		const savedAt = results.flatMap((r) => r.savedAt);
		const attempts = results.flatMap((r) => r.attempts);
		const since = (times: (number | null)[]) =>
			times.filter((t): t is number => t !== null).map((t) => t - upAt);
		const missing =
			kind === 'relay-connection'
				? savedAt.filter((t) => t === null).length
				: syncedAt.filter((t) => t === null).length;
		return {
			kind,
			config,
			clients: specs.length,
			downtimeMs: upAt - downAt,
			synced: summarize(since(syncedAt)),
			saved: kind === 'relay-connection' ? summarize(since(savedAt)) : null,
			missing,
			attempts: attempts.length,
			attemptsAfterUp: attempts.filter((t) => t >= upAt).length,
			peakAttemptsPer100ms: peakPer100ms(attempts),
			peakAttemptsPer100msAfterUp: peakPer100ms(attempts.filter((t) => t >= upAt))
		};
	} finally {
		for (const worker of workers) worker.send({ type: 'stop' });
		await Promise.all(workers.map((w) => stopChild(w, 5_000)));
		server.child.send({ type: 'stop' });
		await stopChild(server.child, 30_000);
		rmSync(dataDir, { recursive: true, force: true });
	}
}
