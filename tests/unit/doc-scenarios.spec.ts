import { describe, expect, it } from 'vitest';
import {
	addScenario,
	CommandError,
	createUndoManager,
	deleteProject,
	deleteScenario,
	exportPortfolio,
	importPortfolio,
	promoteScenario,
	rankByOptimum,
	read,
	readScenarios,
	setOptimumDecisions,
	setScenarioCapacity,
	setScenarioDecision,
	setProjectCost,
	setScenarioShift,
	updateProject,
	updateScenario
} from '../../src/lib/doc';
import { applyScenario } from '../../src/lib/domain/scenario';
import { northwindDoc, northwindPortfolio, replica, sync } from '../helpers/doc-fixtures';

describe('scenario commands', () => {
	it('adds a scenario that changes nothing and reads it back', () => {
		const doc = northwindDoc();
		const id = addScenario(doc, { name: ' Hire two ' });
		expect(readScenarios(doc)).toEqual([
			{ id, name: 'Hire two', budgetPercent: 0, capacity: [], decisions: {}, shifts: {} }
		]);
	});

	it('stores every kind of change and reads them as a Scenario', () => {
		const doc = northwindDoc();
		const id = addScenario(doc, { name: 'Lean' });
		updateScenario(doc, id, { budgetPercent: -10 });
		setScenarioCapacity(doc, id, { roleId: 'r-eng', period: '2027-Q3', fte: 2 });
		setScenarioCapacity(doc, id, { roleId: 'r-data', period: null, fte: -1 });
		setScenarioDecision(doc, id, 'p-portal', 'out');
		setScenarioShift(doc, id, 'p-iam', 2);
		expect(readScenarios(doc)[0]).toEqual({
			id,
			name: 'Lean',
			budgetPercent: -10,
			capacity: [
				{ roleId: 'r-data', period: null, fte: -1 },
				{ roleId: 'r-eng', period: '2027-Q3', fte: 2 }
			],
			decisions: { 'p-portal': 'out' },
			shifts: { 'p-iam': 2 }
		});
		setScenarioShift(doc, id, 'p-iam', 0);
		setScenarioDecision(doc, id, 'p-portal', null);
		setScenarioCapacity(doc, id, { roleId: 'r-eng', period: '2027-Q3', fte: null });
		const s = readScenarios(doc)[0];
		expect([s.shifts, s.decisions, s.capacity]).toEqual([
			{},
			{},
			[{ roleId: 'r-data', period: null, fte: -1 }]
		]);
	});

	it('refuses bad input and writes nothing', () => {
		const doc = northwindDoc();
		const id = addScenario(doc, { name: 'X' });
		const before = JSON.stringify(readScenarios(doc));
		expect(() => addScenario(doc, { name: '  ' })).toThrow(CommandError);
		expect(() => updateScenario(doc, id, { budgetPercent: -150 })).toThrow(/between -100/);
		expect(() => setScenarioCapacity(doc, id, { roleId: 'r-none', period: null, fte: 1 })).toThrow(
			/unknown role/
		);
		expect(() =>
			setScenarioCapacity(doc, id, { roleId: 'r-eng', period: '2099-Q1', fte: 1 })
		).toThrow(/unknown period/);
		expect(() => setScenarioShift(doc, id, 'p-wms', 1.5)).toThrow(/whole number/);
		expect(() => setScenarioDecision(doc, id, 'p-none', 'in')).toThrow(/unknown project/);
		expect(() => updateScenario(doc, 's-none', { name: 'Y' })).toThrow(/unknown scenario/);
		expect(JSON.stringify(readScenarios(doc))).toBe(before);
	});

	it('leaves out changes that name a project deleted since', () => {
		const doc = northwindDoc();
		const id = addScenario(doc, { name: 'X' });
		setScenarioShift(doc, id, 'p-wms', -1);
		setScenarioDecision(doc, id, 'p-wms', 'in');
		deleteProject(doc, 'p-wms');
		expect(readScenarios(doc)[0]).toMatchObject({ shifts: {}, decisions: {} });
	});

	it('merges two people editing different fields of one scenario at once', () => {
		const doc = northwindDoc();
		const id = addScenario(doc, { name: 'Growth' });
		const other = replica(doc);
		updateScenario(doc, id, { budgetPercent: 15 });
		setScenarioCapacity(doc, id, { roleId: 'r-eng', period: null, fte: 3 });
		updateScenario(other, id, { name: 'Growth plus' });
		setScenarioShift(other, id, 'p-portal', -1);
		setScenarioCapacity(other, id, { roleId: 'r-ux', period: '2027-Q1', fte: 1 });
		sync(doc, other);
		const expected = {
			id,
			name: 'Growth plus',
			budgetPercent: 15,
			capacity: [
				{ roleId: 'r-eng', period: null, fte: 3 },
				{ roleId: 'r-ux', period: '2027-Q1', fte: 1 }
			],
			decisions: {},
			shifts: { 'p-portal': -1 }
		};
		expect(readScenarios(doc)).toEqual([expected]);
		expect(readScenarios(other)).toEqual([expected]);
	});

	it('converges when one person deletes a scenario another is editing', () => {
		const doc = northwindDoc();
		const id = addScenario(doc, { name: 'Gone' });
		const other = replica(doc);
		deleteScenario(doc, id);
		setScenarioShift(other, id, 'p-portal', -1);
		sync(doc, other);
		expect(readScenarios(doc)).toEqual([]);
		expect(readScenarios(other)).toEqual([]);
	});

	it('is not part of the interchange format', () => {
		const doc = northwindDoc();
		addScenario(doc, { name: 'Workshop only' });
		expect(exportPortfolio(doc)).toEqual(northwindPortfolio());
		importPortfolio(doc, northwindPortfolio());
		expect(readScenarios(doc)).toHaveLength(1);
	});

	it('is undone like any other edit', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		addScenario(doc, { name: 'Undo me' });
		undo.stopCapturing();
		undo.undo();
		expect(readScenarios(doc)).toEqual([]);
	});
});

