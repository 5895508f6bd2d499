import { describe, expect, it } from 'vitest';
import { emptyPortfolio } from '../../src/lib/domain/format';
import { fundingLine } from '../../src/lib/domain/funding';
import {
	applyScenario,
	applyScenarioWithNotes,
	emptyScenario,
	isEmptyScenario,
	summarizeSelection,
	type Scenario
} from '../../src/lib/domain/scenario';
import type { Portfolio, Project } from '../../src/lib/domain/types';

const PERIODS = ['2027-Q1', '2027-Q2', '2027-Q3'];
const [Q1, Q2, Q3] = PERIODS;

function project(id: string, over: Partial<Project> = {}): Project {
	return {
		id,
		name: id.toUpperCase(),
		description: '',
		sponsor: '',
		status: 'proposed',
		decision: 'auto',
		decisionReason: '',
		cost: {},
		demand: {},
		scores: {},
		contributions: {},
		dependsOn: [],
		excludes: [],
		...over
	};
}

function plan(over: Partial<Portfolio> = {}): Portfolio {
	return {
		...emptyPortfolio('What if'),
		periods: PERIODS,
		objectives: [
			{ id: 'o-grow', parentId: null, title: 'Grow', description: '', owner: '', kpis: [] }
		],
		criteria: [
			{ id: 'c-grow', name: 'Growth', kind: 'benefit', objectiveId: 'o-grow' },
			{ id: 'c-fit', name: 'Fit', kind: 'benefit', objectiveId: null }
		],
		weights: { method: 'direct', values: { 'c-grow': 0.5, 'c-fit': 0.5 } },
		roles: [{ id: 'r-eng', name: 'Engineering', capacity: { [Q1]: 4, [Q2]: 4, [Q3]: 4 } }],
		budget: { [Q1]: 100, [Q2]: 100, [Q3]: 100 },
		projects: [
			project('a', {
				cost: { [Q1]: 60, [Q2]: 30 },
				demand: { 'r-eng': { [Q1]: 3, [Q2]: 1 } },
				scores: { 'c-fit': 10 },
				contributions: { 'o-grow': 3 }
			}),
			project('b', {
				cost: { [Q1]: 60 },
				demand: { 'r-eng': { [Q1]: 2 } },
				scores: { 'c-fit': 4 }
			})
		],
		...over
	};
}

function scenario(over: Partial<Scenario>): Scenario {
	return { ...emptyScenario('s-1', 'Test'), ...over };
}

describe('applyScenarioWithNotes: start shifts follow the schedule rule', () => {
	it('does not apply a shift that would push cost or demand past the last period, and says so', () => {
		const p = plan();
		// a spans Q1..Q2: two periods later would push Q2's cost past Q3.
		const { portfolio: out, notApplied } = applyScenarioWithNotes(
			p,
			scenario({ shifts: { a: 2 } })
		);
		expect(out.projects[0].cost).toEqual(p.projects[0].cost);
		expect(out.projects[0].demand).toEqual(p.projects[0].demand);
		expect(notApplied).toHaveLength(1);
		expect(notApplied[0].projectId).toBe('a');
		expect(notApplied[0].message).toMatch(/“A”.*last period/);
	});

	it('does not apply a shift past the first period', () => {
		const { notApplied } = applyScenarioWithNotes(plan(), scenario({ shifts: { b: -1 } }));
		expect(notApplied.map((n) => n.message)).toEqual([expect.stringMatching(/first period/)]);
	});

	it('applies a shift that fits with nothing to report', () => {
		const { portfolio: out, notApplied } = applyScenarioWithNotes(
			plan(),
			scenario({ shifts: { a: 1 } })
		);
		expect(notApplied).toEqual([]);
		expect(out.projects[0].cost).toEqual({ [Q2]: 60, [Q3]: 30 });
	});
});

