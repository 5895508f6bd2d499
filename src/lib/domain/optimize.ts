/**
 * The optimum (DESIGN formula 5) and the efficient frontier (formula 6), solved exactly
 * as a MILP by HiGHS (WebAssembly). The model is `optimize-model.ts`, the reasons per
 * project `optimize-explain.ts`. HiGHS is loaded once and shared; it runs in Node (the
 * CLI, tests) and in a browser Web Worker, where the .wasm must be located, see
 * {@link loadHighs}.
 */
import type { Highs, InitOptions } from 'highs';
import { fundingLine } from './funding';
import { explainSelection, type OptimizeReason } from './optimize-explain';
import { forcedBreaks, forcedSelection, meetsConstraints } from './optimize-feasibility';
import { modelOf, prepareOptimize, rescaleBudget, type OptimizeProblem } from './optimize-model';
import { greedySelection, improveSelection, repairSelection } from './optimize-search';
import { fundedValue, projectValues } from './scoring';
import type { Portfolio } from './types';

export type { Highs };
export type { BindingConstraint, OptimizeReason } from './optimize-explain';
export { describeBinding, describeOptimizeReason } from './optimize-explain';
export { buildModel, type OptimizeModel, type RowInfo } from './optimize-model';

/** How HiGHS is loaded: `locateFile`, `wasmBinary` or `wasmModule` for browsers. */
export type HighsInit = InitOptions;

let loading: Promise<Highs> | null = null;

/**
 * The shared HiGHS instance, loaded on first use (the module is imported dynamically,
 * so the solver stays out of the app shell). The options of the first call win. Node
 * finds `highs.wasm` next to the package; a browser or Web Worker must say where it is
 * served, e.g. with Vite:
 *
 * ```ts
 * import wasm from 'highs/runtime?url';
 * await loadHighs({ locateFile: () => wasm });
 * ```
 *
 * A failed load is not cached, so a later call tries again.
 */
export function loadHighs(init?: HighsInit): Promise<Highs> {
	loading ??= import('highs')
		.then((module) => {
			const loader = (module.default ?? module) as unknown as (o?: InitOptions) => Promise<Highs>;
			return loader(init);
		})
		.catch((error: unknown) => {
			loading = null;
			throw error;
		});
	return loading;
}

/** Forgets the shared instance; the next `loadHighs` loads a fresh one. */
export function resetHighs(): void {
	loading = null;
}

/**
 * HiGHS options for an exact answer: no relative gap (the default stops within 0.01 %),
 * presolve on. `mip_abs_gap` stays at its default 1e-6, far below a value's last digit.
 *
 * Measured at the bench's shape (realistic portfolios cut to 250 projects, CPU time to
 * proof, 3 runs each): the default gap (1e-4) halves the nodes but not the time, which
 * goes into the root's cuts; scaling the money rows down (HiGHS warns of large row
 * bounds) changes neither; fixing projects that cannot fit alone and dropping rows
 * that cannot bind is what presolve already does (17 columns, 4 rows at 500 projects).
 * Redundant sums of rows (all periods' budget, a role over all periods) leave the LP
 * bound where it is and did not move the bound HiGHS proves in 20 s either.
 *
 * `mip_heuristic_effort` 0.3 (default 0.05) runs the root's sub-MIP heuristics more
 * reliably: at 500 projects they lift the selection from 2.2 % to 0.2 % below the best
 * known one, after about 2.7 s of CPU in WebAssembly; in runs of 6 s they did so 4
 * times of 4, with the default once of 2 (the other stopped 2.5 % from the bound instead
 * of 0.3-0.4 %). Early on the selection is the weak side: the root's bound is within
 * 0.3 % of the best known selection. CPU time to proof at 100 and 200 projects is unchanged
 * (3 seeds each, within 5 %).
 */
export const EXACT_OPTIONS = Object.freeze({
	presolve: 'on',
	mip_rel_gap: 0,
	mip_heuristic_effort: 0.3
} as const);

/** HiGHS's `mip_abs_gap` default: a value this close to the proved bound is optimal. */
const ABSOLUTE_GAP = 1e-6;

