/**
 * What any selection of formula 5 must satisfy, read without a solver: the least
 * selection (forced-in projects and what they depend on) and the constraints it
 * breaks, and whether a selection meets every constraint. Selections to start HiGHS
 * from are `optimize-search.ts`.
 */
import { withinLimit } from './funding';
import { formatAmount, formatMoney, formatPair } from './optimize-format';
import {
	projectName,
	resourceLabel,
	type Dependency,
	type OptimizeProblem
} from './optimize-model';

/** Totals of the selection per resource row (budget or capacity). */
export function selectionTotals(problem: OptimizeProblem, selected: Uint8Array): Float64Array {
	const totals = new Float64Array(problem.resources.length);
	selected.forEach((on, i) => {
		if (!on) return;
		const { resource, amount } = problem.cells[i];
		for (let k = 0; k < resource.length; k++) totals[resource[k]] += amount[k];
	});
	return totals;
}

/**
 * For every project, the forced-in project that pulls it in: itself when it is forced
 * in, the forced-in project it is a (transitive) dependency of, or -1; the members in
 * that order; and the dependencies of members that cannot be met (not followed).
 */
function forcedClosure(problem: OptimizeProblem): {
	neededBy: Int32Array;
	members: number[];
	unmet: [number, Dependency][];
} {
	const { parts, deps } = problem;
	const neededBy = new Int32Array(parts.length).fill(-1);
	const members: number[] = [];
	const unmet: [number, Dependency][] = [];
	for (let i = 0; i < parts.length; i++) {
		if (parts[i] === 'in') {
			neededBy[i] = i;
			members.push(i);
		}
	}
	for (let k = 0; k < members.length; k++) {
		const i = members[k];
		for (const d of deps[i]) {
			if (d.index < 0 || parts[d.index] === 'out') unmet.push([i, d]);
			else if (neededBy[d.index] < 0) {
				neededBy[d.index] = neededBy[i];
				members.push(d.index);
			}
		}
	}
	return { neededBy, members, unmet };
}

/** The least selection: forced-in projects and what they depend on (1 = taken). */
export function forcedSelection(problem: OptimizeProblem): Uint8Array {
	const selected = new Uint8Array(problem.parts.length);
	for (const i of forcedClosure(problem).members) selected[i] = 1;
	return selected;
}

/**
 * The constraints that the forced projects alone break, in words; empty when some
 * selection meets every constraint. "Forced" is every `in` project that takes part and,
 * since x(p) ≤ x(q), every project such a project depends on, transitively. With no
 * negative amounts that set is the least any selection must contain, so the model is
 * feasible exactly when this returns nothing:
 *
 * - "dependency: X is forced in but depends on cancelled Y" (or on Y, which is forced out);
 * - "exclusion: X and Y are both forced in";
 * - "budget 2027-Q1: forced-in projects need €1.3m, €1.15m available";
 * - "Software engineering 2027-Q3: forced-in projects need 15 FTE, 14 available".
 */
export function forcedBreaks(problem: OptimizeProblem): string[] {
	const { cells, resources, exclusions, portfolio } = problem;
	const broken: string[] = [];
	const who = (i: number) =>
		neededBy[i] === i
			? `${projectName(problem, i)} is forced in but`
			: `${projectName(problem, i)} (needed by forced-in ${projectName(problem, neededBy[i])})`;
	const { neededBy, members: queue, unmet } = forcedClosure(problem);
	for (const [i, d] of unmet) {
		const known = d.index < 0 ? portfolio.projects.find((p) => p.id === d.id) : undefined;
		broken.push(
			d.index >= 0
				? `dependency: ${who(i)} depends on ${projectName(problem, d.index)}, which is forced out`
				: `dependency: ${who(i)} depends on ${known ? `cancelled ${known.name || d.id}` : `unknown ${d.id}`}`
		);
	}
	for (const [a, b] of exclusions) {
		if (neededBy[a] < 0 || neededBy[b] < 0) continue;
		const both = neededBy[a] === a && neededBy[b] === b;
		broken.push(
			`exclusion: ${projectName(problem, a)} and ${projectName(problem, b)} are both ${both ? 'forced in' : 'required by forced-in projects'}`
		);
	}
	const totals = new Float64Array(resources.length);
	for (const i of queue) {
		const { resource, amount } = cells[i];
		for (let k = 0; k < resource.length; k++) totals[resource[k]] += amount[k];
	}
	const who2 = queue.some((i) => neededBy[i] !== i)
		? 'forced-in projects and what they depend on need'
		: 'forced-in projects need';
	resources.forEach((r, slot) => {
		if (withinLimit(totals[slot], r.limit)) return;
		const label = resourceLabel(problem.portfolio, r);
		if (r.kind === 'budget') {
			const [need, limit] = formatPair(totals[slot], r.limit, (v, d) =>
				formatMoney(v, portfolio.currency, d)
			);
			broken.push(`${label}: ${who2} ${need}, ${limit} available`);
		} else {
			const [need, limit] = formatPair(totals[slot], r.limit, formatAmount);
			broken.push(`${label}: ${who2} ${need} FTE, ${limit} available`);
		}
	});
	return broken;
}

/** Whether a selection meets every constraint of formula 5, by the funding line's rules. */
export function meetsConstraints(problem: OptimizeProblem, selected: Uint8Array): boolean {
	const { parts, deps, exclusions, resources } = problem;
	for (let i = 0; i < parts.length; i++) {
		if (parts[i] === 'inactive' || parts[i] === 'out') {
			if (selected[i]) return false;
			continue;
		}
		if (parts[i] === 'in' && !selected[i]) return false;
		if (!selected[i]) continue;
		for (const d of deps[i]) if (d.index < 0 || !selected[d.index]) return false;
	}
	for (const [a, b] of exclusions) if (selected[a] && selected[b]) return false;
	const totals = selectionTotals(problem, selected);
	return resources.every((r, slot) => withinLimit(totals[slot], r.limit));
}
