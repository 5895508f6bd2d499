import { describe, expect, it } from 'vitest';
import { fundingLine } from '../../src/lib/domain/funding';
import { compareWithLine } from '../../src/lib/domain/optimize';
import { diffPortfolios } from '../../src/lib/domain/review-diff';
import { fundedValue, projectValues } from '../../src/lib/domain/scoring';
import { formatValue } from '../../src/lib/components/ui/format';
import { northwindPortfolio } from '../helpers/doc-fixtures';

describe('funded value', () => {
	it('sums the exact values, so a sum of rounded values never disagrees with it', () => {
		const values = new Map([
			['a', 10.04],
			['b', 10.04],
			['c', 10.04]
		]);
		// Rounded first: 10.0 × 3 = 30.0; exact: 30.12 → 30.1.
		expect(formatValue(fundedValue(values, ['a', 'b', 'c']))).toBe('30.1');
	});

	it('is the same in a review and in the optimiser for the same plan', () => {
		const portfolio = northwindPortfolio();
		const { reviews: _r, ...content } = portfolio;
		const { funded } = fundingLine(portfolio);
		const exact = fundedValue(projectValues(portfolio), funded);
		const review = diffPortfolios(content, content).totals.fundedValue.after;
		const optimiser = compareWithLine(portfolio, {
			selected: [],
			value: 0
		} as unknown as Parameters<typeof compareWithLine>[1]).lineValue;
		expect(review).toBeCloseTo(exact, 9);
		expect(optimiser).toBeCloseTo(exact, 9);
		expect(formatValue(review)).toBe(formatValue(optimiser));
	});
});
