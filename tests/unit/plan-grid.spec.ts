import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	createUndoManager,
	exportPortfolio,
	importPortfolio,
	read,
	setPlanCells,
	updateRole,
	type PlanCell
} from '../../src/lib/doc';
import { parsePortfolioText, serializePortfolio } from '../../src/lib/domain/format';
import { quickPlan } from '../../src/lib/domain/quick-plan';
import { BUDGET_ROW, COST_ROW, demandGrid, supplyGrid } from '../../src/lib/state/plan-grid.svelte';
import { northwindDoc, northwindPortfolio, replica, sync } from '../helpers/doc-fixtures';

function supply(canEdit = true) {
	const doc = northwindDoc();
	const writes: PlanCell[][] = [];
	const grid = supplyGrid({
		portfolio: () => read(doc),
		canEdit: () => canEdit,
		write: (cells) => {
			writes.push(cells);
			setPlanCells(doc, cells);
		}
	});
	const row = (id: string) => grid.rows.findIndex((r) => r.id === id);
	const column = (period: string) => grid.columns.findIndex((c) => c.id === period);
	return { doc, grid, writes, row, column };
}

describe('supply grid', () => {
	it('has a row per role, then the budget, and a column per period', () => {
		const { grid, doc } = supply();
		const p = read(doc);
		expect(grid.rows.map((r) => r.id)).toEqual([...p.roles.map((r) => r.id), BUDGET_ROW]);
		expect(grid.rows.at(-1)?.unit).toBe('money');
		expect(grid.columns.map((c) => c.id)).toEqual(p.periods);
		expect(grid.valueAt(0, 0)).toBe(14);
	});

	it('types a capacity, saves it on Enter and moves down', () => {
		const { grid, doc, row, column } = supply();
		grid.moveTo(row('r-eng'), column('2027-Q2'));
		grid.startEditing('1');
		grid.draft = '16,5';
		expect(grid.commit('down')).toBe(true);
		expect(read(doc).roles[0].capacity['2027-Q2']).toBe(16.5);
		expect(grid.active).toEqual({ row: row('r-data'), column: column('2027-Q2') });
	});

	it('refuses a negative or non-numeric value with a clear message and writes nothing', () => {
		const { grid, writes, row, column } = supply();
		grid.moveTo(row('r-eng'), column('2027-Q1'));
		grid.startEditing('-2');
		expect(grid.commit('down')).toBe(false);
		expect(grid.error).toBe(
			'Software engineering, 2027-Q1: “-2” must not be negative. Nothing was saved.'
		);
		grid.draft = 'lots';
		expect(grid.commit()).toBe(false);
		expect(grid.error).toMatch(/“lots” is not a number/);
		expect(writes).toEqual([]);
	});

	it('fills the rest of a row from the active cell in one write', () => {
		const { grid, doc, writes, row, column } = supply();
		grid.moveTo(row('r-data'), column('2027-Q3'));
		grid.startEditing('7');
		grid.commit();
		expect(grid.fillRight()).toBe(true);
		expect(writes).toHaveLength(2);
		expect(writes[1]).toHaveLength(5);
		const data = read(doc).roles.find((r) => r.id === 'r-data')!;
		expect(data.capacity).toMatchObject({ '2027-Q2': 5, '2027-Q3': 7, '2028-Q4': 7 });
		expect(grid.message).toBe('Filled 5 cells of Data and analytics with 7.');
	});

	it('fills nothing from an empty cell, so a stray Ctrl+R wipes nothing', () => {
		const { grid, writes, row } = supply();
		grid.moveTo(row('r-eng'), 0);
		grid.clear();
		expect(grid.fillRight()).toBe(false);
		expect(grid.message).toMatch(/empty/);
		expect(writes).toHaveLength(1);
	});

	it('pastes a block across roles and the budget as one transaction and one undo step', () => {
		const { grid, doc, row, column } = supply();
		const undo = createUndoManager(doc);
		const before = exportPortfolio(doc);
		grid.moveTo(row('r-ops'), column('2027-Q1'));
		let updates = 0;
		doc.on('update', () => updates++);
		expect(grid.paste('3\t4\r\n1 200 000\t1200000,5\r\n')).toBe(true);
		expect(updates).toBe(1);
		const p = read(doc);
		expect(p.roles.find((r) => r.id === 'r-ops')!.capacity).toMatchObject({
			'2027-Q1': 3,
			'2027-Q2': 4
		});
		expect(p.budget).toMatchObject({ '2027-Q1': 1200000, '2027-Q2': 1200000.5 });
		expect(grid.message).toBe('Pasted 4 values.');
		undo.undo();
		expect(exportPortfolio(doc)).toEqual(before);
	});

	it('refuses a bad block cell by cell and writes nothing', () => {
		const { grid, writes, row, column } = supply();
		grid.moveTo(row(BUDGET_ROW), column('2028-Q3'));
		expect(grid.paste('1\t-2\t3\nx')).toBe(false);
		expect(grid.problems).toEqual([
			'Row 1, column 2 (Budget × 2028-Q4): “-2” must not be negative',
			'Row 1, column 3: “3” falls right of the last period',
			'Row 2, column 1: “x” falls below the last row'
		]);
		expect(writes).toEqual([]);
	});

	it('lets a viewer move but change nothing', () => {
		const { grid, writes } = supply(false);
		grid.moveBy(1, 1);
		expect(grid.startEditing('1')).toBe(false);
		expect(grid.paste('1')).toBe(false);
		expect(grid.fillRight()).toBe(false);
		expect(writes).toEqual([]);
		expect(grid.message).toMatch(/View only/);
	});
});

