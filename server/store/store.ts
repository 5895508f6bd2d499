import * as Y from 'yjs';

/**
 * Where rooms live when no one is connected. The relay only needs these few
 * operations, so a PostgreSQL store can replace the SQLite one without touching the
 * protocol code. Every method may reject; the relay treats a rejection as a store error
 * (logged, counted, the room's clients closed with 1013).
 */
export interface Store {
	/** Every stored update of a room, oldest first (empty for an unknown room). */
	loadRoom(roomId: string): Promise<RoomLog>;
	/** Durably appends one update to a room's log; resolves once it is stored. */
	append(roomId: string, update: Uint8Array): Promise<void>;
	/**
	 * Replaces the rows of a room's log that exist now with one equivalent row. Rows
	 * appended while it runs are kept.
	 */
	compact(roomId: string): Promise<LogSize>;
	/** Every stored room with the size of its log. */
	listRooms(): Promise<RoomInfo[]>;
	/** Finishes pending writes and releases the store. */
	close(): Promise<void>;
	/**
	 * A tiny read and write that rejects while the store cannot serve (for /healthz).
	 * Optional: without it, health rests on the store errors the relay counts.
	 */
	probe?(): Promise<void>;
}

/**
 * The store cannot be opened. The message names the file and says what to do, in one
 * line: the server prints it and exits 1, the CLI prints it and exits 1.
 */
export class StoreOpenError extends Error {}

export interface LogSize {
	/** Rows in the room's log. */
	rows: number;
	/** Sum of the rows' sizes in bytes. */
	bytes: number;
}

export interface RoomLog extends LogSize {
	updates: Uint8Array[];
}

export interface RoomInfo extends LogSize {
	roomId: string;
	/** When the last row was written, in milliseconds since the epoch. */
	updatedAt: number;
}

/**
 * Merges a log into one update. It goes through a fresh `Y.Doc` rather than only
 * `Y.mergeUpdates` so that deleted content is garbage-collected: a log of many edits
 * shrinks to the size of the current document. Pending structs (updates whose
 * dependencies are missing) are kept by `encodeStateAsUpdate`.
 */
export function mergeLog(updates: readonly Uint8Array[]): Uint8Array {
	const doc = new Y.Doc();
	try {
		doc.transact(() => {
			for (const update of updates) Y.applyUpdate(doc, update);
		});
		return Y.encodeStateAsUpdate(doc);
	} finally {
		doc.destroy();
	}
}
