import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { reconnectDelay, isTerminalClose } from '$lib/sync/relay-connection';
import { covers, stateVectorOf, syncStatus, type SyncFacts } from '$lib/sync/status';

function facts(overrides: Partial<SyncFacts>): SyncFacts {
	return {
		connected: true,
		connecting: false,
		failedAttempts: 0,
		online: true,
		synced: true,
		serverStateVector: new Map(),
		unconfirmedUpdates: 0,
		localStateVector: new Map(),
		...overrides
	};
}

describe('sync status', () => {
	it('is offline when no socket is open or opening', () => {
		expect(syncStatus(facts({ connected: false }))).toBe('offline');
	});

	it('is connecting while the first socket opens', () => {
		expect(syncStatus(facts({ connected: false, connecting: true }))).toBe('connecting');
	});

	it('is offline while retrying after a failure or when the browser is offline', () => {
		expect(syncStatus(facts({ connected: false, connecting: true, failedAttempts: 1 }))).toBe(
			'offline'
		);
		expect(syncStatus(facts({ connected: false, connecting: true, online: false }))).toBe(
			'offline'
		);
	});

	it('is syncing until the first exchange completes', () => {
		expect(syncStatus(facts({ synced: false }))).toBe('syncing');
	});

	it('is syncing when the relay has not confirmed any state', () => {
		expect(syncStatus(facts({ serverStateVector: null }))).toBe('syncing');
	});

	it('is saved only when the server state vector covers every local change', () => {
		const doc = new Y.Doc();
		doc.getMap('m').set('a', 1);
		const local = stateVectorOf(doc);
		const server = new Y.Doc();
		expect(
			syncStatus(facts({ localStateVector: local, serverStateVector: stateVectorOf(server) }))
		).toBe('syncing');
		Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
		expect(
			syncStatus(facts({ localStateVector: local, serverStateVector: stateVectorOf(server) }))
		).toBe('saved');
		doc.getMap('m').set('b', 2);
		expect(
			syncStatus(
				facts({ localStateVector: stateVectorOf(doc), serverStateVector: stateVectorOf(server) })
			)
		).toBe('syncing');
	});

	it('is syncing while the relay has not handled every update sent (a delete adds no clock)', () => {
		expect(syncStatus(facts({ unconfirmedUpdates: 1 }))).toBe('syncing');
	});

	it('covers compares every client clock', () => {
		expect(covers(new Map([[1, 5]]), new Map([[1, 5]]))).toBe(true);
		expect(covers(new Map([[1, 4]]), new Map([[1, 5]]))).toBe(false);
		expect(covers(new Map([[1, 5]]), new Map([[2, 1]]))).toBe(false);
		expect(
			covers(
				new Map([
					[1, 5],
					[2, 3]
				]),
				new Map([[2, 3]])
			)
		).toBe(true);
	});
});

describe('reconnect backoff', () => {
	it('spreads delays at random up to an exponential ceiling, never under 100 ms', () => {
		expect(reconnectDelay(1, () => 0)).toBe(100);
		expect(reconnectDelay(1, () => 1)).toBe(500);
		expect(reconnectDelay(3, () => 1)).toBe(2000);
		expect(reconnectDelay(3, () => 0.5)).toBe(1000);
		expect(reconnectDelay(30, () => 1)).toBe(10_000);
	});

	it('spreads 500 clients over the first retry window instead of one instant', () => {
		const delays = Array.from({ length: 500 }, () => Math.round(reconnectDelay(1)));
		expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(300);
		expect(new Set(delays).size).toBeGreaterThan(200);
	});

	it('treats 4400-4499 as terminal and everything else as retryable', () => {
		expect(isTerminalClose(4401)).toBe(true);
		expect(isTerminalClose(4500)).toBe(false);
		expect(isTerminalClose(1006)).toBe(false);
		expect(isTerminalClose(undefined)).toBe(false);
	});
});
