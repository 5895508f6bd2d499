import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyPortfolio, parsePortfolioText } from '../../src/lib/domain/format';
import { ceilingOf, fundingLine } from '../../src/lib/domain/funding';
import {
	buildModel,
	compareWithLine,
	describeOptimizeReason,
	frontier,
	FRONTIER_SCALES,
	loadHighs,
	optimize,
	type OptimizeResult
} from '../../src/lib/domain/optimize';
import {
	forcedBreaks,
	forcedSelection,
	meetsConstraints
} from '../../src/lib/domain/optimize-feasibility';
import { prepareOptimize, type OptimizeProblem } from '../../src/lib/domain/optimize-model';
import {
	greedySelection,
	improveSelection,
	repairSelection
} from '../../src/lib/domain/optimize-search';
import { projectValues } from '../../src/lib/domain/scoring';
import type { Portfolio, Project } from '../../src/lib/domain/types';
import { generatePortfolio, Rng } from '../helpers/generate';
import { realisticPortfolio } from '../helpers/optimize-portfolio';

const Q1 = '2027-Q1';
const Q2 = '2027-Q2';

/** A project whose value is 10 × `score` (one benefit criterion, weight 1). */
function project(id: string, score: number, over: Partial<Project> = {}): Project {
	return {
		id,
		name: `Project ${id.toUpperCase()}`,
		description: '',
		sponsor: '',
		status: 'proposed',
		decision: 'auto',
		decisionReason: '',
		cost: {},
		demand: {},
		scores: { value: score },
		contributions: {},
		dependsOn: [],
		excludes: [],
		...over
	};
}

/** Two quarters, a budget of 10 each and one role (eng) with 4 FTE each, unless overridden. */
function portfolio(projects: Project[], over: Partial<Portfolio> = {}): Portfolio {
	return {
		...emptyPortfolio('Optimum'),
		periods: [Q1, Q2],
		criteria: [{ id: 'value', name: 'Value', kind: 'benefit', objectiveId: null }],
		weights: { method: 'direct', values: { value: 1 } },
		roles: [{ id: 'r-eng', name: 'Engineering', capacity: { [Q1]: 4, [Q2]: 4 } }],
		budget: { [Q1]: 10, [Q2]: 10 },
		projects,
		...over
	};
}

function fixture(): Portfolio {
	const text = readFileSync(
		new URL('../../src/lib/fixtures/northwind.cairn.json', import.meta.url)
	);
	const result = parsePortfolioText(text.toString('utf8'));
	if (!result.ok) throw new Error('the fixture should be valid');
	return result.portfolio;
}

/**
 * Formula 5 checked directly from the portfolio, written apart from optimize-model.ts:
 * does this set of ids meet every constraint?
 */
function meets(p: Portfolio, chosen: ReadonlySet<string>): boolean {
	const byId = new Map(p.projects.map((q) => [q.id, q]));
	const active = (q: Project | undefined) => !!q && q.status !== 'done' && q.status !== 'cancelled';
	for (const q of p.projects) {
		const on = chosen.has(q.id);
		if (!active(q) || q.decision === 'out') {
			if (on) return false;
			continue;
		}
		if (q.decision === 'in' && !on) return false;
		if (!on) continue;
		for (const id of q.dependsOn) {
			const d = byId.get(id);
			if (d?.status === 'done') continue;
			if (!d || d.status === 'cancelled' || !chosen.has(id)) return false;
		}
		for (const id of q.excludes)
			if (id !== q.id && active(byId.get(id)) && chosen.has(id)) return false;
	}
	const limitOf = (value: number | undefined) => ceilingOf(typeof value === 'number' ? value : 0);
	const hasBudget = Object.keys(p.budget).length > 0;
	for (const t of p.periods) {
		let cost = 0;
		for (const id of chosen) cost += byId.get(id)!.cost[t] ?? 0;
		if (hasBudget && cost > limitOf(p.budget[t])) return false;
		for (const role of p.roles) {
			let demand = 0;
			for (const id of chosen) demand += byId.get(id)!.demand[role.id]?.[t] ?? 0;
			if (demand > limitOf(role.capacity[t])) return false;
		}
	}
	return true;
}

