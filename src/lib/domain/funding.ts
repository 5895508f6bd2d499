/**
 * The funding line (DESIGN formula 4): a strict waterline over the ranked list. It is
 * recomputed on every step of a drag, so the portfolio is first turned into dense
 * numbers (`prepareFunding`) and each ordering is then a walk over typed arrays
 * (`FundingPlan.run`). `fundingLine` is both in one call.
 */
import type { FundingReason, FundingResult, PeriodLoad } from './analysis-types';
import type { Portfolio, Project } from './types';

/**
 * Totals may exceed a limit by this much and still fit (0.1 + 0.2 fits 0.3). DESIGN
 * fixes 1e-9 "so that sums of decimals that fit exactly are not cut"; rounding in a
 * sum of millions is larger than 1e-9 in absolute terms, so the tolerance is relative
 * to the limit (and absolute below 1): see {@link withinLimit}.
 */
export const FUNDING_TOLERANCE = 1e-9;

/** The largest total that still fits `limit`. */
export function ceilingOf(limit: number): number {
	return limit + FUNDING_TOLERANCE * Math.max(1, Math.abs(limit));
}

/** True when `total` fits under `limit` within the tolerance. */
export function withinLimit(total: number, limit: number): boolean {
	return total <= ceilingOf(limit);
}

/** Options of `fundingLine`. */
export interface FundingOptions {
	/**
	 * Project ids in the rank order to use instead of the portfolio's own, e.g. while a
	 * card is dragged. Unknown and repeated ids are ignored; projects it leaves out
	 * follow in portfolio order.
	 */
	order?: readonly string[];
}

/** A portfolio prepared for the waterline; `run` is cheap enough for every drag step. */
export interface FundingPlan {
	readonly portfolio: Portfolio;
	/**
	 * The funding line for this rank order (default: the portfolio's), exactly as a
	 * fresh walk finds it. A plan remembers its last walk and starts the next one where
	 * the two orders first differ (a drag step: the higher of the two places swapped),
	 * with that walk's totals there to the last bit; a change entirely below the
	 * previous line changes nothing and returns the same result. Results are shared:
	 * never mutate them. Unchanged reasons keep their objects from one run to the next.
	 */
	run(order?: readonly string[]): FundingResult;
}

/** What a project does in the walk. */
export type Part = 'inactive' | 'in' | 'out' | 'auto';

const FORCED_IN: FundingReason = Object.freeze({ kind: 'forced-in' });
const FORCED_OUT: FundingReason = Object.freeze({ kind: 'forced-out' });
const FITS: FundingReason = Object.freeze({ kind: 'fits' });
const BELOW_LINE: FundingReason = Object.freeze({ kind: 'below-line' });
const DONE: FundingReason = Object.freeze({ kind: 'inactive', status: 'done' });
const CANCELLED: FundingReason = Object.freeze({ kind: 'inactive', status: 'cancelled' });

/** Walk positions between two saved states of the totals (see FundingPlan.run). */
const CHECKPOINT = 32;

function equalArrays(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
	return true;
}

/** Whether two reasons say the same (every field equal). */
export function sameReason(a: FundingReason | undefined, b: FundingReason | undefined): boolean {
	if (a === b) return true;
	if (!a || !b || a.kind !== b.kind) return false;
	const x = a as unknown as Record<string, unknown>;
	const y = b as unknown as Record<string, unknown>;
	for (const key of Object.keys(x)) if (!Object.is(x[key], y[key])) return false;
	return true;
}

function read(record: Record<string, number>, key: string): number | undefined {
	const value = record[key];
	return typeof value === 'number' ? value : undefined;
}

/** A project's part in the walk: done and cancelled projects take no part. */
export function partOf(p: Project): Part {
	if (p.status === 'done' || p.status === 'cancelled') return 'inactive';
	return p.decision;
}

/** Compressed rows: project i's resource cells are slot/amount[start[i]..start[i+1]). */
export interface Cells {
	start: Int32Array;
	slot: Int32Array;
	amount: Float64Array;
}

