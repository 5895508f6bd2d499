/**
 * Scenarios: named what-ifs on a portfolio (budget ±%, capacity ±FTE per role as
 * hiring, forced in/out overrides, start shifts by whole periods), applied to a
 * snapshot as a new plain portfolio, and the numbers that compare a selection with
 * another: projects, total value, value per objective, cost and over-allocations.
 * Pure: the doc layer stores scenarios (`doc/commands/scenarios.ts`), the optimiser
 * view evaluates them with the funding line and the optimum.
 */
import { computeWeights } from './ahp';
import { fundingLine, withinLimit } from './funding';
import { normalisedScore, projectValues } from './scoring';
import { shiftProject } from './schedule';
import type { PerPeriod, PeriodId, Portfolio } from './types';

/** Extra FTE for a role (negative: fewer), in one period or, with `period` null, in every one. */
export interface CapacityChange {
	roleId: string;
	period: PeriodId | null;
	fte: number;
}

/** A named what-if. Every change is relative to the plan it is applied to. */
export interface Scenario {
	id: string;
	name: string;
	/** Every period's budget × (1 + budgetPercent / 100); ≥ −100. */
	budgetPercent: number;
	capacity: CapacityChange[];
	/** Decision overrides by project id. */
	decisions: Record<string, 'in' | 'out'>;
	/** Start shifts in whole periods by project id: +1 starts a period later, −1 earlier. */
	shifts: Record<string, number>;
}

/** A scenario that changes nothing, named `name`. */
export function emptyScenario(id: string, name: string): Scenario {
	return { id, name, budgetPercent: 0, capacity: [], decisions: {}, shifts: {} };
}

/** True when the scenario changes nothing. */
export function isEmptyScenario(s: Scenario): boolean {
	return (
		s.budgetPercent === 0 &&
		s.capacity.every((c) => c.fte === 0) &&
		Object.keys(s.decisions).length === 0 &&
		Object.values(s.shifts).every((n) => n === 0)
	);
}

/** A start shift the scenario names but that cannot be applied to this plan, and why. */
export interface NotApplied {
	projectId: string;
	message: string;
}

/** Never below 0: hiring −3 FTE where there are 2 leaves none, not −1. */
function addFte(current: number | undefined, fte: number): number {
	return Math.max(0, (current ?? 0) + fte);
}

/**
 * The portfolio as it would be under the scenario: budget scaled (no budget stays no
 * budget), capacity changed per role and period (never below 0), decisions overridden
 * (reason "scenario <name>" only where the decision changes: an unchanged decision keeps
 * its reason), cost and demand shifted by the schedule rule. A shift that no longer fits
 * the plan (it would push cost or demand past an edge, e.g. the plan changed since) is
 * not applied and is listed in `notApplied`; nothing is ever dropped. Changes that name a
 * role, project or period the portfolio no longer has are skipped (a peer may have
 * deleted it). The input is not changed; unchanged projects keep their identity.
 */
export function applyScenarioWithNotes(
	portfolio: Portfolio,
	scenario: Scenario
): { portfolio: Portfolio; notApplied: NotApplied[] } {
	const factor = Math.max(0, 1 + scenario.budgetPercent / 100);
	const budget: PerPeriod = {};
	for (const [period, value] of Object.entries(portfolio.budget)) budget[period] = value * factor;

	const roles = portfolio.roles.map((role) => {
		const changes = scenario.capacity.filter((c) => c.roleId === role.id && c.fte !== 0);
		if (changes.length === 0) return role;
		const capacity: PerPeriod = { ...role.capacity };
		for (const c of changes) {
			const periods = c.period === null ? portfolio.periods : [c.period];
			for (const period of periods) {
				if (portfolio.periods.includes(period)) capacity[period] = addFte(capacity[period], c.fte);
			}
		}
		return { ...role, capacity };
	});

	const notApplied: NotApplied[] = [];
	const projects = portfolio.projects.map((project) => {
		let next = project;
		const decision = scenario.decisions[project.id];
		if ((decision === 'in' || decision === 'out') && decision !== project.decision) {
			next = { ...next, decision, decisionReason: `scenario ${scenario.name}`.trim() };
		}
		const by = scenario.shifts[project.id];
		if (Number.isInteger(by) && by !== 0) {
			const moved = shiftProject(next, portfolio.periods, by);
			if (moved.ok) next = { ...next, cost: moved.cost, demand: moved.demand };
			else notApplied.push({ projectId: project.id, message: moved.message });
		}
		return next;
	});
	return { portfolio: { ...portfolio, budget, roles, projects }, notApplied };
}

