/**
 * Capacity and budget against demand and cost, for a funded set (the waterline of
 * DESIGN formula 4, or the one previewed during a drag): the loads per resource and
 * period stacked by funded project, the part above capacity, the bottlenecks and
 * "what it takes" to fund the first project below the line.
 *
 * A resource is the budget or a role. Resources and periods are numbered as in
 * `prepareFunding`: slot `t·(1+R)` is the cost of period t, slot `t·(1+R)+1+r` the
 * demand on role r. `prepareCapacity` turns a snapshot into those dense numbers once;
 * each funded set (every drag step) is then a walk over the funded projects' non-zero
 * cells, a few thousand additions at 1,000 projects × 12 roles × 24 periods.
 */
import type { FundingResult } from './analysis-types';
import { ceilingOf, partOf, resourceCells, resourceLimits, type Part } from './funding';
import type { PeriodId, Portfolio, Project } from './types';

/** The budget, or one role. */
export type Resource = { kind: 'budget' } | { kind: 'role'; roleId: string };

/** One resource of the portfolio, as the charts and panels name it. */
export interface ResourceInfo {
	/** 'budget' or 'role:<id>': unique, stable, safe in ids and URLs. */
	key: string;
	resource: Resource;
	name: string;
	unit: 'money' | 'fte';
}

/** A portfolio's cost and demand as dense numbers (built once per snapshot). */
export interface CapacityModel {
	readonly portfolio: Portfolio;
	readonly periods: readonly PeriodId[];
	/** Index 0 is the budget, 1+r role r. */
	readonly resources: readonly ResourceInfo[];
	/** Budget per period is limited at all (an empty budget means no limit). */
	readonly hasBudget: boolean;
	/** Limit per slot: Infinity for the budget when there is none. */
	readonly limit: Float64Array;
	readonly stride: number;
	readonly ids: readonly string[];
	readonly index: ReadonlyMap<string, number>;
	readonly parts: readonly Part[];
	/** Project i's cells are slot/amount[start[i]..start[i+1]); done and cancelled have none. */
	readonly start: Int32Array;
	readonly slot: Int32Array;
	readonly amount: Float64Array;
}

/** Dense cost and demand of `portfolio`; cheap to query for any funded set afterwards. */
export function prepareCapacity(portfolio: Portfolio): CapacityModel {
	const stride = 1 + portfolio.roles.length;
	const parts = portfolio.projects.map(partOf);
	const { start, slot, amount } = resourceCells(portfolio, parts, stride);
	const { limit, hasBudget } = resourceLimits(portfolio);
	const ids = portfolio.projects.map((p) => p.id);
	const index = new Map<string, number>();
	ids.forEach((id, i) => {
		if (!index.has(id)) index.set(id, i);
	});
	const resources: ResourceInfo[] = [
		{ key: 'budget', resource: { kind: 'budget' }, name: 'Budget', unit: 'money' },
		...portfolio.roles.map((role): ResourceInfo => ({
			key: `role:${role.id}`,
			resource: { kind: 'role', roleId: role.id },
			name: role.name || role.id,
			unit: 'fte'
		}))
	];
	return {
		portfolio,
		periods: portfolio.periods,
		resources,
		hasBudget,
		limit,
		stride,
		ids,
		index,
		parts,
		start,
		slot,
		amount
	};
}

/** The part of `total` above `limit`: 0 when it fits within FUNDING_TOLERANCE. */
export function overBy(total: number, limit: number): number {
	return total > ceilingOf(limit) ? total - limit : 0;
}

/** One band of a stack: a project, the funded rest, or an unfunded ghost. */
export interface StackSeries {
	/** A project id, or 'other' for the grouped rest. */
	id: string;
	name: string;
	kind: 'funded' | 'other' | 'ghost';
	/** Per period, in period order. */
	values: number[];
	/** How many projects the band holds (1 except for 'other'). */
	count: number;
}

/** A resource's load per period for one funded set. */
export interface ResourceLoad {
	info: ResourceInfo;
	/** Per period; null when the budget has no limit at all. */
	capacity: (number | null)[];
	/** Funded total per period. */
	total: number[];
	/** The part of the funded total above capacity (0 when it fits). */
	over: number[];
	/** The ghosts' total per period (0 when ghosts are off). */
	ghostTotal: number[];
	/** Bottom to top: the grouped rest, the largest funded projects in rank order, ghosts. */
	series: StackSeries[];
}