/** Options of `optimize`. */
export interface OptimizeOptions {
	/** Every period's budget is multiplied by this (formula 6). Default 1. */
	budgetScale?: number;
	/** A loaded HiGHS; default the shared one of `loadHighs`. */
	highs?: Highs;
	/**
	 * Seconds HiGHS may take; default none. When it stops early, the best selection
	 * found is returned with `optimal: false`. The time spent preparing the model and
	 * its starting selection counts against it (on a busy machine that is not nothing).
	 */
	timeLimit?: number;
}

/** The optimum of formula 5. */
export interface OptimizeResult {
	/** False when the forced projects alone break a constraint: see `broken`. */
	feasible: boolean;
	/** True when HiGHS proved the optimum (false after a time limit, and when infeasible). */
	optimal: boolean;
	/**
	 * Relative gap between `value` and the best bound HiGHS proved: 0 when optimal (or
	 * infeasible), Infinity when a time limit left only the starting selection.
	 */
	gap: number;
	budgetScale: number;
	/** Σ v(p) of the selection, forced-in projects included, full precision; 0 when infeasible. */
	value: number;
	/** Total cost of the selection over all periods (unscaled); 0 when infeasible. */
	cost: number;
	/** Selected project ids in rank order, forced-in ones included; empty when infeasible. */
	selected: string[];
	/** The broken constraints in words when infeasible; empty otherwise. */
	broken: string[];
	/** Why each project (by id) is in or out. */
	explanations: Map<string, OptimizeReason>;
}

/** One point of the efficient frontier (formula 6). */
export interface FrontierPoint {
	/** k: every period's budget is k × the portfolio's. */
	scale: number;
	/** As in `OptimizeResult`: 0 when infeasible. */
	value: number;
	cost: number;
	feasible: boolean;
	/** As in `OptimizeResult`. */
	optimal: boolean;
	selected: string[];
}

/** k = 0, 0.1, …, 1.5: sixteen points (i / 10, so 0.3 is 0.3). */
export const FRONTIER_SCALES: readonly number[] = Object.freeze(
	Array.from({ length: 16 }, (_, i) => i / 10)
);

interface Solution {
	feasible: boolean;
	optimal: boolean;
	/** Relative gap between the selection and the best bound: 0 when optimal. */
	gap: number;
	/** selected[i] = 1 when project i is taken; null when infeasible. */
	selected: Uint8Array | null;
	broken: string[];
}

/** Options that also hold HiGHS to the funding tolerance on rows (1e-9 instead of ~1e-6). */
const STRICT_OPTIONS = Object.freeze({
	...EXACT_OPTIONS,
	mip_feasibility_tolerance: 1e-9,
	primal_feasibility_tolerance: 1e-9
});

function valueOf(problem: OptimizeProblem, selected: Uint8Array): number {
	let value = 0;
	selected.forEach((on, i) => {
		if (on) value += problem.values[i];
	});
	return value;
}

interface Run {
	status: 'optimal' | 'infeasible' | 'stopped';
	selected: Uint8Array | null;
	/** The best bound HiGHS proved on the value; Infinity when it proved none. */
	bound: number;
}

/** HiGHS's relative gap of a value under a bound: Infinity when there is no bound. */
function gapOf(bound: number, value: number): number {
	return Number.isFinite(bound)
		? Math.max(0, (bound - value) / Math.max(1, Math.abs(value)))
		: Infinity;
}

/**
 * One HiGHS run on LP text. The persistent API (not the one-shot `solve`) is used for
 * what `solve` does not report: the gap when a time limit stops the search, and a
 * starting selection. Each run owns one native model, disposed at the end, so the
 * shared instance does not grow (measured flat over 400 runs).
 */
