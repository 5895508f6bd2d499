import { describe, expect, it } from 'vitest';
import { project } from '../helpers/projects';
import { emptyPortfolio } from '../../src/lib/domain/format';
import { describeFundingReason, fundingLine, prepareFunding } from '../../src/lib/domain/funding';
import type { PerPeriod, Portfolio, Project } from '../../src/lib/domain/types';
import { generatePortfolio, Rng } from '../helpers/generate';

const Q1 = '2027-Q1';
const Q2 = '2027-Q2';

/** Two quarters, a budget of 100 each and one role (eng) with 4 FTE each, unless overridden. */
function portfolio(projects: Project[], over: Partial<Portfolio> = {}): Portfolio {
	return {
		...emptyPortfolio('Funding'),
		periods: [Q1, Q2],
		roles: [{ id: 'eng', name: 'Engineering', capacity: { [Q1]: 4, [Q2]: 4 } }],
		budget: { [Q1]: 100, [Q2]: 100 },
		projects,
		...over
	};
}

const ids = (set: Set<string>) => [...set].sort();

describe('fundingLine: the strict waterline', () => {
	it('stops at the first project that does not fit; everything below is unfunded', () => {
		const result = fundingLine(
			portfolio([
				project('a', { cost: { [Q1]: 60 } }),
				project('b', { cost: { [Q1]: 50 } }),
				project('c', { cost: { [Q1]: 10 } }),
				project('d', { cost: { [Q1]: 45 } })
			])
		);
		expect(ids(result.funded)).toEqual(['a']);
		expect(result.line).toBe('b');
		expect(result.reasons.get('a')).toEqual({ kind: 'fits' });
		expect(result.reasons.get('b')).toEqual({
			kind: 'budget',
			period: Q1,
			needed: 50,
			available: 40
		});
		// c would have fitted on its own; d would not.
		expect(result.reasons.get('c')).toEqual({ kind: 'below-line' });
		expect(result.reasons.get('d')).toMatchObject({ kind: 'budget', period: Q1, needed: 45 });
	});

	it('funds everything and draws no line when all fits', () => {
		const result = fundingLine(
			portfolio([project('a', { cost: { [Q1]: 50 } }), project('b', { cost: { [Q1]: 50 } })])
		);
		expect(ids(result.funded)).toEqual(['a', 'b']);
		expect(result.line).toBeNull();
	});

	it('checks role demand against capacity, a period missing from capacity counting as 0', () => {
		const result = fundingLine(
			portfolio(
				[
					project('a', { demand: { eng: { [Q1]: 2 } } }),
					project('b', { demand: { eng: { [Q1]: 1, [Q2]: 0.5 } } })
				],
				{ roles: [{ id: 'eng', name: 'Engineering', capacity: { [Q1]: 4 } }] }
			)
		);
		expect(ids(result.funded)).toEqual(['a']);
		expect(result.line).toBe('b');
		expect(result.reasons.get('b')).toEqual({
			kind: 'capacity',
			roleId: 'eng',
			period: Q2,
			needed: 0.5,
			available: 0
		});
		expect(describeFundingReason(result.reasons.get('b')!, portfolio([]))).toBe(
			'not enough Engineering in 2027-Q2: needs 0.5 FTE, 0 left'
		);
	});

	it('names the first period that breaks, the budget before the roles', () => {
		const result = fundingLine(
			portfolio([
				project('a', { cost: { [Q2]: 90 }, demand: { eng: { [Q1]: 3 } } }),
				project('b', { cost: { [Q2]: 20 }, demand: { eng: { [Q1]: 2, [Q2]: 9 } } }),
				project('c', { cost: { [Q1]: 101 }, demand: { eng: { [Q1]: 9 } } })
			])
		);
		expect(result.reasons.get('b')).toMatchObject({ kind: 'capacity', period: Q1, available: 1 });
		expect(result.reasons.get('c')).toMatchObject({ kind: 'budget', period: Q1, needed: 101 });
	});

	it('counts a period missing from a non-empty budget as 0', () => {
		const result = fundingLine(
			portfolio([project('a', { cost: { [Q1]: 10 } }), project('b', { cost: { [Q2]: 1 } })], {
				budget: { [Q1]: 100 }
			})
		);
		expect(result.line).toBe('b');
		expect(result.reasons.get('b')).toEqual({
			kind: 'budget',
			period: Q2,
			needed: 1,
			available: 0
		});
		expect(result.periods.map((p) => p.budget)).toEqual([100, 0]);
	});

	it('has no budget limit when the budget is empty or absent', () => {
		const projects = [project('a', { cost: { [Q1]: 1e9 } }), project('b', { cost: { [Q2]: 1e9 } })];
		for (const budget of [{}, undefined as unknown as PerPeriod]) {
			const result = fundingLine(portfolio(projects, { budget }));
			expect(ids(result.funded)).toEqual(['a', 'b']);
			expect(result.line).toBeNull();
			expect(result.periods.map((p) => [p.cost, p.budget])).toEqual([
				[1e9, null],
				[1e9, null]
			]);
		}
	});

	it('compares with a tolerance: 0.1 + 0.2 fits a budget of 0.3', () => {
		expect(0.1 + 0.2 > 0.3).toBe(true);
		const result = fundingLine(
			portfolio(
				[
					project('a', { cost: { [Q1]: 0.1 }, demand: { eng: { [Q1]: 0.7 } } }),
					project('b', { cost: { [Q1]: 0.2 }, demand: { eng: { [Q1]: 0.1 } } }),
					project('c', { demand: { eng: { [Q1]: 0.2 } } }),
					project('d', { cost: { [Q1]: 1e-6 } })
				],
				{
					budget: { [Q1]: 0.3, [Q2]: 0 },
					roles: [{ id: 'eng', name: 'Engineering', capacity: { [Q1]: 1 } }]
				}
			)
		);
		expect(ids(result.funded)).toEqual(['a', 'b', 'c']);
		expect(result.line).toBe('d');
	});
});

