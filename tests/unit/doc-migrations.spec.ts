import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	checkMigrations,
	migrate,
	NewerSchemaError,
	read,
	schemaVersion,
	SCHEMA_VERSION,
	importPortfolio,
	type Migration
} from '../../src/lib/doc';
import { northwindPortfolio } from '../helpers/doc-fixtures';

/**
 * Frozen encodings of every older schema: a future migration must still read them.
 * doc-v1.bin is the Northwind sample as imported by the v1 layout. Never regenerate
 * it: add doc-v2.bin next to it when the schema moves on.
 */
function frozen(version: number): Y.Doc {
	const bytes = readFileSync(new URL(`./fixtures/doc-v${version}.bin`, import.meta.url));
	const doc = new Y.Doc();
	Y.applyUpdate(doc, new Uint8Array(bytes));
	return doc;
}

describe('migrate', () => {
	it('initialises an empty doc to the current schema, in one migration transaction', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		expect(schemaVersion(doc)).toBe(0);
		expect(migrate(doc)).toEqual({ from: 0, to: SCHEMA_VERSION });
		expect(schemaVersion(doc)).toBe(SCHEMA_VERSION);
		expect(origins).toEqual([{ source: 'migration' }]);
		expect(migrate(doc)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
		expect(origins).toHaveLength(1);
	});

	it('still reads the frozen v1 doc, unchanged by migrate', () => {
		const doc = frozen(1);
		expect(schemaVersion(doc)).toBe(1);
		migrate(doc);
		expect(read(doc)).toEqual(northwindPortfolio());
	});

	it('refuses a doc from a newer schema with a clear error', () => {
		const doc = new Y.Doc();
		doc.getMap('schema').set(String(SCHEMA_VERSION + 1), true);
		expect(() => migrate(doc)).toThrow(NewerSchemaError);
		expect(() => migrate(doc)).toThrow(/made by a newer Cairn/);
		expect(() => importPortfolio(doc, northwindPortfolio())).toThrow(NewerSchemaError);
	});

	it('runs pending migrations in order, once each, in one transaction', () => {
		const doc = frozen(1);
		const ran: number[] = [];
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		const list: Migration[] = [
			{ id: 1, description: 'v1', up: () => ran.push(1) },
			{
				id: 2,
				description: 'rename',
				up: (d) => (ran.push(2), d.getMap('meta').set('name', 'v2'))
			},
			{ id: 3, description: 'noop', up: () => ran.push(3) }
		];
		expect(migrate(doc, list)).toEqual({ from: 1, to: 3 });
		expect(ran).toEqual([2, 3]);
		expect(transactions).toBe(1);
		expect(schemaVersion(doc)).toBe(3);
		expect(read(doc).name).toBe('v2');
		// This code (v1) now refuses the doc.
		expect(() => migrate(doc)).toThrow(NewerSchemaError);
	});

	it('keeps the higher version when two peers stamp concurrently', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		migrate(a);
		b.getMap('schema').set('1', true);
		b.getMap('schema').set('2', true);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(schemaVersion(a)).toBe(2);
		expect(schemaVersion(b)).toBe(2);
	});

	it('checks that migration ids step by one up to SCHEMA_VERSION', () => {
		const up = () => {};
		expect(() => checkMigrations([{ id: 1, description: '', up }], 1)).not.toThrow();
		expect(() => checkMigrations([{ id: 2, description: '', up }], 2)).toThrow(/expected 1/);
		expect(() =>
			checkMigrations(
				[
					{ id: 1, description: '', up },
					{ id: 3, description: '', up }
				],
				3
			)
		).toThrow(/expected 2/);
		expect(() => checkMigrations([{ id: 1, description: '', up }], 2)).toThrow(/SCHEMA_VERSION/);
	});
});
