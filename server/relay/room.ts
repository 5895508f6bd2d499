import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Fanout } from '../fanout';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { LogSize, Store } from '../store/store';
import type { Connection } from './connection';
import {
	CloseCode,
	MAX_AWARENESS_DEPTH,
	MAX_AWARENESS_IDS_PER_CONNECTION,
	type Limits,
	type Timing
} from './limits';
import {
	decodeAwarenessUpdate,
	decodeClientMessage,
	encodeAwarenessEntries,
	jsonDepth,
	type AwarenessEntry,
	encodeAwareness,
	encodeSaved,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	MalformedMessage
} from './protocol';
import { applyUpdateSafely } from '../../src/lib/sync/sync-protocol';

export interface RoomDeps {
	store: Store;
	fanout: Fanout;
	metrics: Metrics;
	log: Logger;
	limits: Limits;
	timing: Timing;
	/** Called once when the room fails; the relay forgets it so the next client reloads it. */
	onFailed(room: Room): void;
	/**
	 * Asked before the first client of a room with nothing stored is answered (create
	 * token, new-room rate); false means the relay has closed it. Later clients of the
	 * same room in memory are not asked again.
	 */
	admitToEmpty(conn: Connection): boolean;
}

export type RoomState = 'loading' | 'ready' | 'failed' | 'unloaded';

