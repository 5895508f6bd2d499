import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addProject,
	CommandError,
	createPortfolioDoc,
	createUndoManager,
	moveProject,
	read,
	setProjectOrder
} from '../../src/lib/doc';
import { Rng } from '../helpers/generate';
import { northwindDoc, replica, sync } from '../helpers/doc-fixtures';

const ids = (doc: Y.Doc) => read(doc).projects.map((p) => p.id);

function keys(doc: Y.Doc): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	doc.getMap('projects').forEach((p, id) => (out[id] = (p as Y.Map<unknown>).get('order')));
	return out;
}

function watch(doc: Y.Doc) {
	const log = { transactions: [] as unknown[], updates: 0 };
	doc.on('afterTransaction', (tr: Y.Transaction) => log.transactions.push(tr.origin));
	doc.on('update', () => log.updates++);
	return log;
}

describe('setProjectOrder', () => {
	it('puts every project in the given order as one transaction', () => {
		const doc = northwindDoc();
		const wanted = [...ids(doc)].reverse();
		const log = watch(doc);
		setProjectOrder(doc, wanted);
		expect(ids(doc)).toEqual(wanted);
		expect(log.transactions).toEqual([{ source: 'local' }]);
		expect(log.updates).toBe(1);
	});

	it('is undone in one step, which restores the previous order', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const before = ids(doc);
		const rng = new Rng(7);
		const wanted = rng.shuffle([...before]);
		setProjectOrder(doc, wanted);
		expect(ids(doc)).toEqual(wanted);
		expect(undo.undoStack).toHaveLength(1);
		undo.undo();
		expect(ids(doc)).toEqual(before);
		undo.redo();
		expect(ids(doc)).toEqual(wanted);
	});

	it('re-keys only the projects that must move', () => {
		const doc = northwindDoc();
		const before = ids(doc);
		const oldKeys = keys(doc);
		// Move one project from the bottom to the top: only it needs a new key.
		const wanted = [before.at(-1) as string, ...before.slice(0, -1)];
		setProjectOrder(doc, wanted);
		expect(ids(doc)).toEqual(wanted);
		const newKeys = keys(doc);
		expect(Object.keys(newKeys).filter((id) => newKeys[id] !== oldKeys[id])).toEqual([
			before.at(-1)
		]);
	});

	it('writes nothing when the order is already right', () => {
		const doc = northwindDoc();
		const log = watch(doc);
		setProjectOrder(doc, ids(doc));
		expect(log.updates).toBe(0);
	});

	it('lands any permutation exactly, whatever the keys were', () => {
		for (let seed = 1; seed <= 30; seed++) {
			const rng = new Rng(seed);
			const doc = createPortfolioDoc();
			const n = rng.int(0, 30);
			for (let i = 0; i < n; i++) addProject(doc, { id: `p-${i}`, name: `P${i}` });
			// Some moves first, so keys are not evenly spread.
			for (let i = 0; i < n; i++) moveProject(doc, `p-${rng.int(0, n - 1)}`, rng.int(0, n));
			const wanted = rng.shuffle(ids(doc));
			setProjectOrder(doc, wanted);
			expect(ids(doc), `seed ${seed}`).toEqual(wanted);
		}
	});

	it('copes with projects that share a key (a concurrent-insert tie)', () => {
		const doc = createPortfolioDoc();
		for (const id of ['p-a', 'p-b', 'p-c', 'p-d']) addProject(doc, { id, name: id });
		const map = doc.getMap('projects');
		const key = (map.get('p-a') as Y.Map<unknown>).get('order');
		(map.get('p-b') as Y.Map<unknown>).set('order', key);
		(map.get('p-c') as Y.Map<unknown>).set('order', key);
		setProjectOrder(doc, ['p-c', 'p-d', 'p-b', 'p-a']);
		expect(ids(doc)).toEqual(['p-c', 'p-d', 'p-b', 'p-a']);
	});

	it('re-keys everything when a bad peer left unusable keys', () => {
		const doc = createPortfolioDoc();
		for (const id of ['p-a', 'p-b', 'p-c']) addProject(doc, { id, name: id });
		(doc.getMap('projects').get('p-b') as Y.Map<unknown>).set('order', '');
		setProjectOrder(doc, ['p-c', 'p-b', 'p-a']);
		expect(ids(doc)).toEqual(['p-c', 'p-b', 'p-a']);
	});

	it('leaves unlisted projects where their keys put them', () => {
		const doc = northwindDoc();
		const before = ids(doc);
		const [first, second, ...rest] = before;
		setProjectOrder(doc, [second, first]);
		expect(ids(doc)).toEqual([second, first, ...rest]);
	});

	it('refuses unknown and repeated ids and writes nothing', () => {
		const doc = northwindDoc();
		const before = read(doc);
		const log = watch(doc);
		expect(() => setProjectOrder(doc, ['p-crm', 'p-nope'])).toThrow(CommandError);
		expect(() => setProjectOrder(doc, ['p-crm', 'p-nope'])).toThrow(/unknown project 'p-nope'/);
		expect(() => setProjectOrder(doc, ['p-crm', 'p-crm'])).toThrow(/listed twice/);
		expect(log.updates).toBe(0);
		expect(read(doc)).toEqual(before);
	});

	it('converges with a concurrent move of the same project: nothing lost or duplicated', () => {
		const a = northwindDoc();
		const b = replica(a);
		const sorted = [...ids(a)].reverse();
		setProjectOrder(a, sorted);
		moveProject(b, 'p-crm', 0);
		sync(a, b);
		expect(ids(a)).toEqual(ids(b));
		expect(new Set(ids(a)).size).toBe(24);
		expect(ids(a)).toHaveLength(24);
	});

	it('tags the transaction with the given origin', () => {
		const doc = northwindDoc();
		const log = watch(doc);
		setProjectOrder(doc, [...ids(doc)].reverse(), { origin: { source: 'local', user: 'ann' } });
		expect(log.transactions).toEqual([{ source: 'local', user: 'ann' }]);
	});
});
