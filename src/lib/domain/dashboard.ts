/**
 * The governance dashboard's numbers (issue 9): pure roll-ups of one portfolio
 * snapshot, so the view only draws them and tests check them in node.
 *
 * - **Funded value by objective**: each funded project's value (formula 3) is split
 *   over the objectives it serves in proportion to the contribution weights, the same
 *   split `alignment.ts` uses for cost and FTE, so no project counts twice; an
 *   objective's total adds its sub-objectives'. Funded projects that serve no objective
 *   are reported as `unaligned`.
 * - **Spend against budget**: funded cost per period against the period's budget.
 * - **Capacity utilisation**: per role, funded demand / capacity over all periods, the
 *   busiest period, and the periods where demand exceeds capacity (over-allocated).
 *   The average is never the headline: it hides the full quarter. The **peak** is the
 *   worst role × period (`capacity-peak.ts`) with the projects that make it up, and the
 *   **hot cells** every role × period over capacity or exactly full, with the projects
 *   each keeps out.
 * - **KPI status** per KPI is `assessKpi` (kpi.ts). An objective's **roll-up** is the
 *   worst status among its own KPIs and its sub-objectives' roll-ups, worst first:
 *   off track, at risk, on track. "No data" counts only when nothing below has data: a
 *   KPI nobody measured yet neither hides a problem nor makes one.
 */
import type { PeriodLoad } from './analysis-types';
import { servedObjectives, takesPart } from './alignment';
import { prepareCapacity } from './capacity';
import { capacityPeak, hotCells, type HotCell } from './capacity-peak';
import { fundingLine, withinLimit } from './funding';
import { assessKpi, plannedValue, type KpiAssessment, type KpiStatus } from './kpi';
import { objectiveChildren } from './objective-tree';
import { topRisks } from './risk';
import { projectValues } from './scoring';
import type { Kpi, Objective, PeriodId, Portfolio, Risk } from './types';

export interface ObjectiveValue {
	objectiveId: string;
	title: string;
	/** 1 for a theme, 2 for its sub-objectives… */
	depth: number;
	/** Its own share of the funded value. */
	direct: number;
	/** Its share plus its sub-objectives'. */
	total: number;
}

export interface FundedValue {
	/** Objectives in tree order (each theme followed by its sub-objectives). */
	objectives: ObjectiveValue[];
	/** Value of funded projects that serve no objective. */
	unaligned: number;
	/** Value of all funded projects. */
	funded: number;
}

/** Funded value split over objectives by contribution weight (see the module comment). */
export function fundedValueByObjective(
	portfolio: Pick<Portfolio, 'objectives' | 'projects'>,
	values: ReadonlyMap<string, number>,
	funded: ReadonlySet<string>
): FundedValue {
	const ids = new Set(portfolio.objectives.map((o) => o.id));
	const direct = new Map<string, number>();
	let unaligned = 0;
	let total = 0;
	for (const project of portfolio.projects) {
		if (!funded.has(project.id) || !takesPart(project)) continue;
		const value = values.get(project.id) ?? 0;
		total += value;
		const served = servedObjectives(project, ids);
		const weightSum = served.reduce((sum, s) => sum + s.weight, 0);
		if (weightSum === 0) unaligned += value;
		for (const { objectiveId, weight } of served) {
			direct.set(objectiveId, (direct.get(objectiveId) ?? 0) + (value * weight) / weightSum);
		}
	}
	const objectives: ObjectiveValue[] = [];
	walk<ObjectiveValue>(portfolio.objectives, (objective, depth, below) => {
		const own = direct.get(objective.id) ?? 0;
		const row = { objectiveId: objective.id, title: objective.title, depth, direct: own, total: 0 };
		objectives.push(row);
		return () => {
			row.total = own + below().reduce((sum, r) => sum + r.total, 0);
			return row;
		};
	});
	return { objectives, unaligned, funded: total };
}

/**
 * Visits the objective tree in order (parent, then its children); `visit` may return a
 * finisher that runs after the children, with `below()` giving their rows.
 */