describe('fundingLine: dependencies and exclusions', () => {
	it('needs every dependency already funded; done satisfies it, cancelled never does', () => {
		const result = fundingLine(
			portfolio([
				project('a'),
				project('b', { dependsOn: ['a', 'old'] }),
				project('c', { dependsOn: ['gone'] }),
				project('old', { status: 'done' }),
				project('gone', { status: 'cancelled' })
			])
		);
		expect(ids(result.funded)).toEqual(['a', 'b']);
		expect(result.line).toBe('c');
		expect(result.reasons.get('c')).toEqual({ kind: 'dependency', projectId: 'gone' });
	});

	it('does not fund a project whose dependency ranks below it', () => {
		const result = fundingLine(portfolio([project('a', { dependsOn: ['b'] }), project('b')]));
		expect(result.line).toBe('a');
		expect(result.reasons.get('a')).toEqual({ kind: 'dependency', projectId: 'b' });
		expect(ids(result.funded)).toEqual([]);
		// With b first, both fit.
		expect(
			ids(fundingLine(portfolio([project('b'), project('a', { dependsOn: ['b'] })])).funded)
		).toEqual(['a', 'b']);
	});

	it('never satisfies a dependency on a project forced out', () => {
		const result = fundingLine(
			portfolio([project('x', { decision: 'out' }), project('a', { dependsOn: ['x'] })])
		);
		expect(result.line).toBe('a');
		expect(result.reasons.get('x')).toEqual({ kind: 'forced-out' });
	});

	it('applies an exclusion both ways, whichever side lists it', () => {
		const listedByFunded = fundingLine(
			portfolio([project('a', { excludes: ['b'] }), project('b'), project('c')])
		);
		expect(listedByFunded.line).toBe('b');
		expect(listedByFunded.reasons.get('b')).toEqual({ kind: 'exclusion', projectId: 'a' });
		expect(listedByFunded.reasons.get('c')).toEqual({ kind: 'below-line' });

		const listedByCandidate = fundingLine(
			portfolio([project('a'), project('b', { excludes: ['a'] })])
		);
		expect(listedByCandidate.line).toBe('b');
		expect(listedByCandidate.reasons.get('b')).toEqual({ kind: 'exclusion', projectId: 'a' });
	});

	it('lets only funded, active projects exclude', () => {
		const result = fundingLine(
			portfolio([
				project('out', { decision: 'out', excludes: ['a'] }),
				project('done', { status: 'done', decision: 'in', excludes: ['a'] }),
				project('gone', { status: 'cancelled', excludes: ['a'] }),
				project('a', { excludes: ['done'] })
			])
		);
		expect(ids(result.funded)).toEqual(['a']);
		expect(result.line).toBeNull();
	});

	it('blocks an auto project excluded by a forced-in project', () => {
		const result = fundingLine(
			portfolio([project('a', { excludes: ['z'] }), project('z', { decision: 'in' })])
		);
		expect(ids(result.funded)).toEqual(['z']);
		expect(result.reasons.get('a')).toEqual({ kind: 'exclusion', projectId: 'z' });
	});
});

