import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { project } from '../helpers/projects';
import { analyze, formatAnalyzeTable } from '../../src/lib/domain/analyze';
import { emptyPortfolio, parsePortfolioText } from '../../src/lib/domain/format';
import type { Portfolio } from '../../src/lib/domain/types';

const FIXTURE = new URL('../../src/lib/fixtures/northwind.cairn.json', import.meta.url);

function northwind(): Portfolio {
	const result = parsePortfolioText(readFileSync(FIXTURE, 'utf8'));
	if (!result.ok) throw new Error('the fixture should be valid');
	return result.portfolio;
}

/**
 * Hand-computed: weights 3:1 → 0.75/0.25; growth is linked to o-growth, risk is a cost.
 *   a: 100·(0.75·3/3 + 0.25·(1 − 2/10)) = 95     fits (Q1 60 of 100, eng 2 of 4)
 *   b: 100·(0.75·2/3 + 0.25·(1 − 4/10)) = 65     line: Q1 cost 60 + 50 > 100
 *   c: 100·(0.75·1/3 + 0.25·0)          = 25     below; would break eng Q2 (1.5 + 1 > 2)
 *   d: 100·(0 + 0.25·0)                 = 0      forced in: Q2 cost 20, eng 1.5
 *   e: 100·(0.75 + 0.25·1)              = 100    done: takes no part
 *   f: 0                                          below the line, would fit
 */
const tiny: Portfolio = {
	...emptyPortfolio('Tiny'),
	periods: ['2027-Q1', '2027-Q2'],
	objectives: [
		{ id: 'o-growth', parentId: null, title: 'Growth', description: '', owner: '', kpis: [] }
	],
	criteria: [
		{ id: 'c-growth', name: 'Growth', kind: 'benefit', objectiveId: 'o-growth' },
		{ id: 'c-risk', name: 'Delivery risk', kind: 'cost', objectiveId: null }
	],
	weights: { method: 'direct', values: { 'c-growth': 3, 'c-risk': 1 } },
	roles: [{ id: 'r-eng', name: 'Engineering', capacity: { '2027-Q1': 4, '2027-Q2': 2 } }],
	budget: { '2027-Q1': 100, '2027-Q2': 100 },
	projects: [
		project('a', {
			name: 'Alpha',
			cost: { '2027-Q1': 60 },
			demand: { 'r-eng': { '2027-Q1': 2 } },
			scores: { 'c-risk': 2 },
			contributions: { 'o-growth': 3 }
		}),
		project('b', {
			name: 'Bravo',
			cost: { '2027-Q1': 50 },
			scores: { 'c-risk': 4 },
			contributions: { 'o-growth': 2 }
		}),
		project('c', {
			name: 'Charlie',
			cost: { '2027-Q2': 30 },
			demand: { 'r-eng': { '2027-Q2': 1 } },
			contributions: { 'o-growth': 1 }
		}),
		project('d', {
			name: 'Delta',
			decision: 'in',
			cost: { '2027-Q2': 20 },
			demand: { 'r-eng': { '2027-Q2': 1.5 } },
			scores: { 'c-risk': 10 }
		}),
		project('e', {
			name: 'Echo',
			status: 'done',
			cost: { '2027-Q1': 1000 },
			scores: { 'c-risk': 0 },
			contributions: { 'o-growth': 3 }
		}),
		project('f', { name: 'Foxtrot', cost: { '2027-Q2': 10 } })
	]
};

