import { scaleLinear } from 'd3-scale';

/**
 * The criteria weights as a bar list: d3 computes the lengths and the rounded
 * percentages here, `WeightBars.svelte` only draws them. Pure, so it is tested in node.
 */

export interface WeightBar {
	id: string;
	name: string;
	/** The weight, 0..1. */
	weight: number;
	/** Rounded percentage; the bars' percentages add up to exactly 100 (when any weight). */
	percent: number;
	/** "23.5%" */
	label: string;
	/** Bar length in % of the track (the longest scale tick is 100). */
	length: number;
	/** 1 for the heaviest; equal weights share a rank. */
	rank: number;
}

export interface WeightBarsInput {
	criteria: readonly { id: string; name: string }[];
	/** Criterion id → weight (missing counts as 0). */
	weights: Readonly<Record<string, number>>;
	/** Decimals of the percentages (default 1). */
	decimals?: number;
	/** Keep the criteria order (default) or put the heaviest first. */
	order?: 'criteria' | 'weight';
}

/**
 * Rounds shares (summing to about 1) to percentages with `decimals` decimals that add
 * up to exactly 100, by the largest-remainder method: a table of weights that shows
 * 33.3 + 33.3 + 33.3 = 99.9 makes a room doubt the arithmetic. All-zero stays zero.
 */
export function roundPercents(shares: readonly number[], decimals = 1): number[] {
	const unit = 10 ** decimals;
	const total = shares.reduce((s, v) => s + (v > 0 ? v : 0), 0);
	if (!(total > 0)) return shares.map(() => 0);
	const exact = shares.map((v) => ((v > 0 ? v : 0) / total) * 100 * unit);
	const floors = exact.map(Math.floor);
	let missing = 100 * unit - floors.reduce((s, v) => s + v, 0);
	const byRemainder = exact
		.map((v, i) => ({ i, remainder: v - floors[i] }))
		.sort((p, q) => q.remainder - p.remainder || p.i - q.i);
	for (const { i } of byRemainder) {
		if (missing <= 0) break;
		floors[i] += 1;
		missing -= 1;
	}
	return floors.map((v) => v / unit);
}

/** The scale from a weight to a bar length in %: 0 → 0, a nice max ≥ the largest → 100. */
export function weightScale(maxWeight: number) {
	const max = Number.isFinite(maxWeight) && maxWeight > 0 ? maxWeight : 1;
	return scaleLinear().domain([0, max]).nice(4).range([0, 100]).clamp(true);
}

/** Bars for a weight list: lengths on one shared scale, percentages that sum to 100. */
export function weightBars({
	criteria,
	weights,
	decimals = 1,
	order = 'criteria'
}: WeightBarsInput): WeightBar[] {
	const values = criteria.map((c) => {
		const w = weights[c.id];
		return typeof w === 'number' && Number.isFinite(w) && w > 0 ? w : 0;
	});
	const percents = roundPercents(values, decimals);
	const scale = weightScale(Math.max(0, ...values));
	const sorted = [...values].sort((p, q) => q - p);
	const bars = criteria.map((c, i) => ({
		id: c.id,
		name: c.name,
		weight: values[i],
		percent: percents[i],
		label: `${percents[i].toFixed(decimals)}%`,
		length: scale(values[i]),
		rank: sorted.indexOf(values[i]) + 1
	}));
	if (order === 'weight') bars.sort((p, q) => q.weight - p.weight || p.rank - q.rank);
	return bars;
}
