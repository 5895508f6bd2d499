import { describe, expect, it } from 'vitest';
import {
	computeWeights,
	describeTriad,
	randomIndex,
	RANDOM_INDEX,
	SAATY_SCALE
} from '../../src/lib/domain/ahp';
import { aggregateJudgements } from '../../src/lib/domain/group-ahp';
import type { Criterion, PairwiseComparison, Weights } from '../../src/lib/domain/types';
import { generatePortfolio, LARGE } from '../helpers/generate';

function criteria(...ids: string[]): Criterion[] {
	return ids.map((id) => ({
		id,
		name: id[0].toUpperCase() + id.slice(1),
		kind: 'benefit',
		objectiveId: null
	}));
}

/** The upper triangle of a full matrix as judgements a→b. */
function judgementsOf(ids: string[], matrix: number[][]): PairwiseComparison[] {
	const out: PairwiseComparison[] = [];
	for (let i = 0; i < ids.length; i++) {
		for (let j = i + 1; j < ids.length; j++)
			out.push({ a: ids[i], b: ids[j], value: matrix[i][j] });
	}
	return out;
}

const pairwise = (comparisons: PairwiseComparison[]): Weights => ({
	method: 'pairwise',
	comparisons
});
const sum = (weights: Record<string, number>) => Object.values(weights).reduce((s, w) => s + w, 0);

