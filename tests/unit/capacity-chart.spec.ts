import { describe, expect, it } from 'vitest';
import { buildCapacityChart, chartMax, colorIndex } from '../../src/lib/charts/capacity';
import {
	CAPACITY_COLORS,
	capacityLegend,
	SWATCH_COUNT,
	swatchOf
} from '../../src/lib/charts/capacity-swatches';
import { prepareCapacity, type ResourceLoad } from '../../src/lib/domain/capacity';
import { emptyPortfolio } from '../../src/lib/domain/format';
import type { Portfolio } from '../../src/lib/domain/types';
import { project } from '../helpers/projects';

const PERIODS = ['2027-Q1', '2027-Q2'];
const box = {
	width: 240,
	height: 140,
	margin: { top: 10, right: 20, bottom: 30, left: 20 },
	periods: PERIODS
};

function load(over: Partial<ResourceLoad> = {}): ResourceLoad {
	return {
		info: { key: 'role:eng', resource: { kind: 'role', roleId: 'eng' }, name: 'Eng', unit: 'fte' },
		capacity: [4, 4],
		total: [5, 2],
		over: [1, 0],
		ghostTotal: [0, 0],
		series: [
			{ id: 'a', name: 'A', kind: 'funded', values: [3, 2], count: 1 },
			{ id: 'b', name: 'B', kind: 'funded', values: [2, 0], count: 1 }
		],
		...over
	};
}

/** The y values a path visits (the numbers after each command letter's x). */
function ys(path: string): number[] {
	return [...path.matchAll(/[ML]([-\d.]+),([-\d.]+)/g)].map((m) => Number(m[2]));
}

describe('buildCapacityChart', () => {
	it('maps periods to equal columns across the plot', () => {
		const chart = buildCapacityChart(load(), box);
		expect(chart.columns.map((c) => [c.period, c.x0, c.x1])).toEqual([
			['2027-Q1', 20, 120],
			['2027-Q2', 120, 220]
		]);
	});

	it('scales y to the largest of capacity, total and ghosts, from zero at the bottom', () => {
		expect(chartMax(load())).toBe(5);
		expect(chartMax(load({ ghostTotal: [0, 6] }))).toBe(8);
		expect(chartMax(load({ capacity: [9, 4] }))).toBe(9);
		const chart = buildCapacityChart(load(), box);
		expect(chart.yMax).toBeGreaterThanOrEqual(5);
		expect(chart.yTicks[0]).toEqual({ value: 0, at: 110 });
	});

	it('stacks the bands: the second starts where the first ends', () => {
		const chart = buildCapacityChart(load({ capacity: [5, 5], over: [0, 0] }), box);
		const [a, b] = chart.bands;
		// y = 110 - value * 20 (0..5 over 100 px).
		expect(Math.min(...ys(a.path))).toBe(50); // a reaches 3
		expect(Math.min(...ys(b.path))).toBe(10); // a + b reaches 5
		// b is 0 in Q2: a flat band lying on a's top (2), never below it.
		expect(Math.max(...ys(b.path))).toBe(70);
		expect(chart.over).toBeNull();
	});

	it('draws the capacity as a step line and the part above it as a region', () => {
		const chart = buildCapacityChart(load({ capacity: [4, 3] }), box);
		expect(chart.capacity).not.toBeNull();
		expect(new Set(ys(chart.capacity!))).toEqual(new Set([110 - 4 * 20, 110 - 3 * 20]));
		// Over in Q1 only: from capacity (30) up to the total (10).
		expect(chart.over).not.toBeNull();
		expect(Math.min(...ys(chart.over!))).toBe(10);
		expect(Math.max(...ys(chart.over!))).toBe(50);
	});

	it('draws no capacity line when the budget has no limit', () => {
		const chart = buildCapacityChart(load({ capacity: [null, null], over: [0, 0] }), box);
		expect(chart.capacity).toBeNull();
		expect(chart.over).toBeNull();
	});

	it('gives a project the same colour in every chart, grouped bands none', () => {
		const chart = buildCapacityChart(
			load({
				series: [
					{ id: 'other', name: '3 others', kind: 'other', values: [1, 1], count: 3 },
					{ id: 'a', name: 'A', kind: 'funded', values: [1, 1], count: 1 }
				]
			}),
			box
		);
		expect(chart.bands.map((b) => b.color)).toEqual([-1, colorIndex('a')]);
		expect(colorIndex('a')).toBe(colorIndex('a'));
	});

	it('thins the period labels when the columns are narrow', () => {
		const many = Array.from({ length: 24 }, (_, i) => `P${i}`);
		const chart = buildCapacityChart(
			load({
				capacity: many.map(() => 1),
				total: many.map(() => 0),
				over: many.map(() => 0),
				ghostTotal: many.map(() => 0),
				series: []
			}),
			{ ...box, periods: many, labelWidth: 30 }
		);
		expect(chart.columns).toHaveLength(24);
		const shown = chart.columns.filter((c) => c.labelled).length;
		expect(shown).toBeLessThan(24);
		expect(shown).toBeGreaterThan(1);
	});
});