/** The best value over every subset of the auto projects, or null when none is feasible. */
function bruteForce(p: Portfolio): number | null {
	const values = projectValues(p);
	const active = p.projects.filter((q) => q.status !== 'done' && q.status !== 'cancelled');
	const forced = active.filter((q) => q.decision === 'in').map((q) => q.id);
	const free = active.filter((q) => q.decision === 'auto').map((q) => q.id);
	if (free.length > 14) throw new Error('too many projects to enumerate');
	let best: number | null = null;
	for (let mask = 0; mask < 1 << free.length; mask++) {
		const chosen = new Set(forced);
		free.forEach((id, k) => {
			if (mask & (1 << k)) chosen.add(id);
		});
		if (!meets(p, chosen)) continue;
		let value = 0;
		for (const id of chosen) value += values.get(id)!;
		if (best === null || value > best) best = value;
	}
	return best;
}

function valueOf(p: Portfolio, ids: Iterable<string>): number {
	const values = projectValues(p);
	let sum = 0;
	for (const id of ids) sum += values.get(id)!;
	return sum;
}

function idsOf(problem: OptimizeProblem, selected: Uint8Array): Set<string> {
	return new Set(problem.ids.filter((_, i) => selected[i]));
}

function reasonOf(result: OptimizeResult, id: string) {
	return result.explanations.get(id);
}