function walk<R>(
	objectives: readonly Objective[],
	visit: (objective: Objective, depth: number, below: () => R[]) => (() => R) | void
): R[] {
	const children = objectiveChildren(objectives);
	const seen = new Set<string>();
	const go = (parent: string | null, depth: number): R[] => {
		const out: R[] = [];
		for (const child of children.get(parent) ?? []) {
			if (seen.has(child.id)) continue;
			seen.add(child.id);
			let rows: R[] = [];
			const finish = visit(child, depth, () => rows);
			rows = go(child.id, depth + 1);
			if (finish) out.push(finish());
		}
		return out;
	};
	return go(null, 1);
}

export interface SpendRow {
	period: PeriodId;
	/** Funded cost in the period. */
	cost: number;
	/** The period's budget, or null without a budget limit. */
	budget: number | null;
	/** cost / budget, or null without a (positive) budget. */
	share: number | null;
	over: boolean;
}

/** Funded cost against the budget, per period. */
export function spendAgainstBudget(periods: readonly PeriodLoad[]): SpendRow[] {
	return periods.map(({ period, cost, budget }) => ({
		period,
		cost,
		budget,
		share: budget !== null && budget > 0 ? cost / budget : null,
		over: budget !== null && !withinLimit(cost, budget)
	}));
}

export interface RoleUtilisation {
	roleId: string;
	name: string;
	/** Funded demand summed over the periods (FTE-periods). */
	demand: number;
	/** Capacity summed over the periods. */
	capacity: number;
	/** demand / capacity, or null without capacity. */
	utilisation: number | null;
	/** The period with the highest demand / capacity (or demand without capacity), or null. */
	peak: { period: PeriodId; utilisation: number | null } | null;
	/** Periods where funded demand exceeds capacity. */
	overPeriods: PeriodId[];
}

/** Funded demand against capacity per role (see the module comment). */
export function capacityUtilisation(
	portfolio: Pick<Portfolio, 'roles'>,
	periods: readonly PeriodLoad[]
): RoleUtilisation[] {
	return portfolio.roles.map((role) => {
		let demand = 0;
		let capacity = 0;
		let peak: RoleUtilisation['peak'] = null;
		let peakScore = -Infinity;
		const overPeriods: PeriodId[] = [];
		for (const load of periods) {
			const entry = load.roles[role.id] ?? { demand: 0, capacity: role.capacity[load.period] ?? 0 };
			demand += entry.demand;
			capacity += entry.capacity;
			if (!withinLimit(entry.demand, entry.capacity)) overPeriods.push(load.period);
			const utilisation = entry.capacity > 0 ? entry.demand / entry.capacity : null;
			// Demand with no capacity at all is the worst case.
			const score = utilisation ?? (entry.demand > 0 ? Infinity : -1);
			if (score > peakScore) {
				peakScore = score;
				peak = { period: load.period, utilisation };
			}
		}
		return {
			roleId: role.id,
			name: role.name,
			demand,
			capacity,
			utilisation: capacity > 0 ? demand / capacity : null,
			peak,
			overPeriods
		};
	});
}

/** Statuses from worst to best; "no data" last (see the module comment). */
const SEVERITY: Record<KpiStatus, number> = {
	'off-track': 3,
	'at-risk': 2,
	'on-track': 1,
	'no-data': 0
};

/** The worst of some statuses ("no data" when there are none or none has data). */
export function worstStatus(statuses: Iterable<KpiStatus>): KpiStatus {
	let worst: KpiStatus = 'no-data';
	for (const status of statuses) if (SEVERITY[status] > SEVERITY[worst]) worst = status;
	return worst;
}

/** Orders statuses worst first, for sorting lists of KPIs. */
export function bySeverity(a: KpiStatus, b: KpiStatus): number {
	return SEVERITY[b] - SEVERITY[a];
}

export interface KpiPoint {
	period: PeriodId;
	/** The actual of the period, or null when none was entered. */
	actual: number | null;
	/** The straight-line plan at the end of the period. */
	planned: number;
}