describe('demand grid', () => {
	it('edits one project: FTE per role, then cost', () => {
		const doc = northwindDoc();
		const projectId = read(doc).projects[0].id;
		const grid = demandGrid({
			portfolio: () => read(doc),
			canEdit: () => true,
			projectId: () => projectId,
			write: (cells) => setPlanCells(doc, cells)
		});
		expect(grid.rows.at(-1)?.id).toBe(COST_ROW);
		grid.moveTo(0, 0);
		expect(grid.paste('1.5\t2\n')).toBe(true);
		grid.moveTo(grid.rows.length - 1, 0);
		grid.startEditing('250000');
		grid.commit();
		const project = read(doc).projects[0];
		expect(project.demand['r-eng']).toMatchObject({ '2027-Q1': 1.5, '2027-Q2': 2 });
		expect(project.cost['2027-Q1']).toBe(250000);
		expect(grid.textAt(grid.rows.length - 1, 0)).toMatch(/^250.000$/);
	});
});

describe('setPlanCells', () => {
	it('checks every cell before writing any', () => {
		const doc = northwindDoc();
		const before = exportPortfolio(doc);
		expect(() =>
			setPlanCells(doc, [
				{ kind: 'budget', period: '2027-Q1', value: 1 },
				{ kind: 'capacity', roleId: 'r-ghost', period: '2027-Q1', value: 1 }
			])
		).toThrow(/unknown role 'r-ghost'/);
		expect(() => setPlanCells(doc, [{ kind: 'budget', period: '2027-Q1', value: -1 }])).toThrow(
			/negative/
		);
		expect(exportPortfolio(doc)).toEqual(before);
	});
});

describe('concurrent planning', () => {
	it('keeps both pastes when two people fill different periods of one role at once', () => {
		const a = northwindDoc();
		const b = replica(a, 2);
		setPlanCells(a, [
			{ kind: 'capacity', roleId: 'r-eng', period: '2027-Q1', value: 20 },
			{ kind: 'demand', projectId: 'p-portal', roleId: 'r-eng', period: '2027-Q1', value: 1 }
		]);
		setPlanCells(b, [
			{ kind: 'capacity', roleId: 'r-eng', period: '2027-Q2', value: 21 },
			{ kind: 'demand', projectId: 'p-portal', roleId: 'r-eng', period: '2027-Q2', value: 2 }
		]);
		sync(a, b);
		for (const doc of [a, b]) {
			const p = read(doc);
			expect(p.roles[0].capacity).toMatchObject({ '2027-Q1': 20, '2027-Q2': 21 });
			expect(p.projects[0].demand['r-eng']).toMatchObject({ '2027-Q1': 1, '2027-Q2': 2 });
		}
		expect(exportPortfolio(a)).toEqual(exportPortfolio(b));
	});
});