describe('computeWeights on published examples', () => {
	it('reproduces Saaty’s house example: weights, λmax, CI and CR to 3 decimals', () => {
		// T. L. Saaty, "How to make a decision: the analytic hierarchy process", European
		// Journal of Operational Research 48 (1990) 9-26, Table 2 (satisfaction with house):
		// weights .173 .054 .188 .018 .031 .036 .167 .333, λmax = 9.669, CI = .238, CR = .169.
		const ids = [
			'size',
			'bus',
			'neighbourhood',
			'age',
			'yard',
			'facilities',
			'condition',
			'financing'
		];
		const matrix = [
			[1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
			[1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
			[1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
			[1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
			[1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
			[1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
			[3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
			[4, 7, 5, 8, 6, 6, 2, 1]
		];
		const { weights, consistency } = computeWeights(
			criteria(...ids),
			pairwise(judgementsOf(ids, matrix))
		);
		const expected = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333];
		ids.forEach((id, i) => expect(weights[id]).toBeCloseTo(expected[i], 3));
		expect(consistency.lambdaMax).toBeCloseTo(9.669, 3);
		expect(consistency.index).toBeCloseTo(0.238, 3);
		expect(consistency.ratio).toBeCloseTo(0.169, 3);
		expect(consistency.acceptable).toBe(false);
	});

	it('reproduces the Wikipedia leader example: weights and a CR of 0.044', () => {
		// Wikipedia, "Analytic hierarchy process – leader example", criteria with respect to
		// the goal: Experience .547, Education .127, Charisma .270, Age .056, CR 4.4 %.
		// The eigenvector gives Experience 0.5476, which the article prints as .547.
		const ids = ['experience', 'education', 'charisma', 'age'];
		const comparisons: PairwiseComparison[] = [
			{ a: 'experience', b: 'education', value: 4 },
			{ a: 'experience', b: 'charisma', value: 3 },
			{ a: 'experience', b: 'age', value: 7 },
			{ a: 'education', b: 'charisma', value: 1 / 3 },
			{ a: 'education', b: 'age', value: 3 },
			{ a: 'charisma', b: 'age', value: 5 }
		];
		const { weights, consistency } = computeWeights(criteria(...ids), pairwise(comparisons));
		expect(weights.experience).toBeCloseTo(0.548, 3);
		expect(weights.education).toBeCloseTo(0.127, 3);
		expect(weights.charisma).toBeCloseTo(0.27, 3);
		expect(weights.age).toBeCloseTo(0.056, 3);
		expect(consistency.lambdaMax).toBeCloseTo(4.118, 3);
		expect(consistency.ratio).toBeCloseTo(0.044, 3);
		expect(consistency.acceptable).toBe(true);
	});
});

describe('computeWeights properties', () => {
	it('gives CR 0 and recovers w from a perfectly consistent matrix (a_ij = w_i/w_j)', () => {
		const ids = ['a', 'b', 'c', 'd', 'e'];
		const w = [0.35, 0.25, 0.2, 0.15, 0.05];
		const matrix = w.map((wi) => w.map((wj) => wi / wj));
		const result = computeWeights(criteria(...ids), pairwise(judgementsOf(ids, matrix)));
		ids.forEach((id, i) => expect(result.weights[id]).toBeCloseTo(w[i], 12));
		expect(result.consistency.lambdaMax).toBeCloseTo(5, 10);
		expect(result.consistency.ratio).toBe(0);
		expect(result.consistency.acceptable).toBe(true);
		expect(result.consistency.triads).toEqual([]);
		for (const pair of result.consistency.worstPairs) expect(pair.deviation).toBeLessThan(1e-9);
	});

	it('puts the edited judgement first when one pair of a consistent matrix is changed', () => {
		const ids = ['a', 'b', 'c', 'd', 'e'];
		const w = [0.35, 0.25, 0.2, 0.15, 0.05];
		const comparisons = judgementsOf(
			ids,
			w.map((wi) => w.map((wj) => wi / wj))
		);
		// Given reversed (d over b), and pushed far from the consistent 0.6.
		const edited = comparisons.map((c) =>
			c.a === 'b' && c.b === 'd' ? { a: 'd', b: 'b', value: 5 } : c
		);
		const { consistency } = computeWeights(criteria(...ids), pairwise(edited));
		expect(consistency.worstPairs[0]).toMatchObject({ a: 'd', b: 'b' });
		expect(consistency.worstPairs[0].deviation).toBeGreaterThan(
			consistency.worstPairs[1].deviation
		);
		expect(consistency.worstPairs).toHaveLength(10);
		expect(consistency.ratio).toBeGreaterThan(0.1);
		expect(consistency.triads.every((t) => t.ids.includes('b') && t.ids.includes('d'))).toBe(true);
	});

	it('gives the same weights for a judgement and its reverse, and counts a missing pair as 1', () => {
		const cs = criteria('a', 'b', 'c');
		const given = computeWeights(cs, pairwise([{ a: 'a', b: 'b', value: 3 }]));
		const reversed = computeWeights(cs, pairwise([{ a: 'b', b: 'a', value: 1 / 3 }]));
		const explicit = computeWeights(
			cs,
			pairwise([
				{ a: 'a', b: 'b', value: 3 },
				{ a: 'a', b: 'c', value: 1 },
				{ a: 'b', b: 'c', value: 1 }
			])
		);
		for (const id of ['a', 'b', 'c']) {
			expect(reversed.weights[id]).toBeCloseTo(given.weights[id], 12);
			expect(explicit.weights[id]).toBeCloseTo(given.weights[id], 12);
		}
		expect(given.weights.a).toBeGreaterThan(given.weights.c);
		expect(given.weights.c).toBeGreaterThan(given.weights.b);
		expect(given.consistency.ratio).toBeGreaterThan(0);
	});

	it('gives CR 0 for n ≤ 2 and 0.75/0.25 for a single judgement of 3 (DESIGN’s example)', () => {
		const two = computeWeights(criteria('g', 'r'), pairwise([{ a: 'g', b: 'r', value: 3 }]));
		expect(two.weights.g).toBeCloseTo(0.75, 12);
		expect(two.weights.r).toBeCloseTo(0.25, 12);
		expect(two.consistency.ratio).toBe(0);
		expect(two.consistency.worstPairs).toEqual([{ a: 'g', b: 'r', deviation: expect.any(Number) }]);
		expect(two.consistency.worstPairs[0].deviation).toBeLessThan(1e-9);
		const nine = computeWeights(criteria('g', 'r'), pairwise([{ a: 'r', b: 'g', value: 9 }]));
		expect(nine.weights.r).toBeCloseTo(0.9, 12);
		expect(nine.consistency).toMatchObject({ ratio: 0, acceptable: true });
		expect(computeWeights(criteria('only'), pairwise([])).weights).toEqual({ only: 1 });
		expect(computeWeights([], pairwise([])).weights).toEqual({});
	});

	it('has weights summing to 1 that solve A·w = λmax·w on random judgements', () => {
		for (let seed = 1; seed <= 40; seed++) {
			const p = generatePortfolio(seed, { criteria: 1 + (seed % 20) });
			const { weights, consistency } = computeWeights(p.criteria, p.weights);
			expect(sum(weights), `seed ${seed}`).toBeCloseTo(1, 12);
			expect(Object.keys(weights)).toEqual(p.criteria.map((c) => c.id));
			for (const w of Object.values(weights)) expect(w).toBeGreaterThanOrEqual(0);
			expect(consistency.ratio).toBeGreaterThanOrEqual(0);
			if (p.weights.method !== 'pairwise') continue;
			for (const w of Object.values(weights)) expect(w).toBeGreaterThan(0);
			const n = p.criteria.length;
			const at = (a: string, b: string) => {
				if (a === b) return 1;
				const c = p.weights.method === 'pairwise' ? p.weights.comparisons : [];
				const direct = c.find((x) => x.a === a && x.b === b);
				if (direct) return direct.value;
				const reverse = c.find((x) => x.a === b && x.b === a);
				return reverse ? 1 / reverse.value : 1;
			};
			for (const ci of p.criteria) {
				const row = p.criteria.reduce((s, cj) => s + at(ci.id, cj.id) * weights[cj.id], 0);
				expect(row / weights[ci.id], `seed ${seed}`).toBeCloseTo(consistency.lambdaMax, 8);
			}
			expect(consistency.lambdaMax).toBeGreaterThanOrEqual(n - 1e-9);
		}
	});

	it('converges for the LARGE size (20 criteria) within the iteration cap', () => {
		const p = generatePortfolio(7, { ...LARGE, projects: 0 });
		const { weights, consistency } = computeWeights(p.criteria, p.weights);
		expect(sum(weights)).toBeCloseTo(1, 12);
		expect(Number.isFinite(consistency.ratio)).toBe(true);
	});

	it('uses Saaty’s random index table, with 1.49 beyond 10 criteria', () => {
		expect(RANDOM_INDEX).toEqual([0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]);
		expect([1, 2, 3, 4, 10, 11, 20].map(randomIndex)).toEqual([0, 0, 0.58, 0.9, 1.49, 1.49, 1.49]);
	});
});

describe('computeWeights with direct values', () => {
	it('normalises the given values, counting a missing criterion as 0', () => {
		const result = computeWeights(criteria('a', 'b', 'c'), {
			method: 'direct',
			values: { a: 3, b: 1 }
		});
		expect(result.weights).toEqual({ a: 0.75, b: 0.25, c: 0 });
		expect(result.consistency).toMatchObject({
			ratio: 0,
			acceptable: true,
			worstPairs: [],
			triads: []
		});
	});

	it('gives equal weights when every value is 0 or missing', () => {
		const result = computeWeights(criteria('a', 'b', 'c', 'd'), {
			method: 'direct',
			values: { a: 0 }
		});
		expect(result.weights).toEqual({ a: 0.25, b: 0.25, c: 0.25, d: 0.25 });
	});
});

describe('triads', () => {
	const cs = criteria('growth', 'risk', 'cost');
	const nameOf = (id: string) => cs.find((c) => c.id === id)!.name;

	it('describes a conflicting triad as a circle of judgements', () => {
		const { consistency } = computeWeights(
			cs,
			pairwise([
				{ a: 'growth', b: 'risk', value: 3 },
				{ a: 'risk', b: 'cost', value: 3 },
				{ a: 'cost', b: 'growth', value: 2 }
			])
		);
		expect(consistency.triads).toHaveLength(1);
		const [triad] = consistency.triads;
		expect(triad.ids).toEqual(['growth', 'risk', 'cost']);
		expect(triad.conflict).toBeCloseTo(18, 12);
		expect(describeTriad(triad, nameOf)).toBe(
			'Growth over Risk 3×, Risk over Cost 3×, but Cost over Growth 2×'
		);
	});

	it('reads values below 1 as the reverse direction', () => {
		const text = describeTriad(
			{ ids: ['growth', 'risk', 'cost'], ab: 1 / 3, bc: 1, ac: 4, conflict: 1 / 12 },
			nameOf
		);
		expect(text).toBe('Risk over Growth 3×, Risk and Cost equal, but Growth over Cost 4×');
	});

	it('orders triads by |ln conflict| and leaves out consistent ones', () => {
		const ids = ['a', 'b', 'c', 'd'];
		const { consistency } = computeWeights(
			criteria(...ids),
			pairwise([
				{ a: 'a', b: 'b', value: 2 },
				{ a: 'b', b: 'c', value: 2 },
				{ a: 'a', b: 'c', value: 4 }, // a, b, c consistent
				{ a: 'c', b: 'd', value: 9 } // every triad with d conflicts (a-d and b-d count 1)
			])
		);
		const conflicts = consistency.triads.map((t) => t.ids.join(''));
		expect(conflicts).not.toContain('abc');
		expect(conflicts).toEqual(['acd', 'bcd', 'abd']);
		const sizes = consistency.triads.map((t) => Math.abs(Math.log(t.conflict)));
		expect([...sizes].sort((x, y) => y - x)).toEqual(sizes);
		expect(consistency.triads[0].conflict).toBeCloseTo(36, 12);
	});
});

describe('SAATY_SCALE', () => {
	it('lists 1/9..9 ascending with Saaty’s verbal labels', () => {
		expect(SAATY_SCALE).toHaveLength(17);
		expect(SAATY_SCALE.map((s) => s.value)).toEqual(
			[...SAATY_SCALE.map((s) => s.value)].sort((a, b) => a - b)
		);
		const byFraction = Object.fromEntries(SAATY_SCALE.map((s) => [s.fraction, s]));
		expect(byFraction['1'].label).toBe('equal');
		expect(byFraction['3'].label).toBe('moderately more');
		expect(byFraction['5'].label).toBe('strongly more');
		expect(byFraction['7'].label).toBe('very strongly more');
		expect(byFraction['9'].label).toBe('extremely more');
		expect(byFraction['2'].label).toBe('equal to moderately more');
		expect(byFraction['1/3']).toMatchObject({ value: 1 / 3, label: 'moderately less' });
		expect(byFraction['1/9']).toMatchObject({ value: 1 / 9, label: 'extremely less' });
	});
});

describe('aggregateJudgements', () => {
	const cs = criteria('a', 'b', 'c');

	it('takes the geometric mean per pair: 2 and 8 give 4 with a spread of 2', () => {
		const group = aggregateJudgements(cs, [
			[{ a: 'a', b: 'b', value: 2 }],
			[{ a: 'a', b: 'b', value: 8 }]
		]);
		expect(group.comparisons).toEqual([{ a: 'a', b: 'b', value: 4 }]);
		const ab = group.disagreement.find((d) => d.a === 'a' && d.b === 'b')!;
		expect(ab.count).toBe(2);
		expect(ab.spread).toBeCloseTo(2, 12);
	});

	it('orients judgements to criteria order, a reversed one counting as its reciprocal', () => {
		const group = aggregateJudgements(cs, [
			[{ a: 'a', b: 'b', value: 2 }],
			[{ a: 'b', b: 'a', value: 1 / 8 }],
			[{ a: 'c', b: 'a', value: 3 }]
		]);
		expect(group.comparisons).toEqual([
			{ a: 'a', b: 'b', value: 4 },
			{ a: 'a', b: 'c', value: 1 / 3 }
		]);
	});

	it('reports count and spread for every pair, 1 for one judgement or none', () => {
		const group = aggregateJudgements(cs, [
			[
				{ a: 'a', b: 'c', value: 3 },
				{ a: 'b', b: 'c', value: 9 }
			],
			[
				{ a: 'a', b: 'c', value: 3 },
				{ a: 'c', b: 'b', value: 9 }
			],
			[{ a: 'a', b: 'c', value: 3 }]
		]);
		expect(group.comparisons).toEqual([
			{ a: 'a', b: 'c', value: 3 },
			{ a: 'b', b: 'c', value: 1 }
		]);
		expect(group.disagreement).toEqual([
			{ a: 'a', b: 'b', count: 0, spread: 1 },
			{ a: 'a', b: 'c', count: 3, spread: 1 },
			{ a: 'b', b: 'c', count: 2, spread: expect.closeTo(9, 10) }
		]);
	});

	it('gives judgements that computeWeights accepts', () => {
		const group = aggregateJudgements(cs, [
			[{ a: 'a', b: 'b', value: 9 }],
			[{ a: 'a', b: 'b', value: 4 }]
		]);
		expect(group.comparisons[0].value).toBeCloseTo(6, 12);
		const { weights } = computeWeights(criteria('a', 'b'), pairwise(group.comparisons));
		expect(weights.a / weights.b).toBeCloseTo(6, 9);
	});
});
