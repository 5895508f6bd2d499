/**
 * The printed report's first page and capacity grid (issue 15): the key figures of the
 * funded plan, and the load of every resource (budget first, then roles) per period
 * against its limit, with the worst cell named. Pure: numbers only, the report words
 * and formats them.
 */
import { analyzeAlignment } from './alignment';
import { capacityLoads, prepareCapacity, type ResourceInfo } from './capacity';
import { fundingLine } from './funding';
import { exposure, exposureBand, isLive } from './risk';
import { fundedValue, projectValues } from './scoring';
import type { Portfolio, PortfolioContent } from './types';

/** One resource in one period: funded load against its limit (null: no limit). */
export interface LoadCell {
	period: string;
	load: number;
	limit: number | null;
	/** load / limit, or null without a limit (or a zero limit with no load). */
	share: number | null;
	over: boolean;
}

export interface LoadRow {
	info: ResourceInfo;
	cells: LoadCell[];
}

/** The worst resource × period, and the funded projects that load it most. */
export interface PeakLoad {
	info: ResourceInfo;
	cell: LoadCell;
	/** Largest first, at most three: name and amount in that period. */
	top: { name: string; amount: number }[];
}

export interface ReportFigures {
	projects: number;
	funded: number;
	fundedCost: number;
	/** Sum of the budget over the periods, or null when no period has one. */
	budget: number | null;
	/** Σ v(p) of the funded projects, exact (see `fundedValue`). */
	fundedValue: number;
	objectives: number;
	/** Objectives served by at least one funded project. */
	objectivesFunded: number;
	liveRisks: number;
	/** Live risks with a high or severe exposure. */
	highRisks: number;
	/** The fullest resource × period, or null when nothing has a limit. */
	peak: PeakLoad | null;
	/** Every resource per period, budget first. */
	loads: LoadRow[];
}

const share = (load: number, limit: number | null): number | null =>
	limit === null ? null : limit > 0 ? load / limit : load > 0 ? Infinity : null;

/** Key figures and loads of the funded plan (the funding line of the current ranking). */
export function reportFigures(content: PortfolioContent): ReportFigures {
	const portfolio: Portfolio = { ...content, reviews: [] };
	const funding = fundingLine(portfolio);
	const values = projectValues(portfolio);
	const alignment = analyzeAlignment(portfolio, funding);
	const model = prepareCapacity(portfolio);
	const resourceLoads = capacityLoads(model, {
		order: portfolio.projects.map((p) => p.id),
		funded: funding.funded
	});

	let fundedCost = 0;
	for (const project of portfolio.projects) {
		if (!funding.funded.has(project.id)) continue;
		for (const amount of Object.values(project.cost)) fundedCost += amount;
	}
	const budgets = portfolio.periods
		.map((period) => portfolio.budget[period])
		.filter((b): b is number => typeof b === 'number');

	const loads: LoadRow[] = resourceLoads.map((load) => ({
		info: load.info,
		cells: portfolio.periods.map((period, t) => {
			const limit = load.capacity[t];
			return {
				period,
				load: load.total[t],
				limit,
				share: share(load.total[t], limit),
				over: load.over[t] > 0
			};
		})
	}));

	let peak: PeakLoad | null = null;
	loads.forEach((row, r) => {
		row.cells.forEach((cell, t) => {
			if (cell.share === null || cell.load === 0) return;
			if (peak && (peak.cell.share ?? 0) >= cell.share) return;
			const top = resourceLoads[r].series
				.filter((s) => s.kind === 'funded' && s.values[t] > 0)
				.sort((a, b) => b.values[t] - a.values[t])
				.slice(0, 3)
				.map((s) => ({ name: s.name, amount: s.values[t] }));
			peak = { info: row.info, cell, top };
		});
	});

	const live = portfolio.risks.filter(isLive);
	return {
		projects: portfolio.projects.length,
		funded: funding.funded.size,
		fundedCost,
		budget: budgets.length ? budgets.reduce((a, b) => a + b, 0) : null,
		fundedValue: fundedValue(values, funding.funded),
		objectives: portfolio.objectives.length,
		objectivesFunded: [...alignment.byObjective.values()].filter((o) => o.coverage === 'funded')
			.length,
		liveRisks: live.length,
		highRisks: live.filter((r) => {
			const band = exposureBand(exposure(r));
			return band === 'high' || band === 'severe';
		}).length,
		peak,
		loads
	};
}