describe('promoteScenario', () => {
	it('makes the plan what the scenario computes, logs it, in one undo step', () => {
		const doc = northwindDoc();
		const id = addScenario(doc, { name: 'Bigger' });
		updateScenario(doc, id, { budgetPercent: 10 });
		setScenarioCapacity(doc, id, { roleId: 'r-eng', period: '2027-Q2', fte: 2 });
		setScenarioDecision(doc, id, 'p-portal', 'out');
		setScenarioShift(doc, id, 'p-iam', 1);
		const before = read(doc);
		const expected = applyScenario(before, readScenarios(doc)[0]);
		const undo = createUndoManager(doc);

		const logId = promoteScenario(doc, id, { by: 'Ann', at: '2027-01-05' });
		const after = read(doc);
		expect(after.budget).toEqual(expected.budget);
		expect(after.roles).toEqual(expected.roles);
		expect(after.projects).toEqual(expected.projects);
		expect(readScenarios(doc)).toEqual([]);
		const entry = after.decisions.find((d) => d.id === logId)!;
		expect(entry).toMatchObject({
			by: 'Ann',
			at: '2027-01-05',
			title: 'Promoted scenario "Bigger" to the plan'
		});
		expect(entry.rationale).toContain('budget +10 %');
		expect(entry.projectIds.sort()).toEqual(['p-iam', 'p-portal']);

		undo.undo();
		const restored = read(doc);
		expect(restored.budget).toEqual(before.budget);
		expect(restored.projects).toEqual(before.projects);
		expect(restored.decisions).toEqual(before.decisions);
		expect(readScenarios(doc)).toHaveLength(1);
	});
});

