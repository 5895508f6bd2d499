import type { FundingResult } from '$lib/domain/analysis-types';
import {
	bottlenecks,
	breakdown,
	capacityLoads,
	loadStack,
	prepareCapacity,
	sameStack,
	whatItTakes,
	type Bottleneck,
	type CapacityModel,
	type Contribution,
	type LoadStack,
	type ResourceLoad,
	type WhatItTakes
} from '$lib/domain/capacity';
import { capacityPeak, hotCells, type HotCell } from '$lib/domain/capacity-peak';
import { prepareFunding } from '$lib/domain/funding';
import { capacityLegend, SWATCH_COUNT, type LegendEntry } from '$lib/charts/capacity-swatches';
import { shiftProject } from '$lib/domain/schedule';
import type { Portfolio } from '$lib/domain/types';

/**
 * The capacity view's logic, testable without a DOM. It follows a ranking board (the
 * order shown and its funding line, recomputed on every drag step), so the charts move
 * with a drag; and it previews a start being shifted on the timeline: while a bar is
 * dragged, the shifted portfolio's funding line is computed here and the charts show
 * it, and the shift is written on drop (one command, one undo step, seen by everyone).
 *
 * As in RankingState, results are memoised by the identity of their inputs (snapshots
 * are immutable) rather than with `$derived`, so a drag step re-stacks the loads once
 * and nothing else.
 */

/** What the charts follow: a RankingState fits. */
export interface CapacitySource {
	readonly portfolio: Portfolio;
	/** Project ids in the order shown. */
	readonly order: string[];
	readonly funding: FundingResult;
	/** A drag in progress (non-null): the bottlenecks wait for the drop. */
	readonly drag?: unknown;
}

export interface CapacityCommands {
	/** Moves a project's start by whole periods (shiftProjectStart); throws when refused. */
	shift(id: string, delta: number): void;
}

export interface ShiftPreview {
	id: string;
	delta: number;
}

/**
 * Funded projects drawn one by one per chart (as many as there are distinct swatches,
 * so each is named by the legend); the rest are one grey band.
 */
export const TOP_PROJECTS = SWATCH_COUNT;
/** Unfunded projects shown as ghosts when ghosts are on. */
export const GHOSTS = 5;

interface View {
	portfolio: Portfolio;
	order: string[];
	funding: FundingResult;
}

export class CapacityState {
	#source: () => CapacitySource;
	#commands: CapacityCommands;
	/** Show the next unfunded projects as hatched ghosts. */
	ghosts = $state(false);
	/** 'all' (small multiples) or one resource key. */
	focus = $state('all');
	/** Tables instead of charts. */
	asTable = $state(false);
	/** The start being dragged on the timeline, previewed in the charts. */
	preview = $state.raw<ShiftPreview | null>(null);
	/** The last refusal or confirmation of a shift, for the live region. */
	message = $state('');