/**
 * The non-zero cost and demand cells of every project that takes part, as compressed
 * rows (one allocation for all projects, not two per project). Records are walked with
 * for-in against null-prototype indexes, the fastest of the ways measured on the
 * megamorphic records of a large portfolio; a stray "__proto__" or "constructor" key
 * finds nothing. Cells stay in record order: the walk needs only sums, and the rare
 * reason lookup takes the smallest broken slot.
 */
export function resourceCells(portfolio: Portfolio, parts: readonly Part[], stride: number): Cells {
	const periodAt: Record<string, number> = Object.create(null);
	portfolio.periods.forEach((period, t) => {
		periodAt[period] = t;
	});
	const roleAt: Record<string, number> = Object.create(null);
	portfolio.roles.forEach((role, r) => {
		roleAt[role.id] = r;
	});
	const n = portfolio.projects.length;
	const start = new Int32Array(n + 1);
	let slot = new Int32Array(4096);
	let amount = new Float64Array(4096);
	let size = 0;
	const put = (at: number, value: unknown) => {
		if (typeof value !== 'number' || value === 0 || !Number.isFinite(value)) return;
		if (size === slot.length) {
			const slots = new Int32Array(size * 2);
			const amounts = new Float64Array(size * 2);
			slots.set(slot);
			amounts.set(amount);
			slot = slots;
			amount = amounts;
		}
		slot[size] = at;
		amount[size++] = value;
	};
	for (let i = 0; i < n; i++) {
		start[i] = size;
		if (parts[i] === 'inactive') continue;
		const { cost, demand } = portfolio.projects[i];
		for (const period in cost) {
			const t = periodAt[period];
			if (t !== undefined) put(t * stride, cost[period]);
		}
		for (const roleId in demand) {
			const r = roleAt[roleId];
			const byPeriod = demand[roleId];
			if (r === undefined || !byPeriod) continue;
			for (const period in byPeriod) {
				const t = periodAt[period];
				if (t !== undefined) put(t * stride + 1 + r, byPeriod[period]);
			}
		}
	}
	start[n] = size;
	return { start, slot: slot.subarray(0, size), amount: amount.subarray(0, size) };
}

/**
 * The limit of every resource slot (numbered as in {@link prepareFunding}): the budget
 * (Infinity when there is no budget at all; a missing period counts 0) and each role's
 * capacity (a missing period counts 0).
 */
export function resourceLimits(portfolio: Portfolio): { limit: Float64Array; hasBudget: boolean } {
	const { periods, roles } = portfolio;
	const stride = 1 + roles.length;
	// An empty or absent budget means no budget limit at all; a missing period counts 0.
	const hasBudget = Object.keys(portfolio.budget ?? {}).length > 0;
	const limit = new Float64Array(periods.length * stride);
	periods.forEach((period, t) => {
		limit[t * stride] = hasBudget ? (read(portfolio.budget, period) ?? 0) : Infinity;
		roles.forEach((role, r) => {
			limit[t * stride + 1 + r] = read(role.capacity, period) ?? 0;
		});
	});
	return { limit, hasBudget };
}

/**
 * Everything of `portfolio` that formula 4 reads, as arrays. Resources are numbered
 * period-major: slot `t·(1+R)` is the cost of period t, slot `t·(1+R)+1+r` the demand
 * on role r, so the first broken slot of a project is also the first period in which
 * it breaks (budget before roles, roles in portfolio order).
 *
 * Each project keeps only its non-zero cells, so a fit test touches the periods and
 * roles the project uses: a few dozen numbers, not periods × roles.
 */