describe('quickPlan', () => {
	const periods = ['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4'];

	it('puts the FTE in each period from the start for the duration, cut at the last period', () => {
		const plan = quickPlan({
			periods,
			start: '2027-Q2',
			duration: 5,
			fte: { a: 2, b: 0 },
			spread: 'per-period'
		});
		expect(plan.periods).toEqual(['2027-Q2', '2027-Q3', '2027-Q4']);
		expect(plan.demand).toEqual({ a: { '2027-Q2': 2, '2027-Q3': 2, '2027-Q4': 2 } });
		expect(plan.cost).toBeNull();
	});

	it('spreads a total evenly and fills cost from the rates', () => {
		const plan = quickPlan({
			periods,
			start: '2027-Q1',
			duration: 3,
			fte: { a: 0.3, b: 3 },
			spread: 'total',
			costFrom: [
				{ id: 'a', name: 'A', costRate: 30000 },
				{ id: 'b', name: 'B', costRate: 1000 },
				{ id: 'c', name: 'C' }
			]
		});
		expect(plan.demand).toEqual({
			a: { '2027-Q1': 0.1, '2027-Q2': 0.1, '2027-Q3': 0.1 },
			b: { '2027-Q1': 1, '2027-Q2': 1, '2027-Q3': 1 }
		});
		expect(plan.cost).toEqual({ '2027-Q1': 4000, '2027-Q2': 4000, '2027-Q3': 4000 });
	});

	it('refuses to fill cost when a role given FTE has no cost rate, naming the roles', () => {
		const costFrom = [
			{ id: 'a', name: 'Analysts', costRate: 30000 },
			{ id: 'b', name: 'Builders' },
			{ id: 'c', name: 'Coders' }
		];
		const input = { periods, start: '2027-Q1', duration: 2, spread: 'per-period' } as const;
		expect(() => quickPlan({ ...input, fte: { a: 1, b: 2, c: 1 }, costFrom })).toThrow(
			/Builders, Coders have no cost rate/
		);
		// Without filling cost, or with no FTE on the unrated roles, it is fine.
		expect(quickPlan({ ...input, fte: { a: 1, b: 2 } }).cost).toBeNull();
		expect(quickPlan({ ...input, fte: { a: 1, b: 0 }, costFrom }).cost).toEqual({
			'2027-Q1': 30000,
			'2027-Q2': 30000
		});
	});

	it('refuses an unknown start, a duration below one and negative FTE', () => {
		const base = { periods, start: '2027-Q1', duration: 2, fte: {}, spread: 'per-period' } as const;
		expect(() => quickPlan({ ...base, start: '2030-Q1' })).toThrow(/unknown period/);
		expect(() => quickPlan({ ...base, duration: 0 })).toThrow(/at least 1/);
		expect(() => quickPlan({ ...base, fte: { a: -1 } })).toThrow(/negative/);
	});
});

describe('role cost rate', () => {
	it('is stored on the role, exported as an optional field and read back', () => {
		const doc = northwindDoc();
		updateRole(doc, 'r-eng', { costRate: 32000 });
		const file = exportPortfolio(doc);
		expect(file.roles[0].costRate).toBe(32000);
		expect(file.roles[1]).not.toHaveProperty('costRate');
		const parsed = parsePortfolioText(serializePortfolio(file));
		expect(parsed.ok && parsed.portfolio.roles[0].costRate).toBe(32000);
		expect(parsePortfolioText(serializePortfolio(northwindWith(-1)))).toMatchObject({
			ok: false,
			errors: [{ path: 'roles[0].costRate' }]
		});
		const again = importPortfolio(new Y.Doc(), northwindWith(32000));
		expect(read(again).roles[0].costRate).toBe(32000);
		updateRole(doc, 'r-eng', { costRate: null });
		expect(read(doc).roles[0]).not.toHaveProperty('costRate');
		expect(() => updateRole(doc, 'r-eng', { costRate: -5 })).toThrow(/negative/);
	});
});

function northwindWith(costRate: number) {
	const p = northwindPortfolio();
	p.roles[0].costRate = costRate;
	return p;
}
