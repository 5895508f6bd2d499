import { projectValues } from './scoring';
import type { Portfolio, Project } from './types';

/**
 * What applying the optimum to the plan writes: the ranking of "Rank by the optimum"
 * and the decisions of "Set decisions". The doc commands are `doc/commands/optimum.ts`.
 */

/**
 * The ranking "Rank by the optimum" writes: the selected projects first, by value (ties
 * keep the current order), each one preceded by the selected projects it depends on
 * (the funding line funds a project only once its dependencies are funded); then every
 * other project in its current order. With this ranking the funding line funds the optimum.
 */
export function optimumOrder(portfolio: Portfolio, selected: readonly string[]): string[] {
	const values = projectValues(portfolio);
	const chosen = new Set(selected);
	const byId = new Map(portfolio.projects.map((p) => [p.id, p]));
	const byValue = portfolio.projects
		.filter((p) => chosen.has(p.id))
		.map((p, i) => ({ p, i, value: values.get(p.id) ?? 0 }))
		.sort((x, y) => y.value - x.value || x.i - y.i)
		.map(({ p }) => p);
	const placed = new Set<string>();
	const first: string[] = [];
	// A project brings the selected projects it depends on along, just above itself.
	const place = (p: Project) => {
		if (placed.has(p.id)) return;
		placed.add(p.id);
		for (const d of p.dependsOn) {
			const dep = byId.get(d);
			if (dep && chosen.has(d)) place(dep);
		}
		first.push(p.id);
	};
	for (const p of byValue) place(p);
	const rest = portfolio.projects.filter((p) => !chosen.has(p.id)).map((p) => p.id);
	return [...first, ...rest];
}

/**
 * The decisions "Set decisions" writes: every `auto` project that takes part goes `in`
 * when selected and `out` otherwise. Forced projects keep their decision and reason.
 */
export function optimumDecisions(
	portfolio: Portfolio,
	selected: readonly string[]
): Record<string, 'in' | 'out'> {
	const chosen = new Set(selected);
	const out: Record<string, 'in' | 'out'> = {};
	for (const p of portfolio.projects) {
		if (p.decision !== 'auto' || p.status === 'done' || p.status === 'cancelled') continue;
		out[p.id] = chosen.has(p.id) ? 'in' : 'out';
	}
	return out;
}