function runHighs(
	highs: Highs,
	problem: OptimizeProblem,
	lp: string,
	options: Record<string, string | number | boolean>,
	start: Uint8Array | null
): Run {
	const codes = highs.constants.modelStatus;
	return highs.withModel({ format: 'lp', data: lp }, (model): Run => {
		model.options.set({ output_flag: false, ...options });
		const active: number[] = [];
		const index: number[] = [];
		problem.parts.forEach((part, i) => {
			if (part === 'inactive') return;
			active.push(i);
			index.push(model.getColByName(problem.columns[i]));
		});
		if (start) {
			const colValue = new Float64Array(index.length);
			active.forEach((i, k) => {
				colValue[index[k]] = start[i];
			});
			model.setSolution({ colValue });
		}
		model.run();
		const status = model.getModelStatus();
		if (status === codes.infeasible) return { status: 'infeasible', selected: null, bound: 0 };
		const found =
			model.info.get('primal_solution_status') === highs.constants.solutionStatus.feasible;
		if (!found) {
			if (status === codes.timeLimit) return { status: 'stopped', selected: null, bound: Infinity };
			throw new Error(`HiGHS found no solution (model status ${status})`);
		}
		const { colValue } = model.getSolution();
		const selected = new Uint8Array(problem.parts.length);
		active.forEach((i, k) => {
			selected[i] = colValue[index[k]] > 0.5 ? 1 : 0;
		});
		const optimal = status === codes.optimal;
		// Stopped before a bound was proved, HiGHS reports NaN or an infinity.
		const reported = Number(model.info.get('mip_dual_bound'));
		const bound = Number.isFinite(reported) ? reported : Infinity;
		return { status: optimal ? 'optimal' : 'stopped', selected, bound };
	});
}

/**
 * Solves a prepared problem: the forced check first (it names what is broken), then
 * HiGHS, started from the best of `starts` that meets every constraint (so a time limit
 * still returns at least that).
 */
function solveProblem(
	problem: OptimizeProblem,
	highs: Highs,
	options: {
		timeLimit?: number;
		starts?: readonly (Uint8Array | null)[];
		/** When the time limit started counting (`performance.now()`); default now. */
		began?: number;
	} = {}
): Solution {
	const began = options.began ?? performance.now();
	const broken = forcedBreaks(problem);
	if (broken.length > 0) {
		return { feasible: false, optimal: false, gap: 0, selected: null, broken };
	}
	const { parts } = problem;
	// Nothing left to choose: the forced projects are the selection.
	if (!parts.includes('auto')) {
		const selected = Uint8Array.from(parts, (p) => +(p === 'in'));
		return { feasible: true, optimal: true, gap: 0, selected, broken };
	}
	// The forced projects and what they depend on always fit once forcedBreaks is empty;
	// a greedy selection on top of them usually is a good deal better.
	let start: Uint8Array | null = forcedSelection(problem);
	for (const candidate of [greedySelection(problem), ...(options.starts ?? [])]) {
		if (!candidate || !meetsConstraints(problem, candidate)) continue;
		if (!start || valueOf(problem, candidate) > valueOf(problem, start)) start = candidate;
	}
	// A local search from the best start costs milliseconds and gives HiGHS a better one.
	const improved = improveSelection(problem, start);
	if (meetsConstraints(problem, improved) && valueOf(problem, improved) > valueOf(problem, start))
		start = improved;
	const lp = modelOf(problem).lp;
	// What is left of the time limit (a second, strict run only gets what the first left).
	const limit = (): Record<string, number> => {
		if (options.timeLimit === undefined) return {};
		const left = options.timeLimit - (performance.now() - began) / 1000;
		return { time_limit: Math.max(1e-3, left) };
	};
	for (const exact of [EXACT_OPTIONS, STRICT_OPTIONS]) {
		const run = runHighs(highs, problem, lp, { ...exact, ...limit() }, start);
		if (run.status === 'infeasible') {
			// Not reachable by the algebra (forcedBreaks is exact), but numbers are numbers.
			const none = ['no selection meets every constraint (found by the solver)'];
			return { feasible: false, optimal: false, gap: 0, selected: null, broken: none };
		}
		if (!run.selected) break;
		// HiGHS measures rows with an absolute tolerance of its own; the funding line's
		// is relative. Should they disagree, solve again held to 1e-9.
		if (!meetsConstraints(problem, run.selected)) continue;
		if (run.status === 'optimal')
			return { feasible: true, optimal: true, gap: 0, selected: run.selected, broken };
		// Stopped early: the better of HiGHS's selection and the start (HiGHS may not have
		// kept it, its tolerances are not ours), polished by the local search, which lifts
		// a selection found by rounding by up to 2 % in milliseconds. Should it reach the
		// bound HiGHS proved, it is the optimum.
		let best =
			start && valueOf(problem, start) > valueOf(problem, run.selected) ? start : run.selected;
		const polished = improveSelection(problem, best);
		if (meetsConstraints(problem, polished) && valueOf(problem, polished) > valueOf(problem, best))
			best = polished;
		const value = valueOf(problem, best);
		const optimal = run.bound - value <= ABSOLUTE_GAP;
		return {
			feasible: true,
			optimal,
			gap: optimal ? 0 : gapOf(run.bound, value),
			selected: best,
			broken
		};
	}
	if (start) return { feasible: true, optimal: false, gap: Infinity, selected: start, broken };
	throw new Error('HiGHS returned no selection that meets every constraint');
}

