import * as Y from 'yjs';

/**
 * The sync-status model shown in the top bar. "saved" is only claimed when the relay
 * has told us a state vector that covers every change this device holds.
 */
export type SyncStatus = 'offline' | 'connecting' | 'syncing' | 'saved';

export const SYNC_STATUS_LABEL: Record<SyncStatus, string> = {
	offline: 'Offline – saved on this device',
	connecting: 'Connecting…',
	syncing: 'Syncing…',
	saved: 'All changes saved'
};

export interface SyncFacts {
	/** The socket is open. */
	connected: boolean;
	/** A socket is being opened. */
	connecting: boolean;
	/** Attempts that failed since the last successful sync. */
	failedAttempts: number;
	/** The browser believes it has a network. */
	online: boolean;
	/** The initial sync exchange with the relay has completed on this socket. */
	synced: boolean;
	/** The relay's last announced state vector, if any. */
	serverStateVector: Map<number, number> | null;
	/** Updates sent on this socket that the relay has not yet reported as handled. */
	unconfirmedUpdates: number;
	/** This device's state vector. */
	localStateVector: Map<number, number>;
}

/** True when the server holds every change the local state vector counts. */
export function covers(server: Map<number, number>, local: Map<number, number>): boolean {
	for (const [client, clock] of local) {
		if ((server.get(client) ?? 0) < clock) return false;
	}
	return true;
}

/** Derives the status label from what the provider knows. */
export function syncStatus(facts: SyncFacts): SyncStatus {
	// Once an attempt has failed, or the browser knows it is offline, say so plainly
	// rather than flickering "Connecting…" on every retry.
	if (!facts.connected) {
		return facts.connecting && facts.online && facts.failedAttempts === 0
			? 'connecting'
			: 'offline';
	}
	if (!facts.synced || !facts.serverStateVector || facts.unconfirmedUpdates > 0) return 'syncing';
	return covers(facts.serverStateVector, facts.localStateVector) ? 'saved' : 'syncing';
}

/** The state vector of a doc as a map (client id → clock). */
export function stateVectorOf(doc: Y.Doc): Map<number, number> {
	return Y.decodeStateVector(Y.encodeStateVector(doc));
}