/** A store operation that failed; the room closes its clients with 1013 (other errors: 1011). */
class StoreFailure extends Error {
	constructor(
		readonly operation: string,
		readonly cause: unknown
	) {
		super(`store ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
	}
}

/**
 * One document in memory with the connections that edit or view it.
 *
 * Invariants:
 * - Every message is handled in arrival order on one queue per room, and the first
 *   task on that queue loads the stored log: nothing is answered before the load.
 * - An update is applied, appended to the store, and only then published to the other
 *   clients and acknowledged by a saved message. If the append fails the room is thrown
 *   away (its doc holds an update the store lacks) and its clients are closed with 1013.
 * - Between two tasks the doc holds exactly what the store holds (plus pending structs
 *   that Yjs cannot integrate yet), so a saved message never claims too much.
 * - An awareness client id belongs to the connection that introduced it, until that
 *   connection leaves; no other connection can set or remove it. Each connection
 *   introduces at most MAX_AWARENESS_IDS_PER_CONNECTION ids, so presence stays bounded.
 */
export class Room {
	readonly id: string;
	readonly doc = new Y.Doc();
	readonly awareness: awarenessProtocol.Awareness;
	readonly connections = new Set<Connection>();
	/** Which connection introduced each awareness client id. */
	readonly #awarenessOwners = new Map<number, Connection>();
	#state: RoomState = 'loading';
	#queue: Promise<void>;
	#size: LogSize = { rows: 0, bytes: 0 };
	/** Log size after the last load or compaction, to decide when to compact again. */
	#baseBytes = 0;
	#savedQueued = false;
	/** A client was admitted to this room while it had nothing stored (see RoomDeps). */
	#created = false;
	#destroyed = false;
	readonly #deps: RoomDeps;
	readonly #unsubscribe: () => void;

	/** Creates the room and starts loading it once `after` (a previous unload) settles. */
	constructor(id: string, deps: RoomDeps, after: Promise<unknown> = Promise.resolve()) {
		this.id = id;
		this.#deps = deps;
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		this.awareness.setLocalState(null);
		this.awareness.on('update', this.#onAwareness);
		this.#unsubscribe = deps.fanout.subscribe(id, this.#onFanout);
		this.#queue = after
			.catch(() => undefined)
			.then(() => this.#load())
			.catch((error: unknown) => this.#fail(error));
	}

	/** Loading, ready, failed (store error) or unloaded. */
	get state(): RoomState {
		return this.#state;
	}

	/** Rows and bytes of the room's stored log as the room knows it. */
	get size(): LogSize {
		return { ...this.#size };
	}

	/** Resolves when every task queued so far has run (tests, shutdown). */
	idle(): Promise<void> {
		return this.#queue;
	}

	/** Adds a connection; once loaded, the room sends it sync step 1 and the presence. */
	join(conn: Connection): void {
		this.connections.add(conn);
		void this.#enqueue(() => this.#greet(conn));
	}

	/** Removes a connection and the awareness states it controlled. */
	leave(conn: Connection): void {
		this.connections.delete(conn);
		if (conn.awarenessIds.size === 0) return;
		const ids = [...conn.awarenessIds];
		if (this.#state === 'ready') {
			awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
		}
		for (const id of ids) {
			// The clocks of gone clients are not kept either: presence memory stays bounded.
			this.awareness.meta.delete(id);
			if (this.#awarenessOwners.get(id) === conn) this.#awarenessOwners.delete(id);
		}
	}

	/** Queues one message from a connection (already checked against the size limit). */
	receive(conn: Connection, data: Uint8Array): void {
		void this.#enqueue(() => this.#handle(conn, data));
	}

	/**
	 * Compacts the log when it has more than one row, then frees the doc. Call it only
	 * when no client is left; the relay creates a new room for the next one.
	 */
	unload(): Promise<void> {
		const task = this.#queue
			.then(() => (this.#state === 'ready' && this.#size.rows > 1 ? this.#compact() : undefined))
			.catch((error: unknown) => this.#report(error))
			.finally(() => this.#destroy());
		this.#queue = task;
		return task;
	}

	#enqueue(task: () => Promise<void> | void): Promise<void> {
		this.#queue = this.#queue
			// A task queued behind a failure or an unload does not run.
			.then(() => (this.#state === 'ready' ? task() : undefined))
			.catch((error: unknown) => this.#fail(error));
		return this.#queue;
	}

	async #load(): Promise<void> {
		const log = await this.#storeCall('load', () => this.#deps.store.loadRoom(this.id));
		await this.#storeCall('load', async () => {
			this.doc.transact(() => {
				for (const update of log.updates) Y.applyUpdate(this.doc, update);
			});
		});
		this.#size = { rows: log.rows, bytes: log.bytes };
		this.#baseBytes = log.bytes;
		if (this.#state === 'loading') this.#state = 'ready';
		this.#deps.metrics.roomsLoaded++;
	}

	#greet(conn: Connection): void {
		if (conn.closed) return;
		if (this.#size.rows === 0 && !this.#created) {
			// The first client of a room with nothing stored creates it: the relay checks it.
			if (!this.#deps.admitToEmpty(conn)) return;
			this.#created = true;
		}
		conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
		const states = this.awareness.getStates();
		if (states.size > 0) conn.send(encodeAwareness(this.#encodeAwareness([...states.keys()])));
	}

	async #handle(conn: Connection, data: Uint8Array): Promise<void> {
		if (conn.rejected) return;
		try {
			const message = decodeClientMessage(data);
			// An editor's updates queued before its socket closed (a burst, then the page
			// left) are still stored: they were accepted. Nothing else of a closed socket is.
			const isUpdate = message.kind === 'sync-step2' || message.kind === 'update';
			if (conn.closed && !(isUpdate && conn.canEdit)) return;
			switch (message.kind) {
				case 'sync-step1':
					conn.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)));
					this.#sendSaved(conn);
					return;
				case 'sync-step2':
				case 'update':
					if (conn.canEdit) return await this.#applyUpdate(conn, message.update);
					conn.droppedViewerUpdate();
					conn.updatesHandled++;
					this.#sendSaved(conn);
					return;
				case 'awareness':
					return this.#applyAwareness(conn, message.update);
				case 'query-awareness':
					conn.send(encodeAwareness(this.#encodeAwareness([...this.awareness.getStates().keys()])));
					return;
			}
		} catch (error) {
			if (error instanceof StoreFailure) throw error;
			// Anything else came from decoding this client's bytes: only it goes.
			const detail = error instanceof Error ? error.message : String(error);
			conn.reject(CloseCode.malformed, 'malformed', detail);
		}
	}

	async #applyUpdate(conn: Connection, update: Uint8Array): Promise<void> {
		const { maxDocumentBytes } = this.#deps.limits;
		if (this.#size.bytes + update.byteLength > maxDocumentBytes) {
			// The update may be mostly known already (a reconnecting client's step 2).
			const growth = Y.diffUpdate(update, Y.encodeStateVector(this.doc)).byteLength;
			if (this.#size.bytes + growth > maxDocumentBytes && this.#size.rows > 1) {
				await this.#compact();
			}
			if (this.#size.bytes + growth > maxDocumentBytes) {
				conn.reject(
					CloseCode.documentTooLarge,
					'document_too_large',
					`document would reach ${this.#size.bytes + growth} bytes (limit ${maxDocumentBytes})`
				);
				return;
			}
		}
		const emitted: Uint8Array[] = [];
		const collect = (u: Uint8Array) => emitted.push(u);
		this.doc.on('update', collect);
		let malformed: unknown = null;
		try {
			// Trimmed to what the room lacks: works around a Yjs 13.6 integrate crash on
			// re-sent structs (see src/lib/sync/sync-protocol.ts).
			applyUpdateSafely(this.doc, update, conn);
		} catch (error) {
			// Whatever Yjs integrated before it threw is in the doc and in `emitted`: it
			// is stored and published like any other change.
			malformed = error;
		} finally {
			this.doc.off('update', collect);
		}
		if (emitted.length > 0) {
			const change = emitted.length === 1 ? emitted[0] : Y.mergeUpdates(emitted);
			await this.#append(change);
			this.#deps.fanout.publish(this.id, encodeUpdate(change), conn);
			if (!malformed) conn.updatesHandled++;
			this.#queueSaved();
			if (this.#needsCompaction()) await this.#compact();
		} else if (!malformed) {
			// Nothing new (a reconnecting client's step 2): the client still learns it is saved.
			conn.updatesHandled++;
			this.#sendSaved(conn);
		}
		if (malformed) throw new MalformedMessage(`bad update: ${String(malformed)}`);
	}

