import { scaleLinear, scaleSqrt } from 'd3-scale';

/**
 * The value-vs-cost bubble chart as plain numbers: x = total cost, y = value (0-100),
 * bubble AREA = total FTE (so the radius scale is a square root), and the four
 * quadrants split at the median cost and the median value. d3 computes; the Svelte
 * component only draws what this returns. Funding is not an input: it changes on every
 * drag step while this layout does not, so the component styles each bubble by it.
 */

export interface BubbleInput {
	id: string;
	name: string;
	/** Total cost over all periods. */
	cost: number;
	/** 0-100. */
	value: number;
	/** Total demand over all roles and periods. */
	fte: number;
}

export type Quadrant = 'quick-win' | 'strategic-bet' | 'fill-in' | 'money-pit';

export const QUADRANT_LABEL: Record<Quadrant, string> = {
	'quick-win': 'Quick wins',
	'strategic-bet': 'Strategic bets',
	'fill-in': 'Fill-ins',
	'money-pit': 'Money pits'
};

export interface Bubble extends BubbleInput {
	cx: number;
	cy: number;
	r: number;
	quadrant: Quadrant;
}

export interface Tick {
	value: number;
	/** Position along its axis, in pixels. */
	at: number;
}

export interface BubbleChart {
	width: number;
	height: number;
	/** The plotting area inside the margins. */
	plot: { left: number; top: number; right: number; bottom: number };
	/** Largest area first, so that small bubbles are drawn on top and stay clickable. */
	bubbles: Bubble[];
	medianCost: number;
	medianValue: number;
	/** Pixel positions of the median lines. */
	medianX: number;
	medianY: number;
	xTicks: Tick[];
	yTicks: Tick[];
	/** Where each quadrant's label goes: its outer corner. */
	quadrants: QuadrantLabel[];
}

export interface QuadrantLabel {
	quadrant: Quadrant;
	label: string;
	x: number;
	y: number;
	anchor: 'start' | 'end';
	baseline: 'hanging' | 'auto';
}

export interface BubbleOptions {
	width: number;
	height: number;
	margin?: { top: number; right: number; bottom: number; left: number };
	/** Radius of the largest FTE; default scales with the plot. */
	maxRadius?: number;
	/** Smallest radius drawn, so a project without FTE stays visible and clickable. */
	minRadius?: number;
}

/**
 * Margins that fit the axes drawn with labels of `fontSize` px: the y tick labels (up
 * to "100") and the rotated y title on the left, the x tick labels and the x title
 * below, and half of the last x tick label on the right.
 */
export function bubbleMargins(fontSize: number): {
	top: number;
	right: number;
	bottom: number;
	left: number;
} {
	return {
		top: Math.ceil(fontSize),
		right: Math.ceil(fontSize * 1.5),
		bottom: Math.ceil(fontSize * 2 + 22),
		left: Math.ceil(fontSize * 3 + 16)
	};
}

/** The median of a list (mean of the middle two for an even count); 0 for none. */
export function median(values: readonly number[]): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Which quadrant a project falls in: cheaper than the median cost and at least the
 * median value is a quick win; costlier and valuable, a strategic bet; cheap and of
 * little value, a fill-in; costly and of little value, a money pit.
 */
export function quadrantOf(
	cost: number,
	value: number,
	medianCost: number,
	medianValue: number
): Quadrant {
	const cheap = cost <= medianCost;
	const valuable = value >= medianValue;
	if (valuable) return cheap ? 'quick-win' : 'strategic-bet';
	return cheap ? 'fill-in' : 'money-pit';
}

/** The outline of a selected bubble (px): its half lies outside the radius. */
export const SELECTED_STROKE = 4;

/** Lays out the chart for `data` in a `width` × `height` box. */
export function buildBubbleChart(
	data: readonly BubbleInput[],
	options: BubbleOptions
): BubbleChart {
	const { width, height } = options;
	const margin = options.margin ?? { top: 16, right: 16, bottom: 44, left: 48 };
	const plot = {
		left: margin.left,
		top: margin.top,
		right: Math.max(margin.left + 1, width - margin.right),
		bottom: Math.max(margin.top + 1, height - margin.bottom)
	};
	const maxCost = data.reduce((m, d) => Math.max(m, d.cost), 0);
	const maxFte = data.reduce((m, d) => Math.max(m, d.fte), 0);
	const maxRadius =
		options.maxRadius ?? Math.max(6, Math.min(plot.right - plot.left, plot.bottom - plot.top) / 12);
	const minRadius = options.minRadius ?? 3;

	// The costliest and the most valuable bubbles are centred at the plot's right and top
	// edges: the scales stop short of them by the largest radius (and a selected
	// bubble's outline), so no bubble is cut by the chart's edge. The left and bottom
	// margins hold the axis labels, so the origin stays at the axes' corner.
	const pad = (maxFte > 0 ? Math.max(minRadius, maxRadius) : minRadius) + SELECTED_STROKE / 2 + 1;
	const x = scaleLinear()
		.domain([0, maxCost > 0 ? maxCost : 1])
		.range([plot.left, Math.max(plot.left + 1, plot.right - pad)])
		.nice();
	const y = scaleLinear()
		.domain([0, 100])
		.range([plot.bottom, Math.min(plot.bottom - 1, plot.top + pad)]);
	const r = scaleSqrt()
		.domain([0, maxFte > 0 ? maxFte : 1])
		.range([0, maxRadius]);

	const medianCost = median(data.map((d) => d.cost));
	const medianValue = median(data.map((d) => d.value));
	const bubbles: Bubble[] = data.map((d) => ({
		id: d.id,
		name: d.name,
		cost: d.cost,
		value: d.value,
		fte: d.fte,
		cx: x(d.cost),
		cy: y(d.value),
		r: Math.max(minRadius, r(d.fte)),
		quadrant: quadrantOf(d.cost, d.value, medianCost, medianValue)
	}));
	bubbles.sort((a, b) => b.r - a.r || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

	const inset = 6;
	const corner = (quadrant: Quadrant, right: boolean, top: boolean): QuadrantLabel => ({
		quadrant,
		label: QUADRANT_LABEL[quadrant],
		x: right ? plot.right - inset : plot.left + inset,
		y: top ? plot.top + inset : plot.bottom - inset,
		anchor: right ? 'end' : 'start',
		baseline: top ? 'hanging' : 'auto'
	});
	return {
		width,
		height,
		plot,
		bubbles,
		medianCost,
		medianValue,
		medianX: x(medianCost),
		medianY: y(medianValue),
		xTicks: x.ticks(width < 420 ? 3 : 5).map((value) => ({ value, at: x(value) })),
		yTicks: y.ticks(5).map((value) => ({ value, at: y(value) })),
		quadrants: [
			corner('quick-win', false, true),
			corner('strategic-bet', true, true),
			corner('fill-in', false, false),
			corner('money-pit', true, false)
		]
	};
}
