import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CommandError, createUndoManager, moveProject, read, setScores } from '../../src/lib/doc';
import {
	describeProblem,
	parseCellValue,
	parseTable,
	planPaste,
	type PasteColumn,
	type PasteRow
} from '../../src/lib/domain/paste';
import type { Portfolio } from '../../src/lib/domain/types';
import { ScoreGridState, type GridWrite } from '../../src/lib/state/score-grid.svelte';
import { northwindDoc } from '../helpers/doc-fixtures';

const rows: PasteRow[] = [
	{ id: 'p-a', name: 'Alpha' },
	{ id: 'p-b', name: 'Beta' },
	{ id: 'p-c', name: 'Gamma' }
];
const columns: PasteColumn[] = [
	{ id: 'c-roi', name: 'Return', kind: 'score' },
	{ id: 'c-growth', name: 'Growth', kind: 'contribution' },
	{ id: 'c-risk', name: 'Risk', kind: 'score' }
];

describe('parseTable', () => {
	it('splits tab-separated rows, whatever the line endings', () => {
		expect(parseTable('1\t2\n3\t4')).toEqual([
			['1', '2'],
			['3', '4']
		]);
		expect(parseTable('1\t2\r\n3\t4\r\n')).toEqual([
			['1', '2'],
			['3', '4']
		]);
		expect(parseTable('1\r2')).toEqual([['1'], ['2']]);
	});

	it('does not make an empty last row from the trailing newline spreadsheets add', () => {
		expect(parseTable('5\n')).toEqual([['5']]);
		expect(parseTable('')).toEqual([]);
	});

	it('keeps empty cells, so they can clear the cells they land on', () => {
		expect(parseTable('1\t\t3')).toEqual([['1', '', '3']]);
		expect(parseTable('\t2\n')).toEqual([['', '2']]);
	});

	it('reads quoted cells with tabs, newlines and doubled quotes', () => {
		expect(parseTable('"a\tb"\t"line\nbreak"\n"say ""hi"""\tx')).toEqual([
			['a\tb', 'line\nbreak'],
			['say "hi"', 'x']
		]);
	});

	it('treats a quote that does not close a cell as text', () => {
		expect(parseTable('"5 inches\t3')).toEqual([['"5 inches', '3']]);
		expect(parseTable('5"\t3')).toEqual([['5"', '3']]);
	});
});

describe('parseCellValue', () => {
	it('reads scores 0-10 with a dot or a comma, and empty as clearing', () => {
		expect(parseCellValue('7', 'score')).toEqual({ ok: true, value: 7 });
		expect(parseCellValue(' 7.5 ', 'score')).toEqual({ ok: true, value: 7.5 });
		expect(parseCellValue('7,5', 'score')).toEqual({ ok: true, value: 7.5 });
		expect(parseCellValue('', 'score')).toEqual({ ok: true, value: null });
		expect(parseCellValue('10', 'score')).toEqual({ ok: true, value: 10 });
		expect(parseCellValue('-0', 'score')).toEqual({ ok: true, value: 0 });
	});

	it('refuses scores outside 0-10 and text that is not a number', () => {
		expect(parseCellValue('11', 'score')).toMatchObject({ ok: false, message: /between 0 and 10/ });
		expect(parseCellValue('-1', 'score')).toMatchObject({ ok: false });
		expect(parseCellValue('seven', 'score')).toMatchObject({ ok: false, message: /not a number/ });
		expect(parseCellValue('1e1', 'score')).toMatchObject({ ok: false });
		expect(parseCellValue('0x5', 'score')).toMatchObject({ ok: false });
		expect(parseCellValue('Infinity', 'score')).toMatchObject({ ok: false });
	});

	it('reads contributions as 0-3 or their labels', () => {
		expect(parseCellValue('2', 'contribution')).toEqual({ ok: true, value: 2 });
		expect(parseCellValue('Strong', 'contribution')).toEqual({ ok: true, value: 3 });
		expect(parseCellValue('none', 'contribution')).toEqual({ ok: true, value: 0 });
		expect(parseCellValue('4', 'contribution')).toMatchObject({
			ok: false,
			message: /0, 1, 2 or 3/
		});
		expect(parseCellValue('1.5', 'contribution')).toMatchObject({ ok: false });
	});
});

