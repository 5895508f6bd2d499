import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { KpiPoint } from '$lib/domain/dashboard';

/**
 * A KPI's trend as a sparkline: the actuals as a line with dots (gaps where a period
 * has no actual) over the planned straight line from the baseline to the target.
 * d3 computes the paths here; `KpiSparkline.svelte` draws them.
 */

export interface Sparkline {
	width: number;
	height: number;
	/** The actuals; periods without one break the line. */
	actual: string;
	/** The plan: baseline before the first period to the target at the last. */
	planned: string;
	/** One dot per actual. */
	dots: { x: number; y: number; period: string; value: number }[];
}

export function sparkline(
	series: readonly KpiPoint[],
	baseline: number,
	{ width = 120, height = 32, pad = 4 } = {}
): Sparkline {
	const values = [baseline, ...series.map((p) => p.planned)];
	for (const p of series) if (p.actual !== null) values.push(p.actual);
	const [lo = 0, hi = 1] = extent(values);
	const same = lo === hi;
	const y = scaleLinear()
		.domain(same ? [lo - 1, hi + 1] : [lo, hi])
		.range([height - pad, pad]);
	// Slot 0 is the baseline (before the first period), slot i the end of period i.
	const x = scaleLinear()
		.domain([0, Math.max(1, series.length)])
		.range([pad, width - pad]);
	type Pt = { slot: number; value: number | null };
	const path = line<Pt>()
		.defined((p) => p.value !== null)
		.x((p) => x(p.slot))
		.y((p) => y(p.value ?? 0));
	const planned = path([
		{ slot: 0, value: baseline },
		...series.map((p, i) => ({ slot: i + 1, value: p.planned }))
	]);
	const actual = path(series.map((p, i) => ({ slot: i + 1, value: p.actual })));
	return {
		width,
		height,
		actual: actual ?? '',
		planned: planned ?? '',
		dots: series.flatMap((p, i) =>
			p.actual === null ? [] : [{ x: x(i + 1), y: y(p.actual), period: p.period, value: p.actual }]
		)
	};
}