describe('optimize: the exact optimum (formula 5)', () => {
	it('beats the ranking where greedy by rank is worse: a knapsack', async () => {
		const p = portfolio([
			project('a', 6, { cost: { [Q1]: 6 } }),
			project('b', 5, { cost: { [Q1]: 5 } }),
			project('c', 5, { cost: { [Q1]: 5 } })
		]);
		const line = fundingLine(p);
		expect([...line.funded]).toEqual(['a']);
		const result = await optimize(p);
		expect(result).toMatchObject({ feasible: true, optimal: true, gap: 0, broken: [] });
		expect(result.selected).toEqual(['b', 'c']);
		expect(result.value).toBeCloseTo(100, 9);
		expect(result.cost).toBe(10);
		expect(compareWithLine(p, result)).toEqual({
			onlyOptimum: ['b', 'c'],
			onlyLine: ['a'],
			lineValue: expect.closeTo(60, 9),
			optimumValue: result.value
		});
		expect(reasonOf(result, 'b')).toEqual({ kind: 'selected', neededBy: [] });
	});

	it('takes a low-value project because a valuable one depends on it', async () => {
		// a (90) needs l (10): together 100 for 9 of the budget beats x (50) + l.
		const p = portfolio([
			project('x', 5, { cost: { [Q1]: 6 } }),
			project('a', 9, { cost: { [Q1]: 5 }, dependsOn: ['l'] }),
			project('l', 1, { cost: { [Q1]: 4 } })
		]);
		const result = await optimize(p);
		expect(result.selected).toEqual(['a', 'l']);
		expect(reasonOf(result, 'l')).toEqual({ kind: 'selected', neededBy: ['a'] });
		expect(reasonOf(result, 'x')).toMatchObject({
			kind: 'does-not-fit',
			binding: [{ kind: 'budget', period: Q1, row: 'budget_2027Q1', needed: 6, tight: false }]
		});
		// Without l, a cannot be taken at all.
		p.projects[2].decision = 'out';
		const without = await optimize(p);
		expect(without.selected).toEqual(['x']);
		expect(reasonOf(without, 'a')).toEqual({
			kind: 'dependency',
			projectId: 'l',
			cancelled: false
		});
		expect(reasonOf(without, 'l')).toEqual({ kind: 'forced-out' });
	});

	it('keeps excluded pairs apart whichever side lists the exclusion', async () => {
		for (const [onA, onB] of [
			[['b'], []],
			[[], ['a']]
		]) {
			const p = portfolio([
				project('a', 4, { excludes: onA }),
				project('b', 6, { excludes: onB }),
				project('c', 1)
			]);
			const result = await optimize(p);
			expect(result.selected).toEqual(['b', 'c']);
			expect(reasonOf(result, 'a')).toEqual({ kind: 'exclusion', projectId: 'b' });
			expect(describeOptimizeReason(reasonOf(result, 'a')!, p)).toBe(
				'excluded by Project B, which is selected'
			);
		}
		// An exclusion by a done or cancelled project does not count.
		const p = portfolio([
			project('a', 4, { excludes: ['b', 'd'] }),
			project('b', 6, { status: 'cancelled' }),
			project('d', 6, { status: 'done' })
		]);
		expect((await optimize(p)).selected).toEqual(['a']);
	});

	it('takes forced-in projects and leaves forced-out ones, whatever their value', async () => {
		const p = portfolio([
			project('big', 10, { cost: { [Q1]: 8 }, decision: 'out' }),
			project('small', 1, { cost: { [Q1]: 6 }, decision: 'in' }),
			project('mid', 5, { cost: { [Q1]: 5 } }),
			project('fit', 3, { cost: { [Q1]: 4 } })
		]);
		const result = await optimize(p);
		expect(result.selected).toEqual(['small', 'fit']);
		expect(reasonOf(result, 'big')).toEqual({ kind: 'forced-out' });
		expect(reasonOf(result, 'small')).toEqual({ kind: 'forced-in' });
		expect(reasonOf(result, 'mid')).toMatchObject({ kind: 'does-not-fit' });
		expect(result.cost).toBe(10);
	});

	it('leaves out done and cancelled projects; a dependency on done is met, on cancelled never', async () => {
		const p = portfolio([
			project('done', 9, { status: 'done', cost: { [Q1]: 10 } }),
			project('gone', 9, { status: 'cancelled', decision: 'in' }),
			project('a', 5, { dependsOn: ['done'] }),
			project('b', 5, { dependsOn: ['gone'] })
		]);
		const result = await optimize(p);
		expect(result.feasible).toBe(true);
		expect(result.selected).toEqual(['a']);
		expect(reasonOf(result, 'done')).toEqual({ kind: 'inactive', status: 'done' });
		expect(reasonOf(result, 'gone')).toEqual({ kind: 'inactive', status: 'cancelled' });
		expect(reasonOf(result, 'b')).toEqual({
			kind: 'dependency',
			projectId: 'gone',
			cancelled: true
		});
		expect(describeOptimizeReason(reasonOf(result, 'b')!, p)).toBe(
			'depends on Project GONE, which is cancelled'
		);
	});

	it('names the capacity row of a role and period that binds, tight when used to the full', async () => {
		const p = portfolio(
			[
				project('a', 6, { demand: { 'r-eng': { [Q2]: 4 } } }),
				project('b', 5, { demand: { 'r-eng': { [Q2]: 2 } } }),
				project('c', 4, { demand: { 'r-ux': { [Q1]: 2 } } }),
				project('d', 3, { demand: { 'r-ux': { [Q1]: 1.5 } } })
			],
			{
				roles: [
					{ id: 'r-eng', name: 'Engineering', capacity: { [Q1]: 4, [Q2]: 4 } },
					{ id: 'r-ux', name: 'Design', capacity: { [Q1]: 3 } }
				]
			}
		);
		const result = await optimize(p);
		expect(result.selected).toEqual(['a', 'c']);
		expect(reasonOf(result, 'b')).toEqual({
			kind: 'does-not-fit',
			binding: [
				{
					kind: 'capacity',
					period: Q2,
					roleId: 'r-eng',
					row: 'cap_r_eng_2027Q2',
					needed: 2,
					available: 0,
					tight: true
				}
			],
			value: 50,
			cost: 0,
			valuePerCost: null
		});
		expect(describeOptimizeReason(reasonOf(result, 'b')!, p)).toBe(
			'does not fit: Engineering 2027-Q2 is fully booked (needs 2 FTE); value 50.0 at no cost'
		);
		expect(reasonOf(result, 'd')).toMatchObject({
			kind: 'does-not-fit',
			binding: [{ roleId: 'r-ux', period: Q1, needed: 1.5, available: 1, tight: false }]
		});
		expect(describeOptimizeReason(reasonOf(result, 'd')!, p)).toContain(
			'Design 2027-Q1: needs 1.5 FTE, 1 left'
		);
	});

	it('has no budget rows when there is no budget at all; a missing budget period is 0', async () => {
		const projects = [
			project('a', 5, { cost: { [Q1]: 1e9 } }),
			project('b', 4, { cost: { [Q2]: 1e9 } }),
			project('c', 3, { cost: { [Q2]: 1 } })
		];
		const open = portfolio(projects, { budget: {} });
		expect(buildModel(open).lp).not.toContain('budget_');
		expect((await optimize(open)).selected).toEqual(['a', 'b', 'c']);
		const onlyQ1 = portfolio(projects, { budget: { [Q1]: 2e9 } });
		const result = await optimize(onlyQ1);
		expect(result.selected).toEqual(['a']);
		expect(reasonOf(result, 'c')).toMatchObject({
			kind: 'does-not-fit',
			binding: [{ kind: 'budget', period: Q2, needed: 1, available: 0, tight: true }]
		});
	});

	it('fits decimals that add up exactly to a limit, as the funding line does', async () => {
		const p = portfolio(
			[
				project('a', 1, { cost: { [Q1]: 0.1 }, demand: { 'r-eng': { [Q1]: 0.1 } } }),
				project('b', 1, { cost: { [Q1]: 0.2 }, demand: { 'r-eng': { [Q1]: 0.2 } } }),
				project('c', 1, { cost: { [Q2]: 383333.33 } }),
				project('d', 1, { cost: { [Q2]: 383333.33 } }),
				project('e', 1, { cost: { [Q2]: 383333.34 } })
			],
			{
				budget: { [Q1]: 0.3, [Q2]: 1150000 },
				roles: [{ id: 'r-eng', name: 'Engineering', capacity: { [Q1]: 0.3 } }]
			}
		);
		expect(0.1 + 0.2).toBeGreaterThan(0.3);
		expect(fundingLine(p).funded.size).toBe(5);
		const result = await optimize(p);
		expect(result.selected).toEqual(['a', 'b', 'c', 'd', 'e']);
	});

	it('is an empty selection of value 0 for a portfolio without projects', async () => {
		const result = await optimize(portfolio([]));
		expect(result).toMatchObject({ feasible: true, value: 0, cost: 0, selected: [], broken: [] });
	});

	it('equals brute force over ~30 seeded portfolios and is never worse than the funding line', async () => {
		const highs = await loadHighs();
		let compared = 0;
		let beatLine = 0;
		for (let seed = 1; seed <= 30; seed++) {
			const p = generatePortfolio(seed, { projects: 12, reviews: 0 });
			// Half the seeds mostly auto, so the optimum has choices and feasibility is common.
			if (seed % 2 === 0) {
				const rng = new Rng(seed);
				for (const q of p.projects) q.decision = rng.bool(0.85) ? 'auto' : q.decision;
			}
			const result = await optimize(p, { highs });
			const best = bruteForce(p);
			const message = `seed ${seed}`;
			expect(result.feasible, message).toBe(best !== null);
			if (best === null) {
				expect(result.broken.length, message).toBeGreaterThan(0);
				continue;
			}
			compared++;
			expect(result.optimal, message).toBe(true);
			expect(meets(p, new Set(result.selected)), message).toBe(true);
			expect(result.value, message).toBeCloseTo(best, 6);
			expect(valueOf(p, result.selected), message).toBeCloseTo(result.value, 9);
			const funded = fundingLine(p).funded;
			if (meets(p, funded)) {
				const lineValue = valueOf(p, funded);
				expect(result.value, message).toBeGreaterThanOrEqual(lineValue - 1e-9);
				if (result.value > lineValue + 1e-9) beatLine++;
				expect(compareWithLine(p, result).lineValue, message).toBeCloseTo(lineValue, 9);
			}
		}
		// The property must have been exercised, not skipped.
		expect(compared).toBeGreaterThanOrEqual(10);
		expect(beatLine).toBeGreaterThan(0);
	});
});