/** What to stack. */
export interface LoadOptions {
	/** Project ids in the order shown (rank order, or the previewed order in a drag). */
	order: readonly string[];
	funded: ReadonlySet<string>;
	/** Funded projects drawn one by one per resource (the largest there); default 8. */
	top?: number;
	/** Unfunded projects (not forced out) shown as ghosts, the first below the line first; default 0. */
	ghosts?: number;
}

/**
 * The loads of every resource (budget first, then roles in order) for a funded set.
 * Each resource stacks its `top` largest funded projects one by one, in rank order
 * (the highest-ranked at the bottom), on top of one band for the rest, so a chart
 * draws a bounded number of shapes whatever the portfolio's size; the totals and the
 * part above capacity are exact. Ghosts (the next unfunded auto projects in rank
 * order) are stacked above the funded total.
 */
export function capacityLoads(
	model: CapacityModel,
	options: LoadOptions,
	stack: LoadStack = loadStack(model, options)
): ResourceLoad[] {
	const { periods, resources, stride, start, slot, amount, limit } = model;
	const T = periods.length;
	const K = resources.length;
	const top = Math.max(0, options.top ?? 8);
	const { funded, ghosts } = stack;
	const totals = new Float64Array(T * stride);
	// Per funded project (in rank order), its total on each resource, to pick the largest.
	const sums = new Float64Array(funded.length * K);
	funded.forEach((i, f) => {
		for (let k = start[i]; k < start[i + 1]; k++) {
			const s = slot[k];
			totals[s] += amount[k];
			sums[f * K + (s % stride)] += amount[k];
		}
	});

	return resources.map((info, r): ResourceLoad => {
		const chosen = largest(funded, (f) => sums[f * K + r], top);
		const shown = new Uint8Array(funded.length);
		for (const f of chosen) shown[f] = 1;
		const series: StackSeries[] = [];
		const other = new Array<number>(T).fill(0);
		let otherCount = 0;
		funded.forEach((_, f) => {
			if (!shown[f] && sums[f * K + r] !== 0) otherCount++;
		});
		const total: number[] = [];
		const capacity: (number | null)[] = [];
		const over: number[] = [];
		for (let t = 0; t < T; t++) {
			const s = t * stride + r;
			total.push(totals[s]);
			capacity.push(limit[s] === Infinity ? null : limit[s]);
			over.push(limit[s] === Infinity ? 0 : overBy(totals[s], limit[s]));
		}
		const own = chosen.map((f) => valuesOf(model, funded[f], r));
		for (let t = 0; t < T; t++) {
			let rest = total[t];
			for (const values of own) rest -= values[t];
			// Rounding may leave a crumb below zero; it is nobody's demand.
			other[t] = rest > 1e-9 * Math.max(1, total[t]) ? rest : 0;
		}
		if (otherCount > 0) {
			series.push({
				id: 'other',
				name: `${otherCount} other funded ${otherCount === 1 ? 'project' : 'projects'}`,
				kind: 'other',
				values: other,
				count: otherCount
			});
		}
		chosen.forEach((f, n) => {
			const project = model.portfolio.projects[funded[f]];
			series.push({ id: project.id, name: project.name, kind: 'funded', values: own[n], count: 1 });
		});
		const ghostTotal = new Array<number>(T).fill(0);
		for (const i of ghosts) {
			const values = valuesOf(model, i, r);
			if (values.every((v) => v === 0)) continue;
			values.forEach((v, t) => (ghostTotal[t] += v));
			const project = model.portfolio.projects[i];
			series.push({ id: project.id, name: project.name, kind: 'ghost', values, count: 1 });
		}
		return { info, capacity, total, over, ghostTotal, series };
	});
}

/**
 * Everything of the order and the funded set that the loads depend on: the funded
 * projects in the order shown, and the ghosts (indexes into the model). Two equal
 * stacks give equal loads, so a drag step that leaves the stack as it was (a move
 * among the unfunded projects below the ghosts) needs no new loads.
 */
export interface LoadStack {
	funded: number[];
	ghosts: number[];
}

