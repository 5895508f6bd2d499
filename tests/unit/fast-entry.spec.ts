import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addRole,
	createUndoManager,
	importProjects,
	read,
	setPeriods,
	setPlanCells
} from '../../src/lib/doc';
import { editPlanRow, readPlanRow } from '../../src/lib/domain/plan-row';
import { matchStatus } from '../../src/lib/domain/entry-cell';
import { FastEntryState, NEW_ROW } from '../../src/lib/state/fast-entry.svelte';
import { supplyGrid } from '../../src/lib/state/plan-grid.svelte';
import { northwindDoc, replica, sync } from '../helpers/doc-fixtures';

/** An empty portfolio with four quarters and two roles, and its fast-entry grid. */
function setup() {
	const doc = new Y.Doc();
	setPeriods(doc, ['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4']);
	const eng = addRole(doc, { name: 'Engineers' });
	const ops = addRole(doc, { name: 'Ops' });
	const undo = createUndoManager(doc);
	let writes = 0;
	const grid = new FastEntryState({
		portfolio: () => read(doc),
		canEdit: () => true,
		write: (items) => {
			writes++;
			undo.stopCapturing();
			const ids = importProjects(doc, items);
			undo.stopCapturing();
			return ids;
		}
	});
	const column = (id: string) => grid.columns.findIndex((c) => c.id === id);
	/** Types `text` into the active cell as a keyboard would, then presses Tab or Enter. */
	const type = (text: string, step: 'right' | 'down' = 'right') => {
		for (const key of text) grid.type(key);
		return grid.commit(step);
	};
	return { doc, eng, ops, grid, undo, column, type, writes: () => writes };
}