export interface KpiRow {
	kpi: Kpi;
	objectiveId: string;
	objectiveTitle: string;
	assessment: KpiAssessment;
	/** One point per portfolio period, in order. */
	series: KpiPoint[];
}

/** Every KPI with its status and its actuals against the plan, in objective tree order. */
export function kpiRows(portfolio: Pick<Portfolio, 'objectives' | 'periods'>): KpiRow[] {
	const { periods } = portfolio;
	const rows: KpiRow[] = [];
	walk<never>(portfolio.objectives, (objective) => {
		for (const kpi of objective.kpis) {
			rows.push({
				kpi,
				objectiveId: objective.id,
				objectiveTitle: objective.title,
				assessment: assessKpi(kpi, periods),
				series: periods.map((period, i) => {
					const value = kpi.actuals[period];
					return {
						period,
						actual: typeof value === 'number' && Number.isFinite(value) ? value : null,
						planned: plannedValue(kpi, i, periods.length)
					};
				})
			});
		}
	});
	return rows;
}

export interface ObjectiveStatus {
	objectiveId: string;
	title: string;
	depth: number;
	/** The worst status of its KPIs and sub-objectives. */
	status: KpiStatus;
	/** Its own KPIs' count by status. */
	own: Record<KpiStatus, number>;
}

/** Each objective's KPI status rolled up the tree (see the module comment), in tree order. */
export function objectiveStatuses(
	portfolio: Pick<Portfolio, 'objectives'>,
	statusOf: ReadonlyMap<string, KpiStatus>
): ObjectiveStatus[] {
	const out: ObjectiveStatus[] = [];
	walk<ObjectiveStatus>(portfolio.objectives, (objective, depth, below) => {
		const own: Record<KpiStatus, number> = {
			'on-track': 0,
			'at-risk': 0,
			'off-track': 0,
			'no-data': 0
		};
		for (const kpi of objective.kpis) own[statusOf.get(kpi.id) ?? 'no-data']++;
		const row: ObjectiveStatus = {
			objectiveId: objective.id,
			title: objective.title,
			depth,
			status: 'no-data',
			own
		};
		out.push(row);
		return () => {
			const mine = objective.kpis.map((k) => statusOf.get(k.id) ?? 'no-data');
			row.status = worstStatus([...mine, ...below().map((r) => r.status)]);
			return row;
		};
	});
	return out;
}

export interface Dashboard {
	value: FundedValue;
	spend: SpendRow[];
	capacity: RoleUtilisation[];
	/** The worst role × period (load / capacity), or null when no funded project needs a role. */
	peak: HotCell | null;
	/** Every role × period over capacity or exactly full, worst first. */
	hot: HotCell[];
	kpis: KpiRow[];
	objectives: ObjectiveStatus[];
	/** KPIs off track, then at risk (the table lists them all). */
	attention: KpiRow[];
	/** Live risks, worst first, at most `topRiskCount`. */
	risks: Risk[];
}

/** Everything the dashboard shows, from one snapshot (one funding run, one value run). */
export function buildDashboard(portfolio: Portfolio, topRiskCount = 5): Dashboard {
	const funding = fundingLine(portfolio);
	const values = projectValues(portfolio);
	const kpis = kpiRows(portfolio);
	const statusOf = new Map(kpis.map((row) => [row.kpi.id, row.assessment.status]));
	const model = prepareCapacity(portfolio);
	const cells = { order: portfolio.projects.map((p) => p.id), funding, rolesOnly: true };
	return {
		value: fundedValueByObjective(portfolio, values, funding.funded),
		spend: spendAgainstBudget(funding.periods),
		capacity: capacityUtilisation(portfolio, funding.periods),
		peak: capacityPeak(model, cells),
		hot: hotCells(model, cells).filter((c) => c.state === 'over' || c.state === 'full'),
		kpis,
		objectives: objectiveStatuses(portfolio, statusOf),
		attention: kpis
			.filter((row) => row.assessment.status === 'off-track' || row.assessment.status === 'at-risk')
			.sort((a, b) => bySeverity(a.assessment.status, b.assessment.status)),
		risks: topRisks(portfolio.risks, topRiskCount)
	};
}
