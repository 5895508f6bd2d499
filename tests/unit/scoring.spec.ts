import { describe, expect, it } from 'vitest';
import { project } from '../helpers/projects';
import { computeWeights } from '../../src/lib/domain/ahp';
import { emptyPortfolio } from '../../src/lib/domain/format';
import { normalisedScore, projectValue, projectValues } from '../../src/lib/domain/scoring';
import type { Criterion, Portfolio } from '../../src/lib/domain/types';
import { generatePortfolio } from '../helpers/generate';

const benefit: Criterion = { id: 'c-roi', name: 'Return', kind: 'benefit', objectiveId: null };
const cost: Criterion = { id: 'c-risk', name: 'Risk', kind: 'cost', objectiveId: null };
const linked: Criterion = {
	id: 'c-growth',
	name: 'Growth',
	kind: 'benefit',
	objectiveId: 'o-growth'
};

describe('normalisedScore', () => {
	it('scores a benefit criterion as score/10, a missing score as 0', () => {
		expect(normalisedScore(project('p', { scores: { 'c-roi': 7 } }), benefit)).toBeCloseTo(0.7, 15);
		expect(normalisedScore(project('p', { scores: { 'c-roi': 10 } }), benefit)).toBe(1);
		expect(normalisedScore(project('p'), benefit)).toBe(0);
	});

	it('scores a cost criterion as 1 − score/10, a missing score as the worst (0)', () => {
		expect(normalisedScore(project('p', { scores: { 'c-risk': 3 } }), cost)).toBeCloseTo(0.7, 15);
		expect(normalisedScore(project('p', { scores: { 'c-risk': 0 } }), cost)).toBe(1);
		expect(normalisedScore(project('p'), cost)).toBe(0);
	});

	it('scores an objective-linked criterion by contribution/3, ignoring any score', () => {
		const p = project('p', { contributions: { 'o-growth': 2 }, scores: { 'c-growth': 10 } });
		expect(normalisedScore(p, linked)).toBeCloseTo(2 / 3, 15);
		expect(normalisedScore(project('p', { scores: { 'c-growth': 10 } }), linked)).toBe(0);
		const linkedCost: Criterion = { ...linked, kind: 'cost' };
		expect(normalisedScore(p, linkedCost)).toBeCloseTo(2 / 3, 15);
	});

	it('does not read inherited members as scores', () => {
		const odd: Criterion = { id: 'constructor', name: 'Odd', kind: 'cost', objectiveId: null };
		expect(normalisedScore(project('p'), odd)).toBe(0);
		expect(normalisedScore(project('p'), { ...odd, kind: 'benefit' })).toBe(0);
	});
});

describe('projectValue and projectValues', () => {
	const criteria = [linked, benefit, cost];
	const weights = { 'c-growth': 0.5, 'c-roi': 0.3, 'c-risk': 0.2 };

	it('computes v = 100 · Σ w·s from 0 to 100', () => {
		// 100 · (0.5·(3/3) + 0.3·(6/10) + 0.2·(1 − 4/10)) = 100 · (0.5 + 0.18 + 0.12) = 80
		const p = project('p', {
			contributions: { 'o-growth': 3 },
			scores: { 'c-roi': 6, 'c-risk': 4 }
		});
		expect(projectValue(p, criteria, weights)).toBeCloseTo(80, 12);
		const best = project('b', {
			contributions: { 'o-growth': 3 },
			scores: { 'c-roi': 10, 'c-risk': 0 }
		});
		expect(projectValue(best, criteria, weights)).toBeCloseTo(100, 12);
		expect(projectValue(project('w'), criteria, weights)).toBe(0);
		expect(projectValue(best, criteria, {})).toBe(0);
	});

	it('uses the portfolio’s own weights by default and values every project', () => {
		const portfolio: Portfolio = {
			...emptyPortfolio('Scoring'),
			criteria,
			weights: { method: 'direct', values: { 'c-growth': 2, 'c-roi': 1, 'c-risk': 1 } },
			projects: [
				project('a', { contributions: { 'o-growth': 3 } }),
				project('b', { scores: { 'c-roi': 10, 'c-risk': 5 }, status: 'done' })
			]
		};
		const values = projectValues(portfolio);
		expect([...values.keys()]).toEqual(['a', 'b']);
		expect(values.get('a')).toBeCloseTo(50, 12);
		expect(values.get('b')).toBeCloseTo(37.5, 12);
		expect(projectValues(portfolio, { 'c-risk': 1 }).get('b')).toBeCloseTo(50, 12);
	});

	it('agrees with projectValue and normalisedScore on random portfolios', () => {
		for (let seed = 1; seed <= 60; seed++) {
			const p = generatePortfolio(seed);
			const { weights } = computeWeights(p.criteria, p.weights);
			const values = projectValues(p);
			expect(values.size, `seed ${seed}`).toBe(p.projects.length);
			for (const q of p.projects) {
				const expected =
					100 * p.criteria.reduce((s, c) => s + weights[c.id] * normalisedScore(q, c), 0);
				expect(values.get(q.id), `seed ${seed} ${q.id}`).toBeCloseTo(expected, 9);
				expect(projectValue(q, p.criteria, weights)).toBeCloseTo(expected, 9);
				expect(values.get(q.id)).toBeGreaterThanOrEqual(0);
				expect(values.get(q.id)).toBeLessThanOrEqual(100 + 1e-9);
			}
		}
	});
});
