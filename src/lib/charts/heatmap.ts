import { scaleBand } from 'd3-scale';
import { heatmapCells, type ExposureBand, type HeatCell } from '../domain/risk';
import type { Risk } from '../domain/types';

/**
 * The 5×5 likelihood × impact heatmap: d3 places the cells here, `RiskHeatmap.svelte`
 * draws them. Likelihood runs left to right (1..5), impact bottom to top (1..5), the
 * usual orientation of a risk matrix. Pure, so it is tested in node.
 */

export interface HeatmapLayout {
	width: number;
	height: number;
	/** Where the cells start: room on the left and at the bottom for the axes. */
	margin: { left: number; bottom: number };
	cellSize: number;
	cells: (HeatCell & { x: number; y: number })[];
	/** Axis ticks: likelihood under the columns, impact beside the rows. */
	xTicks: { level: number; x: number }[];
	yTicks: { level: number; y: number }[];
}

/** Fill per band: colour-blind-safe ramp; the count is always written in the cell too. */
export const BAND_FILL: Readonly<Record<ExposureBand, string>> = {
	low: '#d9ead3',
	medium: '#fde9a9',
	high: '#f6b26b',
	severe: '#e06666'
};

/** Lays out the cells for a square matrix `size` px wide (axes included). */
export function heatmapLayout(risks: readonly Risk[], size = 320): HeatmapLayout {
	const margin = { left: 40, bottom: 40 };
	const inner = size - margin.left;
	const levels = ['1', '2', '3', '4', '5'];
	const x = scaleBand<string>()
		.domain(levels)
		.range([margin.left, margin.left + inner])
		.padding(0.06);
	const y = scaleBand<string>()
		.domain([...levels].reverse())
		.range([0, inner])
		.padding(0.06);
	const cells = heatmapCells(risks).map((cell) => ({
		...cell,
		x: x(String(cell.likelihood)) ?? 0,
		y: y(String(cell.impact)) ?? 0
	}));
	return {
		width: size,
		height: inner + margin.bottom,
		margin,
		cellSize: x.bandwidth(),
		cells,
		xTicks: levels.map((l) => ({ level: Number(l), x: (x(l) ?? 0) + x.bandwidth() / 2 })),
		yTicks: levels.map((l) => ({ level: Number(l), y: (y(l) ?? 0) + y.bandwidth() / 2 }))
	};
}