describe('band colours', () => {
	it('never give two neighbouring bands the same colour', () => {
		// Find two ids that hash to the same colour.
		const ids = Array.from({ length: 50 }, (_, i) => `p${i}`);
		const a = ids[0];
		const b = ids.find((id) => id !== a && colorIndex(id) === colorIndex(a))!;
		const chart = buildCapacityChart(
			load({
				series: [
					{ id: a, name: 'A', kind: 'funded', values: [1, 1], count: 1 },
					{ id: b, name: 'B', kind: 'funded', values: [1, 1], count: 1 }
				]
			}),
			box
		);
		expect(chart.bands[0].color).toBe(colorIndex(a));
		expect(chart.bands[1].color).not.toBe(chart.bands[0].color);
	});
});

describe('swatches: a distinct swatch for every funded project with load', () => {
	it('the first SWATCH_COUNT swatches are all different and neighbours differ in hue and fill', () => {
		const all = Array.from({ length: SWATCH_COUNT }, (_, i) => swatchOf(i));
		expect(new Set(all.map((s) => `${s.color} ${s.fill}`)).size).toBe(SWATCH_COUNT);
		expect(SWATCH_COUNT).toBeGreaterThanOrEqual(30);
		for (let i = 1; i < all.length; i++) {
			expect(all[i].color).not.toBe(all[i - 1].color);
			expect(all[i].fill).not.toBe(all[i - 1].fill);
		}
	});

	it('every hue has at least 4.5:1 contrast against white', () => {
		const luminance = (hex: string) => {
			const [r, g, b] = [1, 3, 5].map((i) => {
				const c = parseInt(hex.slice(i, i + 2), 16) / 255;
				return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
			});
			return 0.2126 * r + 0.7152 * g + 0.0722 * b;
		};
		for (const color of CAPACITY_COLORS) {
			expect(1.05 / (luminance(color) + 0.05)).toBeGreaterThanOrEqual(4.5);
		}
	});

	it('the legend names funded projects with load in the order shown, swatches in portfolio order', () => {
		const p: Portfolio = {
			...emptyPortfolio('Legend'),
			periods: ['Q1'],
			roles: [{ id: 'eng', name: 'Engineering', capacity: { Q1: 10 } }],
			projects: [
				project('a', { name: 'Alpha', demand: { eng: { Q1: 1 } } }),
				project('b', { name: 'Beta' }),
				project('c', { name: 'Gamma', cost: { Q1: 5 } }),
				project('d', { name: 'Delta', demand: { eng: { Q1: 1 } } })
			]
		};
		const legend = capacityLegend(prepareCapacity(p), {
			order: ['d', 'c', 'b', 'a'],
			funded: new Set(['a', 'b', 'c'])
		});
		expect(legend.map((e) => [e.name, e.swatch])).toEqual([
			['Gamma', 1],
			['Alpha', 0]
		]);
	});

	it('a band takes the swatch the legend gives its project', () => {
		const chart = buildCapacityChart(load(), { ...box, swatches: new Map([['a', 7]]) });
		expect(chart.bands[0].color).toBe(7);
	});
});

describe('y ticks on a short chart with large text', () => {
	it('two ticks are never closer than tickSpacing', () => {
		const chart = buildCapacityChart(load({ capacity: [20, 20], total: [18, 2] }), {
			...box,
			height: 120,
			tickSpacing: 27
		});
		const at = chart.yTicks.map((t) => t.at);
		for (let i = 1; i < at.length; i++)
			expect(Math.abs(at[i] - at[i - 1])).toBeGreaterThanOrEqual(27);
		expect(at.length).toBeGreaterThanOrEqual(2);
	});
});
