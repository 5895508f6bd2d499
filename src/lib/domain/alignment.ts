/**
 * Alignment analytics: how the project portfolio serves the objective tree.
 *
 * - A project **serves** an objective when its contribution to it is 1-3 (weak,
 *   moderate, strong). Projects that are `done` or `cancelled` serve nothing here: they
 *   no longer take part in the portfolio (as in the funding line).
 * - **Orphans**: projects that take part and serve no objective.
 * - **Coverage** of an objective: `funded` when a funded project serves it or one of
 *   its sub-objectives, `unfunded` when only unfunded projects do, `uncovered` when no
 *   project does. Uncovered objectives are the gaps of the strategy.
 * - **Funded cost and FTE** (formula 4's funded set): each funded project's total cost
 *   (all periods) and FTE are split over the objectives it serves in proportion to its
 *   contribution weights, so a project that serves A strongly (3) and B weakly (1) puts
 *   3/4 on A and 1/4 on B, and the sums over objectives add up to the funded projects
 *   that serve at least one objective. FTE is the project's demand summed over roles and
 *   periods divided by the number of periods: its average headcount over the plan.
 *   `direct` counts the objective's own share; `total` adds its sub-objectives'.
 *   `byWeight` splits `direct` by the contribution weight it came with.
 */
import type { FundingResult } from './analysis-types';
import { fundingLine } from './funding';
import { assessKpi, type KpiAssessment, type KpiStatus } from './kpi';
import { objectiveChildren } from './objective-tree';
import type { Portfolio, Project } from './types';

export type Coverage = 'funded' | 'unfunded' | 'uncovered';
export type Weight = 1 | 2 | 3;
export const WEIGHTS: readonly Weight[] = [1, 2, 3];

export interface Share {
	cost: number;
	fte: number;
}

export interface ObjectiveAlignment {
	objectiveId: string;
	/** Projects that serve it directly (taking part), in rank order. */
	projectIds: string[];
	/** How many of those are funded. */
	fundedCount: number;
	/** Distinct projects that serve it or one of its sub-objectives. */
	subtreeProjects: number;
	/** How many of those are funded. */
	subtreeFunded: number;
	coverage: Coverage;
	/** Its own share of funded cost and FTE. */
	direct: Share;
	/** Its own share plus its sub-objectives'. */
	total: Share;
	/** `direct`, split by the contribution weight it came with. */
	byWeight: Record<Weight, Share>;
	kpis: { kpiId: string; assessment: KpiAssessment }[];
}

export interface Alignment {
	/** Projects taking part that serve no objective, in rank order. */
	orphans: string[];
	/** Objectives no project serves, directly or through a sub-objective, in portfolio order. */
	uncovered: string[];
	byObjective: Map<string, ObjectiveAlignment>;
	funded: ReadonlySet<string>;
}

const zero = (): Share => ({ cost: 0, fte: 0 });

/** Whether a project takes part in the portfolio (not done or cancelled). */
export function takesPart(project: Pick<Project, 'status'>): boolean {
	return project.status !== 'done' && project.status !== 'cancelled';
}

/** The objectives a project serves with their weight, for objectives that exist. */
export function servedObjectives(
	project: Pick<Project, 'contributions'>,
	objectiveIds: ReadonlySet<string>
): { objectiveId: string; weight: Weight }[] {
	const out: { objectiveId: string; weight: Weight }[] = [];
	for (const [objectiveId, value] of Object.entries(project.contributions)) {
		if (!objectiveIds.has(objectiveId)) continue;
		if (value === 1 || value === 2 || value === 3) out.push({ objectiveId, weight: value });
	}
	return out;
}

/** A project's total cost over the portfolio's periods and its average FTE. */
export function projectLoad(project: Project, periods: readonly string[]): Share {
	return loadIn(project, new Set(periods), periods.length);
}

/** Walks the project's own (sparse) records once, not periods × roles. */
function loadIn(project: Project, periods: ReadonlySet<string>, count: number): Share {
	let cost = 0;
	let demand = 0;
	for (const period in project.cost) if (periods.has(period)) cost += project.cost[period];
	for (const role in project.demand) {
		const byPeriod = project.demand[role];
		for (const period in byPeriod) if (periods.has(period)) demand += byPeriod[period];
	}
	return { cost, fte: count > 0 ? demand / count : 0 };
}

/**
 * The alignment of `portfolio` (see the module comment). Pass the funding result when
 * the caller already has one; otherwise the funding line is computed.
 */