describe('optimize under a time limit', () => {
	it('returns a selection that meets every constraint, never worse than the line', async () => {
		const highs = await loadHighs();
		for (const seed of [5, 6]) {
			const p = generatePortfolio(seed, {
				projects: 40,
				periods: 6,
				roles: 3,
				reviews: 0,
				density: 0.3
			});
			for (const q of p.projects) {
				q.decision = 'auto';
				if (q.status === 'done' || q.status === 'cancelled') q.status = 'active';
			}
			const result = await optimize(p, { highs, timeLimit: 1e-6 });
			expect(result.feasible).toBe(true);
			expect(meets(p, new Set(result.selected))).toBe(true);
			expect(result.optimal || result.gap > 0).toBe(true);
			const funded = fundingLine(p).funded;
			expect(result.value).toBeGreaterThanOrEqual(valueOf(p, funded) - 1e-9);
			const exact = await optimize(p, { highs });
			expect(exact.optimal).toBe(true);
			expect(exact.gap).toBe(0);
			expect(exact.value).toBeGreaterThanOrEqual(result.value - 1e-9);
		}
	});

	it('reports a gap that bounds the optimum, for a selection polished past HiGHS', async () => {
		const highs = await loadHighs();
		for (const seed of [7, 8]) {
			const p = realisticPortfolio(seed, 0.6, 100);
			const problem = prepareOptimize(p);
			const searched = valueOf(
				p,
				idsOf(problem, improveSelection(problem, greedySelection(problem)))
			);
			const exact = await optimize(p, { highs });
			for (const timeLimit of [0.05, 0.3]) {
				const result = await optimize(p, { highs, timeLimit });
				const message = `seed ${seed}, ${timeLimit} s`;
				expect(meets(p, new Set(result.selected)), message).toBe(true);
				expect(result.value, message).toBeGreaterThanOrEqual(searched - 1e-9);
				expect(result.value, message).toBeLessThanOrEqual(exact.value + 1e-9);
				// Whatever the gap says, the optimum lies within it.
				const bound = result.value + result.gap * Math.max(1, result.value);
				expect(exact.value, message).toBeLessThanOrEqual(bound + 1e-6);
				if (result.optimal) expect(result.value, message).toBeCloseTo(exact.value, 6);
			}
		}
	});
});

