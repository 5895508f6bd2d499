import { describe, expect, it } from 'vitest';
import { computeWeights } from '../../src/lib/domain/ahp';
import { pairsOf, verdict } from '../../src/lib/state/weights.svelte';
import { northwindPortfolio } from '../helpers/doc-fixtures';

const { criteria, weights } = northwindPortfolio();
const pairs = pairsOf(criteria);

describe('the consistency verdict', () => {
	it('gives no verdict on a partial matrix, only how many pairs are judged', () => {
		// One strong judgement, every other pair still "equal": the filled-in matrix has a
		// CR over the limit, though nothing contradicts anything yet.
		const three = criteria.slice(0, 3);
		const [first] = pairsOf(three);
		const result = computeWeights(three, {
			method: 'pairwise',
			comparisons: [{ a: first.a, b: first.b, value: 9 }]
		});
		expect(result.consistency.acceptable).toBe(false);
		const said = verdict(result, 3, { judged: 1, pairs: 3 });
		expect(said.state).toBe('partial');
		expect(said.ok).toBe(true);
		expect(said.text).toMatch('1 of 3 pairs judged');
		expect(said.text).not.toMatch(/Inconsistent/);
	});

	it('says what the CR means once every pair is judged', () => {
		expect(weights.method).toBe('pairwise');
		const result = computeWeights(criteria, weights);
		const said = verdict(result, criteria.length, { judged: pairs.length, pairs: pairs.length });
		expect(said.state).toBe('ok');
		expect(said.text).toMatch(/^Consistent enough \(CR 0\.\d\d ≤ 0\.10\)$/);
	});

	it('calls a complete, contradictory matrix inconsistent', () => {
		const [a, b, c] = criteria.map((x) => x.id);
		const three = criteria.slice(0, 3);
		const result = computeWeights(three, {
			method: 'pairwise',
			comparisons: [
				{ a, b, value: 9 },
				{ a: b, b: c, value: 9 },
				{ a: c, b: a, value: 9 }
			]
		});
		const said = verdict(result, 3, { judged: 3, pairs: 3 });
		expect(said.state).toBe('inconsistent');
		expect(said.text).toMatch(/^Inconsistent/);
	});
});
