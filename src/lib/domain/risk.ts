/**
 * Risk exposure and its roll-ups (issue 9): exposure = likelihood × impact (1-25),
 * summed per project and per objective over the risks that still threaten the plan,
 * and the 5×5 likelihood × impact heatmap. Pure: the register view, the ranking, the
 * map and the report all read these.
 */
import type { Objective, Portfolio, Risk } from './types';

/** The scale of likelihood and impact: 1 (rare, minor) to 5 (almost certain, severe). */
export const RISK_LEVELS = [1, 2, 3, 4, 5] as const;

/** Exposure of one risk: likelihood × impact, 1 to 25. */
export function exposure(risk: Pick<Risk, 'likelihood' | 'impact'>): number {
	return risk.likelihood * risk.impact;
}

/** Risks that still count: closed ones are history, not exposure. */
export function isLive(risk: Pick<Risk, 'status'>): boolean {
	return risk.status !== 'closed';
}

/** How bad an exposure is, for colour and words: the usual bands of a 5×5 matrix. */
export type ExposureBand = 'low' | 'medium' | 'high' | 'severe';

/** The band of an exposure: 1-4 low, 5-9 medium, 10-16 high, 20-25 severe. */
export function exposureBand(value: number): ExposureBand {
	if (value >= 20) return 'severe';
	if (value >= 10) return 'high';
	if (value >= 5) return 'medium';
	return 'low';
}

/** A roll-up of live risks: their count, total exposure and the worst one. */
export interface ExposureSummary {
	/** Live (open or mitigated) risks counted. */
	count: number;
	/** Sum of their exposures. */
	total: number;
	/** The largest single exposure (0 when none). */
	max: number;
}

const EMPTY: ExposureSummary = Object.freeze({ count: 0, total: 0, max: 0 });

function add(summary: ExposureSummary | undefined, value: number): ExposureSummary {
	const s = summary ?? EMPTY;
	return { count: s.count + 1, total: s.total + value, max: Math.max(s.max, value) };
}

/**
 * Exposure per project id: the live risks linked to the project. Every project of the
 * portfolio has an entry (zeros when it has no risk), so a row can read it directly.
 */
export function exposureByProject(
	portfolio: Pick<Portfolio, 'projects' | 'risks'>
): Map<string, ExposureSummary> {
	const out = new Map<string, ExposureSummary>();
	for (const p of portfolio.projects) out.set(p.id, EMPTY);
	for (const risk of portfolio.risks) {
		if (!isLive(risk) || risk.projectId === null || !out.has(risk.projectId)) continue;
		out.set(risk.projectId, add(out.get(risk.projectId), exposure(risk)));
	}
	return out;
}

/**
 * Exposure per objective id, rolled up the tree: an objective counts the live risks
 * linked to it or to any objective below it, each risk once (a risk linked to a
 * sub-objective also threatens its theme). Risks linked only to a project are not
 * spread to objectives: how much a project serves an objective is a judgement, not a
 * share of its risk.
 */
export function exposureByObjective(
	portfolio: Pick<Portfolio, 'objectives' | 'risks'>
): Map<string, ExposureSummary> {
	const parent = new Map<string, string | null>();
	for (const o of portfolio.objectives) parent.set(o.id, o.parentId);
	const out = new Map<string, ExposureSummary>();
	for (const o of portfolio.objectives) out.set(o.id, EMPTY);
	for (const risk of portfolio.risks) {
		if (!isLive(risk) || risk.objectiveId === null) continue;
		const value = exposure(risk);
		const seen = new Set<string>();
		for (let id: string | null = risk.objectiveId; id !== null && parent.has(id);) {
			if (seen.has(id)) break; // a snapshot has no cycles; this only guards bad input
			seen.add(id);
			out.set(id, add(out.get(id), value));
			id = parent.get(id) ?? null;
		}
	}
	return out;
}

/** One cell of the heatmap. */
export interface HeatCell {
	likelihood: number;
	impact: number;
	/** likelihood × impact */
	exposure: number;
	band: ExposureBand;
	/** Ids of the risks in this cell, in register order. */
	riskIds: string[];
}

/**
 * The 25 cells of the likelihood × impact matrix, impact rows from 5 (top) to 1 and
 * likelihood columns from 1 to 5, each with the risks it holds. By default only live
 * risks are placed (`includeClosed` places every risk).
 */
export function heatmapCells(
	risks: readonly Risk[],
	options: { includeClosed?: boolean } = {}
): HeatCell[] {
	const cells: HeatCell[] = [];
	const index = new Map<string, HeatCell>();
	for (const impact of [...RISK_LEVELS].reverse()) {
		for (const likelihood of RISK_LEVELS) {
			const value = likelihood * impact;
			const cell = { likelihood, impact, exposure: value, band: exposureBand(value), riskIds: [] };
			cells.push(cell);
			index.set(`${likelihood}|${impact}`, cell);
		}
	}
	for (const risk of risks) {
		if (!options.includeClosed && !isLive(risk)) continue;
		index.get(`${risk.likelihood}|${risk.impact}`)?.riskIds.push(risk.id);
	}
	return cells;
}

/** The live risks, worst first (exposure, then impact, then register order). */
export function topRisks(risks: readonly Risk[], limit = Infinity): Risk[] {
	return risks
		.map((risk, i) => ({ risk, i }))
		.filter(({ risk }) => isLive(risk))
		.sort(
			(a, b) => exposure(b.risk) - exposure(a.risk) || b.risk.impact - a.risk.impact || a.i - b.i
		)
		.slice(0, limit)
		.map(({ risk }) => risk);
}

/** What a risk is about, in words: its project and/or objective, or "Portfolio". */
export function riskSubject(
	risk: Pick<Risk, 'projectId' | 'objectiveId'>,
	portfolio: { projects: readonly { id: string; name: string }[]; objectives: readonly Objective[] }
): string {
	const parts: string[] = [];
	if (risk.projectId) {
		const p = portfolio.projects.find((x) => x.id === risk.projectId);
		if (p) parts.push(p.name);
	}
	if (risk.objectiveId) {
		const o = portfolio.objectives.find((x) => x.id === risk.objectiveId);
		if (o) parts.push(o.title);
	}
	return parts.length ? parts.join(' · ') : 'Portfolio';
}
