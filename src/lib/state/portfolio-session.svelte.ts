import { createSubscriber } from 'svelte/reactivity';
import type { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { assertReadable, createUndoManager, migrate, read, setActor } from '$lib/doc';
import type { Portfolio } from '$lib/domain/types';
import type { Role } from '$lib/sync/keys';
import { openLocalCopy } from '$lib/sync/local-copy';
import { RelayConnection, relayUrlFor } from '$lib/sync/relay-connection';
import { renameLocalPortfolio } from '$lib/sync/registry';
import { SYNC_STATUS_LABEL, type SyncStatus } from '$lib/sync/status';
import { participant } from './participant.svelte';
import { Presence } from './presence.svelte';
import { WorkshopState } from './workshop.svelte';

export type SessionPhase = 'loading' | 'waiting-for-relay' | 'ready' | 'error';

/** Whether this device keeps a copy: `unavailable` when IndexedDB cannot be used at all. */
export type LocalCopyState = 'ok' | 'reopening' | 'unavailable';

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
	/** Presence in the room; made here so that it exists before (and without) the relay. */
	readonly awareness = new Awareness(this.doc);
	readonly presence: Presence;
	/** Timer, poker, dots and comments of the room. */
	readonly workshop: WorkshopState = new WorkshopState(this);

	phase = $state<SessionPhase>('loading');
	/** Why the portfolio cannot be opened or synced, for a persistent alert. */
	error = $state<string | null>(null);
	localCopy = $state<LocalCopyState>('ok');
	/** Presenting on a shared screen: no editing chrome (see state/present.svelte.ts). */
	presenting = $state(false);
	#status = $state<SyncStatus>('connecting');
	#canUndo = $state(false);
	#canRedo = $state(false);

	#local: IndexeddbPersistence | null = null;
	#relay: RelayConnection | null = null;
	#snapshot: Portfolio | null = null;
	#renameTimer: ReturnType<typeof setTimeout> | undefined;
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
		// The automatic decision-log entries say who: this device's participant, if named.
		setActor(this.doc, () => participant.current?.name ?? '');
		const refreshUndo = () => {
			this.#canUndo = this.undo.canUndo();
			this.#canRedo = this.undo.canRedo();
		};
		this.undo.on('stack-item-added', refreshUndo);
		this.undo.on('stack-item-popped', refreshUndo);
		this.undo.on('stack-cleared', refreshUndo);
		this.presence = new Presence({ awareness: this.awareness, role: this.role });
	}

	/** Loads the offline copy, then joins the relay. */
	async open(): Promise<void> {
		await this.#openLocal();
		if (this.#destroyed) return;
		this.#relay = new RelayConnection({
			doc: this.doc,
			roomId: this.roomId,
			key: this.key,
			url: relayUrlFor(location),
			awareness: this.awareness,
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

	async #openLocal(): Promise<void> {
		try {
			this.#local = await openLocalCopy(this.roomId, this.doc, {
				onLost: () => void this.#reopenLocal()
			});
			this.localCopy = 'ok';
		} catch (error) {
			// Still useful online; the top bar says the device keeps no copy.
			console.warn('Offline copy unavailable', error);
			this.#local = null;
			this.localCopy = 'unavailable';
		}
	}

	/**
	 * The database went away under us (another tab removed it, or the browser dropped
	 * it). Reopening writes the whole current state back, so nothing is lost.
	 */
	async #reopenLocal(): Promise<void> {
		if (this.localCopy === 'reopening' || this.#destroyed) return;
		this.localCopy = 'reopening';
		const lost = this.#local;
		this.#local = null;
		await lost?.destroy().catch(() => {});
		if (!this.#destroyed) await this.#openLocal();
	}

	#becomeReady(): void {
		try {
			if (this.role === 'edit') migrate(this.doc);
			else assertReadable(this.doc);
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
		// Keep the home page's name fresh, without writing storage on every keystroke.
		clearTimeout(this.#renameTimer);
		this.#renameTimer = setTimeout(() => {
			if (this.phase === 'ready' && !this.#destroyed) {
				renameLocalPortfolio(this.roomId, this.portfolio.name);
			}
		}, 500);
	};

	#refreshStatus(): void {
		if (this.#relay) this.#status = this.#relay.status;
		const terminal = this.#relay?.terminalClose;
		if (terminal && !this.error) {
			this.error =
				`The relay refused this portfolio (code ${terminal.code}${terminal.reason ? `: ${terminal.reason}` : ''}). ` +
				'Your changes stay on this device; export a copy to keep them safe.';
			if (this.phase === 'waiting-for-relay') this.phase = 'error';
		}
	}

	/** The current portfolio, re-read after every change (local or remote). */
	get portfolio(): Portfolio {
		this.#subscribe();
		this.#snapshot ??= read(this.doc);
		return this.#snapshot;
	}

	/**
	 * Two flags, on purpose. Presenting is the facilitator driving the big screen: the
	 * room watches the charts move as they drag. So `mayEdit` (any editor, presenting
	 * or not) gates direct manipulation: ranking drag, keyboard and move buttons and the
	 * decision select, ShiftStart on the capacity timeline, poker reveal and accept,
	 * timer controls, and Ctrl+Z. `canEdit` (an editor who is not presenting) gates the
	 * editing chrome that presenting hides: add and delete forms, editors, settings.
	 */
	get mayEdit(): boolean {
		return this.role === 'edit';
	}

	/** Whether editing chrome shows (forms, editors, settings): see `mayEdit`. */
	get canEdit(): boolean {
		return this.mayEdit && !this.presenting;
	}

	get status(): SyncStatus {
		return this.#status;
	}

	get statusLabel(): string {
		if (this.#relay?.terminalClose) return 'Not syncing';
		if (this.#status === 'offline' && this.localCopy !== 'ok') {
			return 'Offline – not saved on this device';
		}
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
		clearTimeout(this.#renameTimer);
		this.presence.destroy();
		this.#relay?.destroy();
		void this.#local?.destroy();
		this.undo.destroy();
		this.awareness.destroy();
		this.doc.destroy();
	}
}
