import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	adoptComparisons,
	clearJudgements,
	CommandError,
	createUndoManager,
	deleteCriterion,
	exportPortfolio,
	importPortfolio,
	read,
	readJudgements,
	renameParticipant,
	setJudgement
} from '../../src/lib/doc';
import { northwindDoc, northwindPortfolio, replica, sync } from '../helpers/doc-fixtures';

const ann = { id: 'u-ann', name: 'Ann' };
const bob = { id: 'u-bob', name: 'Bob' };

describe('setJudgement', () => {
	it('keeps both participants’ judgements of the same pair when they judge at once', () => {
		const doc = northwindDoc();
		const other = replica(doc);
		setJudgement(doc, ann, 'c-growth', 'c-nps', 3);
		setJudgement(other, bob, 'c-nps', 'c-growth', 5);
		sync(doc, other);
		const expected = [
			{
				participantId: 'u-ann',
				name: 'Ann',
				comparisons: [{ a: 'c-growth', b: 'c-nps', value: 3 }]
			},
			{
				participantId: 'u-bob',
				name: 'Bob',
				comparisons: [{ a: 'c-nps', b: 'c-growth', value: 5 }]
			}
		];
		expect(readJudgements(doc)).toEqual(expected);
		expect(readJudgements(other)).toEqual(expected);
	});

	it('keeps one judgement per participant and pair, whichever way round it is given', () => {
		const doc = northwindDoc();
		setJudgement(doc, ann, 'c-growth', 'c-nps', 3);
		setJudgement(doc, ann, 'c-nps', 'c-growth', 2);
		expect(readJudgements(doc)[0].comparisons).toEqual([{ a: 'c-nps', b: 'c-growth', value: 2 }]);
		setJudgement(doc, ann, 'c-growth', 'c-nps', null);
		expect(readJudgements(doc)).toEqual([]);
	});

	it('lists comparisons in criteria order and participants by name', () => {
		const doc = northwindDoc();
		setJudgement(doc, { id: 'u-zed', name: 'Zed' }, 'c-risk', 'c-urgency', 2);
		setJudgement(doc, { id: 'u-zed', name: 'Zed' }, 'c-growth', 'c-nps', 2);
		setJudgement(doc, ann, 'c-growth', 'c-risk', 4);
		const all = readJudgements(doc);
		expect(all.map((p) => p.name)).toEqual(['Ann', 'Zed']);
		expect(all[1].comparisons.map((c) => c.a)).toEqual(['c-growth', 'c-risk']);
	});

	it('refuses unknown criteria, a pair of one criterion and values off the Saaty scale', () => {
		const doc = northwindDoc();
		const before = Y.encodeStateVector(doc);
		expect(() => setJudgement(doc, ann, 'c-growth', 'c-nope', 3)).toThrow(CommandError);
		expect(() => setJudgement(doc, ann, 'c-growth', 'c-growth', 3)).toThrow(CommandError);
		expect(() => setJudgement(doc, ann, 'c-growth', 'c-nps', 10)).toThrow(CommandError);
		expect(() => setJudgement(doc, { id: '', name: 'x' }, 'c-growth', 'c-nps', 3)).toThrow(
			CommandError
		);
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});

	it('skips judgements of a deleted criterion', () => {
		const doc = northwindDoc();
		setJudgement(doc, ann, 'c-growth', 'c-nps', 3);
		setJudgement(doc, ann, 'c-growth', 'c-risk', 3);
		deleteCriterion(doc, 'c-risk');
		expect(readJudgements(doc)[0].comparisons).toEqual([{ a: 'c-growth', b: 'c-nps', value: 3 }]);
	});

	it('deleting a criterion removes its judgements from the doc in the same undo step', () => {
		const doc = northwindDoc();
		setJudgement(doc, ann, 'c-growth', 'c-nps', 3);
		setJudgement(doc, bob, 'c-risk', 'c-growth', 5);
		setJudgement(doc, bob, 'c-nps', 'c-risk', 2);
		const judgements = doc.getMap('judgements');
		const undo = createUndoManager(doc, { captureTimeout: 0 });
		deleteCriterion(doc, 'c-risk');
		expect([...judgements.values()]).toEqual([
			{ participant: 'u-ann', a: 'c-growth', b: 'c-nps', value: 3 }
		]);
		expect(
			[...doc.getMap('comparisons').values()].some((c) => JSON.stringify(c).includes('c-risk'))
		).toBe(false);
		undo.undo();
		expect(judgements.size).toBe(3);
		expect(readJudgements(doc).find((p) => p.name === 'Bob')?.comparisons).toHaveLength(2);
	});

	it('is workshop state: not exported, not cleared by an import', () => {
		const doc = northwindDoc();
		const before = exportPortfolio(doc);
		setJudgement(doc, ann, 'c-growth', 'c-nps', 3);
		expect(exportPortfolio(doc)).toEqual(before);
		importPortfolio(doc, northwindPortfolio());
		expect(readJudgements(doc)).toHaveLength(1);
	});
});

