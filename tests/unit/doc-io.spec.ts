import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	createPortfolioDoc,
	exportPortfolio,
	exportPortfolioFile,
	importPortfolio,
	read,
	schemaVersion,
	SCHEMA_VERSION
} from '../../src/lib/doc';
import { parsePortfolio } from '../../src/lib/domain/format';
import { FORMAT } from '../../src/lib/domain/types';
import { northwindPortfolio } from '../helpers/doc-fixtures';
import { generatePortfolio } from '../helpers/generate';

const fixture = northwindPortfolio;

/** A copy of the doc through its binary encoding, as a peer or a reload would see it. */
function reload(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

describe('importPortfolio / exportPortfolio', () => {
	it('round-trips the Northwind fixture exactly', () => {
		const portfolio = fixture();
		const doc = importPortfolio(new Y.Doc(), portfolio);
		expect(exportPortfolio(doc)).toEqual(portfolio);
		expect(exportPortfolio(reload(doc))).toEqual(portfolio);
	});

	it('keeps the fixture valid for the interchange format after a round trip', () => {
		const file = exportPortfolioFile(importPortfolio(new Y.Doc(), fixture()));
		expect(file.format).toBe(FORMAT);
		const parsed = parsePortfolio(JSON.parse(JSON.stringify(file)));
		expect(parsed.ok ? [] : parsed.errors).toEqual([]);
	});

	it('round-trips 50 generated portfolios, through the binary encoding too', () => {
		for (let seed = 1; seed <= 50; seed++) {
			const portfolio = generatePortfolio(seed);
			const doc = importPortfolio(new Y.Doc(), portfolio);
			expect(exportPortfolio(doc), `seed ${seed}`).toEqual(portfolio);
			expect(exportPortfolio(reload(doc)), `seed ${seed} (reloaded)`).toEqual(portfolio);
		}
	});

	it('generates portfolios that the interchange format accepts', () => {
		for (let seed = 1; seed <= 50; seed++) {
			const parsed = parsePortfolio({ format: FORMAT, ...generatePortfolio(seed) });
			expect(parsed.ok ? [] : parsed.errors, `seed ${seed}`).toEqual([]);
		}
	});

	it('exports records in the order of their lists, so peers export identical JSON', () => {
		const portfolio = generatePortfolio(7, { projects: 5, roles: 3, periods: 6, criteria: 4 });
		const exported = exportPortfolio(importPortfolio(new Y.Doc(), portfolio));
		for (const project of exported.projects) {
			expect(Object.keys(project.cost)).toEqual(exported.periods.filter((p) => p in project.cost));
			expect(Object.keys(project.demand)).toEqual(
				exported.roles.map((r) => r.id).filter((id) => id in project.demand)
			);
			expect(Object.keys(project.scores)).toEqual(
				exported.criteria.map((c) => c.id).filter((id) => id in project.scores)
			);
		}
	});

	it('imports in exactly one transaction and one update', () => {
		const doc = new Y.Doc();
		let transactions = 0;
		let updates = 0;
		doc.on('afterTransaction', () => transactions++);
		doc.on('update', () => updates++);
		importPortfolio(doc, generatePortfolio(3, { projects: 20 }));
		expect(transactions).toBe(1);
		expect(updates).toBe(1);
	});

	it('tags the import transaction with the import origin (or the one given)', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		importPortfolio(doc, fixture());
		importPortfolio(doc, fixture(), { source: 'local', user: 'ann' });
		expect(origins).toEqual([{ source: 'import' }, { source: 'local', user: 'ann' }]);
	});

	it('replaces the whole previous content', () => {
		const doc = importPortfolio(new Y.Doc(), generatePortfolio(11, { projects: 10 }));
		const next = generatePortfolio(12, { projects: 3 });
		importPortfolio(doc, next);
		expect(read(doc)).toEqual(next);
	});

	it('stamps the current schema version', () => {
		const doc = importPortfolio(new Y.Doc(), fixture());
		expect(schemaVersion(doc)).toBe(SCHEMA_VERSION);
	});

	it('creates an empty, initialised portfolio doc', () => {
		const doc = createPortfolioDoc();
		expect(schemaVersion(doc)).toBe(SCHEMA_VERSION);
		expect(read(doc)).toEqual({
			name: '',
			vision: '',
			mission: '',
			currency: '',
			periods: [],
			objectives: [],
			criteria: [],
			weights: { method: 'direct', values: {} },
			roles: [],
			budget: {},
			projects: [],
			risks: [],
			decisions: [],
			reviews: []
		});
	});
});
