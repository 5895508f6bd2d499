/**
 * Where capacity is tightest, cell by cell: a resource (the budget or a role) in one
 * period, never an average over periods. An average hides the quarter that is full
 * (43 % used over the year, 100 % in 2027-Q4, and that quarter keeps four projects
 * out), so the dashboard and the capacity stage report cells:
 *
 * - the **peak**: the role × period with the highest load / capacity, and the funded
 *   projects that make it up;
 * - the **hot cells**: every cell that is over capacity, exactly full (load ≥ capacity
 *   within FUNDING_TOLERANCE, as in formula 4), or that keeps unfunded projects out (the
 *   first limit each of them breaks, from the funding reasons), worst first.
 *
 * Both read the dense model of `capacity.ts` and the funding result it was run with.
 */
import type { FundingResult } from './analysis-types';
import {
	breakdown,
	overBy,
	type CapacityModel,
	type Contribution,
	type ResourceInfo
} from './capacity';
import { FUNDING_TOLERANCE } from './funding';
import type { PeriodId } from './types';

/**
 * How a cell stands: above its limit, at it, below it but in the way of a project, or
 * (only ever for a peak that is none of those) with room left.
 */
export type CellState = 'over' | 'full' | 'blocking' | 'room';

/** One resource in one period that is worth naming. */
export interface HotCell {
	info: ResourceInfo;
	/** Index into `model.resources` (0 the budget, 1+r role r). */
	resource: number;
	period: PeriodId;
	periodIndex: number;
	/** The funded total. */
	load: number;
	capacity: number;
	/** load / capacity; Infinity for a load on no capacity at all. */
	share: number;
	state: CellState;
	/** Every funded project with a share of the cell, largest first. */
	contributors: Contribution[];
	/** Unfunded auto projects for which this is the first limit they break, in rank order. */
	keepsOut: { projectId: string; name: string }[];
}

export interface HotCellOptions {
	/** Project ids in the order shown (rank order). */
	order: readonly string[];
	funding: FundingResult;
	/** Leave the budget out (the dashboard reports it with the spend). */
	rolesOnly?: boolean;
}

/** Whether `load` is at `limit` or above, within the funding tolerance. */
export function isFull(load: number, limit: number): boolean {
	return load > 0 && load >= limit - FUNDING_TOLERANCE * Math.max(1, Math.abs(limit));
}

function shareOf(load: number, capacity: number): number {
	if (capacity > 0) return load / capacity;
	return load > 0 ? Infinity : 0;
}

/** Shares this close are a tie (5 of 5 and 6 of 6 are both exactly full). */
function shareOrder(a: number, b: number): number {
	if (a === b || Math.abs(a - b) <= FUNDING_TOLERANCE * Math.max(1, Math.abs(a))) return 0;
	return b - a;
}

/**
 * Worst first: over before full before blocking, then by share, then by the projects
 * kept out (of two full cells, the one that keeps more out), then period and resource.
 */
function worstFirst(a: HotCell, b: HotCell): number {
	const rank: Record<CellState, number> = { over: 0, full: 1, blocking: 2, room: 3 };
	return (
		rank[a.state] - rank[b.state] ||
		shareOrder(a.share, b.share) ||
		b.keepsOut.length - a.keepsOut.length ||
		a.periodIndex - b.periodIndex ||
		a.resource - b.resource
	);
}

/** Funded total per slot (period × resource), as `prepareFunding` numbers them. */
function totals(model: CapacityModel, funded: ReadonlySet<string>): Float64Array {
	const out = new Float64Array(model.periods.length * model.stride);
	model.ids.forEach((id, i) => {
		if (model.parts[i] === 'inactive' || !funded.has(id) || model.index.get(id) !== i) return;
		for (let k = model.start[i]; k < model.start[i + 1]; k++) out[model.slot[k]] += model.amount[k];
	});
	return out;
}

function cellAt(
	model: CapacityModel,
	options: HotCellOptions,
	slot: number,
	load: number,
	state: CellState
): HotCell {
	const t = Math.floor(slot / model.stride);
	const r = slot % model.stride;
	const capacity = model.limit[slot];
	return {
		info: model.resources[r],
		resource: r,
		period: model.periods[t],
		periodIndex: t,
		load,
		capacity,
		share: shareOf(load, capacity),
		state,
		contributors: breakdown(model, {
			order: options.order,
			funded: options.funding.funded,
			resource: r,
			period: t
		}),
		keepsOut: []
	};
}

/** The slot of the first limit a project's funding reason names, or -1. */
function reasonSlot(model: CapacityModel, id: string, funding: FundingResult): number {
	const reason = funding.reasons.get(id);
	if (!reason || (reason.kind !== 'budget' && reason.kind !== 'capacity')) return -1;
	const t = model.periods.indexOf(reason.period);
	const r =
		reason.kind === 'budget'
			? 0
			: model.portfolio.roles.findIndex((x) => x.id === reason.roleId) + 1;
	return t < 0 || r < 0 ? -1 : t * model.stride + r;
}

/**
 * Every cell over capacity, exactly full, or keeping an unfunded project out (see the
 * module comment), worst first: over, then full, then the rest, each by load / capacity.
 */
export function hotCells(model: CapacityModel, options: HotCellOptions): HotCell[] {
	const { funding } = options;
	const load = totals(model, funding.funded);
	const found = new Map<number, HotCell>();
	for (let s = 0; s < load.length; s++) {
		const r = s % model.stride;
		if (options.rolesOnly && r === 0) continue;
		const limit = model.limit[s];
		if (limit === Infinity) continue;
		const state: CellState | null =
			overBy(load[s], limit) > 0 ? 'over' : isFull(load[s], limit) ? 'full' : null;
		if (state) found.set(s, cellAt(model, options, s, load[s], state));
	}
	const seen = new Set<string>();
	for (const id of [...options.order, ...model.ids]) {
		if (seen.has(id)) continue;
		seen.add(id);
		const i = model.index.get(id);
		if (i === undefined || model.parts[i] !== 'auto' || funding.funded.has(id)) continue;
		const s = reasonSlot(model, id, funding);
		if (s < 0 || (options.rolesOnly && s % model.stride === 0)) continue;
		let cell = found.get(s);
		if (!cell) found.set(s, (cell = cellAt(model, options, s, load[s], 'blocking')));
		cell.keepsOut.push({ projectId: id, name: model.portfolio.projects[i].name });
	}
	return [...found.values()].sort(worstFirst);
}

/**
 * The worst role × period: the worst cell over capacity or full (over first, then by
 * load / capacity, then by the projects it keeps out), else the highest load /
 * capacity (the earliest on a tie), with its contributors and the projects it keeps
 * out; null when no funded project loads any role. A load on a role with no capacity
 * in that period is the worst there is.
 */
export function capacityPeak(model: CapacityModel, options: HotCellOptions): HotCell | null {
	const hot = hotCells(model, { ...options, rolesOnly: true });
	if (hot.length > 0 && (hot[0].state === 'over' || hot[0].state === 'full')) return hot[0];
	const load = totals(model, options.funding.funded);
	let best = -1;
	let bestShare = -Infinity;
	for (let s = 0; s < load.length; s++) {
		if (s % model.stride === 0 || load[s] <= 0) continue;
		const share = shareOf(load[s], model.limit[s]);
		if (share > bestShare) {
			best = s;
			bestShare = share;
		}
	}
	if (best < 0) return null;
	const known = hot.find((c) => c.periodIndex * model.stride + c.resource === best);
	// Below capacity and in nobody's way: still the peak, named with its contributors.
	return known ?? cellAt(model, options, best, load[best], 'room');
}