export function analyzeAlignment(portfolio: Portfolio, funding?: FundingResult): Alignment {
	const funded = (funding ?? fundingLine(portfolio)).funded;
	const objectiveIds = new Set(portfolio.objectives.map((o) => o.id));
	const byObjective = new Map<string, ObjectiveAlignment>();
	for (const objective of portfolio.objectives) {
		byObjective.set(objective.id, {
			objectiveId: objective.id,
			projectIds: [],
			fundedCount: 0,
			subtreeProjects: 0,
			subtreeFunded: 0,
			coverage: 'uncovered',
			direct: zero(),
			total: zero(),
			byWeight: { 1: zero(), 2: zero(), 3: zero() },
			kpis: objective.kpis.map((kpi) => ({
				kpiId: kpi.id,
				assessment: assessKpi(kpi, portfolio.periods)
			}))
		});
	}

	// Each project counts once on every objective at or above one it serves: walking up
	// from each, a stamp per objective stops at one this project already reached (and so
	// already every objective above it).
	const parentOf = new Map<string, string>();
	for (const o of portfolio.objectives) {
		if (o.parentId !== null && objectiveIds.has(o.parentId)) parentOf.set(o.id, o.parentId);
	}
	const reachedBy = new Map<string, string>();

	const orphans: string[] = [];
	const periods = new Set(portfolio.periods);
	for (const project of portfolio.projects) {
		if (!takesPart(project)) continue;
		const served = servedObjectives(project, objectiveIds);
		if (served.length === 0) {
			orphans.push(project.id);
			continue;
		}
		const isFunded = funded.has(project.id);
		const load = isFunded ? loadIn(project, periods, portfolio.periods.length) : null;
		const weightSum = served.reduce((sum, s) => sum + s.weight, 0);
		for (const { objectiveId, weight } of served) {
			const entry = byObjective.get(objectiveId)!;
			entry.projectIds.push(project.id);
			// (A cycle, which read() never lets through, is walked at most once round.)
			let at: string | undefined = objectiveId;
			for (let steps = 0; at !== undefined && reachedBy.get(at) !== project.id; steps++) {
				if (steps > objectiveIds.size) break;
				reachedBy.set(at, project.id);
				const above = byObjective.get(at)!;
				above.subtreeProjects++;
				if (isFunded) above.subtreeFunded++;
				at = parentOf.get(at);
			}
			if (!load) continue;
			entry.fundedCount++;
			const share = weight / weightSum;
			entry.byWeight[weight].cost += load.cost * share;
			entry.byWeight[weight].fte += load.fte * share;
			entry.direct.cost += load.cost * share;
			entry.direct.fte += load.fte * share;
		}
	}

	// Roll up along the tree (read() guarantees no cycle); children before parents.
	const children = objectiveChildren(portfolio.objectives);
	const uncovered: string[] = [];
	const visit = (id: string): void => {
		const entry = byObjective.get(id)!;
		entry.total = { ...entry.direct };
		for (const { id: childId } of children.get(id) ?? []) {
			visit(childId);
			const child = byObjective.get(childId)!;
			entry.total.cost += child.total.cost;
			entry.total.fte += child.total.fte;
		}
		entry.coverage =
			entry.subtreeFunded > 0 ? 'funded' : entry.subtreeProjects > 0 ? 'unfunded' : 'uncovered';
	};
	for (const root of children.get(null) ?? []) visit(root.id);
	for (const o of portfolio.objectives) {
		if (byObjective.get(o.id)!.coverage === 'uncovered') uncovered.push(o.id);
	}
	return { orphans, uncovered, byObjective, funded };
}

/** KPI id → status, over every objective. */
export function kpiStatuses(alignment: Alignment): Map<string, KpiStatus> {
	const out = new Map<string, KpiStatus>();
	for (const entry of alignment.byObjective.values()) {
		for (const k of entry.kpis) out.set(k.kpiId, k.assessment.status);
	}
	return out;
}

/** How coverage reads in badges and tables. */
export const COVERAGE_LABEL: Record<Coverage, string> = {
	funded: 'Served by funded projects',
	unfunded: 'Served only by unfunded projects',
	uncovered: 'No project serves it'
};

/** How a contribution weight reads. */
export const WEIGHT_LABEL: Record<Weight, string> = { 1: 'Weak', 2: 'Moderate', 3: 'Strong' };
