/**
 * Group AHP: several participants judge the same pairs in a workshop; the group's
 * judgement per pair is the geometric mean (the aggregation that keeps reciprocity:
 * the mean of the reversed judgements is the reverse of the mean), and the spread
 * tells the facilitator where the room disagrees.
 */
import type { GroupJudgements } from './analysis-types';
import type { Criterion, PairwiseComparison } from './types';

const MIN = 1 / 9;
const MAX = 9;

/**
 * Aggregates each participant's judgements (`individual[k]` is participant k's list).
 *
 * Every judgement is oriented to the canonical pair (a, b) with a before b in
 * `criteria` order; a judgement given as (b, a) with value v counts as 1/v. Per pair:
 * the geometric mean over the participants who judged it, and the spread
 * exp(sd(ln v)) with the population standard deviation, so "4, spread 2" reads as
 * "between 2 and 8" (1 when one or no participant judged it).
 *
 * `comparisons` holds the judged pairs only (a missing pair means 1 to the weights
 * anyway), in canonical order. `disagreement` lists every pair of the matrix, judged
 * or not (count 0, spread 1), so a view can show which pairs nobody has judged yet.
 * A participant who judged a pair twice counts once, with the later judgement; pairs
 * naming an unknown criterion, or a criterion with itself, are ignored.
 */
export function aggregateJudgements(
	criteria: readonly Criterion[],
	individual: readonly (readonly PairwiseComparison[])[]
): GroupJudgements {
	const n = criteria.length;
	const index = new Map(criteria.map((c, i) => [c.id, i]));
	const logs: number[][] = Array.from({ length: n * n }, () => []);
	for (const judgements of individual) {
		const mine = new Map<number, number>();
		for (const c of judgements) {
			const i = index.get(c.a);
			const j = index.get(c.b);
			if (i === undefined || j === undefined || i === j) continue;
			if (!(Number.isFinite(c.value) && c.value > 0)) continue;
			const cell = i < j ? i * n + j : j * n + i;
			mine.set(cell, i < j ? Math.log(c.value) : -Math.log(c.value));
		}
		for (const [cell, log] of mine) logs[cell].push(log);
	}

	const result: GroupJudgements = { comparisons: [], disagreement: [] };
	for (let i = 0; i < n; i++) {
		for (let j = i + 1; j < n; j++) {
			const values = logs[i * n + j];
			const a = criteria[i].id;
			const b = criteria[j].id;
			const count = values.length;
			if (count === 0) {
				result.disagreement.push({ a, b, count, spread: 1 });
				continue;
			}
			const mean = values.reduce((s, v) => s + v, 0) / count;
			const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / count;
			result.comparisons.push({ a, b, value: clamp(snap(Math.exp(mean))) });
			result.disagreement.push({
				a,
				b,
				count,
				spread: count < 2 ? 1 : Math.exp(Math.sqrt(variance))
			});
		}
	}
	return result;
}

/** Keeps group values inside 1/9..9 despite rounding, so they validate as judgements. */
function clamp(value: number): number {
	return Math.min(MAX, Math.max(MIN, value));
}

/**
 * exp(ln 3) is 3.0000000000000004: a value within rounding of a whole number or of its
 * reciprocal becomes that number, so unanimous judgements stay exactly what was said.
 */
function snap(value: number): number {
	const whole = Math.round(value);
	if (whole >= 1 && Math.abs(value - whole) < 1e-9) return whole;
	const inverse = Math.round(1 / value);
	if (inverse >= 1 && Math.abs(1 / value - inverse) < 1e-9) return 1 / inverse;
	return value;
}