describe('fundingLine: decisions and status', () => {
	it('funds `in` projects whatever their rank, dependencies or exclusions, and never `out` ones', () => {
		const result = fundingLine(
			portfolio([
				project('a', { cost: { [Q1]: 10 } }),
				project('o', { decision: 'out' }),
				project('i', { decision: 'in', cost: { [Q1]: 30 }, dependsOn: ['o'], excludes: ['j'] }),
				project('j', { decision: 'in', cost: { [Q1]: 30 } })
			])
		);
		expect(ids(result.funded)).toEqual(['a', 'i', 'j']);
		expect(result.line).toBeNull();
		expect(result.reasons.get('i')).toEqual({ kind: 'forced-in' });
		expect(result.reasons.get('o')).toEqual({ kind: 'forced-out' });
		expect(result.periods[0].cost).toBe(70);
	});

	it('leaves done and cancelled projects out of the funded set and the totals', () => {
		const result = fundingLine(
			portfolio([
				project('d', { status: 'done', decision: 'in', cost: { [Q1]: 500 } }),
				project('c', { status: 'cancelled', cost: { [Q1]: 500 }, demand: { eng: { [Q1]: 9 } } }),
				project('a', { cost: { [Q1]: 100 }, demand: { eng: { [Q1]: 4 } } })
			])
		);
		expect(ids(result.funded)).toEqual(['a']);
		expect(result.reasons.get('d')).toEqual({ kind: 'inactive', status: 'done' });
		expect(result.reasons.get('c')).toEqual({ kind: 'inactive', status: 'cancelled' });
		expect(result.periods[0]).toEqual({
			period: Q1,
			cost: 100,
			budget: 100,
			roles: { eng: { demand: 4, capacity: 4 } }
		});
	});

	it('keeps forced-in projects over the budget funded, and then no auto project fits', () => {
		const p = portfolio([
			project('a', { cost: { [Q2]: 10 } }),
			project('big', { decision: 'in', cost: { [Q1]: 150 } })
		]);
		const result = fundingLine(p);
		expect(ids(result.funded)).toEqual(['big']);
		expect(result.line).toBe('a');
		expect(result.reasons.get('a')).toEqual({
			kind: 'budget',
			period: Q1,
			needed: 0,
			available: -50
		});
		expect(describeFundingReason(result.reasons.get('a')!, p)).toBe(
			'the budget of 2027-Q1 is already 50 over'
		);
		expect(result.periods.map((x) => x.cost)).toEqual([150, 0]);
	});
});

describe('fundingLine: rank order', () => {
	const p = portfolio([
		project('a', { cost: { [Q1]: 60 } }),
		project('b', { cost: { [Q1]: 50 } }),
		project('c', { cost: { [Q1]: 40 } })
	]);

	it('walks `order` instead of the portfolio order, without changing the portfolio', () => {
		const before = JSON.stringify(p);
		const result = fundingLine(p, { order: ['c', 'b', 'a'] });
		expect(ids(result.funded)).toEqual(['b', 'c']);
		expect(result.line).toBe('a');
		expect(JSON.stringify(p)).toBe(before);
		expect(fundingLine(p).line).toBe('b');
	});

	it('reuses one preparation across orders, as a drag does', () => {
		const plan = prepareFunding(p);
		for (const order of [['b', 'a', 'c'], ['c', 'a', 'b'], undefined]) {
			expect(plan.run(order)).toEqual(fundingLine(p, { order }));
		}
		expect(plan.run(['b', 'a', 'c']).line).toBe('a');
	});

	it('ignores unknown and repeated ids and appends projects the order leaves out', () => {
		const result = fundingLine(p, { order: ['zzz', 'c', 'c'] });
		// Walk: c, a, b.
		expect(ids(result.funded)).toEqual(['a', 'c']);
		expect(result.line).toBe('b');
	});
});

describe('fundingLine: period loads', () => {
	it('totals funded projects per period in period order, with every role', () => {
		const result = fundingLine(
			portfolio(
				[
					project('a', {
						cost: { [Q2]: 30, [Q1]: 20 },
						demand: { eng: { [Q2]: 1.5 }, ops: { [Q1]: 1 } }
					}),
					project('b', { cost: { [Q1]: 81 } }),
					project('c', { cost: { [Q2]: 5 }, demand: { eng: { [Q2]: 0.25 } } })
				],
				{
					roles: [
						{ id: 'eng', name: 'Engineering', capacity: { [Q1]: 4, [Q2]: 4 } },
						{ id: 'ops', name: 'Operations', capacity: { [Q1]: 2 } }
					]
				}
			)
		);
		expect(result.line).toBe('b');
		expect(result.periods).toEqual([
			{
				period: Q1,
				cost: 20,
				budget: 100,
				roles: { eng: { demand: 0, capacity: 4 }, ops: { demand: 1, capacity: 2 } }
			},
			{
				period: Q2,
				cost: 30,
				budget: 100,
				roles: { eng: { demand: 1.5, capacity: 4 }, ops: { demand: 0, capacity: 0 } }
			}
		]);
	});
});