describe('fast-entry grid', () => {
	it('has the fields, then an FTE column per role and the cost, and an empty last row', () => {
		const { grid } = setup();
		expect(grid.columns.map((c) => c.name)).toEqual([
			'Name',
			'Sponsor',
			'Status',
			'Start',
			'Duration',
			'FTE Engineers',
			'FTE Ops',
			'Cost'
		]);
		expect(grid.rows.map((r) => r.id)).toEqual([NEW_ROW]);
	});

	it('typing a name in the empty row adds a project as one undo step, and Tab stays on it', () => {
		const { doc, grid, undo, type } = setup();
		grid.moveTo(0, 0);
		expect(type('CRM')).toBe(true);
		const p = read(doc);
		expect(p.projects.map((x) => x.name)).toEqual(['CRM']);
		expect(grid.active).toEqual({ row: 0, column: 1 });
		expect(grid.rows.at(-1)?.id).toBe(NEW_ROW);
		undo.undo();
		expect(read(doc).projects).toEqual([]);
	});

	it('a whole row typed with Tab writes sponsor, status and the plan per period', () => {
		const { doc, grid, eng, type } = setup();
		grid.moveTo(0, 0);
		for (const text of ['CRM', 'Ana', 'act', '2027-q2', '2', '3', '', '400 000']) type(text);
		const [crm] = read(doc).projects;
		expect(crm).toMatchObject({ name: 'CRM', sponsor: 'Ana', status: 'active' });
		expect(crm.demand[eng]).toEqual({ '2027-Q2': 3, '2027-Q3': 3 });
		expect(crm.cost).toEqual({ '2027-Q2': 200000, '2027-Q3': 200000 });
		expect(grid.textAt(0, 3)).toBe('2027-Q2');
		expect(grid.textAt(0, 4)).toBe('2');
		expect(grid.textAt(0, 7)).toBe('400,000');
	});

	it('typing into a selected cell replaces its value; F2 edits it appending', () => {
		const { doc, grid, eng, type, column } = setup();
		grid.moveTo(0, 0);
		for (const text of ['CRM', '', '', '2027-Q1', '1', '9']) type(text);
		const fte = column(`fte:${eng}`);
		grid.moveTo(0, fte);
		expect(type('15')).toBe(true);
		expect(read(doc).projects[0].demand[eng]).toEqual({ '2027-Q1': 15 });

		grid.moveTo(0, fte);
		expect(grid.startEditing()).toBe(true);
		expect(grid.draft).toBe('15');
		grid.type('0');
		expect(grid.commit()).toBe(true);
		expect(read(doc).projects[0].demand[eng]).toEqual({ '2027-Q1': 150 });

		grid.moveTo(0, fte);
		grid.type('7');
		grid.cancelEditing();
		expect(grid.textAt(0, fte)).toBe('150');
	});

	it('start and duration move and stretch the plan; a new start alone keeps its shape', () => {
		const { doc, grid, eng, column, type } = setup();
		grid.moveTo(0, 0);
		for (const text of ['CRM', '', '', '2027-Q1', '2', '2', '', '100']) type(text);
		grid.moveTo(0, column('start'));
		type('2027-Q3');
		let crm = read(doc).projects[0];
		expect(crm.demand[eng]).toEqual({ '2027-Q3': 2, '2027-Q4': 2 });
		expect(crm.cost).toEqual({ '2027-Q3': 50, '2027-Q4': 50 });

		grid.moveTo(0, column('start'));
		type('2027-Q2');
		grid.moveTo(0, column('duration'));
		type('3');
		crm = read(doc).projects[0];
		expect(crm.demand[eng]).toEqual({ '2027-Q2': 2, '2027-Q3': 2, '2027-Q4': 2 });
		expect(Object.values(crm.cost).reduce((a, b) => a + b, 0)).toBeCloseTo(100);
	});

	it('a bad value names the row and the column, and nothing is written', () => {
		const { doc, grid, eng, column, type, writes } = setup();
		grid.moveTo(0, 0);
		for (const text of ['CRM', '', '', '2027-Q1', '2']) type(text);
		const before = writes();
		grid.moveTo(0, column(`fte:${eng}`));
		expect(type('3x')).toBe(false);
		expect(grid.error).toBe('Row “CRM”, FTE Engineers: “3x” is not a number. Nothing was saved.');
		expect(writes()).toBe(before);
		grid.cancelEditing();

		grid.moveTo(0, column('duration'));
		expect(type('9')).toBe(false);
		expect(grid.error).toContain('Row “CRM”, Duration: 9 periods from 2027-Q1 run past');
		expect(read(doc).projects[0].demand).toEqual({});
	});

	it('an FTE before any start says what is missing', () => {
		const { grid, column, type, eng } = setup();
		grid.moveTo(0, 0);
		type('CRM');
		grid.moveTo(0, column(`fte:${eng}`));
		expect(type('2')).toBe(false);
		expect(grid.error).toBe('Row “CRM”, FTE Engineers: give the start first');
	});

	it('a block pasted from Excel updates the rows it covers and adds the missing projects', () => {
		const { doc, grid, eng, undo, type } = setup();
		grid.moveTo(0, 0);
		type('CRM');
		grid.moveTo(0, 0);
		const block = [
			'CRM\tAna\tactive\t2027-Q1\t2\t1\t\t1000',
			'ERP\tBo\tproposed\t2027-Q2\t3\t2\t0,5\t3 000',
			'Web\t\t\t2027-Q4\t1\t\t\t'
		].join('\r\n');
		expect(grid.paste(block)).toBe(true);
		const p = read(doc);
		expect(p.projects.map((x) => x.name)).toEqual(['CRM', 'ERP', 'Web']);
		expect(p.projects[1].demand[eng]).toEqual({ '2027-Q2': 2, '2027-Q3': 2, '2027-Q4': 2 });
		expect(p.projects[1].cost).toEqual({ '2027-Q2': 1000, '2027-Q3': 1000, '2027-Q4': 1000 });
		expect(grid.message).toBe('Pasted 19 values, 2 new projects.');
		// The start of Web, typed before any value, is shown and kept for its first FTE.
		expect(grid.textAt(2, 3)).toBe('2027-Q4');
		expect(grid.isPending(2, 3)).toBe(true);
		undo.undo();
		expect(read(doc).projects.map((x) => x.name)).toEqual(['CRM']);
	});

	it('a bad pasted cell writes nothing and is named', () => {
		const { doc, grid } = setup();
		grid.moveTo(0, 0);
		expect(grid.paste('CRM\tAna\tsoon\nERP\t\t\t2031-Q1')).toBe(false);
		expect(grid.problems).toEqual([
			'Row 1, column 3 (new project × Status): “soon” is not a status (proposed, approved, active, on-hold, done, cancelled)',
			'Row 2, column 4 (new project × Start): “2031-Q1” is not a period of the plan (2027-Q1 to 2027-Q4)'
		]);
		expect(read(doc).projects).toEqual([]);
	});

	it('values outside the new row need a name first', () => {
		const { grid, type } = setup();
		grid.moveTo(0, 1);
		expect(type('Ana')).toBe(false);
		expect(grid.error).toBe("New row, Sponsor: type the project's name first");
	});

	it('Delete clears a value, and refuses to clear a name, saying why', () => {
		const { doc, grid, eng, column, type } = setup();
		grid.moveTo(0, 0);
		for (const text of ['CRM', '', '', '2027-Q1', '2', '3']) type(text);
		grid.moveTo(0, column(`fte:${eng}`));
		grid.clear();
		expect(read(doc).projects[0].demand[eng]).toBeUndefined();
		grid.moveTo(0, 0);
		grid.clear();
		expect(grid.problems).toEqual(['Row “CRM”, Name: a project needs a name']);
		expect(read(doc).projects[0].name).toBe('CRM');
	});

	it('two people editing different cells of one project at once both keep their edit', () => {
		const { doc, grid, eng, column, type } = setup();
		grid.moveTo(0, 0);
		for (const text of ['CRM', '', '', '2027-Q1', '2', '3', '', '100']) type(text);
		const other = replica(doc);
		const theirs = new FastEntryState({
			portfolio: () => read(other),
			canEdit: () => true,
			write: (items) => importProjects(other, items)
		});
		grid.moveTo(0, column(`fte:${eng}`));
		type('5');
		theirs.moveTo(0, column('cost'));
		theirs.type('300');
		theirs.commit();
		theirs.moveTo(0, column('sponsor'));
		theirs.type('Bo');
		theirs.commit();
		sync(doc, other);
		for (const d of [doc, other]) {
			const [crm] = read(d).projects;
			expect(crm.sponsor).toBe('Bo');
			expect(crm.demand[eng]).toEqual({ '2027-Q1': 5, '2027-Q2': 5 });
			expect(crm.cost).toEqual({ '2027-Q1': 150, '2027-Q2': 150 });
		}
	});

	it('matchStatus takes ids, labels and unique beginnings', () => {
		expect(matchStatus('On hold')).toBe('on-hold');
		expect(matchStatus('app')).toBe('approved');
		expect(matchStatus('a')).toBeNull();
	});
});

