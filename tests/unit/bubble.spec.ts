import { describe, expect, it } from 'vitest';
import {
	buildBubbleChart,
	median,
	quadrantOf,
	type BubbleInput
} from '../../src/lib/charts/bubble';

const data: BubbleInput[] = [
	{ id: 'a', name: 'A', cost: 100, value: 80, fte: 4 },
	{ id: 'b', name: 'B', cost: 400, value: 70, fte: 16 },
	{ id: 'c', name: 'C', cost: 50, value: 10, fte: 1 },
	{ id: 'd', name: 'D', cost: 300, value: 20, fte: 0 }
];
const box = { width: 500, height: 300, margin: { top: 10, right: 20, bottom: 30, left: 40 } };

describe('median', () => {
	it('is the middle value, or the mean of the middle two', () => {
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([])).toBe(0);
	});
});

describe('quadrantOf', () => {
	it('names the four quadrants around the medians', () => {
		expect(quadrantOf(1, 9, 5, 5)).toBe('quick-win');
		expect(quadrantOf(9, 9, 5, 5)).toBe('strategic-bet');
		expect(quadrantOf(1, 1, 5, 5)).toBe('fill-in');
		expect(quadrantOf(9, 1, 5, 5)).toBe('money-pit');
	});
});

describe('buildBubbleChart', () => {
	const chart = buildBubbleChart(data, { ...box, maxRadius: 20, minRadius: 3 });
	const bubble = (id: string) => chart.bubbles.find((b) => b.id === id)!;

	// The scales stop short of the right and top edges by the largest radius (20) and
	// half a selected outline plus a pixel (3).
	const pad = 23;

	it('maps cost to x from the left edge of the plot (a nice domain from 0)', () => {
		// Domain [0, 400] is already nice: 0 → left, 400 → right less the padding.
		expect(bubble('b').cx).toBeCloseTo(480 - pad);
		expect(bubble('a').cx).toBeCloseTo(40 + (100 / 400) * (440 - pad));
	});

	it('maps value 0-100 to y from the bottom up', () => {
		expect(bubble('a').cy).toBeCloseTo(270 - 0.8 * (260 - pad));
		expect(chart.yTicks[0]).toEqual({ value: 0, at: 270 });
		expect(chart.yTicks.at(-1)).toEqual({ value: 100, at: 10 + pad });
	});

	it('keeps the largest bubble inside the chart at the top right corner', () => {
		const corner = buildBubbleChart(
			[
				{ id: 'big', name: 'Big', cost: 500, value: 100, fte: 20 },
				{ id: 'small', name: 'Small', cost: 10, value: 5, fte: 1 }
			],
			{ ...box, maxRadius: 30 }
		);
		for (const b of corner.bubbles) {
			expect(b.cx + b.r + 2).toBeLessThanOrEqual(corner.width);
			expect(b.cy - b.r - 2).toBeGreaterThanOrEqual(0);
			expect(b.cx + b.r).toBeLessThanOrEqual(corner.plot.right);
			expect(b.cy - b.r).toBeGreaterThanOrEqual(corner.plot.top);
		}
	});

	it('makes bubble area proportional to FTE (radius by square root)', () => {
		expect(bubble('b').r).toBeCloseTo(20);
		expect(bubble('a').r).toBeCloseTo(10);
		expect(bubble('c').r).toBeCloseTo(5);
	});

	it('keeps a bubble without FTE visible at the smallest radius', () => {
		expect(bubble('d').r).toBe(3);
	});

	it('draws the largest bubbles first so the small ones stay on top', () => {
		expect(chart.bubbles.map((b) => b.id)).toEqual(['b', 'a', 'c', 'd']);
	});

	it('splits the quadrants at the median cost and value', () => {
		expect(chart.medianCost).toBe(200);
		expect(chart.medianValue).toBe(45);
		expect(chart.medianX).toBeCloseTo(40 + 0.5 * (440 - pad));
		expect(bubble('a').quadrant).toBe('quick-win');
		expect(bubble('b').quadrant).toBe('strategic-bet');
		expect(bubble('c').quadrant).toBe('fill-in');
		expect(bubble('d').quadrant).toBe('money-pit');
		expect(chart.quadrants.map((q) => q.label)).toEqual([
			'Quick wins',
			'Strategic bets',
			'Fill-ins',
			'Money pits'
		]);
	});

	it('works with no data and with zero cost and FTE everywhere', () => {
		expect(buildBubbleChart([], box).bubbles).toEqual([]);
		const flat = buildBubbleChart([{ id: 'z', name: 'Z', cost: 0, value: 0, fte: 0 }], box);
		expect(Number.isFinite(flat.bubbles[0].cx)).toBe(true);
		expect(Number.isFinite(flat.bubbles[0].r)).toBe(true);
	});
});
