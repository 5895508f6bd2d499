import { createSubscriber } from 'svelte/reactivity';
import type { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { createUndoManager, migrate, read } from '$lib/doc';
import type { Portfolio } from '$lib/domain/types';
import type { Role } from '$lib/sync/keys';
import { openLocalCopy } from '$lib/sync/local-copy';
import { RelayConnection, relayUrlFor } from '$lib/sync/relay-connection';
import { renameLocalPortfolio } from '$lib/sync/registry';
import { SYNC_STATUS_LABEL, type SyncStatus } from '$lib/sync/status';

export type SessionPhase = 'loading' | 'waiting-for-relay' | 'ready' | 'error';

/**
 * One open portfolio: its Y.Doc, the offline copy, the relay connection, undo, and a
 * reactive snapshot for the views. Created per portfolio by the workspace layout and
 * handed down by context.
 */
export class PortfolioSession {
	readonly doc = new Y.Doc();
	readonly roomId: string;
	readonly key: string;
	readonly role: Role;
	readonly undo;

	phase = $state<SessionPhase>('loading');
	error = $state<string | null>(null);
	#status = $state<SyncStatus>('connecting');
	#canUndo = $state(false);
	#canRedo = $state(false);

	#local: IndexeddbPersistence | null = null;
	#relay: RelayConnection | null = null;
	#snapshot: Portfolio | null = null;
	#destroyed = false;

	#subscribe = createSubscriber((update) => {
		this.doc.on('update', update);
		return () => this.doc.off('update', update);
	});

	constructor(options: { roomId: string; key: string; role: Role }) {
		this.roomId = options.roomId;
		this.key = options.key;
		this.role = options.role;
		this.doc.on('update', this.#onUpdate);
		this.undo = createUndoManager(this.doc);
		const refreshUndo = () => {
			this.#canUndo = this.undo.canUndo();
			this.#canRedo = this.undo.canRedo();
		};
		this.undo.on('stack-item-added', refreshUndo);
		this.undo.on('stack-item-popped', refreshUndo);
		this.undo.on('stack-cleared', refreshUndo);
	}

	/** Loads the offline copy, then joins the relay. */
	async open(): Promise<void> {
		try {
			this.#local = await openLocalCopy(this.roomId, this.doc);
		} catch (error) {
			// A browser without IndexedDB (some private modes) still works online.
			console.warn('Offline copy unavailable', error);
		}
		if (this.#destroyed) return;
		this.#relay = new RelayConnection({
			doc: this.doc,
			roomId: this.roomId,
			key: this.key,
			url: relayUrlFor(location),
			onChange: () => this.#refreshStatus()
		});
		this.#refreshStatus();
		if (this.#isEmpty()) {
			this.phase = 'waiting-for-relay';
			const onSync = (synced: boolean) => {
				if (!synced) return;
				this.#relay?.provider.off('sync', onSync);
				this.#becomeReady();
			};
			this.#relay.provider.on('sync', onSync);
		} else {
			this.#becomeReady();
		}
	}

	#becomeReady(): void {
		try {
			if (this.role === 'edit') migrate(this.doc);
			this.phase = 'ready';
		} catch (error) {
			this.error = error instanceof Error ? error.message : String(error);
			this.phase = 'error';
		}
	}

	#isEmpty(): boolean {
		return this.doc.share.size === 0 || Y.encodeStateVector(this.doc).length <= 1;
	}

	#onUpdate = (): void => {
		this.#snapshot = null;
	};

	#refreshStatus(): void {
		if (this.#relay) this.#status = this.#relay.status;
		const terminal = this.#relay?.terminalClose;
		if (terminal && !this.error) {
			this.error = `The relay refused this portfolio (${terminal.code}${terminal.reason ? `: ${terminal.reason}` : ''}).`;
		}
	}

	/** The current portfolio, re-read after every change (local or remote). */
	get portfolio(): Portfolio {
		this.#subscribe();
		let snapshot = this.#snapshot;
		if (!snapshot) {
			snapshot = this.#snapshot = read(this.doc);
			if (this.phase === 'ready') renameLocalPortfolio(this.roomId, snapshot.name);
		}
		return snapshot;
	}

	get canEdit(): boolean {
		return this.role === 'edit';
	}

	get status(): SyncStatus {
		return this.#status;
	}

	get statusLabel(): string {
		// A viewer has nothing to save: for them "saved" means they see the latest.
		if (this.role === 'view' && this.#status === 'saved') return 'Up to date';
		return SYNC_STATUS_LABEL[this.#status];
	}

	get canUndo(): boolean {
		return this.#canUndo;
	}

	get canRedo(): boolean {
		return this.#canRedo;
	}

	/** Releases the socket and the offline copy (the data stays on the device). */
	destroy(): void {
		this.#destroyed = true;
		this.#relay?.destroy();
		void this.#local?.destroy();
		this.undo.destroy();
		this.doc.destroy();
	}
}