export function prepareFunding(portfolio: Portfolio): FundingPlan {
	const { periods, roles, projects } = portfolio;
	const stride = 1 + roles.length;
	const slots = periods.length * stride;
	const { limit, hasBudget } = resourceLimits(portfolio);
	const ceiling = limit.map(ceilingOf);

	const n = projects.length;
	const ids = projects.map((p) => p.id);
	const index = new Map<string, number>();
	ids.forEach((id, i) => {
		if (!index.has(id)) index.set(id, i);
	});
	const parts = projects.map(partOf);

	const { start, slot: cellSlot, amount: cellAmount } = resourceCells(portfolio, parts, stride);

	// Dependencies: -1 for one that can never be met (cancelled or unknown); a done
	// project is already delivered, so it is left out.
	const deps: number[][] = [];
	const depIds: string[][] = [];
	// Exclusions both ways, among projects that take part; sorted for stable reasons.
	const rivalSets = projects.map(() => new Set<number>());
	for (let i = 0; i < n; i++) {
		const p = projects[i];
		const list: number[] = [];
		const named: string[] = [];
		if (parts[i] !== 'inactive') {
			for (const id of p.dependsOn) {
				const j = index.get(id);
				if (j !== undefined && projects[j].status === 'done') continue;
				list.push(j === undefined || projects[j].status === 'cancelled' ? -1 : j);
				named.push(id);
			}
			for (const id of p.excludes) {
				const j = index.get(id);
				if (j === undefined || j === i || parts[j] === 'inactive') continue;
				rivalSets[i].add(j);
				rivalSets[j].add(i);
			}
		}
		deps.push(list);
		depIds.push(named);
	}
	const rivals = rivalSets.map((s) => Int32Array.from(s).sort());
	const identity = Int32Array.from(ids, (_, i) => i);

	function walkOrder(order: readonly string[] | undefined): Int32Array {
		if (!order) return identity;
		const seen = new Uint8Array(n);
		const out = new Int32Array(n);
		let k = 0;
		for (const id of order) {
			const j = index.get(id);
			if (j === undefined || seen[j]) continue;
			seen[j] = 1;
			out[k++] = j;
		}
		for (let j = 0; j < n; j++) if (!seen[j]) out[k++] = j;
		return out;
	}

	// The walk's state; each walk starts from a copy of the forced-in one (or from a
	// point of the previous walk).
	let totals = new Float64Array(slots);
	let funded = new Uint8Array(n);

	const add = (i: number) => {
		for (let k = start[i]; k < start[i + 1]; k++) totals[cellSlot[k]] += cellAmount[k];
		funded[i] = 1;
	};
	/** Adds project i's amounts to the totals only (a replay of a walk's prefix). */
	const replay = (i: number) => {
		for (let k = start[i]; k < start[i + 1]; k++) totals[cellSlot[k]] += cellAmount[k];
	};

	// Projects forced in, in portfolio order: the same for every rank order.
	const baseReasons: FundingReason[] = new Array(n);
	for (let i = 0; i < n; i++) {
		const part = parts[i];
		if (part === 'in') {
			add(i);
			baseReasons[i] = FORCED_IN;
		} else if (part === 'out') baseReasons[i] = FORCED_OUT;
		else if (part === 'inactive') {
			baseReasons[i] = projects[i].status === 'done' ? DONE : CANCELLED;
		}
	}
	const baseTotals = totals;
	const baseFunded = funded;
	// Forced-in projects may already break a limit. They stay funded, but then no
	// addition keeps every total within its limit, so every auto project stops there.
	// The first slot they break, or -1.
	let over = -1;
	for (let slot = 0; slot < slots; slot++) {
		if (baseTotals[slot] > ceiling[slot]) {
			over = slot;
			break;
		}
	}

	// The first slot (period-major) where adding project i breaks a limit, or -1.
	const broken = (i: number): number => {
		let first = over;
		for (let k = start[i]; k < start[i + 1]; k++) {
			const slot = cellSlot[k];
			if (first >= 0 && slot >= first) continue;
			if (totals[slot] + cellAmount[k] > ceiling[slot]) first = slot;
		}
		return first;
	};
	const resourceReason = (i: number, slot: number): FundingReason => {
		let needed = 0;
		for (let k = start[i]; k < start[i + 1]; k++) if (cellSlot[k] === slot) needed = cellAmount[k];
		const available = limit[slot] - totals[slot];
		const period = periods[Math.floor(slot / stride)];
		const role = slot % stride;
		if (role === 0) return { kind: 'budget', period, needed, available };
		return { kind: 'capacity', roleId: roles[role - 1].id, period, needed, available };
	};
	const blocker = (i: number): FundingReason | null => {
		const d = deps[i];
		for (let k = 0; k < d.length; k++) {
			if (d[k] < 0 || !funded[d[k]]) return { kind: 'dependency', projectId: depIds[i][k] };
		}
		const x = rivals[i];
		for (let k = 0; k < x.length; k++) {
			if (funded[x[k]]) return { kind: 'exclusion', projectId: ids[x[k]] };
		}
		const slot = broken(i);
		return slot < 0 ? null : resourceReason(i, slot);
	};

	/** A walk done: enough of it to start the next walk where its order first differs. */
	interface Walk {
		order: Int32Array;
		/** Position of the line's project in `order`, or n when there is no line. */
		lineAt: number;
		totals: Float64Array;
		funded: Uint8Array;
		reasons: FundingReason[];
		/** checkpoints[c]: the totals before position c·CHECKPOINT (for positions ≤ lineAt). */
		checkpoints: Float64Array[];
		result: FundingResult;
	}
	let last: Walk | null = null;

	/**
	 * Walks `order` from where it first differs from the previous walk's order: the
	 * state there is the previous walk's (totals from the nearest checkpoint before it,
	 * plus the same projects added in the same order, so every sum is the same to the
	 * last bit). When the orders first differ below the previous line, nothing changes.
	 * Below the new line the reasons depend only on the final funded set and totals:
	 * when those are the previous walk's, its reasons are kept.
	 */
	function walk(order: Int32Array): FundingResult {
		const prev = last;
		let from = 0;
		if (prev) {
			while (from < n && prev.order[from] === order[from]) from++;
			if (from > prev.lineAt || from === n) {
				last = { ...prev, order };
				return prev.result;
			}
		}
		let checkpoints: Float64Array[];
		let reasons: FundingReason[];
		if (prev) {
			const c = Math.floor(from / CHECKPOINT);
			checkpoints = prev.checkpoints.slice(0, c + 1);
			totals = checkpoints[c].slice();
			for (let p = c * CHECKPOINT; p < from; p++) if (parts[order[p]] === 'auto') replay(order[p]);
			funded = prev.funded.slice();
			for (let p = from; p < prev.lineAt; p++)
				if (parts[prev.order[p]] === 'auto') funded[prev.order[p]] = 0;
			reasons = prev.reasons.slice();
		} else {
			checkpoints = [];
			totals = baseTotals.slice();
			funded = baseFunded.slice();
			reasons = baseReasons.slice();
		}

		let lineAt = n;
		for (let p = from; p < n; p++) {
			if (p % CHECKPOINT === 0 && checkpoints.length === p / CHECKPOINT)
				checkpoints.push(totals.slice());
			const i = order[p];
			if (parts[i] !== 'auto') continue;
			const reason = blocker(i);
			if (reason) {
				lineAt = p;
				reasons[i] = reason;
				break;
			}
			add(i);
			reasons[i] = FITS;
		}

		const sameTotals = prev !== null && equalArrays(totals, prev.totals);
		const sameFunded = prev !== null && equalArrays(funded, prev.funded);
		if (lineAt < n) {
			// Below the line: what each would need against the final state.
			const reuse = prev !== null && sameTotals && sameFunded;
			const below = reuse ? positions(prev.order) : null;
			for (let p = lineAt + 1; p < n; p++) {
				const i = order[p];
				if (parts[i] !== 'auto') continue;
				reasons[i] =
					below && below[i] > prev!.lineAt ? prev!.reasons[i] : (blocker(i) ?? BELOW_LINE);
			}
		}
		// Unchanged reasons keep their object, so a view can skip what did not change.
		let sameReasons = prev !== null;
		if (prev) {
			for (let i = 0; i < n; i++) {
				const before = prev.reasons[i];
				if (reasons[i] === before) continue;
				if (sameReason(reasons[i], before)) reasons[i] = before;
				else sameReasons = false;
			}
		}
		const line = lineAt < n ? ids[order[lineAt]] : null;
		const result =
			prev && sameTotals && sameFunded && sameReasons && line === prev.result.line
				? prev.result
				: {
						funded: prev && sameFunded ? prev.result.funded : fundedSet(funded),
						line,
						reasons: prev && sameReasons ? prev.result.reasons : reasonMap(reasons),
						periods: prev && sameTotals ? prev.result.periods : loads(totals)
					};
		last = { order, lineAt, totals, funded, reasons, checkpoints, result };
		return result;
	}

	function fundedSet(flags: Uint8Array): Set<string> {
		const set = new Set<string>();
		for (let i = 0; i < n; i++) if (flags[i]) set.add(ids[i]);
		return set;
	}

	function reasonMap(reasons: FundingReason[]): Map<string, FundingReason> {
		const map = new Map<string, FundingReason>();
		for (let i = 0; i < n; i++) map.set(ids[i], reasons[i]);
		return map;
	}

	function loads(sums: Float64Array): PeriodLoad[] {
		return periods.map((period, t) => {
			const base = t * stride;
			const byRole: PeriodLoad['roles'] = {};
			roles.forEach((role, r) => {
				byRole[role.id] = { demand: sums[base + 1 + r], capacity: limit[base + 1 + r] };
			});
			return { period, cost: sums[base], budget: hasBudget ? limit[base] : null, roles: byRole };
		});
	}

	function positions(order: Int32Array): Int32Array {
		const at = new Int32Array(n);
		for (let p = 0; p < n; p++) at[order[p]] = p;
		return at;
	}

	return { portfolio, run: (order) => walk(walkOrder(order)) };
}