describe('optimize: infeasible when forced projects alone break a constraint', () => {
	it('names every broken constraint', async () => {
		const p = portfolio(
			[
				project('a', 5, {
					name: 'ERP upgrade',
					decision: 'in',
					cost: { [Q1]: 700000 },
					demand: { 'r-eng': { [Q2]: 9 } },
					dependsOn: ['gone', 'lake'],
					excludes: ['b']
				}),
				project('b', 5, {
					name: 'CRM',
					decision: 'in',
					cost: { [Q1]: 600000 },
					demand: { 'r-eng': { [Q2]: 6 } }
				}),
				project('gone', 5, { name: 'Old portal', status: 'cancelled' }),
				project('lake', 5, { name: 'Data lake', decision: 'out' }),
				project('c', 9, { cost: { [Q1]: 1 } })
			],
			{
				budget: { [Q1]: 1150000, [Q2]: 1150000 },
				roles: [{ id: 'r-eng', name: 'Software engineering', capacity: { [Q1]: 14, [Q2]: 14 } }]
			}
		);
		const result = await optimize(p);
		expect(result.feasible).toBe(false);
		expect(result.optimal).toBe(false);
		expect(result.selected).toEqual([]);
		expect(result.value).toBe(0);
		expect(result.broken).toEqual([
			'dependency: ERP upgrade is forced in but depends on cancelled Old portal',
			'dependency: ERP upgrade is forced in but depends on Data lake, which is forced out',
			'exclusion: ERP upgrade and CRM are both forced in',
			'budget 2027-Q1: forced-in projects need €1.3m, €1.15m available',
			'Software engineering 2027-Q2: forced-in projects need 15 FTE, 14 available'
		]);
		expect(reasonOf(result, 'c')).toEqual({ kind: 'infeasible' });
		expect(reasonOf(result, 'a')).toEqual({ kind: 'forced-in' });
		// HiGHS agrees on the model itself.
		const highs = await loadHighs();
		expect(highs.solve(buildModel(p).lp).Status).toBe('Infeasible');
	});

	it('follows dependencies of forced-in projects: what they need is forced too', async () => {
		const p = portfolio([
			project('a', 5, { decision: 'in', cost: { [Q1]: 4 }, dependsOn: ['b'] }),
			project('b', 1, { cost: { [Q1]: 7 }, dependsOn: ['c'] }),
			project('c', 1, { excludes: ['a'] })
		]);
		const result = await optimize(p);
		expect(result.feasible).toBe(false);
		expect(result.broken).toEqual([
			'exclusion: Project A and Project C are both required by forced-in projects',
			'budget 2027-Q1: forced-in projects and what they depend on need €11, €10 available'
		]);
	});

	it('shows enough digits to tell the need from what is available', async () => {
		const p = portfolio([project('a', 5, { decision: 'in', cost: { [Q1]: 1150001 } })], {
			budget: { [Q1]: 1150000, [Q2]: 1150000 }
		});
		expect((await optimize(p)).broken).toEqual([
			'budget 2027-Q1: forced-in projects need €1.150001m, €1.15m available'
		]);
	});
});

