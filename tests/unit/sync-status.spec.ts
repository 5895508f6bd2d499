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
	it('spreads delays at random between the base and an exponential ceiling', () => {
		expect(reconnectDelay(0, () => 0)).toBe(250);
		expect(reconnectDelay(0, () => 1)).toBe(250);
		expect(reconnectDelay(3, () => 1)).toBe(2000);
		expect(reconnectDelay(3, () => 0.5)).toBe(1125);
		expect(reconnectDelay(30, () => 1)).toBe(10_000);
	});

	it('gives 500 clients different delays', () => {
		const delays = new Set(Array.from({ length: 500 }, () => Math.round(reconnectDelay(4))));
		expect(delays.size).toBeGreaterThan(400);
	});

	it('treats 4400-4499 as terminal and everything else as retryable', () => {
		expect(isTerminalClose(4401)).toBe(true);
		expect(isTerminalClose(4500)).toBe(false);
		expect(isTerminalClose(1006)).toBe(false);
		expect(isTerminalClose(undefined)).toBe(false);
	});
});