	#model: CapacityModel | null = null;
	#view: (CapacitySource & { preview: ShiftPreview | null; view: View }) | null = null;
	#previewFunding: {
		portfolio: Portfolio;
		preview: ShiftPreview;
		shifted: Portfolio;
		plan: ReturnType<typeof prepareFunding>;
	} | null = null;
	#loads: {
		view: View;
		model: CapacityModel;
		ghosts: boolean;
		stack: LoadStack;
		loads: ResourceLoad[];
	} | null = null;
	#analysis: {
		view: View;
		bottlenecks: Bottleneck[];
		whatItTakes: WhatItTakes | null;
		hot: HotCell[];
		peak: HotCell | null;
	} | null = null;
	#legend: {
		view: View;
		entries: LegendEntry[];
		swatches: Map<string, number>;
	} | null = null;

	constructor(options: { source: () => CapacitySource; commands: CapacityCommands }) {
		this.#source = options.source;
		this.#commands = options.commands;
	}

	/** The committed portfolio (what the doc holds, without a previewed shift). */
	get base(): Portfolio {
		return this.#source().portfolio;
	}

	/** What the charts show: the source, or the source with a shift previewed. */
	get view(): View {
		const { portfolio, order, funding } = this.#source();
		const preview = this.preview;
		const c = this.#view;
		if (
			c &&
			c.portfolio === portfolio &&
			c.order === order &&
			c.funding === funding &&
			c.preview === preview
		)
			return c.view;
		let view: View = { portfolio, order, funding };
		if (preview) {
			const shifted = this.#shifted(portfolio, preview);
			if (shifted) view = { portfolio: shifted.shifted, order, funding: shifted.plan.run(order) };
		}
		this.#view = { portfolio, order, funding, preview, view };
		return view;
	}

	#shifted(portfolio: Portfolio, preview: ShiftPreview) {
		const cached = this.#previewFunding;
		if (cached && cached.portfolio === portfolio && cached.preview === preview) return cached;
		const project = portfolio.projects.find((p) => p.id === preview.id);
		if (!project) return null;
		const moved = shiftProject(project, portfolio.periods, preview.delta);
		if (!moved.ok) return null;
		const shifted: Portfolio = {
			...portfolio,
			projects: portfolio.projects.map((p) =>
				p.id === preview.id ? { ...p, cost: moved.cost, demand: moved.demand } : p
			)
		};
		this.#previewFunding = { portfolio, preview, shifted, plan: prepareFunding(shifted) };
		return this.#previewFunding;
	}

	/** Dense cost and demand of the portfolio shown (once per snapshot). */
	get model(): CapacityModel {
		const portfolio = this.view.portfolio;
		if (this.#model?.portfolio !== portfolio) this.#model = prepareCapacity(portfolio);
		return this.#model;
	}

	/** Budget first, then every role: the funded load per period, stacked. */
	get loads(): ResourceLoad[] {
		const view = this.view;
		const ghosts = this.ghosts;
		const cached = this.#loads;
		if (cached && cached.view === view && cached.ghosts === ghosts) return cached.loads;
		const model = this.model;
		const options = {
			order: view.order,
			funded: view.funding.funded,
			top: TOP_PROJECTS,
			ghosts: ghosts ? GHOSTS : 0
		};
		// A drag step among the projects that are neither funded nor ghosts stacks the
		// same bars: the loads stay as they were, without restacking every resource.
		const stack = loadStack(model, options);
		if (
			cached &&
			cached.model === model &&
			cached.ghosts === ghosts &&
			sameStack(cached.stack, stack)
		) {
			this.#loads = { ...cached, view };
			return cached.loads;
		}
		const fresh = capacityLoads(model, options, stack);
		// Most drag steps leave most resources as they were: those keep their object, so
		// their charts skip the step entirely (a chart redraws only what changed).
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
		const before = new Map((cached?.loads ?? []).map((l) => [l.info.key, l]));
		const loads = fresh.map((load) => {
			const old = before.get(load.info.key);
			return old && sameLoad(old, load) ? old : load;
		});
		this.#loads = { view, model, ghosts, stack, loads };
		return loads;
	}

	/** The loads the charts show: all of them, or the one in focus. */
	get shown(): ResourceLoad[] {
		const loads = this.loads;
		if (this.focus === 'all') return loads;
		const one = loads.find((l) => l.info.key === this.focus);
		return one ? [one] : loads;
	}

	/**
	 * Bottlenecks and what it takes, for the view shown. They follow a drag on its drop,
	 * not on every step (listing every role-period over capacity at 1,000 projects costs
	 * a few ms that a drag step does not have; the charts show the step).
	 */
	#settled(): {
		bottlenecks: Bottleneck[];
		whatItTakes: WhatItTakes | null;
		hot: HotCell[];
		peak: HotCell | null;
	} {
		const cached = this.#analysis;
		if (cached && this.#source().drag) return cached;
		const view = this.view;
		if (cached?.view === view) return cached;
		const model = this.model;
		const cells = { order: view.order, funding: view.funding };
		this.#analysis = {
			view,
			bottlenecks: bottlenecks(model, cells),
			whatItTakes: whatItTakes(model, view.funding),
			hot: hotCells(model, cells),
			peak: capacityPeak(model, cells)
		};
		return this.#analysis;
	}

	get bottlenecks(): Bottleneck[] {
		return this.#settled().bottlenecks;
	}

	get whatItTakes(): WhatItTakes | null {
		return this.#settled().whatItTakes;
	}

	/** Every cell over capacity, full, or keeping a project out, worst first (budget too). */
	get hot(): HotCell[] {
		return this.#settled().hot;
	}

	/** The worst role × period. */
	get peak(): HotCell | null {
		return this.#settled().peak;
	}

	#legendOf(): { entries: LegendEntry[]; swatches: Map<string, number> } {
		const view = this.view;
		const cached = this.#legend;
		if (cached?.view === view) return cached;
		const entries = capacityLegend(this.model, { order: view.order, funded: view.funding.funded });
		// The same swatches keep their map, so a drag step that funds the same projects
		// does not redraw the charts it leaves alone.
		const before = cached?.swatches;
		const same =
			before !== undefined &&
			before.size === entries.length &&
			entries.every((e) => before.get(e.id) === e.swatch);
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a lookup, replaced whole
		const swatches = same ? before : new Map(entries.map((e) => [e.id, e.swatch]));
		this.#legend = { view, entries, swatches };
		return this.#legend;
	}

	/**
	 * The funded projects with load, in the order shown, each with its swatch: the
	 * first SWATCH_COUNT (the rest share the grey band of their charts).
	 */
	get legend(): LegendEntry[] {
		return this.#legendOf().entries.slice(0, SWATCH_COUNT);
	}

	/** Funded projects with load past the distinct swatches. */
	get legendRest(): number {
		return Math.max(0, this.#legendOf().entries.length - SWATCH_COUNT);
	}

	/** Each funded project's swatch, for the charts. */
	get swatches(): ReadonlyMap<string, number> {
		return this.#legendOf().swatches;
	}

	/** Every funded project's share of a resource (index into the loads) in a period. */
	breakdown(resource: number, period: number): Contribution[] {
		const view = this.view;
		return breakdown(this.model, {
			order: view.order,
			funded: view.funding.funded,
			resource,
			period
		});
	}

	/** Moves a project's start now; returns the refusal, or null when done. */
	shift(id: string, delta: number): string | null {
		try {
			this.#commands.shift(id, delta);
			this.message = '';
			return null;
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			this.message = message;
			return message;
		}
	}

	/** Previews a start `delta` periods away (timeline drag); the charts follow. */
	previewShift(id: string, delta: number): void {
		const current = this.preview;
		if (delta === 0) this.preview = null;
		else if (!current || current.id !== id || current.delta !== delta) this.preview = { id, delta };
	}

	/** Writes the previewed shift (drop). */
	commitShift(): string | null {
		const preview = this.preview;
		this.preview = null;
		return preview ? this.shift(preview.id, preview.delta) : null;
	}

	/** Drops the preview without writing (Escape, a cancelled pointer). */
	cancelShift(): void {
		this.preview = null;
	}
}

function sameNumbers(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/** Whether two loads of the same resource draw the same chart. */
function sameLoad(a: ResourceLoad, b: ResourceLoad): boolean {
	if (a.info.name !== b.info.name || a.series.length !== b.series.length) return false;
	if (!sameNumbers(a.total, b.total) || !sameNumbers(a.capacity, b.capacity)) return false;
	if (!sameNumbers(a.ghostTotal, b.ghostTotal)) return false;
	return a.series.every((s, i) => {
		const t = b.series[i];
		return (
			s.id === t.id && s.kind === t.kind && s.name === t.name && sameNumbers(s.values, t.values)
		);
	});
}