export function loadStack(model: CapacityModel, options: LoadOptions): LoadStack {
	const ghosts: number[] = [];
	const wanted = Math.max(0, options.ghosts ?? 0);
	if (wanted > 0) {
		for (const id of options.order) {
			const i = model.index.get(id);
			if (i === undefined || model.parts[i] !== 'auto' || options.funded.has(id)) continue;
			ghosts.push(i);
			if (ghosts.length >= wanted) break;
		}
	}
	return { funded: fundedInOrder(model, options.order, options.funded), ghosts };
}

/** Whether two stacks are the same. */
export function sameStack(a: LoadStack, b: LoadStack): boolean {
	const same = (x: number[], y: number[]) => x.length === y.length && x.every((v, i) => v === y[i]);
	return same(a.funded, b.funded) && same(a.ghosts, b.ghosts);
}

/** Indexes of the funded projects in the order shown (then any the order leaves out). */
function fundedInOrder(
	model: CapacityModel,
	order: readonly string[],
	funded: ReadonlySet<string>
): number[] {
	const seen = new Uint8Array(model.ids.length);
	const out: number[] = [];
	const take = (i: number | undefined) => {
		if (i === undefined || seen[i]) return;
		seen[i] = 1;
		if (model.parts[i] !== 'inactive' && funded.has(model.ids[i])) out.push(i);
	};
	for (const id of order) take(model.index.get(id));
	for (let i = 0; i < model.ids.length; i++) take(i);
	return out;
}

/** The positions (into `items`) of the `n` largest non-zero sizes, back in their own order. */
function largest<T>(items: readonly T[], size: (position: number) => number, n: number): number[] {
	if (n === 0) return [];
	const best: number[] = [];
	for (let f = 0; f < items.length; f++) {
		const value = size(f);
		if (value <= 0) continue;
		if (best.length === n && value <= size(best[n - 1])) continue;
		let at = best.length;
		while (at > 0 && size(best[at - 1]) < value) at--;
		best.splice(at, 0, f);
		if (best.length > n) best.pop();
	}
	return best.sort((a, b) => a - b);
}

/** Project i's amount per period on resource r. */
function valuesOf(model: CapacityModel, i: number, r: number): number[] {
	const values = new Array<number>(model.periods.length).fill(0);
	for (let k = model.start[i]; k < model.start[i + 1]; k++) {
		const s = model.slot[k];
		if (s % model.stride === r) values[Math.floor(s / model.stride)] += model.amount[k];
	}
	return values;
}

/** One project's share of a resource in one period. */
export interface Contribution {
	projectId: string;
	name: string;
	amount: number;
	/** Forced in by its decision. */
	forced: boolean;
	/** The part of its band above capacity when the funded set is stacked in rank order. */
	above: number;
}

/**
 * Every funded project's amount on resource `r` (index into `model.resources`) in
 * period `t`, stacked in the order shown, with the part of each above capacity.
 * Largest first. For tooltips and the bottlenecks.
 */
export function breakdown(
	model: CapacityModel,
	options: {
		order: readonly string[];
		funded: ReadonlySet<string>;
		resource: number;
		period: number;
	}
): Contribution[] {
	const { stride, start, slot, amount, limit } = model;
	const target = options.period * stride + options.resource;
	const cap = limit[target];
	const out: Contribution[] = [];
	let level = 0;
	for (const i of fundedInOrder(model, options.order, options.funded)) {
		let value = 0;
		for (let k = start[i]; k < start[i + 1]; k++) if (slot[k] === target) value += amount[k];
		if (value === 0) continue;
		const bottom = level;
		level += value;
		const project = model.portfolio.projects[i];
		out.push({
			projectId: project.id,
			name: project.name,
			amount: value,
			forced: project.decision === 'in',
			above:
				cap === Infinity || overBy(level, cap) === 0
					? 0
					: Math.max(0, level - Math.max(bottom, cap))
		});
	}
	return out.sort((a, b) => b.amount - a.amount);
}

/** Causes listed per bottleneck: the largest parts above capacity. */
export const MAX_CAUSES = 5;

