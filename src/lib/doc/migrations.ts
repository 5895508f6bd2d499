import type * as Y from 'yjs';
import { MIGRATION, type Origin } from './origins';
import { SCHEMA_VERSION, schemaMap } from './schema';

/**
 * Schema migrations, tldraw style: a list of `{ id, up }` whose ids step by one from
 * 1. A doc records every migration applied to it in the top-level `schema` map
 * (id → true); its version is the highest id. Marks merge as a union, so two peers
 * stamping concurrently can never move a doc back to an older version (a plain
 * last-writer-wins number could).
 *
 * Version 0 is the empty doc: migration 1 initialises the v1 layout.
 */

export interface Migration {
	/** The version this migration produces; the previous one is id - 1. */
	id: number;
	/** What it changes, for the log and the README. */
	description: string;
	/**
	 * Runs inside the migration transaction. Peers may run it concurrently on the
	 * same content, so it must be deterministic and idempotent: derive new keys from
	 * existing data, never from randomness or the clock.
	 */
	up(doc: Y.Doc): void;
}

export const MIGRATIONS: readonly Migration[] = [
	{
		id: 1,
		description: 'v1 layout: every top-level type is created lazily, nothing to write',
		up() {}
	}
];

/** Refused: the doc was written by a newer Cairn; the app says so instead of opening it. */
export class NewerSchemaError extends Error {
	constructor(
		readonly found: number,
		readonly supported: number
	) {
		super(
			`This portfolio was made by a newer Cairn (schema ${found}; this version reads up to ${supported}). Please update Cairn.`
		);
		this.name = 'NewerSchemaError';
	}
}

/**
 * Checks that ids step by one from 1 and end at the current version. Runs once when
 * the module loads, so a bad list fails every test instead of a user's doc.
 */
export function checkMigrations(list: readonly Migration[], version = SCHEMA_VERSION): void {
	list.forEach((m, i) => {
		if (m.id !== i + 1) throw new Error(`migration #${i} has id ${m.id}, expected ${i + 1}`);
	});
	if ((list.at(-1)?.id ?? 0) !== version) {
		throw new Error(`the last migration must have id SCHEMA_VERSION (${version})`);
	}
}

checkMigrations(MIGRATIONS);

/** The doc's schema version: the highest migration applied, 0 for a new doc. */
export function schemaVersion(doc: Y.Doc): number {
	let version = 0;
	schemaMap(doc).forEach((_value, key) => {
		const id = Number(key);
		if (Number.isInteger(id) && id > version) version = id;
	});
	return version;
}

/** Throws NewerSchemaError when the doc is ahead of this code. */
export function assertReadable(doc: Y.Doc, supported = SCHEMA_VERSION): void {
	const version = schemaVersion(doc);
	if (version > supported) throw new NewerSchemaError(version, supported);
}

/** Marks every migration up to `version` as applied (import writes the current layout). */
export function stampSchema(doc: Y.Doc, version = SCHEMA_VERSION): void {
	const schema = schemaMap(doc);
	for (let id = 1; id <= version; id++) if (!schema.has(String(id))) schema.set(String(id), true);
}

export interface MigrationResult {
	from: number;
	to: number;
}

/**
 * Brings a doc up to the current schema: runs the pending migrations in order, in ONE
 * transaction tagged `{ source: 'migration' }` (not undoable, not a user's edit), and
 * initialises an empty doc. Refuses a doc from a newer schema with NewerSchemaError.
 * Call it after the doc has loaded its stored state and, when online, after the first
 * sync, so that it migrates the real content rather than an empty local copy.
 */
export function migrate(
	doc: Y.Doc,
	migrations: readonly Migration[] = MIGRATIONS,
	origin: Origin = MIGRATION
): MigrationResult {
	const latest = migrations.at(-1)?.id ?? 0;
	const from = schemaVersion(doc);
	if (from > latest) throw new NewerSchemaError(from, latest);
	if (from === latest) return { from, to: from };
	doc.transact(() => {
		for (const migration of migrations) {
			if (migration.id <= from) continue;
			migration.up(doc);
			schemaMap(doc).set(String(migration.id), true);
		}
	}, origin);
	return { from, to: latest };
}
