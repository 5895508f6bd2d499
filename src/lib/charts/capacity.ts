import { scaleLinear } from 'd3-scale';
import { area, curveStepAfter, line, stack, type SeriesPoint } from 'd3-shape';
import type { ResourceLoad, StackSeries } from '$lib/domain/capacity';
import { SWATCH_COUNT } from './capacity-swatches';

/**
 * One resource's capacity chart as plain shapes: the funded demand per period as
 * stacked step areas (one path per band, so a chart is a dozen paths whatever the
 * number of projects), the capacity as a step line, the part above capacity as one
 * region, and the unfunded ghosts above the funded total. Each period is one column
 * [x0, x1) of the plot. d3 computes; `CapacityChart.svelte` draws.
 */

export interface Tick {
	value: number;
	/** Position along its axis, in pixels. */
	at: number;
}

export interface Band {
	series: StackSeries;
	/** SVG path of the band (a stacked step area). */
	path: string;
	/**
	 * The project's swatch (`swatchOf`): the legend's, or without one its colorIndex
	 * unless the band below has it; -1 for 'other' and ghosts.
	 */
	color: number;
}

export interface Column {
	period: string;
	index: number;
	x0: number;
	x1: number;
	/** Whether its label is drawn (labels thin out when columns are narrow). */
	labelled: boolean;
}

export interface CapacityChartLayout {
	width: number;
	height: number;
	plot: { left: number; top: number; right: number; bottom: number };
	columns: Column[];
	bands: Band[];
	/** The capacity step line, or null when unlimited (no budget). */
	capacity: string | null;
	/** The region between capacity and the funded total where the total is above, or null. */
	over: string | null;
	yTicks: Tick[];
	yMax: number;
}

export interface CapacityChartOptions {
	width: number;
	height: number;
	margin?: { top: number; right: number; bottom: number; left: number };
	/** Pixels an x label needs; labels are thinned to fit (default 56). */
	labelWidth?: number;
	/** The period names, for the columns. */
	periods: readonly string[];
	/** Each funded project's swatch, as the legend shows it (see capacity-swatches.ts). */
	swatches?: ReadonlyMap<string, number>;
	/** Least pixels between two y ticks (large text on a short chart); default none. */
	tickSpacing?: number;
}

export { CAPACITY_COLORS } from './capacity-swatches';

/**
 * A project's swatch when the chart is given none: a hash of its id, so it keeps its
 * swatch in every chart and drag.
 */
export function colorIndex(id: string): number {
	let h = 2166136261;
	for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
	return (h >>> 0) % SWATCH_COUNT;
}

/** The largest value the chart must show: capacity, funded total and ghosts on top. */
export function chartMax(load: ResourceLoad): number {
	let max = 0;
	load.total.forEach((total, t) => {
		max = Math.max(max, total + load.ghostTotal[t], load.capacity[t] ?? 0);
	});
	return max;
}

/** Lays out `load` in a `width` × `height` box. */
export function buildCapacityChart(
	load: ResourceLoad,
	options: CapacityChartOptions
): CapacityChartLayout {
	const { width, height } = options;
	const margin = options.margin ?? { top: 12, right: 12, bottom: 28, left: 48 };
	const plot = {
		left: margin.left,
		top: margin.top,
		right: Math.max(margin.left + 1, width - margin.right),
		bottom: Math.max(margin.top + 1, height - margin.bottom)
	};
	const T = load.total.length;
	const x = scaleLinear()
		.domain([0, Math.max(1, T)])
		.range([plot.left, plot.right]);
	const max = chartMax(load);
	const y = scaleLinear()
		.domain([0, max > 0 ? max : 1])
		.range([plot.bottom, plot.top])
		.nice(4);

	// Step curves need one point past the last column to draw its full width.
	const points = Array.from({ length: T + 1 }, (_, i) => i);
	const at = (i: number) => Math.min(i, T - 1);
	const stacked = stack<number, number>()
		.keys(load.series.map((_, k) => k))
		.value((i, k) => load.series[k].values[at(i)] ?? 0)(points);
	const bandArea = area<SeriesPoint<number>>()
		.x((d) => x(d.data))
		.y0((d) => y(d[0]))
		.y1((d) => y(d[1]))
		.curve(curveStepAfter);
	// Ghosts are stacked on the funded total, never under it: the stack puts them after
	// the funded bands, which come first in `series`.
	// A project takes its swatch from the legend. Without one it keeps a hash of its id
	// unless the band below has the same: then the next, so neighbours never merge.
	let below = -1;
	const bands: Band[] = load.series.map((series, k) => {
		let color = -1;
		if (series.kind === 'funded') {
			const own = options.swatches?.get(series.id);
			color = own ?? colorIndex(series.id);
			if (own === undefined && color === below) color = (color + 1) % SWATCH_COUNT;
		}
		below = color;
		return { series, path: T > 0 ? (bandArea(stacked[k]) ?? '') : '', color };
	});

	const limited = load.capacity.some((c) => c !== null) && T > 0;
	const capacity = limited
		? line<number>()
				.x((i) => x(i))
				.y((i) => y(load.capacity[at(i)] ?? 0))
				.curve(curveStepAfter)(points)
		: null;
	const overAny = load.over.some((v) => v > 0);
	const over =
		overAny && T > 0
			? area<number>()
					.x((i) => x(i))
					.y0((i) => y(load.capacity[at(i)] ?? 0))
					.y1((i) => {
						const t = at(i);
						return y(load.over[t] > 0 ? load.total[t] : (load.capacity[t] ?? 0));
					})
					.curve(curveStepAfter)(points)
			: null;

	const columnWidth = T > 0 ? (plot.right - plot.left) / T : 0;
	const every = Math.max(1, Math.ceil((options.labelWidth ?? 56) / Math.max(1, columnWidth)));
	const columns: Column[] = Array.from({ length: T }, (_, t) => ({
		period: options.periods[t] ?? '',
		index: t,
		x0: x(t),
		x1: x(t + 1),
		labelled: t % every === 0
	}));
	return {
		width,
		height,
		plot,
		columns,
		bands,
		capacity,
		over,
		yTicks: yTicks(y, height, options.tickSpacing),
		yMax: y.domain()[1]
	};
}

/** The y ticks, thinned so that two are never closer than `spacing` pixels. */
function yTicks(
	y: ReturnType<typeof scaleLinear<number, number>>,
	height: number,
	spacing = 0
): Tick[] {
	const span = Math.abs(y.range()[0] - y.range()[1]);
	const count = spacing > 0 ? Math.max(1, Math.floor(span / spacing)) : height < 200 ? 3 : 5;
	const ticks = y.ticks(count).map((value) => ({ value, at: y(value) }));
	if (spacing <= 0) return ticks;
	const out: Tick[] = [];
	for (const tick of ticks) {
		if (out.length === 0 || Math.abs(out[out.length - 1].at - tick.at) >= spacing) out.push(tick);
	}
	return out;
}