/** A resource in a period that is over capacity, or that keeps projects out. */
export interface Bottleneck {
	info: ResourceInfo;
	resource: number;
	period: PeriodId;
	periodIndex: number;
	/** The limit (never the unlimited budget: it cannot be a bottleneck). */
	capacity: number;
	demand: number;
	/** The part above capacity (0 for a resource that is full but not over). */
	over: number;
	/**
	 * The funded projects whose bands reach above capacity (stacked in rank order), the
	 * largest part above first; at most MAX_CAUSES of them.
	 */
	causes: Contribution[];
	/** How many funded projects reach above capacity in all. */
	causeCount: number;
	/** Unfunded auto projects for which this is the first limit they break. */
	blocks: string[];
}

/**
 * The role-periods (and budget periods) over capacity, with the funded projects that
 * cause it (their bands above the line when stacked in rank order: with the strict
 * waterline only forced-in projects can push a total over), and those that keep
 * unfunded auto projects out (the first limit each breaks, from the funding reasons).
 * Over capacity first (largest excess first), then by how many projects they block.
 */
export function bottlenecks(
	model: CapacityModel,
	options: { order: readonly string[]; funding: FundingResult }
): Bottleneck[] {
	const { funding, order } = options;
	const { stride, limit, periods, resources, start, slot, amount } = model;
	const funded = fundedInOrder(model, order, funding.funded);
	const totals = new Float64Array(periods.length * stride);
	for (const i of funded) {
		for (let k = start[i]; k < start[i + 1]; k++) totals[slot[k]] += amount[k];
	}
	const found = new Map<number, Bottleneck>();
	const entry = (s: number): Bottleneck => {
		let b = found.get(s);
		if (!b) {
			const t = Math.floor(s / stride);
			const r = s % stride;
			b = {
				info: resources[r],
				resource: r,
				period: periods[t],
				periodIndex: t,
				capacity: limit[s],
				demand: totals[s],
				over: overBy(totals[s], limit[s]),
				causes: [],
				causeCount: 0,
				blocks: []
			};
			found.set(s, b);
		}
		return b;
	};
	// One pass over the funded projects in rank order, stacking every slot at once: the
	// part of each band above capacity, where the total is over (all slots together cost
	// what one project list costs, whatever the number of slots over).
	const over = new Uint8Array(totals.length);
	for (let s = 0; s < totals.length; s++) {
		if (limit[s] !== Infinity && overBy(totals[s], limit[s]) > 0) {
			over[s] = 1;
			entry(s);
		}
	}
	const level = new Float64Array(totals.length);
	// Per slot over, the largest causes so far as [project, cell, above], largest first.
	const top = new Map<number, [number, number, number][]>();
	for (const i of funded) {
		for (let k = start[i]; k < start[i + 1]; k++) {
			const s = slot[k];
			const bottom = level[s];
			level[s] += amount[k];
			if (!over[s]) continue;
			const above = level[s] - Math.max(bottom, limit[s]);
			if (above <= 0) continue;
			const b = entry(s);
			b.causeCount++;
			let list = top.get(s);
			if (!list) top.set(s, (list = []));
			if (list.length === MAX_CAUSES && above <= list[MAX_CAUSES - 1][2]) continue;
			let at = list.length;
			while (at > 0 && list[at - 1][2] < above) at--;
			list.splice(at, 0, [i, k, above]);
			if (list.length > MAX_CAUSES) list.pop();
		}
	}
	for (const [s, list] of top) {
		entry(s).causes = list.map(([i, k, above]) => {
			const project = model.portfolio.projects[i];
			return {
				projectId: project.id,
				name: project.name,
				amount: amount[k],
				forced: project.decision === 'in',
				above
			};
		});
	}
	const roleAt = new Map(model.portfolio.roles.map((role, r) => [role.id, r]));
	const periodAt = new Map(periods.map((p, t) => [p, t]));
	for (const id of order) {
		const reason = funding.reasons.get(id);
		if (!reason || (reason.kind !== 'budget' && reason.kind !== 'capacity')) continue;
		const i = model.index.get(id);
		if (i === undefined || model.parts[i] !== 'auto') continue;
		const t = periodAt.get(reason.period);
		const r = reason.kind === 'budget' ? 0 : (roleAt.get(reason.roleId) ?? -1) + 1;
		if (t === undefined || r < 0) continue;
		entry(t * stride + r).blocks.push(id);
	}
	return [...found.values()].sort(
		(a, b) =>
			Number(b.over > 0) - Number(a.over > 0) ||
			b.over / Math.max(1, b.capacity) - a.over / Math.max(1, a.capacity) ||
			b.blocks.length - a.blocks.length ||
			a.periodIndex - b.periodIndex ||
			a.resource - b.resource
	);
}