describe('applyScenario', () => {
	it('changes nothing and keeps project identity for an empty scenario', () => {
		const p = plan();
		const out = applyScenario(p, emptyScenario('s', 'Nothing'));
		expect(out.budget).toEqual(p.budget);
		expect(out.projects[0]).toBe(p.projects[0]);
		expect(out.roles[0]).toBe(p.roles[0]);
		expect(isEmptyScenario(emptyScenario('s', 'Nothing'))).toBe(true);
	});

	it('scales every period of the budget by the percentage', () => {
		const out = applyScenario(plan(), scenario({ budgetPercent: 20 }));
		expect(out.budget).toEqual({ [Q1]: 120, [Q2]: 120, [Q3]: 120 });
	});

	it('leaves a portfolio without budget without limit', () => {
		const out = applyScenario(plan({ budget: {} }), scenario({ budgetPercent: -50 }));
		expect(out.budget).toEqual({});
	});

	it('adds FTE in one period or in every period, never below zero', () => {
		const out = applyScenario(
			plan(),
			scenario({
				capacity: [
					{ roleId: 'r-eng', period: Q2, fte: 2 },
					{ roleId: 'r-eng', period: null, fte: -5 },
					{ roleId: 'r-gone', period: null, fte: 3 }
				]
			})
		);
		expect(out.roles[0].capacity).toEqual({ [Q1]: 0, [Q2]: 1, [Q3]: 0 });
		expect(out.roles).toHaveLength(1);
	});

	it('keeps the reason of a decision the scenario forces to what it already is', () => {
		const p = plan();
		p.projects[0] = { ...p.projects[0], decision: 'in', decisionReason: 'Board mandate' };
		const out = applyScenario(p, scenario({ name: 'Lean', decisions: { a: 'in' } }));
		expect(out.projects[0]).toBe(p.projects[0]);
		expect(out.projects[0].decisionReason).toBe('Board mandate');
	});

	it('overrides decisions with a reason naming the scenario', () => {
		const out = applyScenario(plan(), scenario({ name: 'Lean', decisions: { b: 'in', a: 'out' } }));
		expect(out.projects.map((p) => [p.decision, p.decisionReason])).toEqual([
			['out', 'scenario Lean'],
			['in', 'scenario Lean']
		]);
	});

	it('shifts cost and demand of a project, and the funding line follows', () => {
		const p = plan();
		// Both start in Q1 and together need 120 of a 100 budget: only a is funded.
		expect([...fundingLine(p).funded]).toEqual(['a']);
		const out = applyScenario(p, scenario({ shifts: { b: 2 } }));
		expect(out.projects[1].cost).toEqual({ [Q3]: 60 });
		expect(out.projects[1].demand).toEqual({ 'r-eng': { [Q3]: 2 } });
		expect(out.projects[0]).toBe(p.projects[0]);
		expect([...fundingLine(out).funded].sort()).toEqual(['a', 'b']);
	});

	it('does not change its input', () => {
		const p = plan();
		const before = JSON.stringify(p);
		applyScenario(
			p,
			scenario({
				budgetPercent: 10,
				shifts: { a: 1 },
				capacity: [{ roleId: 'r-eng', period: null, fte: 1 }]
			})
		);
		expect(JSON.stringify(p)).toBe(before);
	});
});

describe('summarizeSelection', () => {
	it('adds value, cost and value per objective, and names over-allocations', () => {
		const p = plan();
		const s = summarizeSelection(p, ['a', 'b', 'unknown']);
		expect(s.projectIds).toEqual(['a', 'b']);
		expect(s.cost).toBe(150);
		// a: 50 (growth 3/3) + 50 (fit 10/10); b: 20 (fit 4/10).
		expect(s.value).toBeCloseTo(120, 9);
		expect(s.valueByObjective).toEqual([
			{ objectiveId: 'o-grow', value: 50 },
			{ objectiveId: null, value: 70 }
		]);
		expect(s.overAllocations).toEqual([
			{ kind: 'budget', period: Q1, roleId: null, used: 120, limit: 100 },
			{ kind: 'capacity', period: Q1, roleId: 'r-eng', used: 5, limit: 4 }
		]);
	});

	it('finds no over-allocation in what the funding line funds when nothing is forced', () => {
		const p = plan();
		expect(summarizeSelection(p, fundingLine(p).funded).overAllocations).toEqual([]);
	});
});