	#applyAwareness(conn: Connection, update: Uint8Array): void {
		const { maxAwarenessBytes } = this.#deps.limits;
		if (update.byteLength > maxAwarenessBytes) {
			conn.reject(
				CloseCode.awarenessTooLarge,
				'awareness_too_large',
				`awareness update of ${update.byteLength} bytes (limit ${maxAwarenessBytes})`
			);
			return;
		}
		const accepted: AwarenessEntry[] = [];
		for (const entry of decodeAwarenessUpdate(update)) {
			const owner = this.#awarenessOwners.get(entry.clientId);
			// Another connection's presence, or an id past this connection's cap: dropped.
			if (owner !== undefined && owner !== conn) continue;
			if (owner === undefined) {
				if (entry.state === 'null') continue;
				if (conn.awarenessIdsIntroduced >= MAX_AWARENESS_IDS_PER_CONNECTION) continue;
			}
			if (entry.state !== 'null') {
				const depth = jsonDepth(entry.state);
				if (depth > MAX_AWARENESS_DEPTH) {
					conn.reject(
						CloseCode.awarenessTooLarge,
						'awareness_too_deep',
						`awareness state nested ${depth} deep (limit ${MAX_AWARENESS_DEPTH})`
					);
					return;
				}
				try {
					JSON.parse(entry.state);
				} catch {
					throw new MalformedMessage('awareness state is not JSON');
				}
			}
			if (owner === undefined) {
				this.#awarenessOwners.set(entry.clientId, conn);
				conn.awarenessIds.add(entry.clientId);
				conn.awarenessIdsIntroduced++;
			}
			accepted.push(entry);
		}
		if (accepted.length === 0) return;
		awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), conn);
	}

	/**
	 * Encodes the presence of `ids`. A state that cannot be encoded (it passed the checks
	 * on arrival, yet) is dropped and its owner closed: it costs its sender, not the room.
	 */
	#encodeAwareness(ids: number[]): Uint8Array {
		try {
			return awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
		} catch {
			const good = ids.filter((id) => {
				try {
					awarenessProtocol.encodeAwarenessUpdate(this.awareness, [id]);
					return true;
				} catch (error) {
					this.awareness.states.delete(id);
					this.#awarenessOwners
						.get(id)
						?.reject(
							CloseCode.awarenessTooLarge,
							'awareness_unencodable',
							`awareness state cannot be encoded: ${String(error)}`
						);
					return false;
				}
			});
			return awarenessProtocol.encodeAwarenessUpdate(this.awareness, good);
		}
	}

	/**
	 * Each room compacts at its own point between 0.75× and 1.25× the thresholds,
	 * redrawn after every compaction: rooms that started together (a workshop, a
	 * benchmark) must not all stall the event loop at the same moment.
	 */
	#compactJitter = 0.75 + Math.random() * 0.5;

	#needsCompaction(): boolean {
		const { compactRows, compactBytes } = this.#deps.timing;
		const { rows, bytes } = this.#size;
		const factor = this.#compactJitter;
		return (
			rows >= Math.max(2, Math.round(compactRows * factor)) ||
			(rows > 1 && bytes - this.#baseBytes >= compactBytes * factor)
		);
	}

	async #append(update: Uint8Array): Promise<void> {
		const started = performance.now();
		await this.#storeCall('append', () => this.#deps.store.append(this.id, update));
		this.#deps.metrics.observeStoreWrite((performance.now() - started) / 1000);
		this.#size.rows++;
		this.#size.bytes += update.byteLength;
	}

	async #compact(): Promise<void> {
		this.#size = await this.#storeCall('compact', () => this.#deps.store.compact(this.id));
		this.#baseBytes = this.#size.bytes;
		this.#compactJitter = 0.75 + Math.random() * 0.5;
		this.#deps.metrics.compactions++;
	}

	/** One saved message per burst of updates, sent once the queue reaches it. */
	#queueSaved(): void {
		if (this.#savedQueued) return;
		this.#savedQueued = true;
		void this.#enqueue(() => {
			this.#savedQueued = false;
			const stateVector = Y.encodeStateVector(this.doc);
			for (const conn of this.connections) {
				if (conn.peer.saved) conn.send(encodeSaved(stateVector, conn.updatesHandled));
			}
		});
	}

	/** A saved message to one opted-in connection; call only between tasks' store writes. */
	#sendSaved(conn: Connection): void {
		if (conn.peer.saved) conn.send(encodeSaved(Y.encodeStateVector(this.doc), conn.updatesHandled));
	}

	async #storeCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
		try {
			return await call();
		} catch (error) {
			throw new StoreFailure(operation, error);
		}
	}

	#onFanout = (message: Uint8Array, origin: unknown): void => {
		for (const conn of this.connections) if (conn !== origin) conn.send(message);
	};

	#onAwareness = (
		change: { added: number[]; updated: number[]; removed: number[] },
		origin: unknown
	): void => {
		const ids = [...change.added, ...change.updated, ...change.removed];
		const update = this.#encodeAwareness(ids);
		this.#deps.fanout.publish(this.id, encodeAwareness(update), origin);
	};

	#report(error: unknown): void {
		if (error instanceof StoreFailure) {
			this.#deps.metrics.storeErrors++;
			this.#deps.log.error('store-error', {
				room: this.id,
				operation: error.operation,
				error: error.message
			});
		} else {
			this.#deps.log.error('room-error', { room: this.id, error: String(error) });
		}
	}

	#fail(error: unknown): void {
		if (this.#state === 'failed' || this.#state === 'unloaded') {
			this.#report(error);
			return;
		}
		this.#state = 'failed';
		this.#report(error);
		// Only a store failure is reported as one; any other error is the room's own.
		const [code, reason] =
			error instanceof StoreFailure
				? [CloseCode.tryAgainLater, 'store error, try again later']
				: [CloseCode.internalError, 'internal error, try again later'];
		for (const conn of this.connections) conn.close(code, reason);
		this.#deps.onFailed(this);
		this.#destroy();
	}

	#destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		if (this.#state !== 'failed') this.#state = 'unloaded';
		this.#deps.metrics.roomsUnloaded++;
		this.#unsubscribe();
		this.awareness.off('update', this.#onAwareness);
		this.awareness.destroy();
		this.doc.destroy();
	}
}