/** Capacity or budget to add in one period. */
export interface Addition {
	info: ResourceInfo;
	resource: number;
	period: PeriodId;
	/** FTE or money to add to the limit. */
	add: number;
	/** The funded total with the project added. */
	needed: number;
	capacity: number;
}

/** Something capacity cannot fix: a dependency that is not funded, or an exclusion. */
export interface Blocker {
	kind: 'dependency' | 'exclusion';
	projectId: string;
	name: string;
	/** Why the other project is in the way, in words. */
	why: string;
}

/** What it takes to fund the first project below the line. */
export interface WhatItTakes {
	project: Project;
	/** The capacity and budget to add, per resource and period (empty: none needed). */
	additions: Addition[];
	/** Total FTE to add over all roles and periods. */
	fte: number;
	/** Total budget to add over all periods. */
	budget: number;
	/** Non-empty when dependencies or exclusions, not capacity, keep it out. */
	blockers: Blocker[];
}

/**
 * What it takes to fund the line project (the first `auto` project that does not fit)
 * with the funded set as it is: for every resource and period where the funded total
 * plus the project's own amount is above the limit (within FUNDING_TOLERANCE, as in
 * formula 4), the difference. That includes limits that forced-in projects already
 * break elsewhere, since then no auto project fits at all. Raising each limit by its
 * addition makes the project fit; every project above it stays funded (they fitted
 * with less). Dependencies on projects that are not funded and exclusions with funded
 * projects are listed as blockers: more capacity does not remove them. Null when there
 * is no line.
 */
export function whatItTakes(model: CapacityModel, funding: FundingResult): WhatItTakes | null {
	const line = funding.line;
	const i = line === null ? undefined : model.index.get(line);
	if (i === undefined) return null;
	const { stride, limit, periods, resources, portfolio } = model;
	const project = portfolio.projects[i];
	const needed = new Float64Array(periods.length * stride);
	for (const j of fundedInOrder(model, [], funding.funded)) {
		for (let k = model.start[j]; k < model.start[j + 1]; k++)
			needed[model.slot[k]] += model.amount[k];
	}
	for (let k = model.start[i]; k < model.start[i + 1]; k++)
		needed[model.slot[k]] += model.amount[k];
	const additions: Addition[] = [];
	let fte = 0;
	let budget = 0;
	for (let s = 0; s < needed.length; s++) {
		const add = limit[s] === Infinity ? 0 : overBy(needed[s], limit[s]);
		if (add === 0) continue;
		const r = s % stride;
		additions.push({
			info: resources[r],
			resource: r,
			period: periods[Math.floor(s / stride)],
			add,
			needed: needed[s],
			capacity: limit[s]
		});
		if (r === 0) budget += add;
		else fte += add;
	}
	additions.sort(
		(a, b) => a.resource - b.resource || periods.indexOf(a.period) - periods.indexOf(b.period)
	);
	return { project, additions, fte, budget, blockers: blockersOf(model, project, funding) };
}

function blockersOf(model: CapacityModel, project: Project, funding: FundingResult): Blocker[] {
	const byId = (id: string) => {
		const j = model.index.get(id);
		return j === undefined ? undefined : model.portfolio.projects[j];
	};
	const blockers: Blocker[] = [];
	for (const id of project.dependsOn) {
		const other = byId(id);
		if (!other || other.status === 'done' || funding.funded.has(id)) continue;
		const why =
			other.status === 'cancelled'
				? 'is cancelled'
				: other.decision === 'out'
					? 'is forced out'
					: 'is not funded (ranked below it)';
		blockers.push({ kind: 'dependency', projectId: id, name: other.name, why });
	}
	const rivals = new Set(project.excludes);
	for (const other of model.portfolio.projects) {
		if (other.id !== project.id && other.excludes.includes(project.id)) rivals.add(other.id);
	}
	for (const id of rivals) {
		const other = byId(id);
		if (!other || !funding.funded.has(id)) continue;
		const why = other.decision === 'in' ? 'is forced in' : 'is funded (ranked above it)';
		blockers.push({ kind: 'exclusion', projectId: id, name: other.name, why });
	}
	return blockers;
}
