import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
	mergeLog,
	StoreOpenError,
	type LogSize,
	type RoomInfo,
	type RoomLog,
	type Store
} from './store';

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
	readonly #probeWrite: Database.Statement<[number]>;
	readonly #probeRead: Database.Statement<[], { at: number; maxId: number | null }>;
	#pending: PendingAppend[] = [];
	#closed = false;
	/**
	 * Why the database was created by this open: `missing` (no file) or `empty` (a
	 * zero-length file, which SQLite treats as a new database); null when it existed.
	 */
	readonly created: 'missing' | 'empty' | null;

	/**
	 * Opens (and creates when needed) `cairn.db` in `dir`; the directory is created too.
	 * Throws {@link StoreOpenError} naming the file and what to do when it cannot be used.
	 */
	constructor(dir: string) {
		this.file = join(dir, DB_FILE);
		this.created = prepareFile(dir, this.file);
		try {
			this.#db = new Database(this.file);
		} catch (error) {
			throw openError(this.file, error);
		}
		try {
			this.#db.pragma('journal_mode = WAL');
			this.#db.pragma('synchronous = NORMAL');
			this.#db.pragma('busy_timeout = 5000');
			const version = this.#db.pragma('user_version', { simple: true }) as number;
			if (version > SCHEMA_VERSION) {
				throw new StoreOpenError(
					`${this.file} has schema version ${version} (a newer cairn wrote it); this cairn understands up to ${SCHEMA_VERSION}: run the newer cairn, or move the file away and restore a backup`
				);
			}
			// The probe table is for /healthz (see probe()); older cairns ignore it.
			this.#db.exec(`
				CREATE TABLE IF NOT EXISTS updates (
					id INTEGER PRIMARY KEY AUTOINCREMENT,
					room TEXT NOT NULL,
					data BLOB NOT NULL,
					created_at INTEGER NOT NULL
				);
				CREATE INDEX IF NOT EXISTS updates_room_id ON updates (room, id);
				CREATE TABLE IF NOT EXISTS probe (id INTEGER PRIMARY KEY, at INTEGER NOT NULL);
				PRAGMA user_version = ${SCHEMA_VERSION};
			`);
			this.#probeWrite = this.#db.prepare('INSERT OR REPLACE INTO probe (id, at) VALUES (1, ?)');
			this.#probeRead = this.#db.prepare(
				'SELECT (SELECT at FROM probe WHERE id = 1) AS at, (SELECT MAX(id) FROM updates) AS maxId'
			);
		} catch (error) {
			this.#db.close();
			throw openError(this.file, error);
		}
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

	/**
	 * A tiny write and read (the probe row, and the newest update's id through the log's
	 * index): throws when the database cannot be written or read, e.g. a full disk, a
	 * file made read-only, damaged pages or a closed store.
	 */
	async probe(): Promise<void> {
		if (this.#closed) throw new Error(`${this.file} is closed`);
		const now = Date.now();
		this.#probeWrite.run(now);
		const row = this.#probeRead.get();
		if (row?.at !== now) throw new Error(`${this.file} did not read back the probe row`);
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

/**
 * Creates the directory and checks the file before SQLite sees it, so that the common
 * mistakes get a message naming the path rather than SQLite's "unable to open database
 * file". Returns why the database is new, if it is.
 */
function prepareFile(dir: string, file: string): 'missing' | 'empty' | null {
	try {
		mkdirSync(dir, { recursive: true });
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST' || code === 'ENOTDIR') {
			throw new StoreOpenError(
				`${dir} is a file, not a directory: point the data directory at a directory (it is created when missing)`
			);
		}
		throw new StoreOpenError(`cannot create the data directory ${dir}: ${message(error)}`);
	}
	let size: number;
	try {
		const stat = statSync(file);
		if (stat.isDirectory()) {
			throw new StoreOpenError(
				`${file} is a directory, not a database file: move it away (a fresh store is created) or restore a backup there`
			);
		}
		size = stat.size;
	} catch (error) {
		if (error instanceof StoreOpenError) throw error;
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
		throw new StoreOpenError(`cannot read ${file}: ${message(error)}`);
	}
	if (size === 0) return 'empty';
	checkHeader(file, size);
	return null;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

/**
 * Reads the 100-byte SQLite header: a file that is not SQLite, or shorter than the
 * pages its header counts (a truncated copy), is refused here. SQLite itself would
 * open a truncated file and fail only when a query reaches a missing page.
 */
function checkHeader(file: string, size: number): void {
	const header = Buffer.alloc(100);
	let read = 0;
	try {
		const fd = openSync(file, 'r');
		try {
			read = readSync(fd, header, 0, 100, 0);
		} finally {
			closeSync(fd);
		}
	} catch (error) {
		throw new StoreOpenError(
			`cannot read ${file}: ${message(error)}; give the server's user read and write access to it`
		);
	}
	if (read < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
		throw new StoreOpenError(
			`${file} is not a SQLite database${read < 100 ? ` (only ${size} bytes)` : ''}: move it away (a fresh store is created) or restore a backup there`
		);
	}
	const rawPageSize = header.readUInt16BE(16);
	const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
	const pages = header.readUInt32BE(28);
	// The page count is valid only when the two change counters agree (SQLite ≥ 3.7.0).
	const countValid = header.readUInt32BE(24) === header.readUInt32BE(92);
	if (countValid && pages > 0 && size < pages * pageSize) {
		throw new StoreOpenError(
			`${file} is truncated (${size} bytes; its header says ${pages * pageSize}): restore a backup, or move it away to start with an empty store`
		);
	}
}

/** SQLite's refusals in words, naming the file and what to do. */
function openError(file: string, error: unknown): StoreOpenError {
	if (error instanceof StoreOpenError) return error;
	const code = (error as { code?: string }).code ?? '';
	if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') {
		return new StoreOpenError(
			`${file} is read-only: give the server's user write access to it and to its directory`
		);
	}
	if (code === 'SQLITE_NOTADB') {
		return new StoreOpenError(
			`${file} is not a SQLite database: move it away (a fresh store is created) or restore a backup there`
		);
	}
	if (code.startsWith('SQLITE_CORRUPT')) {
		return new StoreOpenError(
			`${file} is damaged (${message(error)}): restore a backup, or move it away to start with an empty store`
		);
	}
	if (code.startsWith('SQLITE_CANTOPEN')) {
		return new StoreOpenError(
			`cannot open ${file} (${message(error)}): check that its directory exists and can be written`
		);
	}
	return new StoreOpenError(`cannot open ${file}: ${message(error)}`);
}

function message(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