describe('buildModel: the MILP in CPLEX LP text', () => {
	it('writes readable, LP-legal row names and describes every row', () => {
		const p = portfolio(
			[
				project('p-crm', 5, {
					cost: { [Q1]: 3 },
					demand: { 'r-eng': { [Q1]: 1 } },
					dependsOn: ['p.web']
				}),
				project('p.web', 4, { decision: 'in', excludes: ['p-crm?'] }),
				project('p-crm?', 3, { decision: 'out', cost: { [Q1]: 1 } })
			],
			{ budget: { [Q1]: 10 } }
		);
		const model = buildModel(p);
		expect([...model.rows.keys()]).toEqual([
			'budget_2027Q1',
			'cap_r_eng_2027Q1',
			'dep_p_crm_p_web',
			'excl_p_web_p_crm_'
		]);
		expect([...model.rows.values()].map((r) => r.description)).toEqual([
			'budget 2027-Q1',
			'Engineering 2027-Q1',
			'dependency: Project P-CRM needs Project P.WEB',
			'exclusion: Project P.WEB and Project P-CRM?'
		]);
		expect([...model.columns]).toEqual([
			['x_p_crm', 'p-crm'],
			['x_p_web', 'p.web'],
			['x_p_crm_', 'p-crm?']
		]);
		expect(model.lp).toContain(` budget_2027Q1: + 3 x_p_crm + 1 x_p_crm_ <= ${ceilingOf(10)}`);
		expect(model.lp).toContain(' x_p_web = 1');
		expect(model.lp).toContain(' x_p_crm_ = 0');
		expect(model.lp).toContain(' 0 <= x_p_crm <= 1');
		// A budget scale multiplies the budget, not the capacity.
		expect(buildModel(p, { budgetScale: 0.5 }).lp).toContain(`<= ${ceilingOf(5)}`);
		expect(buildModel(p, { budgetScale: 0.5 }).lp).toContain(
			`cap_r_eng_2027Q1: + 1 x_p_crm <= ${ceilingOf(4)}`
		);
	});

	it('solves in HiGHS to the value optimize reports', async () => {
		const p = fixture();
		const highs = await loadHighs();
		const solved = highs.solve(buildModel(p).lp, { mip_rel_gap: 0 });
		expect(solved.Status).toBe('Optimal');
		expect(solved.ObjectiveValue).toBeCloseTo((await optimize(p, { highs })).value, 6);
	});

	it('loads HiGHS once', async () => {
		expect(await loadHighs()).toBe(await loadHighs());
	});
});