/** The portfolio under the scenario (see `applyScenarioWithNotes`), without the notes. */
export function applyScenario(portfolio: Portfolio, scenario: Scenario): Portfolio {
	return applyScenarioWithNotes(portfolio, scenario).portfolio;
}

/** A budget or capacity limit that a selection exceeds. */
export interface OverAllocation {
	kind: 'budget' | 'capacity';
	period: PeriodId;
	/** null for the budget. */
	roleId: string | null;
	used: number;
	limit: number;
}

/** What a selection of projects amounts to. */
export interface SelectionSummary {
	/** Selected ids in rank order. */
	projectIds: string[];
	/** Σ v(p). */
	value: number;
	/** Σ cost over the plan's periods. */
	cost: number;
	/**
	 * Value by the objective its criteria are linked to (criteria with no objective under
	 * null), in objective order with null last; sums to `value`.
	 */
	valueByObjective: { objectiveId: string | null; value: number }[];
	/** Every period and role where the selection needs more than there is. */
	overAllocations: OverAllocation[];
}

/**
 * The totals of a selection (`ids`; unknown ids are ignored) in `portfolio`: value,
 * cost, value per objective and over-allocations, checked with the funding tolerance.
 */
export function summarizeSelection(portfolio: Portfolio, ids: Iterable<string>): SelectionSummary {
	const chosen = new Set(ids);
	const selected = portfolio.projects.filter((p) => chosen.has(p.id));
	const { weights } = computeWeights(portfolio.criteria, portfolio.weights);
	const values = projectValues(portfolio, weights);
	const byObjective = new Map<string | null, number>();
	for (const o of portfolio.objectives) byObjective.set(o.id, 0);
	let value = 0;
	let cost = 0;
	for (const p of selected) {
		value += values.get(p.id) ?? 0;
		for (const c of portfolio.criteria) {
			const w = weights[c.id] ?? 0;
			if (w === 0) continue;
			const key = c.objectiveId && byObjective.has(c.objectiveId) ? c.objectiveId : null;
			byObjective.set(key, (byObjective.get(key) ?? 0) + 100 * w * normalisedScore(p, c));
		}
		for (const period of portfolio.periods) cost += p.cost[period] ?? 0;
	}
	const valueByObjective = [...byObjective]
		.filter(([id, v]) => id !== null || v !== 0)
		.sort(([a], [b]) => Number(a === null) - Number(b === null))
		.map(([objectiveId, v]) => ({ objectiveId, value: v }));

	const overAllocations: OverAllocation[] = [];
	const hasBudget = Object.keys(portfolio.budget).length > 0;
	for (const period of portfolio.periods) {
		if (hasBudget) {
			const used = selected.reduce((sum, p) => sum + (p.cost[period] ?? 0), 0);
			const limit = portfolio.budget[period] ?? 0;
			if (!withinLimit(used, limit))
				overAllocations.push({ kind: 'budget', period, roleId: null, used, limit });
		}
		for (const role of portfolio.roles) {
			const used = selected.reduce((sum, p) => sum + (p.demand[role.id]?.[period] ?? 0), 0);
			const limit = role.capacity[period] ?? 0;
			if (!withinLimit(used, limit))
				overAllocations.push({ kind: 'capacity', period, roleId: role.id, used, limit });
		}
	}
	return {
		projectIds: selected.map((p) => p.id),
		value,
		cost,
		valueByObjective,
		overAllocations
	};
}

/** The funding line's selection under a scenario (formula 4 on the changed portfolio). */
export function lineSummary(portfolio: Portfolio): SelectionSummary {
	return summarizeSelection(portfolio, fundingLine(portfolio).funded);
}
