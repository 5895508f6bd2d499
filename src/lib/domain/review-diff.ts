/**
 * What changed between two portfolio snapshots (issue 9, reviews): a review and
 * another review, or a review and now. Ranks, values and funding are recomputed on
 * both sides with the same formulas as everywhere else (`analyze`), so the diff says
 * what a reviewer would have seen then and sees now.
 */
import { analyze } from './analyze';
import type { AnalyzeReport } from './analysis-types';
import { exposure } from './risk';
import { fundedValue, projectValues } from './scoring';
import type {
	Decision,
	DecisionEntry,
	PeriodId,
	PortfolioContent,
	ProjectStatus,
	Risk,
	RiskStatus
} from './types';

/** A before/after pair of one field. */
export interface Change<T> {
	before: T;
	after: T;
}

/** A project present on both sides, with what changed (null: unchanged). */
export interface ProjectChange {
	id: string;
	name: string;
	rank: Change<number> | null;
	value: Change<number> | null;
	funded: Change<boolean> | null;
	decision: Change<Decision> | null;
	status: Change<ProjectStatus> | null;
}

/** A project only on one side: its rank, value and funding there. */
export interface ProjectPresence {
	id: string;
	name: string;
	rank: number;
	value: number;
	funded: boolean;
}

/** A criterion's weight on each side (null where it does not exist). */
export interface WeightChange {
	id: string;
	name: string;
	before: number | null;
	after: number | null;
}

/** A KPI whose actuals moved: every period that changed, and the latest actual. */
export interface KpiMovement {
	objectiveId: string;
	objectiveTitle: string;
	kpiId: string;
	name: string;
	unit: string;
	target: number;
	direction: 'increase' | 'decrease';
	/** The actual of the latest period that has one, on each side. */
	latest: Change<{ period: PeriodId; value: number } | null>;
	periods: { period: PeriodId; before: number | null; after: number | null }[];
}

/** A risk that is new, gone, or whose exposure or status changed. */
export interface RiskChange {
	id: string;
	title: string;
	exposure: Change<number | null>;
	status: Change<RiskStatus | null>;
}

/** Totals of the funded portfolio on each side. */
export interface DiffTotals {
	projects: Change<number>;
	funded: Change<number>;
	fundedValue: Change<number>;
	fundedCost: Change<number>;
}

export interface PortfolioDiff {
	totals: DiffTotals;
	added: ProjectPresence[];
	removed: ProjectPresence[];
	/** Projects on both sides with at least one change, in the `after` rank order. */
	changed: ProjectChange[];
	weights: WeightChange[];
	kpis: KpiMovement[];
	risks: RiskChange[];
	/** Decision-log entries on the `after` side that the `before` side does not have. */
	newDecisions: DecisionEntry[];
	/** True when nothing at all differs in what the diff looks at. */
	empty: boolean;
}

/** Below this, two weights or values count as equal (float noise, rounding). */
const EPSILON = 1e-9;

function change<T>(before: T, after: T, same = (a: T, b: T) => a === b): Change<T> | null {
	return same(before, after) ? null : { before, after };
}

const near = (a: number, b: number) => Math.abs(a - b) <= EPSILON;

function report(content: PortfolioContent): AnalyzeReport {
	return analyze({ ...content, reviews: [] });
}

function fundedTotals(content: PortfolioContent, r: AnalyzeReport) {
	const byId = new Map(content.projects.map((p) => [p.id, p]));
	const ids: string[] = [];
	let cost = 0;
	for (const row of r.projects) {
		if (!row.funded) continue;
		ids.push(row.id);
		for (const amount of Object.values(byId.get(row.id)?.cost ?? {})) cost += amount;
	}
	// The funded value is summed as the optimiser sums it, so both show the same funded
	// value for the same plan.
	const value = fundedValue(projectValues({ ...content, reviews: [] }), ids);
	return { funded: ids.length, value, cost };
}

function latestActual(actuals: Record<string, number>, periods: readonly PeriodId[]) {
	for (let i = periods.length - 1; i >= 0; i--) {
		const value = actuals[periods[i]];
		if (typeof value === 'number') return { period: periods[i], value };
	}
	return null;
}