/** Formula 4 written as plainly as possible, to check the fast version against. */
function reference(p: Portfolio, order: string[]) {
	const byId = new Map(p.projects.map((q) => [q.id, q]));
	const active = (q: Project) => q.status !== 'done' && q.status !== 'cancelled';
	const funded = new Set(
		p.projects.filter((q) => active(q) && q.decision === 'in').map((q) => q.id)
	);
	const hasBudget = Object.keys(p.budget).length > 0;
	const totalsOk = (set: Project[]) =>
		p.periods.every((period) => {
			const cost = set.reduce((s, q) => s + (q.cost[period] ?? 0), 0);
			if (hasBudget && cost > (p.budget[period] ?? 0) + 1e-9) return false;
			return p.roles.every(
				(role) =>
					set.reduce((s, q) => s + (q.demand[role.id]?.[period] ?? 0), 0) <=
					(role.capacity[period] ?? 0) + 1e-9
			);
		});
	const fits = (q: Project) =>
		q.dependsOn.every((d) => byId.get(d)!.status === 'done' || funded.has(d)) &&
		[...funded].every((f) => !byId.get(f)!.excludes.includes(q.id) && !q.excludes.includes(f)) &&
		totalsOk([...[...funded].map((f) => byId.get(f)!), q]);
	let line: string | null = null;
	for (const id of order) {
		const q = byId.get(id)!;
		if (!active(q) || q.decision !== 'auto' || line !== null) continue;
		if (fits(q)) funded.add(id);
		else line = id;
	}
	return { funded, line };
}

describe('fundingLine against a plain reference', () => {
	it('agrees on funded set, line and totals for seeded random portfolios and orders', () => {
		let lines = 0;
		for (let seed = 1; seed <= 250; seed++) {
			const p = generatePortfolio(seed);
			const order = new Rng(seed).shuffle(p.projects.map((q) => q.id));
			for (const walk of [p.projects.map((q) => q.id), order]) {
				const expected = reference(p, walk);
				const actual = fundingLine(p, { order: walk });
				expect(ids(actual.funded), `seed ${seed}`).toEqual(ids(expected.funded));
				expect(actual.line, `seed ${seed}`).toBe(expected.line);
				if (actual.line) lines++;
				p.periods.forEach((period, t) => {
					const cost = [...actual.funded].reduce(
						(s, id) => s + (p.projects.find((q) => q.id === id)!.cost[period] ?? 0),
						0
					);
					expect(actual.periods[t].cost, `seed ${seed} ${period}`).toBeCloseTo(cost, 6);
				});
			}
		}
		// The generated portfolios must actually exercise the line, or this proves little.
		expect(lines).toBeGreaterThan(100);
	});
});

/**
 * A generated portfolio as a workshop has it, so that moves cross the line: a share of
 * the forced-in projects made auto, and budget and capacity in every period exactly
 * what the first `fit` auto projects need (sums of decimals: the tolerance matters).
 */
function roomy(p: Portfolio, fit: number, rng: Rng): Portfolio {
	const projects = p.projects.map((q) =>
		q.decision === 'in' && rng.bool(0.7) ? { ...q, decision: 'auto' as const } : q
	);
	const first = projects.filter((q) => q.decision === 'auto').slice(0, fit);
	const sum = (records: PerPeriod[], period: string) =>
		records.reduce((total, r) => total + (r[period] ?? 0), 0);
	const perPeriod = (records: PerPeriod[]) =>
		Object.fromEntries(p.periods.map((period) => [period, sum(records, period)]));
	return {
		...p,
		projects,
		budget: rng.bool(0.2) ? {} : perPeriod(first.map((q) => q.cost)),
		roles: p.roles.map((role) => ({
			...role,
			capacity: perPeriod(first.map((q) => q.demand[role.id] ?? {}))
		}))
	};
}

