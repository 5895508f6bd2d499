/**
 * `cairn analyze` (DESIGN "The cairn CLI"): weights and consistency, each project's
 * value and funding, the funding line and the loads per period, as the JSON report of
 * `--json` or as a plain-text table for people.
 */
import { computeWeights } from './ahp';
import type { AnalyzeReport } from './analysis-types';
import { describeFundingReason, fundingLine, withinLimit } from './funding';
import { projectValues } from './scoring';
import type { Portfolio } from './types';
import { clip, columns, NAME_WIDTH } from './text-table';

/** How many of the worst judgements the report names. */
export const REPORT_WORST_PAIRS = 3;

/** 0.30000000000000004 → 0.3: sums of decimals printed as the decimals they are. */
function tidy(value: number): number {
	return Number(value.toPrecision(15));
}

/**
 * The report of `cairn analyze --json`, keys in DESIGN's order.
 *
 * - `weights`: criterion id → weight, full precision, in criteria order.
 * - `consistency`: CR (0 for direct weights and n ≤ 2), whether it is acceptable
 *   (≤ 0.10), and the REPORT_WORST_PAIRS judgements with the largest deviation (as
 *   `computeWeights` orders them; empty for direct weights).
 * - `projects`: every project in rank order, rank from 1; `value` is formula 3 at full
 *   precision (DESIGN: --json is not rounded for display; the table rounds).
 * - `line` and `periods`: formula 4 (`fundingLine`); totals count funded projects only,
 *   with floating-point noise removed (15 significant digits); `budget` is null when
 *   the portfolio has no budget, and a missing budget or capacity period shows as 0.
 */
export function analyze(portfolio: Portfolio): AnalyzeReport {
	const { weights, consistency } = computeWeights(portfolio.criteria, portfolio.weights);
	const values = projectValues(portfolio, weights);
	const funding = fundingLine(portfolio);
	return {
		weights,
		consistency: {
			ratio: consistency.ratio,
			acceptable: consistency.acceptable,
			worstPairs: consistency.worstPairs.slice(0, REPORT_WORST_PAIRS).map(({ a, b }) => ({ a, b }))
		},
		projects: portfolio.projects.map((p, i) => ({
			id: p.id,
			rank: i + 1,
			value: values.get(p.id) ?? 0,
			funded: funding.funded.has(p.id)
		})),
		line: funding.line,
		periods: funding.periods.map((load) => {
			const roles: AnalyzeReport['periods'][number]['roles'] = {};
			for (const [id, { demand, capacity }] of Object.entries(load.roles)) {
				roles[id] = { demand: tidy(demand), capacity };
			}
			return { period: load.period, cost: tidy(load.cost), budget: load.budget, roles };
		})
	};
}

function amount(value: number): string {
	return new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
}

function over(total: number, limit: number | null): boolean {
	return limit !== null && !withinLimit(total, limit);
}

/**
 * `cairn analyze` without --json: the report as plain text for a terminal. Names come
 * from `portfolio` (the one the report was made from); the reasons next to unfunded
 * projects are recomputed from it, since the JSON report carries only the flags.
 */
export function formatAnalyzeTable(report: AnalyzeReport, portfolio: Portfolio): string {
	const criterionName = new Map(portfolio.criteria.map((c) => [c.id, c.name]));
	const projectName = new Map(portfolio.projects.map((p) => [p.id, p.name]));
	const reasons = fundingLine(portfolio).reasons;
	const out: string[] = [portfolio.name, ''];

	const pairwise = portfolio.weights.method === 'pairwise';
	const ratio = report.consistency.ratio;
	out.push(
		pairwise
			? `Weights (pairwise; consistency ratio ${ratio.toFixed(3)}: ${report.consistency.acceptable ? 'acceptable' : 'NOT acceptable, above 0.10'})`
			: 'Weights (direct)'
	);
	const weightRows = Object.entries(report.weights).map(([id, w]) => [
		`  ${clip(criterionName.get(id) ?? id, NAME_WIDTH)}`,
		`${(w * 100).toFixed(1)} %`
	]);
	out.push(...(weightRows.length > 0 ? columns(weightRows, new Set([1])) : ['  no criteria']));
	if (pairwise && report.consistency.worstPairs.length > 0) {
		const pairs = report.consistency.worstPairs.map(
			({ a, b }) => `${criterionName.get(a) ?? a} vs ${criterionName.get(b) ?? b}`
		);
		out.push(`  Judgements to revisit first: ${pairs.join('; ')}`);
	}
	out.push('');

	out.push('Projects in rank order (value 0-100)');
	if (report.projects.length === 0) out.push('  no projects');
	else {
		const header = ['  #', 'Project', 'Value', 'Funded', ''];
		const rows = report.projects.map((p) => {
			const reason = reasons.get(p.id);
			const note =
				p.id === report.line
					? `◀ funding line: ${reason ? describeFundingReason(reason, portfolio) : ''}`
					: reason && reason.kind !== 'fits'
						? describeFundingReason(reason, portfolio)
						: '';
			return [
				`  ${p.rank}`,
				clip(projectName.get(p.id) ?? p.id, NAME_WIDTH),
				p.value.toFixed(1),
				p.funded ? '✓' : '✗',
				note
			];
		});
		const lines = columns([header, ...rows], new Set([0, 2]));
		// The line drawn above the line project: lines[0] is the header.
		const lineAt = report.projects.findIndex((p) => p.id === report.line);
		if (lineAt >= 0)
			lines.splice(lineAt + 1, 0, `  ${'─'.repeat(20)} funding line ${'─'.repeat(20)}`);
		out.push(...lines);
		out.push(
			report.line === null
				? '  Funding line: none, every auto project fits'
				: `  Funding line: ${projectName.get(report.line) ?? report.line} (${report.line}) and every auto project below it are unfunded`
		);
	}

	if (report.periods.length > 0) {
		out.push('');
		out.push('Per period, funded projects only: cost / budget, demand / capacity in FTE (! over)');
		const roleName = new Map(portfolio.roles.map((r) => [r.id, r.name]));
		const roleIds = Object.keys(report.periods[0].roles);
		const header = [
			'  Period',
			'Cost / budget',
			...roleIds.map((id) => clip(roleName.get(id) ?? id, 24))
		];
		const rows = report.periods.map((load) => [
			`  ${load.period}`,
			`${amount(load.cost)} / ${load.budget === null ? 'no limit' : amount(load.budget)}${over(load.cost, load.budget) ? ' !' : ''}`,
			...roleIds.map((id) => {
				const { demand, capacity } = load.roles[id];
				return `${amount(demand)} / ${amount(capacity)}${over(demand, capacity) ? ' !' : ''}`;
			})
		]);
		out.push(...columns([header, ...rows]));
	}
	return `${out.join('\n')}\n`;
}
