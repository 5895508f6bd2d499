import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { mergeLog, type LogSize, type RoomInfo, type RoomLog, type Store } from './store';

/** The database file inside the data directory. */
export const DB_FILE = 'cairn.db';

const SCHEMA_VERSION = 1;

interface PendingAppend {
	roomId: string;
	update: Uint8Array;
	resolve: () => void;
	reject: (error: unknown) => void;
}

/**
 * The embedded store: one SQLite file in WAL mode with `synchronous = NORMAL` (see
 * server/README.md for why), one row per accepted update.
 *
 * Appends are group-committed: those made in one turn of the event loop are written in
 * one transaction just after it (`setImmediate`), and each promise settles only when
 * that transaction has committed (or failed). Many rooms' updates then share WAL pages
 * and commits. Every other method first writes what is pending, so reads see every
 * append that was asked for.
 */
export class SqliteStore implements Store {
	readonly file: string;
	readonly #db: Database.Database;
	readonly #insert: Database.Statement<[string, Uint8Array, number]>;
	readonly #select: Database.Statement<[string], { id: number; data: Buffer }>;
	readonly #deleteUpTo: Database.Statement<[string, number]>;
	readonly #size: Database.Statement<[string], LogSize>;
	readonly #insertBatch: (batch: PendingAppend[], now: number) => void;
	#pending: PendingAppend[] = [];
	#closed = false;

	/** Opens (and creates when needed) `cairn.db` in `dir`; the directory is created too. */
	constructor(dir: string) {
		mkdirSync(dir, { recursive: true });
		this.file = join(dir, DB_FILE);
		this.#db = new Database(this.file);
		this.#db.pragma('journal_mode = WAL');
		this.#db.pragma('synchronous = NORMAL');
		this.#db.pragma('busy_timeout = 5000');
		const version = this.#db.pragma('user_version', { simple: true }) as number;
		if (version > SCHEMA_VERSION) {
			this.#db.close();
			throw new Error(
				`${this.file} has schema version ${version}; this cairn understands up to ${SCHEMA_VERSION}`
			);
		}
		this.#db.exec(`
			CREATE TABLE IF NOT EXISTS updates (
				id INTEGER PRIMARY KEY AUTOINCREMENT,
				room TEXT NOT NULL,
				data BLOB NOT NULL,
				created_at INTEGER NOT NULL
			);
			CREATE INDEX IF NOT EXISTS updates_room_id ON updates (room, id);
			PRAGMA user_version = ${SCHEMA_VERSION};
		`);
		this.#insert = this.#db.prepare(
			'INSERT INTO updates (room, data, created_at) VALUES (?, ?, ?)'
		);
		this.#select = this.#db.prepare('SELECT id, data FROM updates WHERE room = ? ORDER BY id');
		this.#deleteUpTo = this.#db.prepare('DELETE FROM updates WHERE room = ? AND id <= ?');
		this.#size = this.#db.prepare(
			'SELECT COUNT(*) AS rows, COALESCE(SUM(LENGTH(data)), 0) AS bytes FROM updates WHERE room = ?'
		);
		this.#insertBatch = this.#db.transaction((batch: PendingAppend[], now: number) => {
			for (const { roomId, update } of batch) this.#insert.run(roomId, update, now);
		});
	}

	/** Every stored update of a room, oldest first. */
	async loadRoom(roomId: string): Promise<RoomLog> {
		this.flush();
		const { updates, bytes } = this.readLog(roomId);
		return { updates, rows: updates.length, bytes };
	}

	/** Appends one row; resolves once the commit is in the WAL (see the class comment). */
	append(roomId: string, update: Uint8Array): Promise<void> {
		if (this.#closed) return Promise.reject(new Error(`${this.file} is closed`));
		return new Promise((resolve, reject) => {
			if (this.#pending.length === 0) setImmediate(() => this.flush());
			this.#pending.push({ roomId, update, resolve, reject });
		});
	}

	/** Commits the pending appends now, in one transaction, and settles their promises. */
	flush(): void {
		if (this.#pending.length === 0) return;
		const batch = this.#pending;
		this.#pending = [];
		try {
			this.#insertBatch(batch, Date.now());
		} catch (error) {
			for (const append of batch) append.reject(error);
			return;
		}
		for (const append of batch) append.resolve();
	}

	/** Merges the rows that exist now into one row; see {@link replaceLog}. */
	async compact(roomId: string): Promise<LogSize> {
		const log = this.readLog(roomId);
		if (log.updates.length > 1) this.replaceLog(roomId, log.maxId, mergeLog(log.updates));
		return this.size(roomId);
	}

	/**
	 * First half of a compaction: the room's rows and the highest id among them. The
	 * merge may run between this and {@link replaceLog} without holding a lock.
	 */
	readLog(roomId: string): { updates: Uint8Array[]; maxId: number; bytes: number } {
		this.flush();
		const rows = this.#select.all(roomId);
		let bytes = 0;
		const updates = rows.map((row) => {
			bytes += row.data.byteLength;
			return new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength);
		});
		return { updates, maxId: rows.length ? rows[rows.length - 1].id : 0, bytes };
	}

	/**
	 * Second half of a compaction, in one transaction: deletes exactly the rows up to
	 * `maxId` (those that were merged) and inserts the merged row. A row appended since
	 * {@link readLog}, by this process or another, has a larger id and survives.
	 */
	replaceLog(roomId: string, maxId: number, merged: Uint8Array): void {
		this.flush();
		this.#db.transaction(() => {
			this.#deleteUpTo.run(roomId, maxId);
			this.#insert.run(roomId, merged, Date.now());
		})();
	}

	/** Rows and bytes of a room's log. */
	size(roomId: string): LogSize {
		this.flush();
		const row = this.#size.get(roomId);
		return { rows: row?.rows ?? 0, bytes: row?.bytes ?? 0 };
	}

	/** Every stored room, most recently written first. */
	async listRooms(): Promise<RoomInfo[]> {
		this.flush();
		return this.#db
			.prepare(
				`SELECT room AS roomId, COUNT(*) AS rows, SUM(LENGTH(data)) AS bytes,
					MAX(created_at) AS updatedAt
				FROM updates GROUP BY room ORDER BY updatedAt DESC`
			)
			.all() as RoomInfo[];
	}

	/**
	 * Checkpoints the WAL into the database file and closes it. Safe to call twice. A
	 * checkpoint that another process blocks is not an error: the WAL stays valid and
	 * the next opener replays it.
	 */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.flush();
		this.#closed = true;
		try {
			this.#db.pragma('wal_checkpoint(TRUNCATE)');
		} finally {
			this.#db.close();
		}
	}
}
