/**
 * Good selections for formula 5 found without a solver, to start HiGHS from: a greedy
 * fill by value per share of the limits, and a local search that drops one project and
 * fills again while that gains value. They only ever hold selections that meet every
 * constraint, so whatever they return is a valid answer when a time limit stops HiGHS
 * before it finds better; optimality is HiGHS's to prove.
 */
import { withinLimit } from './funding';
import { forcedSelection, selectionTotals } from './optimize-feasibility';
import type { OptimizeProblem } from './optimize-model';

/** A selection being built, with what the moves need to stay within every constraint. */
interface Packing {
	problem: OptimizeProblem;
	selected: Uint8Array;
	totals: Float64Array;
	/** Projects each project excludes, both ways. */
	rivals: number[][];
	/** Projects that depend on each project. */
	dependents: number[][];
	/** Auto projects, best value per share of the limits first (a 0 limit last). */
	order: number[];
}

function packing(problem: OptimizeProblem, base: Uint8Array): Packing {
	const { parts, cells, resources, values, deps, exclusions } = problem;
	const rivals: number[][] = parts.map(() => []);
	for (const [a, b] of exclusions) {
		rivals[a].push(b);
		rivals[b].push(a);
	}
	const dependents: number[][] = parts.map(() => []);
	deps.forEach((list, i) => {
		for (const d of list) if (d.index >= 0) dependents[d.index].push(i);
	});
	const density = new Float64Array(parts.length);
	const order: number[] = [];
	parts.forEach((part, i) => {
		if (part !== 'auto') return;
		let share = 0;
		const { resource, amount } = cells[i];
		for (let k = 0; k < resource.length; k++) {
			const limit = resources[resource[k]].limit;
			if (Number.isFinite(limit)) share += limit > 0 ? amount[k] / limit : Infinity;
		}
		density[i] = share === Infinity ? -Infinity : values[i] / (share + 1e-12);
		order.push(i);
	});
	order.sort((a, b) => density[b] - density[a] || a - b);
	const selected = Uint8Array.from(base);
	return {
		problem,
		selected,
		totals: selectionTotals(problem, selected),
		rivals,
		dependents,
		order
	};
}

/** Whether unselected project i can join: dependencies taken, no rival taken, it fits. */
function fits(s: Packing, i: number): boolean {
	const { deps, cells, resources } = s.problem;
	if (deps[i].some((d) => d.index < 0 || !s.selected[d.index])) return false;
	if (s.rivals[i].some((j) => s.selected[j])) return false;
	const { resource, amount } = cells[i];
	for (let k = 0; k < resource.length; k++) {
		const r = resource[k];
		if (!withinLimit(s.totals[r] + amount[k], resources[r].limit)) return false;
	}
	return true;
}

function toggle(s: Packing, i: number, on: boolean): void {
	s.selected[i] = on ? 1 : 0;
	const { resource, amount } = s.problem.cells[i];
	for (let k = 0; k < resource.length; k++) s.totals[resource[k]] += on ? amount[k] : -amount[k];
}

/**
 * Adds every auto project that fits, in density order, except `skip`; a second pass
 * catches projects whose dependencies came later. Returns the projects added.
 */
function fill(s: Packing, skip = -1): number[] {
	const added: number[] = [];
	for (let pass = 0; pass < 2; pass++) {
		for (const i of s.order) {
			if (i === skip || s.selected[i] || !fits(s, i)) continue;
			toggle(s, i, true);
			added.push(i);
		}
	}
	return added;
}

/**
 * A selection that meets every constraint, found greedily: the least selection, then
 * auto projects by value per share of the limits they use (a project needing a row
 * whose limit is 0 comes last), each taken when its dependencies are taken, no rival
 * is, and it fits. Callers check it with `meetsConstraints` before use (it assumes
 * forcedBreaks is empty).
 */
export function greedySelection(problem: OptimizeProblem): Uint8Array {
	const s = packing(problem, forcedSelection(problem));
	fill(s);
	return s.selected;
}

/**
 * `selected` cut down until it meets every constraint again, e.g. the optimum of a
 * larger budget at a smaller one: projects that break a rule (an exclusion, a
 * dependency not taken, a forced-out or inactive project) go first, then, while a row
 * is over its limit, the least dense auto project on such a row, each with whatever
 * depends on it. Forced projects stay, so the result is the least selection at worst.
 */
export function repairSelection(problem: OptimizeProblem, selected: Uint8Array): Uint8Array {
	const { parts, resources, cells } = problem;
	const locked = forcedSelection(problem);
	const keep = Uint8Array.from(selected, (on, i) => +(on === 1 && parts[i] === 'auto'));
	for (let i = 0; i < keep.length; i++) if (locked[i]) keep[i] = 1;
	const s = packing(problem, keep);
	const drop = (i: number) => {
		if (!s.selected[i] || locked[i]) return;
		toggle(s, i, false);
		for (const j of s.dependents[i]) drop(j);
	};
	// Exclusions and dependencies first (a dependency may have been dropped above).
	for (const i of s.order) {
		if (!s.selected[i]) continue;
		const { deps } = problem;
		if (s.rivals[i].some((j) => s.selected[j] && (locked[j] || j < i))) drop(i);
		else if (deps[i].some((d) => d.index < 0 || !s.selected[d.index])) drop(i);
	}
	const over = (r: number) => !withinLimit(s.totals[r], resources[r].limit);
	for (let k = s.order.length - 1; k >= 0; k--) {
		const i = s.order[k];
		if (!s.selected[i]) continue;
		const { resource } = cells[i];
		for (let m = 0; m < resource.length; m++) {
			if (!over(resource[m])) continue;
			drop(i);
			break;
		}
	}
	return s.selected;
}

/**
 * `start` (which must meet every constraint) filled greedily, then improved by local
 * search: an auto project that nothing selected depends on is dropped and the freed
 * room filled greedily; the move is kept when the selection gains value, undone
 * otherwise. Rounds go on until one gains nothing or `rounds` are done. The value never
 * goes down; callers still check the result with `meetsConstraints` (amounts are added
 * and taken away in floating point).
 */
export function improveSelection(
	problem: OptimizeProblem,
	start: Uint8Array,
	rounds = 20
): Uint8Array {
	const { parts, values } = problem;
	const s = packing(problem, start);
	fill(s);
	const locked = forcedSelection(problem);
	// Least dense first: those are the likeliest to make room for something better.
	const candidates = [...s.order].reverse().filter((i) => parts[i] === 'auto' && !locked[i]);
	for (let round = 0; round < rounds; round++) {
		let improved = false;
		for (const i of candidates) {
			if (!s.selected[i] || s.dependents[i].some((j) => s.selected[j])) continue;
			toggle(s, i, false);
			const added = fill(s, i);
			let gain = -values[i];
			for (const j of added) gain += values[j];
			if (gain > 1e-9 * Math.max(1, values[i])) improved = true;
			else {
				for (const j of added) toggle(s, j, false);
				toggle(s, i, true);
			}
		}
		if (!improved) break;
	}
	return s.selected;
}
