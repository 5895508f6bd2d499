import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { Tick } from './bubble';

/**
 * The efficient frontier as plain numbers: x = total cost of the optimum at budget
 * scale k, y = its total value; the curve joins the feasible points in the order of k
 * (never decreasing in value), and the current plan (the funding line's selection) is
 * one more marker against it. d3 computes; the Svelte component draws.
 */

export interface FrontierInput {
	scale: number;
	cost: number;
	value: number;
	feasible: boolean;
}

export interface FrontierDot extends FrontierInput {
	x: number;
	y: number;
}

export interface FrontierChart {
	width: number;
	height: number;
	plot: { left: number; top: number; right: number; bottom: number };
	/** Feasible points in order of k. */
	dots: FrontierDot[];
	/** SVG path through the dots. */
	path: string;
	/** The current plan's marker, when given. */
	current: { x: number; y: number; cost: number; value: number } | null;
	xTicks: Tick[];
	yTicks: Tick[];
}

export interface FrontierOptions {
	width: number;
	height: number;
	margin: { top: number; right: number; bottom: number; left: number };
	/** The current plan: cost and value of what the funding line funds. */
	current?: { cost: number; value: number } | null;
}

/** Lays out the frontier points and the current plan in a width × height box. */
export function buildFrontierChart(
	points: readonly FrontierInput[],
	options: FrontierOptions
): FrontierChart {
	const { width, height, margin } = options;
	const plot = {
		left: margin.left,
		top: margin.top,
		right: width - margin.right,
		bottom: height - margin.bottom
	};
	const feasible = points.filter((p) => p.feasible);
	const current = options.current ?? null;
	const maxCost = Math.max(1, ...feasible.map((p) => p.cost), current?.cost ?? 0);
	const maxValue = Math.max(1, ...feasible.map((p) => p.value), current?.value ?? 0);
	const x = scaleLinear().domain([0, maxCost]).range([plot.left, plot.right]).nice();
	const y = scaleLinear().domain([0, maxValue]).range([plot.bottom, plot.top]).nice();
	const dots = feasible.map((p) => ({ ...p, x: x(p.cost), y: y(p.value) }));
	const path =
		line<FrontierDot>()
			.x((d) => d.x)
			.y((d) => d.y)(dots) ?? '';
	const ticks = (scale: typeof x, count: number) =>
		scale.ticks(count).map((value) => ({ value, at: scale(value) }));
	return {
		width,
		height,
		plot,
		dots,
		path,
		current: current ? { ...current, x: x(current.cost), y: y(current.value) } : null,
		xTicks: ticks(x, Math.max(2, Math.floor((plot.right - plot.left) / 110))),
		yTicks: ticks(y, 5)
	};
}
