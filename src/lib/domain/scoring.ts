/**
 * Project value (DESIGN formulas 2 and 3): each criterion scores a project in [0, 1],
 * the weights combine the scores into a value from 0 to 100. Objective-linked criteria
 * read the project's contribution to the objective, so the objective map and the
 * ranking are one model.
 */
import { computeWeights } from './ahp';
import type { Criterion, Portfolio, Project } from './types';

/**
 * A number from a keyed record, or undefined. The `typeof` test also keeps inherited
 * members out (a criterion with the id "constructor" must not read a function).
 */
function read(record: Record<string, number>, key: string): number | undefined {
	const value = record[key];
	return typeof value === 'number' ? value : undefined;
}

/**
 * s(p, c) in [0, 1] (formula 2). A criterion linked to an objective scores the
 * project's contribution to it / 3 whatever its kind (missing contribution = 0); a
 * benefit criterion scores score / 10 (missing = 0); a cost criterion 1 − score / 10
 * (missing = 10, the worst, so 0).
 */
export function normalisedScore(project: Project, criterion: Criterion): number {
	if (criterion.objectiveId) return (read(project.contributions, criterion.objectiveId) ?? 0) / 3;
	const score = read(project.scores, criterion.id);
	return criterion.kind === 'benefit' ? (score ?? 0) / 10 : 1 - (score ?? 10) / 10;
}

/** v(p) = 100 · Σc w(c) · s(p, c) (formula 3); a criterion without a weight counts 0. */
export function projectValue(
	project: Project,
	criteria: readonly Criterion[],
	weights: Record<string, number>
): number {
	let sum = 0;
	for (const c of criteria) {
		const w = read(weights, c.id) ?? 0;
		if (w !== 0) sum += w * normalisedScore(project, c);
	}
	return 100 * sum;
}

/**
 * The value of every project (done and cancelled ones too: value does not depend on
 * status), by project id. `weights` defaults to the portfolio's own (computeWeights);
 * pass them when you already have them, e.g. while a weight slider moves.
 *
 * Runs on every ranking refresh: the criteria are resolved once into flat arrays, so
 * the inner loop is one record read and one multiply per (project, criterion).
 */
export function projectValues(
	portfolio: Portfolio,
	weights: Record<string, number> = computeWeights(portfolio.criteria, portfolio.weights).weights
): Map<string, number> {
	const keys: string[] = [];
	const linked: boolean[] = [];
	const cost: boolean[] = [];
	const w: number[] = [];
	for (const c of portfolio.criteria) {
		const weight = read(weights, c.id) ?? 0;
		if (weight === 0) continue;
		keys.push(c.objectiveId ? c.objectiveId : c.id);
		linked.push(Boolean(c.objectiveId));
		cost.push(c.kind === 'cost');
		w.push(weight);
	}
	const values = new Map<string, number>();
	for (const p of portfolio.projects) {
		let sum = 0;
		for (let k = 0; k < keys.length; k++) {
			let s: number;
			if (linked[k]) s = (read(p.contributions, keys[k]) ?? 0) / 3;
			else if (cost[k]) s = 1 - (read(p.scores, keys[k]) ?? 10) / 10;
			else s = (read(p.scores, keys[k]) ?? 0) / 10;
			sum += w[k] * s;
		}
		values.set(p.id, 100 * sum);
	}
	return values;
}