/**
 * Formula 4: the funded set and the funding line of `portfolio`.
 *
 * F starts as every `in` project that is not done or cancelled, even if together they
 * break a limit. Then the `auto` projects are walked in rank order; one fits when every
 * `dependsOn` is in F (or done; never when cancelled or unknown), when no project in F
 * excludes it or is excluded by it, and when, with it added, every period's total cost
 * stays ≤ the budget (no budget at all: no limit; a period missing from a budget: 0)
 * and every role's demand ≤ its capacity (missing period: 0), over all periods and
 * roles of the portfolio, within FUNDING_TOLERANCE. So once forced-in projects break a
 * limit, no auto project fits. The first auto project that does not fit is the line;
 * it and every auto project after it are unfunded.
 *
 * Reasons: the line project gets the first constraint that blocks it, checked in this
 * order: dependencies (in listed order), exclusions (in rank order of the other
 * project), then the first period where the budget or a role (in portfolio order)
 * breaks. An auto project below the line gets `below-line` when it would have fitted
 * against the final F, its own blocking reason otherwise. Budget and capacity reasons
 * carry `needed` (the project's own amount there, 0 when forced-in projects alone
 * exceed the limit) and `available` (limit − total before it; negative when exceeded).
 */
export function fundingLine(portfolio: Portfolio, options: FundingOptions = {}): FundingResult {
	return prepareFunding(portfolio).run(options.order);
}