describe('planPaste', () => {
	it('maps a block onto the matrix from the active cell', () => {
		const plan = planPaste({ text: '4\tweak\n6\t3\n', rows, columns, at: { row: 1, column: 0 } });
		expect(plan).toEqual({
			ok: true,
			cells: [
				{ rowId: 'p-b', columnId: 'c-roi', value: 4 },
				{ rowId: 'p-b', columnId: 'c-growth', value: 1 },
				{ rowId: 'p-c', columnId: 'c-roi', value: 6 },
				{ rowId: 'p-c', columnId: 'c-growth', value: 3 }
			]
		});
	});

	it('reports every bad cell by its row and column and plans no write', () => {
		const plan = planPaste({ text: '4\t5\t11\nx\t1\t2', rows, columns, at: { row: 0, column: 0 } });
		expect(plan.ok).toBe(false);
		if (plan.ok) return;
		expect(plan.problems.map(describeProblem)).toEqual([
			'Row 1, column 2 (Alpha × Growth): “5” must be 0, 1, 2 or 3 (none, weak, moderate, strong)',
			'Row 1, column 3 (Alpha × Risk): “11” must be between 0 and 10',
			'Row 2, column 1 (Beta × Return): “x” is not a number'
		]);
	});

	it('refuses a block that does not fit below or right of the active cell', () => {
		const below = planPaste({ text: '1\n2', rows, columns, at: { row: 2, column: 0 } });
		expect(below).toMatchObject({
			ok: false,
			problems: [{ blockRow: 2, blockColumn: 1, message: 'falls below the last project' }]
		});
		const right = planPaste({ text: '1\t2', rows, columns, at: { row: 0, column: 2 } });
		expect(right).toMatchObject({
			ok: false,
			problems: [{ blockRow: 1, blockColumn: 2, message: 'falls right of the last criterion' }]
		});
	});

	it('refuses an empty clipboard', () => {
		expect(planPaste({ text: '', rows, columns, at: { row: 0, column: 0 } }).ok).toBe(false);
	});
});

describe('setScores', () => {
	const project = (doc: Y.Doc, id: string) => read(doc).projects.find((p) => p.id === id);

	it('writes a pasted block (scores and contributions) as one transaction and one undo step', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const before = read(doc);
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		setScores(doc, [
			{ projectId: 'p-crm', criterionId: 'c-roi', value: 9 },
			{ projectId: 'p-crm', criterionId: 'c-growth', value: 3 },
			{ projectId: 'p-portal', criterionId: 'c-risk', value: null },
			{ projectId: 'p-portal', criterionId: 'c-urgency', value: 2.5 }
		]);
		expect(origins).toEqual([{ source: 'local' }]);
		expect(project(doc, 'p-crm')?.scores['c-roi']).toBe(9);
		// c-growth is linked to o-growth: its cell is the contribution.
		expect(project(doc, 'p-crm')?.contributions['o-growth']).toBe(3);
		expect(project(doc, 'p-crm')?.scores['c-growth']).toBeUndefined();
		expect(project(doc, 'p-portal')?.scores['c-risk']).toBeUndefined();
		expect(project(doc, 'p-portal')?.scores['c-urgency']).toBe(2.5);
		undo.undo();
		expect(read(doc)).toEqual(before);
	});

	it('writes nothing when one cell is bad', () => {
		const doc = northwindDoc();
		const before = read(doc);
		let updates = 0;
		doc.on('update', () => updates++);
		const bad = [
			[
				{ projectId: 'p-crm', criterionId: 'c-roi', value: 9 },
				{ projectId: 'p-crm', criterionId: 'c-risk', value: 11 }
			],
			[
				{ projectId: 'p-crm', criterionId: 'c-roi', value: 9 },
				{ projectId: 'p-crm', criterionId: 'c-growth', value: 2.5 }
			],
			[{ projectId: 'p-nope', criterionId: 'c-roi', value: 1 }],
			[{ projectId: 'p-crm', criterionId: 'c-nope', value: 1 }]
		];
		for (const cells of bad) expect(() => setScores(doc, cells)).toThrow(CommandError);
		expect(updates).toBe(0);
		expect(read(doc)).toEqual(before);
	});

	it('names the bad cell in its refusal', () => {
		const doc = northwindDoc();
		expect(() =>
			setScores(doc, [
				{ projectId: 'p-crm', criterionId: 'c-roi', value: 1 },
				{ projectId: 'p-crm', criterionId: 'c-risk', value: 12 }
			])
		).toThrow(/cells\[1\].*c-risk.*between 0 and 10/);
	});
});