describe('frontier: the optimum for budgets scaled by 0, 0.1, …, 1.5 (formula 6)', () => {
	it('has 16 points in scale order, value never falls, k = 1 is the optimum', async () => {
		const p = fixture();
		const highs = await loadHighs();
		const points = await frontier(p, { highs });
		expect(points.map((q) => q.scale)).toEqual([
			0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5
		]);
		expect(FRONTIER_SCALES).toHaveLength(16);
		for (let k = 1; k < points.length; k++) {
			if (points[k - 1].feasible) expect(points[k].feasible).toBe(true);
			expect(points[k].value).toBeGreaterThanOrEqual(points[k - 1].value - 1e-9);
		}
		const optimum = await optimize(p, { highs });
		expect(points[10]).toMatchObject({
			scale: 1,
			feasible: true,
			selected: optimum.selected,
			cost: optimum.cost
		});
		expect(points[10].value).toBeCloseTo(optimum.value, 9);
		for (const point of points) {
			if (!point.feasible) continue;
			const scaled = {
				...p,
				budget: Object.fromEntries(p.periods.map((t) => [t, (p.budget[t] ?? 0) * point.scale]))
			};
			expect(meets(scaled, new Set(point.selected)), `k = ${point.scale}`).toBe(true);
		}
	});

	it('takes only zero-cost projects (and zero-cost forced ones) at k = 0', async () => {
		const p = portfolio([
			project('free', 2, { demand: { 'r-eng': { [Q1]: 1 } } }),
			project('paid', 9, { cost: { [Q2]: 1 } }),
			project('forced', 1, { decision: 'in' }),
			project('cheap', 5, { cost: { [Q1]: 0.5 } })
		]);
		const points = await frontier(p);
		expect(points[0]).toMatchObject({
			scale: 0,
			feasible: true,
			selected: ['free', 'forced'],
			cost: 0
		});
		expect(points[1].selected).toEqual(['free', 'paid', 'forced', 'cheap']);
		// A forced-in project that costs money makes k = 0 infeasible, not wrong.
		p.projects[2].cost = { [Q1]: 0.5 };
		const again = await frontier(p, { scales: [0, 1] });
		expect(again[0]).toMatchObject({ feasible: false, value: 0, cost: 0, selected: [] });
		expect(again[1].feasible).toBe(true);
	});

	it('equals the optimum solved on its own at every scale, over seeded portfolios', async () => {
		// Points are solved from the top budget down and a higher point's selection is
		// reused where it still fits: each must still be the optimum at its own scale.
		const highs = await loadHighs();
		for (let seed = 200; seed < 204; seed++) {
			const p = realisticPortfolio(seed, 0.6, 14);
			const points = await frontier(p, { highs, scales: [0, 0.4, 0.8, 1, 1.2, 1.5, 2, 4] });
			for (const point of points) {
				const alone = await optimize(p, { highs, budgetScale: point.scale });
				expect(point.optimal, `seed ${seed}, k = ${point.scale}`).toBe(true);
				expect(point.value, `seed ${seed}, k = ${point.scale}`).toBeCloseTo(alone.value, 9);
			}
			// Past the point where the budget binds, the points are one and the same.
			expect(points[7].selected).toEqual(points[6].selected);
		}
	});

	it('takes the point of a given optimum as is and solves a portfolio without budget once', async () => {
		const highs = await loadHighs();
		const p = realisticPortfolio(210, 0.6, 14);
		const optimum = await optimize(p, { highs });
		// A worse selection handed in as "the optimum" shows that k = 1 is not solved again
		// (HiGHS would prove the optimum of 14 projects); the local search that keeps value
		// from falling as the budget grows may still better it, never past the optimum.
		const handed = { ...optimum, selected: optimum.selected.slice(1), optimal: false };
		handed.value = valueOf(p, handed.selected);
		const points = await frontier(p, { highs, optimum: handed });
		expect(points[10].optimal).toBe(false);
		expect(points[10].value).toBeGreaterThanOrEqual(handed.value - 1e-9);
		expect(points[10].value).toBeLessThanOrEqual(optimum.value + 1e-9);
		expect(points[9].value).toBeLessThanOrEqual(optimum.value + 1e-9);

		const free = { ...p, budget: {} };
		const best = await optimize(free, { highs });
		const flat = await frontier(free, { highs });
		for (const point of flat) {
			expect(point).toMatchObject({ optimal: true, selected: best.selected });
		}
	});

	it('never loses value as the budget grows when a time limit stops the solves', async () => {
		const highs = await loadHighs();
		const p = realisticPortfolio(7, 0.6, 120);
		const points = await frontier(p, { highs, timeLimit: 1e-3 });
		for (let k = 1; k < points.length; k++)
			expect(points[k].value, `k = ${points[k].scale}`).toBeGreaterThanOrEqual(
				points[k - 1].value - 1e-9
			);
		for (const point of points) {
			const scaled = {
				...p,
				budget: Object.fromEntries(p.periods.map((t) => [t, (p.budget[t] ?? 0) * point.scale]))
			};
			expect(meets(scaled, new Set(point.selected)), `k = ${point.scale}`).toBe(true);
		}
	});

	it('never loses value as the budget grows, over seeded portfolios', async () => {
		const highs = await loadHighs();
		for (let seed = 100; seed < 104; seed++) {
			const p = generatePortfolio(seed, { projects: 10, reviews: 0 });
			for (const q of p.projects) if (q.decision === 'in') q.decision = 'auto';
			const points = await frontier(p, { highs });
			expect(points).toHaveLength(16);
			for (let k = 1; k < points.length; k++)
				expect(points[k].value, `seed ${seed}`).toBeGreaterThanOrEqual(points[k - 1].value - 1e-9);
		}
	});
});