function selectionOf(problem: OptimizeProblem, selected: Uint8Array | null) {
	let value = 0;
	let cost = 0;
	const ids: string[] = [];
	if (selected) {
		selected.forEach((on, i) => {
			if (!on) return;
			value += problem.values[i];
			cost += problem.costs[i];
			ids.push(problem.ids[i]);
		});
	}
	return { value, cost, selected: ids };
}

/**
 * Formula 5: the selection of maximum total value Σ v(p) that meets every budget,
 * capacity, dependency and exclusion constraint, with `in` projects taken and `out`
 * ones left out (done and cancelled ones take no part), solved exactly by HiGHS.
 *
 * When the forced projects alone (`in` projects and what they depend on) break a
 * constraint, the result is infeasible and `broken` names every broken constraint,
 * e.g. "budget 2027-Q1: forced-in projects need €1.3m, €1.15m available".
 */
export async function optimize(
	portfolio: Portfolio,
	options: OptimizeOptions = {}
): Promise<OptimizeResult> {
	const highs = options.highs ?? (await loadHighs());
	const began = performance.now();
	const values = projectValues(portfolio);
	const problem = prepareOptimize(portfolio, { budgetScale: options.budgetScale, values });
	// The funding line's funded set, when it meets every constraint, is a fair start and
	// keeps a time-limited optimum from ever being worse than the line.
	const funded = fundingLine(portfolio).funded;
	const line = Uint8Array.from(problem.ids, (id) => +funded.has(id));
	const solution = solveProblem(problem, highs, {
		timeLimit: options.timeLimit,
		starts: [line],
		began
	});
	return {
		feasible: solution.feasible,
		optimal: solution.optimal,
		gap: solution.gap,
		budgetScale: problem.budgetScale,
		...selectionOf(problem, solution.selected),
		broken: solution.broken,
		explanations: explainSelection(problem, solution.selected)
	};
}

/** Options of `frontier`. */
export interface FrontierOptions {
	highs?: Highs;
	/** Budget scales to solve; default FRONTIER_SCALES (0, 0.1, …, 1.5). */
	scales?: readonly number[];
	/** Seconds per solve, as in `optimize`. */
	timeLimit?: number;
	/**
	 * The optimum of the same portfolio, already solved (`optimize`): the point at its
	 * budget scale (k = 1) is taken from it instead of being solved again.
	 */
	optimum?: OptimizeResult;
	/** Called after each point with how many are done and how many there are. */
	onPoint?: (done: number, total: number) => void;
}

/** True when no period's budget is negative, so a lower scale never loosens a budget row. */
function budgetsShrinkWithScale(problem: OptimizeProblem): boolean {
	return problem.resources.every((r) => r.kind !== 'budget' || !(r.limit < 0));
}

/**
 * Formula 6: the optimum with every period's budget scaled by k = 0, 0.1, …, 1.5
 * (capacity unchanged), one point per k, returned in the order given. The portfolio is
 * read once and every point is solved on the same HiGHS instance (each run frees its
 * native model, so the instance does not grow).
 *
 * Points are solved from the largest budget down, which lets work be reused: a lower
 * budget only removes selections (no budget is negative), so when the selection of a
 * higher point still meets every constraint at a lower one, it is that point's optimum
 * too, proven when it was proven above; no solve is needed. This settles every point
 * where the budget does not bind (all of them when the portfolio has no budget). The
 * point of `options.optimum` is taken as is. Other points are solved by HiGHS from
 * the best start at hand (see `solveProblem`), among them the point above cut down to
 * this budget (`repairSelection`), which a time limit makes count.
 */
