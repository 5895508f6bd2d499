import type { CapacityModel } from '$lib/domain/capacity';

/**
 * Swatches that name a project in every capacity chart: ten hues times four fills
 * (solid, stripes, dots, cross-hatch), forty distinct swatches before one repeats.
 *
 * - Every hue has a contrast of at least 4.5:1 against white (the chart's ground and
 *   the line between two bands) and none is the red kept for "over capacity".
 * - The fill changes with every step as well as the hue, so two neighbours in the
 *   legend differ in texture too: a reader who cannot tell two hues apart can still
 *   tell the bands apart (WCAG 1.4.1, colour is never the only cue).
 * - A project's swatch is its place among the funded projects with load, in the
 *   portfolio's own order (not rank order): moving a project in a drag does not
 *   recolour the others; funding a new one shifts only those after it.
 */

/** Band hues (blue, orange, green, purple… never the red of "over capacity"). */
export const CAPACITY_COLORS = [
	'#1f4e79',
	'#b45309',
	'#2a7f62',
	'#7b3fa0',
	'#0e7490',
	'#8a6d00',
	'#4d7c0f',
	'#a3367a',
	'#3f6ea6',
	'#6b4f2a'
] as const;

export type SwatchFill = 'solid' | 'stripes' | 'dots' | 'cross';

export const SWATCH_FILLS: readonly SwatchFill[] = ['solid', 'stripes', 'dots', 'cross'];

/** Distinct swatches before one repeats. */
export const SWATCH_COUNT = CAPACITY_COLORS.length * SWATCH_FILLS.length;

export interface Swatch {
	color: string;
	fill: SwatchFill;
}

/**
 * Swatch `index`: the hue steps every time, the fill too, and each round of ten hues
 * shifts the fills by one, so the first forty are all different pairs.
 */
export function swatchOf(index: number): Swatch {
	const i = ((index % SWATCH_COUNT) + SWATCH_COUNT) % SWATCH_COUNT;
	const round = Math.floor(i / CAPACITY_COLORS.length);
	return {
		color: CAPACITY_COLORS[i % CAPACITY_COLORS.length],
		fill: SWATCH_FILLS[(i + round) % SWATCH_FILLS.length]
	};
}

/** One funded project in the legend. */
export interface LegendEntry {
	id: string;
	name: string;
	/** Index for `swatchOf`. */
	swatch: number;
	/** Forced in by its decision. */
	forced: boolean;
}

/**
 * The funded projects that load any resource (cost or demand in some period), in the
 * order shown, each with its swatch (see the module comment).
 */
export function capacityLegend(
	model: CapacityModel,
	options: { order: readonly string[]; funded: ReadonlySet<string> }
): LegendEntry[] {
	const loaded: number[] = [];
	model.ids.forEach((id, i) => {
		if (model.index.get(id) !== i || model.parts[i] === 'inactive') return;
		if (!options.funded.has(id)) return;
		for (let k = model.start[i]; k < model.start[i + 1]; k++) {
			if (model.amount[k] !== 0) {
				loaded.push(i);
				return;
			}
		}
	});
	const swatch = new Map(loaded.map((i, n) => [model.ids[i], n]));
	const entries: LegendEntry[] = [];
	const seen = new Set<string>();
	for (const id of [...options.order, ...model.ids]) {
		const n = swatch.get(id);
		if (n === undefined || seen.has(id)) continue;
		seen.add(id);
		const project = model.portfolio.projects[model.index.get(id)!];
		entries.push({ id, name: project.name, swatch: n, forced: project.decision === 'in' });
	}
	return entries;
}
