/**
 * Why the optimum takes or leaves each project: forced, done or cancelled, excluded by
 * a selected project, waiting on a dependency, or the constraints it does not fit in
 * at the optimum, with its value for its cost. Read from the selection alone, so it
 * needs no solver duals (a MILP has none worth reading).
 */
import { FUNDING_TOLERANCE, withinLimit } from './funding';
import { selectionTotals } from './optimize-feasibility';
import { formatAmount, formatMoney, formatPair } from './optimize-format';
import { resourceLabel, type OptimizeProblem } from './optimize-model';
import type { PeriodId, Portfolio } from './types';

/** A budget or capacity row that a project needs more of than the optimum leaves. */
export interface BindingConstraint {
	kind: 'budget' | 'capacity';
	period: PeriodId;
	/** null for a budget row. */
	roleId: string | null;
	/** The LP row name (see `buildModel`). */
	row: string;
	/** The project's own amount there. */
	needed: number;
	/** The limit minus the selection's total there (≈ 0 when tight). */
	available: number;
	/** True when the optimum uses the limit to the full (slack ≈ 0). */
	tight: boolean;
}

/** Why the optimum takes a project or leaves it out. */
export type OptimizeReason =
	| { kind: 'forced-in' }
	| { kind: 'forced-out' }
	| { kind: 'inactive'; status: 'done' | 'cancelled' }
	/** Taken; `neededBy` lists the selected projects that depend on it. */
	| { kind: 'selected'; neededBy: string[] }
	/** Left out because a project it depends on is not selected (or is cancelled). */
	| { kind: 'dependency'; projectId: string; cancelled: boolean }
	/** Left out because a selected project excludes it or is excluded by it. */
	| { kind: 'exclusion'; projectId: string }
	/**
	 * Left out because it does not fit: `binding` are the rows where it needs more than
	 * the optimum leaves, tight ones first, then by how far it is short. `valuePerCost`
	 * is v(p) per unit of its total cost (null when it costs nothing).
	 */
	| {
			kind: 'does-not-fit';
			binding: BindingConstraint[];
			value: number;
			cost: number;
			valuePerCost: number | null;
	  }
	/** It would fit, but adds no value (v(p) = 0). */
	| { kind: 'no-gain' }
	/**
	 * It would fit and add value: only after a time limit, when the selection is the
	 * best found rather than the proven optimum.
	 */
	| { kind: 'would-fit' }
	/** Forced projects alone break a constraint, so there is no selection to explain. */
	| { kind: 'infeasible' };

/** True when `slack` is nothing to speak of next to `limit` (the funding tolerance). */
function isTight(slack: number, limit: number): boolean {
	return slack <= FUNDING_TOLERANCE * Math.max(1, Math.abs(limit));
}

/**
 * The reason for every project (by id) given the optimum's selection (`selected[i]` = 1
 * when project i is taken), or every non-forced project `infeasible` when there is none.
 * For a project left out the first that applies is given: a dependency that is
 * cancelled or not selected (in listed order), a selected rival (in rank order), the
 * rows it does not fit in, otherwise `no-gain` (or `would-fit` when it has value, which
 * only a selection cut short by a time limit leaves out).
 */