describe('starts for HiGHS: greedy fill, local search, repair (optimize-search)', () => {
	/** Seeded portfolios of every kind: forced, out, done, cancelled, dependencies, exclusions. */
	function problems(): { p: Portfolio; problem: OptimizeProblem; message: string }[] {
		const out: { p: Portfolio; problem: OptimizeProblem; message: string }[] = [];
		for (let seed = 1; seed <= 24; seed++) {
			const p =
				seed % 3 === 0
					? realisticPortfolio(seed, 0.5, 60)
					: generatePortfolio(seed, { projects: 30, reviews: 0, density: 0.3 });
			if (seed % 3 === 1) for (const q of p.projects) if (q.decision === 'in') q.decision = 'auto';
			const problem = prepareOptimize(p);
			if (forcedBreaks(problem).length === 0) out.push({ p, problem, message: `seed ${seed}` });
		}
		return out;
	}

	it('improveSelection meets every constraint and never loses value; it gains on some', () => {
		const cases = problems();
		let gained = 0;
		for (const { p, problem, message } of cases) {
			const greedy = greedySelection(problem);
			expect(meets(p, idsOf(problem, greedy)), message).toBe(true);
			const improved = improveSelection(problem, greedy);
			expect(meets(p, idsOf(problem, improved)), message).toBe(true);
			const before = valueOf(p, idsOf(problem, greedy));
			const after = valueOf(p, idsOf(problem, improved));
			expect(after, message).toBeGreaterThanOrEqual(before - 1e-9);
			if (after > before + 1e-9) gained++;
		}
		expect(cases.length).toBeGreaterThanOrEqual(12);
		expect(gained).toBeGreaterThan(0);
	});

	it('repairSelection makes any selection meet every constraint and keeps the forced ones', () => {
		let cut = 0;
		for (const { p, problem, message } of problems()) {
			const rng = new Rng(problem.ids.length);
			const forced = forcedSelection(problem);
			// Everything at once, and random halves (which may pick out, done or rival projects).
			const everything = new Uint8Array(problem.ids.length).fill(1);
			const half = Uint8Array.from(problem.ids, () => +rng.bool(0.5));
			for (const selection of [everything, half]) {
				const repaired = repairSelection(problem, selection);
				expect(meets(p, idsOf(problem, repaired)), message).toBe(true);
				forced.forEach((on, i) => {
					if (on) expect(repaired[i], `${message}: ${problem.ids[i]}`).toBe(1);
				});
				repaired.forEach((on, i) => {
					if (on && !forced[i]) expect(selection[i], message).toBe(1);
				});
				if (!meetsConstraints(problem, selection)) cut++;
			}
		}
		expect(cut).toBeGreaterThan(0);
	});

	it('repairSelection cuts the optimum of a larger budget down to one that fits a smaller budget', async () => {
		const highs = await loadHighs();
		for (let seed = 30; seed < 34; seed++) {
			const p = realisticPortfolio(seed, 0.6, 40);
			const above = await optimize(p, { highs, budgetScale: 1.5 });
			const problem = prepareOptimize(p, { budgetScale: 0.5 });
			const selected = Uint8Array.from(problem.ids, (id) => +above.selected.includes(id));
			expect(meetsConstraints(problem, selected), `seed ${seed}`).toBe(false);
			const repaired = repairSelection(problem, selected);
			expect(meetsConstraints(problem, repaired), `seed ${seed}`).toBe(true);
			const exact = await optimize(p, { highs, budgetScale: 0.5 });
			const value = valueOf(p, idsOf(problem, improveSelection(problem, repaired)));
			expect(value, `seed ${seed}`).toBeLessThanOrEqual(exact.value + 1e-9);
			expect(value, `seed ${seed}`).toBeGreaterThan(0);
		}
	});
});

/**
 * DESIGN's performance budget for the optimiser (500 projects × 24 periods × 12 roles:
 * optimum ≤ 2 s, frontier ≤ 10 s) is measured here, not asserted:
 * `CAIRN_MEASURE_OPTIMIZE=1 npx vitest run tests/unit/optimize.spec.ts`.
 */
describe.skipIf(!process.env.CAIRN_MEASURE_OPTIMIZE)('optimize at DESIGN scale (measured)', () => {
	async function time<T>(what: () => Promise<T>): Promise<[T, number]> {
		const start = performance.now();
		const value = await what();
		return [value, performance.now() - start];
	}

	it('reports the time of the optimum and the frontier', async () => {
		const highs = await loadHighs();
		const limit = Number(process.env.CAIRN_MEASURE_LIMIT ?? 2);
		const raw = generatePortfolio(7, {
			projects: 500,
			periods: 24,
			roles: 12,
			criteria: 20,
			reviews: 0
		});
		const [rawResult, rawMs] = await time(() => optimize(raw, { highs }));
		console.log(`generator as is: ${rawMs.toFixed(0)} ms, feasible ${rawResult.feasible}`);
		for (const share of [0.3, 0.6]) {
			const p = realisticPortfolio(7, share);
			const [result, ms] = await time(() => optimize(p, { highs, timeLimit: limit }));
			const gap = (result.gap * 100).toFixed(2);
			console.log(
				`realistic, share ${share}: optimum ${ms.toFixed(0)} ms, optimal ${result.optimal}, gap ${gap} %, ${result.selected.length} selected`
			);
			const [points, fms] = await time(() => frontier(p, { highs, timeLimit: limit / 4 }));
			const proven = points.filter((q) => q.optimal).length;
			console.log(`  frontier ${fms.toFixed(0)} ms, ${proven} of 16 points proven optimal`);
		}
	}, 600_000);
});
