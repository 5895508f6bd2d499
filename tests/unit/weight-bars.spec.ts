import { describe, expect, it } from 'vitest';
import { roundPercents, weightBars, weightScale } from '../../src/lib/charts/weight-bars';

const criteria = [
	{ id: 'a', name: 'Growth' },
	{ id: 'b', name: 'Risk' },
	{ id: 'c', name: 'Cost' }
];

describe('roundPercents', () => {
	it('rounds three equal thirds to percentages that add up to exactly 100', () => {
		expect(roundPercents([1 / 3, 1 / 3, 1 / 3])).toEqual([33.4, 33.3, 33.3]);
	});

	it('gives the missing units to the largest remainders', () => {
		expect(roundPercents([0.12345, 0.54321, 0.33334], 0)).toEqual([13, 54, 33]);
	});

	it('keeps all-zero shares at zero and treats negatives as zero', () => {
		expect(roundPercents([0, 0])).toEqual([0, 0]);
		expect(roundPercents([-1, 1], 0)).toEqual([0, 100]);
	});
});

describe('weightScale', () => {
	it('maps 0 to 0 and a nice maximum above the largest weight to 100', () => {
		const scale = weightScale(0.23);
		expect(scale(0)).toBe(0);
		expect(scale.domain()[1]).toBeGreaterThanOrEqual(0.23);
		expect(scale(scale.domain()[1])).toBe(100);
	});

	it('falls back to a 0..1 domain when every weight is 0', () => {
		expect(weightScale(0).domain()).toEqual([0, 1]);
	});
});

describe('weightBars', () => {
	it('keeps the criteria order with lengths on one scale and labels in %', () => {
		const bars = weightBars({ criteria, weights: { a: 0.5, b: 0.3, c: 0.2 } });
		expect(bars.map((b) => b.id)).toEqual(['a', 'b', 'c']);
		expect(bars.map((b) => b.label)).toEqual(['50.0%', '30.0%', '20.0%']);
		expect(bars[0].length).toBeGreaterThan(bars[1].length);
		expect(bars[1].length / bars[2].length).toBeCloseTo(1.5);
		expect(bars.map((b) => b.rank)).toEqual([1, 2, 3]);
	});

	it('puts the heaviest first on request and lets equal weights share a rank', () => {
		const bars = weightBars({ criteria, weights: { a: 0.25, b: 0.5, c: 0.25 }, order: 'weight' });
		expect(bars.map((b) => b.id)).toEqual(['b', 'a', 'c']);
		expect(bars.map((b) => b.rank)).toEqual([1, 2, 2]);
	});

	it('counts a missing weight as 0', () => {
		const bars = weightBars({ criteria, weights: { a: 1 }, decimals: 0 });
		expect(bars.map((b) => [b.percent, b.length])).toEqual([
			[100, 100],
			[0, 0],
			[0, 0]
		]);
	});
});