describe('every grid: typing replaces, F2 appends', () => {
	it('the supply grid replaces 9 with 15 rather than making 915', () => {
		const doc = northwindDoc();
		const grid = supplyGrid({
			portfolio: () => read(doc),
			canEdit: () => true,
			write: (cells) => setPlanCells(doc, cells)
		});
		grid.moveTo(0, 0);
		grid.type('9');
		grid.commit('down');
		grid.moveBy(-1, 0);
		grid.type('1');
		grid.type('5');
		grid.commit();
		expect(grid.valueAt(0, 0)).toBe(15);
		grid.startEditing();
		grid.type('0');
		grid.commit();
		expect(grid.valueAt(0, 0)).toBe(150);
		grid.startEditing(undefined, { selectAll: true });
		expect(grid.selectDraft).toBe(true);
		grid.cancelEditing();
		expect(grid.selectDraft).toBe(false);
	});
});

describe('plan rows', () => {
	const periods = ['2027-Q1', '2027-Q2', '2027-Q3'];

	it('reads an uneven plan as its mean and flags it', () => {
		const row = readPlanRow(
			{ cost: { '2027-Q2': 10, '2027-Q3': 30 }, demand: { r: { '2027-Q2': 1, '2027-Q3': 2 } } },
			periods
		);
		expect(row).toEqual({ start: '2027-Q2', duration: 2, fte: { r: 1.5 }, cost: 40, uneven: true });
	});

	it('refuses a start that would push values past the last period', () => {
		const result = editPlanRow({
			project: { cost: { '2027-Q1': 5, '2027-Q2': 5 }, demand: {} },
			periods,
			edit: { start: '2027-Q3' }
		});
		expect(result).toMatchObject({ ok: false, field: 'start' });
	});
});