describe('start shifts at the edges of the plan', () => {
	it('refuses a shift past the last or first period, naming the project and the edge', () => {
		const doc = northwindDoc();
		const id = addScenario(doc, { name: 'Later' });
		const before = JSON.stringify(readScenarios(doc));
		// Warehouse runs until 2028-Q4, the last period; Robot… starts there too.
		expect(() => setScenarioShift(doc, id, 'p-wms', 1)).toThrow(CommandError);
		expect(() => setScenarioShift(doc, id, 'p-wms', 1)).toThrow(/2028-Q4 is the last period/);
		expect(() => setScenarioShift(doc, id, 'p-crm', -1)).toThrow(/2027-Q1 is the first period/);
		expect(JSON.stringify(readScenarios(doc))).toBe(before);
	});

	it('refuses to promote a shift the plan no longer fits, writing nothing', () => {
		const doc = northwindDoc();
		const id = addScenario(doc, { name: 'Later IAM' });
		setScenarioDecision(doc, id, 'p-portal', 'out');
		setScenarioShift(doc, id, 'p-iam', 1);
		// Since then, IAM got cost in the last period: one period later no longer fits.
		setProjectCost(doc, 'p-iam', '2028-Q4', 5000);
		const before = read(doc);
		const scenarios = readScenarios(doc);
		expect(() => promoteScenario(doc, id)).toThrow(CommandError);
		expect(() => promoteScenario(doc, id)).toThrow(/Later IAM.*last period/);
		expect(read(doc)).toEqual(before);
		expect(readScenarios(doc)).toEqual(scenarios);
	});

	it('keeps a human reason when promoting a decision that does not change', () => {
		const doc = northwindDoc();
		updateProject(doc, 'p-erp', { decisionReason: 'Contract signed' });
		const id = addScenario(doc, { name: 'Same' });
		setScenarioDecision(doc, id, 'p-erp', 'in');
		setScenarioDecision(doc, id, 'p-crm', 'out');
		promoteScenario(doc, id);
		const after = read(doc);
		expect(after.projects.find((p) => p.id === 'p-erp')).toMatchObject({
			decision: 'in',
			decisionReason: 'Contract signed'
		});
		expect(after.projects.find((p) => p.id === 'p-crm')).toMatchObject({
			decision: 'out',
			decisionReason: 'scenario Same'
		});
	});
});

describe('applying the optimum', () => {
	it('ranks and logs in one undo step', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const before = read(doc);
		const ids = before.projects.map((p) => p.id).reverse();
		rankByOptimum(doc, ids, { title: 'Ranked by the optimum', projectIds: ['p-crm'] });
		const after = read(doc);
		expect(after.projects.map((p) => p.id)).toEqual(ids);
		expect(after.decisions.at(-1)).toMatchObject({
			title: 'Ranked by the optimum',
			projectIds: ['p-crm']
		});
		undo.undo();
		expect(read(doc).projects.map((p) => p.id)).toEqual(before.projects.map((p) => p.id));
		expect(read(doc).decisions).toEqual(before.decisions);
	});

	it('sets decisions with the reason "optimiser" and logs them in one undo step', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const before = read(doc);
		setOptimumDecisions(
			doc,
			{ 'p-portal': 'in', 'p-subs': 'out' },
			{ title: 'Decisions set by the optimiser' }
		);
		const after = read(doc);
		const byId = new Map(after.projects.map((p) => [p.id, p]));
		expect(byId.get('p-portal')).toMatchObject({ decision: 'in', decisionReason: 'optimiser' });
		expect(byId.get('p-subs')).toMatchObject({ decision: 'out', decisionReason: 'optimiser' });
		expect(after.decisions).toHaveLength(before.decisions.length + 1);
		expect(() => setOptimumDecisions(doc, { 'p-none': 'in' }, { title: 'x' })).toThrow(
			CommandError
		);
		undo.undo();
		expect(read(doc).projects).toEqual(before.projects);
		expect(read(doc).decisions).toEqual(before.decisions);
	});

	it('logs every project whose decision it wrote, in and out', () => {
		const doc = northwindDoc();
		const name = (id: string) => read(doc).projects.find((p) => p.id === id)!.name;
		setOptimumDecisions(
			doc,
			{ 'p-portal': 'in', 'p-subs': 'out', 'p-wms': 'out' },
			{ title: 'Decisions set by the optimiser', rationale: 'Exact optimum.' }
		);
		const entry = read(doc).decisions.at(-1)!;
		expect([...entry.projectIds].sort()).toEqual(['p-portal', 'p-subs', 'p-wms']);
		expect(entry.rationale).toBe(
			`Exact optimum. In: ${name('p-portal')}; out: ${name('p-subs')}, ${name('p-wms')}.`
		);
	});
});
