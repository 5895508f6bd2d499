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
 * Runs on every ranking refresh, so formula 3 is rearranged to walk only what each
 * project has: a score v on an unlinked criterion adds w·v/10 (benefit) or w − w·v/10
 * (cost; a missing cost score adds 0), a contribution c adds c/3 times the summed
 * weight of the criteria linked to that objective. Same numbers as `projectValue`, up
 * to rounding, at about half the time of reading every (project, criterion) cell.
 */
export function projectValues(
	portfolio: Portfolio,
	weights: Record<string, number> = computeWeights(portfolio.criteria, portfolio.weights).weights
): Map<string, number> {
	// Null-prototype tables: a key like "constructor" finds nothing unless it is a real id.
	const byScore: Record<string, number> = Object.create(null);
	const byObjective: Record<string, number> = Object.create(null);
	const multiply: number[] = [];
	const offset: number[] = [];
	for (const c of portfolio.criteria) {
		const w = read(weights, c.id) ?? 0;
		if (w === 0) continue;
		if (c.objectiveId) {
			byObjective[c.objectiveId] = (byObjective[c.objectiveId] ?? 0) + w / 3;
		} else if (byScore[c.id] === undefined) {
			byScore[c.id] = multiply.length;
			multiply.push(c.kind === 'cost' ? -w / 10 : w / 10);
			offset.push(c.kind === 'cost' ? w : 0);
		}
	}
	const values = new Map<string, number>();
	for (const p of portfolio.projects) {
		let sum = 0;
		const { scores, contributions } = p;
		for (const key in scores) {
			const k = byScore[key];
			const v = scores[key];
			if (k !== undefined && typeof v === 'number') sum += multiply[k] * v + offset[k];
		}
		for (const key in contributions) {
			const f = byObjective[key];
			const v = contributions[key];
			if (f !== undefined && typeof v === 'number') sum += f * v;
		}
		values.set(p.id, 100 * sum);
	}
	return values;
}

/**
 * The funded value of a plan: Σ v(p) over the funded projects at full precision. Every
 * view that shows a plan's value (reviews, the optimiser, the report) sums this way and
 * rounds once, when it prints: a sum of values already rounded to one decimal drifts
 * (184.8 in one view against 184.9 in another for the same plan).
 */
export function fundedValue(values: ReadonlyMap<string, number>, funded: Iterable<string>): number {
	let total = 0;
	for (const id of funded) total += values.get(id) ?? 0;
	return total;
}