export function explainSelection(
	problem: OptimizeProblem,
	selected: Uint8Array | null
): Map<string, OptimizeReason> {
	const { parts, ids, deps, cells, resources, values, costs, exclusions, portfolio } = problem;
	const n = parts.length;
	const reasons = new Map<string, OptimizeReason>();
	const rivals: number[][] = Array.from({ length: n }, () => []);
	for (const [a, b] of exclusions) {
		rivals[a].push(b);
		rivals[b].push(a);
	}
	const neededBy: string[][] = Array.from({ length: n }, () => []);
	if (selected) {
		for (let i = 0; i < n; i++) {
			if (!selected[i]) continue;
			for (const d of deps[i]) if (d.index >= 0) neededBy[d.index].push(ids[i]);
		}
	}
	const totals = selected ? selectionTotals(problem, selected) : null;

	for (let i = 0; i < n; i++) {
		const status = portfolio.projects[i].status;
		const part = parts[i];
		let reason: OptimizeReason;
		if (part === 'inactive') reason = { kind: 'inactive', status: status as 'done' | 'cancelled' };
		else if (part === 'in') reason = { kind: 'forced-in' };
		else if (part === 'out') reason = { kind: 'forced-out' };
		else if (!selected || !totals) reason = { kind: 'infeasible' };
		else if (selected[i]) reason = { kind: 'selected', neededBy: neededBy[i] };
		else reason = leftOut(i, selected, totals);
		reasons.set(ids[i], reason);
	}
	return reasons;

	function leftOut(i: number, selected: Uint8Array, totals: Float64Array): OptimizeReason {
		for (const d of deps[i]) {
			if (d.index < 0) return { kind: 'dependency', projectId: d.id, cancelled: true };
			if (!selected[d.index]) return { kind: 'dependency', projectId: d.id, cancelled: false };
		}
		const rival = rivals[i].filter((j) => selected[j]).sort((a, b) => a - b)[0];
		if (rival !== undefined) return { kind: 'exclusion', projectId: ids[rival] };
		const binding: (BindingConstraint & { short: number })[] = [];
		const { resource, amount } = cells[i];
		for (let k = 0; k < resource.length; k++) {
			const r = resources[resource[k]];
			const total = totals[resource[k]];
			if (withinLimit(total + amount[k], r.limit)) continue;
			const available = r.limit - total;
			binding.push({
				kind: r.kind,
				period: r.period,
				roleId: r.roleId,
				row: r.row,
				needed: amount[k],
				available,
				tight: isTight(available, r.limit),
				short: (amount[k] - available) / Math.max(1, Math.abs(r.limit))
			});
		}
		// HiGHS may leave out what adds less than its absolute gap (1e-6) even at the optimum.
		if (binding.length === 0) return values[i] > 1e-6 ? { kind: 'would-fit' } : { kind: 'no-gain' };
		binding.sort((a, b) => Number(b.tight) - Number(a.tight) || b.short - a.short);
		return {
			kind: 'does-not-fit',
			binding: binding.map(({ short: _, ...b }) => b),
			value: values[i],
			cost: costs[i],
			valuePerCost: costs[i] > 0 ? values[i] / costs[i] : null
		};
	}
}

/** How many binding constraints a sentence names before "and N more". */
const NAMED_BINDING = 3;

/** One binding constraint in words: "budget 2027-Q3 is used up (needs €96k)". */
export function describeBinding(b: BindingConstraint, portfolio: Portfolio): string {
	const label = resourceLabel(portfolio, b);
	if (b.kind === 'budget') {
		const [needed, left] = formatPair(b.needed, Math.max(0, b.available), (v, d) =>
			formatMoney(v, portfolio.currency, d)
		);
		return b.tight
			? `${label} is used up (needs ${needed})`
			: `${label}: needs ${needed}, ${left} left`;
	}
	const [needed, left] = formatPair(b.needed, Math.max(0, b.available), formatAmount);
	return b.tight
		? `${label} is fully booked (needs ${needed} FTE)`
		: `${label}: needs ${needed} FTE, ${left} left`;
}

/**
 * A reason in words, for a tooltip or the CLI: "does not fit: budget 2027-Q3 is used up
 * (needs €96k); value 45.2 for €1.2m", "excluded by CRM consolidation".
 */
export function describeOptimizeReason(reason: OptimizeReason, portfolio: Portfolio): string {
	const name = (id: string) => portfolio.projects.find((p) => p.id === id)?.name || id;
	switch (reason.kind) {
		case 'forced-in':
			return 'forced in';
		case 'forced-out':
			return 'forced out';
		case 'inactive':
			return reason.status;
		case 'selected':
			return reason.neededBy.length > 0
				? `selected; needed by ${reason.neededBy.map(name).join(', ')}`
				: 'selected';
		case 'dependency':
			return reason.cancelled
				? `depends on ${name(reason.projectId)}, which is cancelled`
				: `depends on ${name(reason.projectId)}, which is not selected`;
		case 'exclusion':
			return `excluded by ${name(reason.projectId)}, which is selected`;
		case 'no-gain':
			return 'would fit, but adds no value';
		case 'would-fit':
			return 'would fit too: the search stopped at the time limit before taking it';
		case 'infeasible':
			return 'no selection: the forced projects break a constraint';
		case 'does-not-fit': {
			const named = reason.binding
				.slice(0, NAMED_BINDING)
				.map((b) => describeBinding(b, portfolio));
			const more = reason.binding.length - named.length;
			const worth = `value ${reason.value.toFixed(1)} ${reason.cost > 0 ? `for ${formatMoney(reason.cost, portfolio.currency)}` : 'at no cost'}`;
			return `does not fit: ${named.join('; ')}${more > 0 ? ` and ${more} more` : ''}; ${worth}`;
		}
	}
}