describe('clearJudgements', () => {
	it('removes one participant’s judgements and name, and nobody else’s', () => {
		const doc = northwindDoc();
		setJudgement(doc, ann, 'c-growth', 'c-nps', 3);
		setJudgement(doc, ann, 'c-growth', 'c-cost', 2);
		setJudgement(doc, bob, 'c-growth', 'c-nps', 1);
		clearJudgements(doc, 'u-ann');
		expect(readJudgements(doc).map((p) => p.participantId)).toEqual(['u-bob']);
		// A fresh judgement after clearing starts a new entry with the name given then.
		setJudgement(doc, { id: 'u-ann', name: 'Ann B.' }, 'c-growth', 'c-nps', 2);
		expect(readJudgements(doc)[0].name).toBe('Ann B.');
	});

	it('is one undoable step', () => {
		const doc = northwindDoc();
		setJudgement(doc, ann, 'c-growth', 'c-nps', 3);
		setJudgement(doc, ann, 'c-growth', 'c-cost', 2);
		const undo = createUndoManager(doc, { captureTimeout: 0 });
		clearJudgements(doc, 'u-ann');
		undo.undo();
		expect(readJudgements(doc)[0].comparisons).toHaveLength(2);
	});
});

describe('renameParticipant', () => {
	it('changes the name the room sees', () => {
		const doc = northwindDoc();
		setJudgement(doc, ann, 'c-growth', 'c-nps', 3);
		renameParticipant(doc, { id: 'u-ann', name: 'Ann Lee' });
		expect(readJudgements(doc)[0].name).toBe('Ann Lee');
	});
});

describe('adoptComparisons', () => {
	const group = [
		{ a: 'c-growth', b: 'c-nps', value: 2.5 },
		{ a: 'c-risk', b: 'c-growth', value: 0.5 }
	];

	it('switches to pairwise and replaces every comparison in one transaction', () => {
		const doc = importPortfolio(new Y.Doc(), {
			...northwindPortfolio(),
			weights: { method: 'direct', values: { 'c-growth': 1 } }
		});
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		adoptComparisons(doc, group);
		expect(transactions).toBe(1);
		expect(read(doc).weights).toEqual({ method: 'pairwise', comparisons: group });
	});

	it('is undone as one step, bringing back the previous weights', () => {
		const doc = northwindDoc();
		const before = read(doc).weights;
		const undo = createUndoManager(doc, { captureTimeout: 0 });
		adoptComparisons(doc, group);
		expect(read(doc).weights).toEqual({ method: 'pairwise', comparisons: group });
		undo.undo();
		expect(read(doc).weights).toEqual(before);
		expect(undo.canUndo()).toBe(false);
	});

	it('keeps the place of pairs that stay', () => {
		const doc = northwindDoc();
		const next = read(doc).weights;
		if (next.method !== 'pairwise') throw new Error('sample is pairwise');
		const changed = next.comparisons.map((c, i) => (i === 3 ? { ...c, value: 5 } : c));
		adoptComparisons(doc, [...changed].reverse());
		expect(read(doc).weights).toEqual({ method: 'pairwise', comparisons: changed });
	});

	it('refuses a pair given twice or an unknown criterion, leaving the doc as it was', () => {
		const doc = northwindDoc();
		const before = Y.encodeStateVector(doc);
		expect(() =>
			adoptComparisons(doc, [
				{ a: 'c-growth', b: 'c-nps', value: 2 },
				{ a: 'c-nps', b: 'c-growth', value: 0.5 }
			])
		).toThrow(/given twice/);
		expect(() => adoptComparisons(doc, [{ a: 'c-growth', b: 'c-x', value: 2 }])).toThrow(
			CommandError
		);
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});
});