function kpiMovements(before: PortfolioContent, after: PortfolioContent): KpiMovement[] {
	const old = new Map<string, Record<string, number>>();
	for (const o of before.objectives) for (const k of o.kpis) old.set(k.id, k.actuals);
	const periods = [...after.periods];
	for (const p of before.periods) if (!periods.includes(p)) periods.push(p);
	periods.sort();
	const out: KpiMovement[] = [];
	for (const o of after.objectives) {
		for (const k of o.kpis) {
			const was = old.get(k.id) ?? {};
			const moved = periods
				.map((period) => ({
					period,
					before: typeof was[period] === 'number' ? was[period] : null,
					after: typeof k.actuals[period] === 'number' ? k.actuals[period] : null
				}))
				.filter((p) => p.before !== p.after);
			if (!moved.length) continue;
			out.push({
				objectiveId: o.id,
				objectiveTitle: o.title,
				kpiId: k.id,
				name: k.name,
				unit: k.unit,
				target: k.target,
				direction: k.direction,
				latest: { before: latestActual(was, periods), after: latestActual(k.actuals, periods) },
				periods: moved
			});
		}
	}
	return out;
}

function riskChanges(before: readonly Risk[], after: readonly Risk[]): RiskChange[] {
	const old = new Map(before.map((r) => [r.id, r]));
	const out: RiskChange[] = [];
	for (const r of after) {
		const was = old.get(r.id);
		old.delete(r.id);
		const e = { before: was ? exposure(was) : null, after: exposure(r) };
		const s = { before: was?.status ?? null, after: r.status };
		if (was && e.before === e.after && s.before === s.after) continue;
		out.push({ id: r.id, title: r.title, exposure: e, status: s });
	}
	for (const r of old.values()) {
		out.push({
			id: r.id,
			title: r.title,
			exposure: { before: exposure(r), after: null },
			status: { before: r.status, after: null }
		});
	}
	return out;
}

/**
 * The diff from `before` to `after`: projects added and removed, each remaining
 * project's rank, value, funding, decision and status changes, criteria weights,
 * KPI actuals that moved, risks, and the decision-log entries added since.
 */
export function diffPortfolios(before: PortfolioContent, after: PortfolioContent): PortfolioDiff {
	const rb = report(before);
	const ra = report(after);
	const rowsBefore = new Map(rb.projects.map((r) => [r.id, r]));
	const projectsBefore = new Map(before.projects.map((p) => [p.id, p]));
	const projectsAfter = new Map(after.projects.map((p) => [p.id, p]));

	const presence = (id: string, name: string, row: AnalyzeReport['projects'][number]) => ({
		id,
		name,
		rank: row.rank,
		value: row.value,
		funded: row.funded
	});
	const added = ra.projects
		.filter((r) => !projectsBefore.has(r.id))
		.map((r) => presence(r.id, projectsAfter.get(r.id)!.name, r));
	const removed = rb.projects
		.filter((r) => !projectsAfter.has(r.id))
		.map((r) => presence(r.id, projectsBefore.get(r.id)!.name, r));

	const changed: ProjectChange[] = [];
	for (const row of ra.projects) {
		const was = rowsBefore.get(row.id);
		if (!was) continue;
		const p = projectsAfter.get(row.id)!;
		const q = projectsBefore.get(row.id)!;
		const c: ProjectChange = {
			id: p.id,
			name: p.name,
			rank: change(was.rank, row.rank),
			value: change(was.value, row.value, near),
			funded: change(was.funded, row.funded),
			decision: change(q.decision, p.decision),
			status: change(q.status, p.status)
		};
		if (c.rank || c.value || c.funded || c.decision || c.status) changed.push(c);
	}

	const names = new Map<string, string>();
	for (const c of before.criteria) names.set(c.id, c.name);
	for (const c of after.criteria) names.set(c.id, c.name);
	const weights: WeightChange[] = [];
	for (const [id, name] of names) {
		const b = id in rb.weights ? rb.weights[id] : null;
		const a = id in ra.weights ? ra.weights[id] : null;
		if (b === null || a === null ? b !== a : !near(a, b))
			weights.push({ id, name, before: b, after: a });
	}

	const known = new Set(before.decisions.map((d) => d.id));
	const newDecisions = after.decisions.filter((d) => !known.has(d.id));

	const tb = fundedTotals(before, rb);
	const ta = fundedTotals(after, ra);
	const totals: DiffTotals = {
		projects: { before: before.projects.length, after: after.projects.length },
		funded: { before: tb.funded, after: ta.funded },
		fundedValue: { before: tb.value, after: ta.value },
		fundedCost: { before: tb.cost, after: ta.cost }
	};
	const kpis = kpiMovements(before, after);
	const risks = riskChanges(before.risks, after.risks);
	// Totals follow from the rest; a rename alone is not a change worth a review line.
	const empty =
		!added.length &&
		!removed.length &&
		!changed.length &&
		!weights.length &&
		!kpis.length &&
		!risks.length &&
		!newDecisions.length;
	return { totals, added, removed, changed, weights, kpis, risks, newDecisions, empty };
}