/** Moves one id of `order` from one index to another (a copy). */
function moved(order: readonly string[], from: number, to: number): string[] {
	const next = order.filter((_, i) => i !== from);
	next.splice(to, 0, order[from]);
	return next;
}

describe('fundingLine: one plan across the steps of a drag', () => {
	it('gives exactly the result of a fresh walk after every step, jump, drop and cancel', () => {
		let crossings = 0;
		let steps = 0;
		for (let seed = 1; seed <= 60; seed++) {
			const rng = new Rng(seed * 7919);
			const generated = generatePortfolio(seed, { projects: rng.int(2, 60) });
			const p = seed % 3 === 0 ? generated : roomy(generated, rng.int(1, 12), rng);
			const plan = prepareFunding(p);
			let committed = p.projects.map((q) => q.id);
			let lineBefore = plan.run(committed).line;
			for (let drag = 0; drag < 6; drag++) {
				const n = committed.length;
				// Half the drags start at the line, where a step moves it.
				const at = lineBefore === null ? -1 : committed.indexOf(lineBefore);
				const from =
					at >= 0 && rng.bool()
						? Math.max(0, Math.min(n - 1, at + rng.int(-2, 1)))
						: rng.int(0, n - 1);
				let to = from;
				for (let step = 0; step < 14; step++) {
					const r = rng.next();
					if (r < 0.75) to += rng.bool() ? 1 : -1;
					else if (r < 0.9) to += rng.bool() ? 10 : -10;
					else to = rng.bool() ? 0 : n - 1;
					to = Math.max(0, Math.min(n - 1, to));
					const order = moved(committed, from, to);
					const actual = plan.run(order);
					const expected = fundingLine(p, { order });
					expect(actual, `seed ${seed} drag ${drag} step ${step}`).toEqual(expected);
					if (actual.line !== lineBefore) crossings++;
					lineBefore = actual.line;
					steps++;
				}
				// Dropped (the new order stays) or cancelled (back to the committed one).
				if (rng.bool()) committed = moved(committed, from, to);
				expect(plan.run(committed)).toEqual(fundingLine(p, { order: committed }));
			}
			// A whole new order, then the portfolio's own.
			const shuffled = rng.shuffle(committed);
			expect(plan.run(shuffled)).toEqual(fundingLine(p, { order: shuffled }));
			expect(plan.run()).toEqual(fundingLine(p));
		}
		// The moves must actually move the line, or this proves little.
		expect(steps).toBeGreaterThan(4000);
		expect(crossings).toBeGreaterThan(150);
	});

	it('keeps the same result for a move below the line, and unchanged reasons as they were', () => {
		const p = portfolio([
			project('a', { cost: { [Q1]: 60 } }),
			project('b', { cost: { [Q1]: 50 } }),
			project('c', { cost: { [Q1]: 10 } }),
			project('d', { cost: { [Q1]: 45 } }),
			project('e', { cost: { [Q1]: 5 } })
		]);
		const plan = prepareFunding(p);
		const first = plan.run(['a', 'b', 'c', 'd', 'e']);
		expect(first.line).toBe('b');
		// c and d swap places below the line: nothing changes.
		expect(plan.run(['a', 'b', 'd', 'c', 'e'])).toBe(first);
		// e moves above the line: it is funded, the line stays on b, and a keeps its reason.
		const second = plan.run(['a', 'e', 'b', 'd', 'c']);
		expect(second).not.toBe(first);
		expect(ids(second.funded)).toEqual(['a', 'e']);
		expect(second.line).toBe('b');
		expect(second.reasons.get('a')).toBe(first.reasons.get('a'));
		expect(second).toEqual(fundingLine(p, { order: ['a', 'e', 'b', 'd', 'c'] }));
	});
});

describe('the tolerance on large sums', () => {
	it('funds costs in the millions whose decimals sum exactly to the budget', () => {
		// 5,573,137.48 + 571,794.56 + 490,505.98 = 6,635,438.02, but not in floating point.
		const costs = [5_573_137.48, 571_794.56, 490_505.98];
		expect(costs[0] + costs[1] + costs[2]).not.toBe(6_635_438.02);
		const portfolio = {
			...emptyPortfolio('Sums'),
			periods: ['2027-Q1'],
			budget: { '2027-Q1': 6_635_438.02 },
			projects: costs.map((cost, i) => ({
				...project(`p-${i}`),
				cost: { '2027-Q1': cost }
			}))
		};
		const result = fundingLine(portfolio);
		expect(result.line).toBeNull();
		expect([...result.funded].sort()).toEqual(['p-0', 'p-1', 'p-2']);
	});
});