export async function frontier(
	portfolio: Portfolio,
	options: FrontierOptions = {}
): Promise<FrontierPoint[]> {
	const highs = options.highs ?? (await loadHighs());
	const base = prepareOptimize(portfolio);
	const scales = options.scales ?? FRONTIER_SCALES;
	const monotone = budgetsShrinkWithScale(base);
	const known = options.optimum;
	const order = scales.map((_, k) => k).sort((a, b) => scales[b] - scales[a] || a - b);
	const problems = scales.map((scale) => rescaleBudget(base, scale));
	const solutions: Solution[] = new Array(scales.length);
	let above: Solution | null = null;
	let aboveScale = Infinity;
	let done = 0;
	for (const k of order) {
		const scale = scales[k];
		const problem = problems[k];
		let solution: Solution;
		if (above && aboveScale === scale) solution = above;
		else if (known && known.budgetScale === scale) {
			const chosen = new Set(known.selected);
			solution = {
				feasible: known.feasible,
				optimal: known.optimal,
				gap: known.gap,
				selected: known.feasible ? Uint8Array.from(base.ids, (id) => +chosen.has(id)) : null,
				broken: known.broken
			};
		} else if (monotone && above?.selected && meetsConstraints(problem, above.selected))
			solution = above;
		else {
			// The point above, cut down to this budget, is a near-optimal start.
			const starts = above?.selected ? [repairSelection(problem, above.selected)] : [];
			solution = solveProblem(problem, highs, { timeLimit: options.timeLimit, starts });
		}
		solutions[k] = above = solution;
		aboveScale = scale;
		options.onPoint?.(++done, scales.length);
	}
	// Stopped by a time limit, a point may fall short of a lower one, whose selection
	// still fits the larger budget: take it then, filled and improved by local search
	// into the room the larger budget leaves, so value never falls as budget grows.
	if (monotone) {
		let below: Solution | null = null;
		for (const k of [...order].reverse()) {
			const here = solutions[k];
			const problem = problems[k];
			if (below?.selected && !here.optimal && meetsConstraints(problem, below.selected)) {
				const grown = improveSelection(problem, below.selected);
				const candidate = meetsConstraints(problem, grown) ? grown : below.selected;
				if (!here.selected || valueOf(problem, candidate) > valueOf(problem, here.selected))
					solutions[k] = { ...below, selected: candidate, optimal: false, gap: Infinity };
			}
			below = solutions[k];
		}
	}
	return scales.map((scale, k) => ({
		scale,
		...selectionOf(problems[k], solutions[k].selected),
		feasible: solutions[k].feasible,
		optimal: solutions[k].optimal
	}));
}

/** What the optimum does differently from the funding line (formula 4). */
export interface LineComparison {
	/** Projects the optimum takes that the funding line leaves out, in rank order. */
	onlyOptimum: string[];
	/** Projects the funding line funds that the optimum leaves out, in rank order. */
	onlyLine: string[];
	/** Σ v(p) of the funding line's funded set, full precision. */
	lineValue: number;
	optimumValue: number;
}

/**
 * The optimum next to the current ranking's funding line: the projects only one of
 * them takes, and both values. The funding line funds forced-in projects even when
 * they break a limit; an infeasible optimum takes nothing.
 */
export function compareWithLine(portfolio: Portfolio, result: OptimizeResult): LineComparison {
	const { funded } = fundingLine(portfolio);
	const values = projectValues(portfolio);
	const chosen = new Set(result.selected);
	const onlyOptimum: string[] = [];
	const onlyLine: string[] = [];
	const lineValue = fundedValue(values, funded);
	for (const p of portfolio.projects) {
		if (chosen.has(p.id) && !funded.has(p.id)) onlyOptimum.push(p.id);
		if (funded.has(p.id) && !chosen.has(p.id)) onlyLine.push(p.id);
	}
	return { onlyOptimum, onlyLine, lineValue, optimumValue: result.value };
}