describe('ScoreGridState', () => {
	/** A grid over a real doc, wired as the Scores view wires it. */
	function grid(canEdit = true) {
		const doc = northwindDoc();
		let snapshot: Portfolio = read(doc);
		doc.on('update', () => (snapshot = read(doc)));
		const writes: GridWrite[][] = [];
		const state = new ScoreGridState({
			portfolio: () => snapshot,
			canEdit: () => canEdit,
			write: (cells) => {
				writes.push(cells);
				setScores(doc, cells);
			}
		});
		const row = (id: string) => snapshot.projects.findIndex((p) => p.id === id);
		const column = (id: string) => state.columns.findIndex((c) => c.id === id);
		return {
			doc,
			state,
			writes,
			row,
			column,
			project: (id: string) => read(doc).projects.find((p) => p.id === id)!
		};
	}

	it('has a column per criterion, then the computed value', () => {
		const { state } = grid();
		expect(state.columns.map((c) => c.kind)).toEqual([
			'contribution',
			'contribution',
			'contribution',
			'contribution',
			'contribution',
			'score',
			'score',
			'score',
			'value'
		]);
		expect(state.columns.find((c) => c.id === 'c-risk')?.criterionKind).toBe('cost');
		expect(state.textAt(8, 0)).toBe('2 · moderate');
	});

	it('types a value, saves it on Enter and moves down; the value follows', () => {
		const { state, row, column, project, writes } = grid();
		const value = state.values.get('p-crm');
		state.moveTo(row('p-crm'), column('c-urgency'));
		expect(state.startEditing('9')).toBe(true);
		expect(state.commit('down')).toBe(true);
		expect(project('p-crm').scores['c-urgency']).toBe(9);
		expect(writes).toHaveLength(1);
		expect(state.values.get('p-crm')).not.toBe(value);
		expect(state.active).toEqual({ row: row('p-crm') + 1, column: column('c-urgency') });
	});

	it('keeps a bad value in editing with the reason, and Escape drops it', () => {
		const { state, row, column, writes } = grid();
		state.moveTo(row('p-crm'), column('c-growth'));
		state.startEditing('5');
		expect(state.commit('right')).toBe(false);
		expect(state.error).toMatch(/Revenue growth: “5” must be 0, 1, 2 or 3/);
		expect(state.editing).toBe(true);
		state.cancelEditing();
		expect(state.editing).toBe(false);
		expect(writes).toEqual([]);
	});

	it('clears a cell with Delete and never edits the value column', () => {
		const { state, row, column, project } = grid();
		state.moveTo(row('p-crm'), column('c-roi'));
		state.clear();
		expect(project('p-crm').scores['c-roi']).toBeUndefined();
		state.moveTo(row('p-crm'), state.columns.length - 1);
		expect(state.startEditing('5')).toBe(false);
	});

	it('pastes a block in one write, or writes nothing and lists the bad cells', () => {
		const { state, row, column, writes, project } = grid();
		state.moveTo(row('p-crm'), column('c-roi'));
		expect(state.paste('4\t11\nx\t7')).toBe(false);
		expect(state.problems).toHaveLength(2);
		expect(writes).toEqual([]);
		expect(state.paste('4\t5\n6\t7\n')).toBe(true);
		expect(writes).toHaveLength(1);
		expect(writes[0]).toHaveLength(4);
		expect(state.problems).toEqual([]);
		expect(state.message).toBe('Pasted 4 values.');
		expect(project('p-crm').scores['c-roi']).toBe(4);
	});

	it('keeps the active cell on its project when someone re-ranks the list', () => {
		const { state, row, column, doc } = grid();
		state.moveTo(row('p-crm'), column('c-roi'));
		moveProject(doc, 'p-crm', 0);
		expect(state.active).toEqual({ row: 0, column: column('c-roi') });
	});

	it('lets a viewer move around but change nothing', () => {
		const { state, writes } = grid(false);
		state.moveBy(3, 2);
		expect(state.active).toEqual({ row: 3, column: 2 });
		expect(state.startEditing('5')).toBe(false);
		expect(state.paste('1')).toBe(false);
		state.clear();
		expect(writes).toEqual([]);
		expect(state.message).toMatch(/View only/);
	});
});