function amount(value: number): string {
	return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
}

/**
 * A reason in words, for a tooltip or the CLI: "over budget in 2027-Q3: needs 96,000,
 * 45,000 left", "depends on CRM consolidation, which is not funded".
 */
export function describeFundingReason(reason: FundingReason, portfolio: Portfolio): string {
	const project = (id: string) => portfolio.projects.find((p) => p.id === id);
	switch (reason.kind) {
		case 'forced-in':
			return 'forced in';
		case 'forced-out':
			return 'forced out';
		case 'inactive':
			return reason.status;
		case 'fits':
			return 'fits';
		case 'below-line':
			return 'below the funding line';
		case 'budget':
			return reason.available < 0
				? `the budget of ${reason.period} is already ${amount(-reason.available)} over`
				: `over budget in ${reason.period}: needs ${amount(reason.needed)}, ${amount(reason.available)} left`;
		case 'capacity': {
			const role = portfolio.roles.find((r) => r.id === reason.roleId)?.name ?? reason.roleId;
			return reason.available < 0
				? `${role} is already ${amount(-reason.available)} FTE over capacity in ${reason.period}`
				: `not enough ${role} in ${reason.period}: needs ${amount(reason.needed)} FTE, ${amount(reason.available)} left`;
		}
		case 'dependency': {
			const other = project(reason.projectId);
			if (!other) return `depends on ${reason.projectId}, which does not exist`;
			const state = other.status === 'cancelled' ? 'is cancelled' : 'is not funded';
			return `depends on ${other.name}, which ${state}`;
		}
		case 'exclusion':
			return `cannot run together with ${project(reason.projectId)?.name ?? reason.projectId}`;
	}
}