describe('analyze', () => {
	it('gives the exact report of a hand-computed portfolio, keys in DESIGN’s order', () => {
		const report = analyze(tiny);
		expect(report).toEqual({
			weights: { 'c-growth': 0.75, 'c-risk': 0.25 },
			consistency: { ratio: 0, acceptable: true, worstPairs: [] },
			projects: [
				{ id: 'a', rank: 1, value: 95, funded: true },
				{ id: 'b', rank: 2, value: 65, funded: false },
				{ id: 'c', rank: 3, value: 25, funded: false },
				{ id: 'd', rank: 4, value: 0, funded: true },
				{ id: 'e', rank: 5, value: 100, funded: false },
				{ id: 'f', rank: 6, value: 0, funded: false }
			],
			line: 'b',
			periods: [
				{
					period: '2027-Q1',
					cost: 60,
					budget: 100,
					roles: { 'r-eng': { demand: 2, capacity: 4 } }
				},
				{
					period: '2027-Q2',
					cost: 20,
					budget: 100,
					roles: { 'r-eng': { demand: 1.5, capacity: 2 } }
				}
			]
		});
		expect(Object.keys(report)).toEqual(['weights', 'consistency', 'projects', 'line', 'periods']);
		expect(Object.keys(report.consistency)).toEqual(['ratio', 'acceptable', 'worstPairs']);
		expect(Object.keys(report.projects[0])).toEqual(['id', 'rank', 'value', 'funded']);
		expect(Object.keys(report.periods[0])).toEqual(['period', 'cost', 'budget', 'roles']);
	});

	it('reports pairwise consistency with the worst judgements, and null budgets without a budget', () => {
		const report = analyze({
			...tiny,
			weights: { method: 'pairwise', comparisons: [{ a: 'c-growth', b: 'c-risk', value: 3 }] },
			budget: {}
		});
		expect(report.weights['c-growth']).toBeCloseTo(0.75, 12);
		expect(report.consistency).toEqual({
			ratio: 0,
			acceptable: true,
			worstPairs: [{ a: 'c-growth', b: 'c-risk' }]
		});
		expect(report.periods.map((p) => p.budget)).toEqual([null, null]);
		// Without a budget b fits; c still breaks engineering in Q2.
		expect(report.line).toBe('c');
	});

	it('gives values at full precision and removes floating-point noise from totals', () => {
		const report = analyze({
			...tiny,
			weights: { method: 'direct', values: { 'c-growth': 1 } },
			budget: {},
			projects: [
				project('x', { cost: { '2027-Q1': 0.1 }, contributions: { 'o-growth': 2 } }),
				project('y', { cost: { '2027-Q1': 0.2 }, contributions: { 'o-growth': 1 } })
			]
		});
		const [x, y] = report.projects.map((p) => p.value);
		expect(x).toBeCloseTo(200 / 3, 12);
		expect(y).toBeCloseTo(100 / 3, 12);
		expect(report.periods[0].cost).toBe(0.3);
	});

	it('is consistent with itself on the Northwind fixture', () => {
		const p = northwind();
		const report = analyze(p);
		expect(Object.keys(report.weights)).toEqual(p.criteria.map((c) => c.id));
		expect(Object.values(report.weights).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
		expect(report.consistency.ratio).toBeGreaterThan(0);
		expect(report.consistency.acceptable).toBe(report.consistency.ratio <= 0.1);
		expect(report.consistency.worstPairs).toHaveLength(3);

		expect(report.projects.map((x) => x.id)).toEqual(p.projects.map((x) => x.id));
		expect(report.projects.map((x) => x.rank)).toEqual(p.projects.map((_, i) => i + 1));
		for (const x of report.projects) {
			expect(x.value).toBeGreaterThanOrEqual(0);
			expect(x.value).toBeLessThanOrEqual(100);
		}

		// The line is the first unfunded auto project; every auto after it is unfunded,
		// every auto before it funded.
		const decision = new Map(p.projects.map((x) => [x.id, x]));
		const autos = report.projects.filter((x) => {
			const q = decision.get(x.id)!;
			return q.decision === 'auto' && q.status !== 'done' && q.status !== 'cancelled';
		});
		const at = autos.findIndex((x) => x.id === report.line);
		expect(at).toBeGreaterThanOrEqual(0);
		expect(autos.slice(0, at).every((x) => x.funded)).toBe(true);
		expect(autos.slice(at).some((x) => x.funded)).toBe(false);
		for (const x of report.projects) {
			const q = decision.get(x.id)!;
			if (q.decision === 'in') expect(x.funded).toBe(true);
			if (q.decision === 'out') expect(x.funded).toBe(false);
		}

		const funded = p.projects.filter((q) => report.projects.find((x) => x.id === q.id)!.funded);
		expect(report.periods.map((x) => x.period)).toEqual(p.periods);
		for (const load of report.periods) {
			const cost = funded.reduce((s, q) => s + (q.cost[load.period] ?? 0), 0);
			expect(load.cost).toBeCloseTo(cost, 6);
			expect(load.budget).toBe(p.budget[load.period]);
			expect(load.cost).toBeLessThanOrEqual(load.budget!);
			expect(Object.keys(load.roles)).toEqual(p.roles.map((r) => r.id));
			for (const role of p.roles) {
				const demand = funded.reduce((s, q) => s + (q.demand[role.id]?.[load.period] ?? 0), 0);
				expect(load.roles[role.id].demand).toBeCloseTo(demand, 9);
				expect(load.roles[role.id].capacity).toBe(role.capacity[load.period]);
			}
		}
	});
});

describe('formatAnalyzeTable', () => {
	it('shows weights, ranked projects with the line and reasons, and loads per period', () => {
		const text = formatAnalyzeTable(analyze(tiny), tiny);
		expect(text.startsWith('Tiny\n')).toBe(true);
		expect(text.endsWith('\n')).toBe(true);
		expect(text).toMatch(/Weights \(direct\)\n\s+Growth\s+75\.0 %\n\s+Delivery risk\s+25\.0 %/);
		const lines = text.split('\n');
		const row = (name: string) => lines.find((l) => l.includes(name))!;
		expect(row('Alpha')).toMatch(/^\s+1\s+Alpha\s+95\.0\s+✓$/);
		expect(row('Bravo')).toMatch(
			/^\s+2\s+Bravo\s+65\.0\s+✗\s+◀ funding line: over budget in 2027-Q1: needs 50, 40 left$/
		);
		expect(row('Charlie')).toContain('not enough Engineering in 2027-Q2: needs 1 FTE, 0.5 left');
		expect(row('Delta')).toMatch(/✓\s+forced in$/);
		expect(row('Echo')).toMatch(/✗\s+done$/);
		expect(row('Foxtrot')).toMatch(/below the funding line$/);
		// The rule is drawn between Alpha and Bravo.
		const bravo = lines.indexOf(row('Bravo'));
		expect(lines[bravo - 1]).toMatch(/─+ funding line ─+/);
		expect(lines[bravo - 2]).toBe(row('Alpha'));
		expect(text).toContain('Funding line: Bravo (b) and every auto project below it are unfunded');
		const period = (name: string) => lines.find((l) => l.trimStart().startsWith(name))!;
		expect(period('2027-Q1')).toMatch(/^\s+2027-Q1\s+60 \/ 100\s+2 \/ 4$/);
		expect(period('2027-Q2')).toMatch(/^\s+2027-Q2\s+20 \/ 100\s+1\.5 \/ 2$/);
	});

	it('marks totals over their limit and says when nothing is cut', () => {
		const over: Portfolio = {
			...tiny,
			projects: [project('big', { name: 'Big', decision: 'in', cost: { '2027-Q1': 150 } })]
		};
		const text = formatAnalyzeTable(analyze(over), over);
		expect(text).toMatch(/2027-Q1\s+150 \/ 100 !/);
		expect(text).toContain('Funding line: none, every auto project fits');
	});

	it('names the consistency verdict and the judgements to revisit for pairwise weights', () => {
		const p = northwind();
		const report = analyze(p);
		const text = formatAnalyzeTable(report, p);
		expect(text).toContain(`consistency ratio ${report.consistency.ratio.toFixed(3)}: acceptable`);
		expect(text).toMatch(/Judgements to revisit first: \S/);
		for (const q of p.projects) expect(text).toContain(q.name);
	});
});
