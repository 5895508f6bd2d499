/**
 * `cairn optimize` (DESIGN "The cairn CLI"): the optimum and the efficient frontier as
 * the JSON report of `--json`, or as plain text for people.
 */
import {
	compareWithLine,
	describeOptimizeReason,
	frontier,
	optimize,
	type FrontierPoint,
	type Highs,
	type OptimizeReason,
	type OptimizeResult
} from './optimize';
import { formatMoney } from './optimize-format';
import { projectValues } from './scoring';
import type { Portfolio } from './types';
import { clip, columns, NAME_WIDTH } from './text-table';

/** `cairn optimize --json`, exactly as DESIGN specifies. */
export interface OptimizeReport {
	feasible: boolean;
	/** Σ v(p) of the selection to one decimal; null when infeasible. */
	value: number | null;
	/** Selected ids in rank order. */
	selected: string[];
	/** The broken constraints in words; empty when feasible. */
	broken: string[];
	/** One point per budget scale 0, 0.1, …, 1.5; value and cost null where infeasible. */
	frontier: { scale: number; value: number | null; cost: number | null }[];
}

/** Everything `cairn optimize` shows: the report and the results it was made from. */
export interface OptimizeRun {
	report: OptimizeReport;
	result: OptimizeResult;
	points: FrontierPoint[];
}

/** 0.30000000000000004 → 0.3: sums of decimals printed as the decimals they are. */
function tidy(value: number): number {
	return Number(value.toPrecision(15));
}

/**
 * The report of `cairn optimize --json`, keys in DESIGN's order. `value` is at full
 * precision (DESIGN: --json is not rounded for display; the table rounds), costs lose
 * only floating-point noise (15 significant digits). An
 * infeasible optimum or frontier point has value (and cost) null rather than 0: there
 * is no selection, and 0 would read as an empty one.
 */
export function toOptimizeReport(result: OptimizeResult, points: FrontierPoint[]): OptimizeReport {
	return {
		feasible: result.feasible,
		value: result.feasible ? result.value : null,
		selected: result.selected,
		broken: result.broken,
		frontier: points.map((p) => ({
			scale: p.scale,
			value: p.feasible ? p.value : null,
			cost: p.feasible ? tidy(p.cost) : null
		}))
	};
}

/** Solves the optimum and the frontier of `portfolio` on one HiGHS instance. */
export async function runOptimize(
	portfolio: Portfolio,
	options: { highs?: Highs; timeLimit?: number } = {}
): Promise<OptimizeRun> {
	const result = await optimize(portfolio, options);
	const points = await frontier(portfolio, { ...options, optimum: result });
	return { report: toOptimizeReport(result, points), result, points };
}

function percent(gap: number): string {
	return Number.isFinite(gap) ? `${(gap * 100).toFixed(2)} %` : 'unknown';
}

/**
 * `cairn optimize` without --json: the selected projects with value and cost, the
 * totals next to the funding line's, why each other project is out (or the broken
 * constraints when there is no selection), and the frontier as a small table.
 */
export function formatOptimizeTable(run: OptimizeRun, portfolio: Portfolio): string {
	const { result, points } = run;
	const money = (v: number) => formatMoney(v, portfolio.currency);
	const values = projectValues(portfolio);
	const rankOf = new Map(portfolio.projects.map((p, i) => [p.id, i + 1]));
	const byId = new Map(portfolio.projects.map((p) => [p.id, p]));
	const nameOf = (id: string) => byId.get(id)?.name || id;
	const totalCost = (id: string) => {
		const p = byId.get(id);
		return p ? portfolio.periods.reduce((sum, t) => sum + (p.cost[t] ?? 0), 0) : 0;
	};
	// A selected row says only what is worth saying: forced, or needed by others.
	const note = (reason: OptimizeReason | undefined) =>
		!reason || (reason.kind === 'selected' && reason.neededBy.length === 0)
			? ''
			: reason.kind === 'selected'
				? `needed by ${reason.neededBy.map(nameOf).join(', ')}`
				: describeOptimizeReason(reason, portfolio);
	const out: string[] = [portfolio.name, ''];

	if (!result.feasible) {
		out.push('Infeasible: the forced projects alone break these constraints');
		for (const b of result.broken) out.push(`  - ${b}`);
	} else {
		out.push(
			result.optimal
				? 'Optimum (exact, by HiGHS): selected projects in rank order (value 0-100)'
				: `Best selection found (NOT proven optimal: stopped by the time limit, gap ${percent(result.gap)})`
		);
		if (result.selected.length === 0) out.push('  nothing fits');
		else {
			const rows = result.selected.map((id) => [
				`  ${rankOf.get(id)}`,
				clip(nameOf(id), NAME_WIDTH),
				(values.get(id) ?? 0).toFixed(1),
				money(totalCost(id)),
				note(result.explanations.get(id))
			]);
			out.push(...columns([['  #', 'Project', 'Value', 'Cost', ''], ...rows], new Set([0, 2, 3])));
		}
		const line = compareWithLine(portfolio, result);
		out.push(
			`  Total: value ${result.value.toFixed(1)}, cost ${money(result.cost)}, ${result.selected.length} of ${portfolio.projects.length} projects`,
			`  The funding line of the current ranking: value ${line.lineValue.toFixed(1)}`
		);
		if (line.onlyOptimum.length > 0)
			out.push(`  Taken here, left out by the line: ${line.onlyOptimum.map(nameOf).join(', ')}`);
		if (line.onlyLine.length > 0)
			out.push(`  Funded by the line, left out here: ${line.onlyLine.map(nameOf).join(', ')}`);
	}

	if (result.feasible) {
		const chosen = new Set(result.selected);
		const left = portfolio.projects.filter((p) => !chosen.has(p.id));
		if (left.length > 0) {
			out.push('', 'Left out');
			const rows = left.map((p) => [
				`  ${rankOf.get(p.id)}`,
				clip(p.name || p.id, NAME_WIDTH),
				(values.get(p.id) ?? 0).toFixed(1),
				describeOptimizeReason(result.explanations.get(p.id)!, portfolio)
			]);
			out.push(...columns([['  #', 'Project', 'Value', 'Why'], ...rows], new Set([0, 2])));
		}
	} else {
		const forced = portfolio.projects.filter(
			(p) => result.explanations.get(p.id)?.kind === 'forced-in'
		);
		out.push(`  Forced in: ${forced.map((p) => p.name || p.id).join(', ') || 'none'}`);
	}

	if (points.length > 0) {
		out.push('', 'Efficient frontier: every budget × k, capacity unchanged');
		const rows = points.map((p) => [
			`  ${p.scale.toFixed(1)}`,
			p.feasible ? p.value.toFixed(1) : '-',
			p.feasible ? money(p.cost) : '-',
			p.feasible ? String(p.selected.length) : 'infeasible',
			p.feasible && !p.optimal ? '(not proven optimal)' : ''
		]);
		out.push(
			...columns([['  k', 'Value', 'Cost', 'Projects', ''], ...rows], new Set([0, 1, 2, 3]))
		);
	}
	return `${out.join('\n')}\n`;
}
