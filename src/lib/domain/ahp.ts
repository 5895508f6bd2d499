/**
 * Criterion weights (DESIGN formula 1): direct values normalised to sum 1, or AHP
 * pairwise judgements turned into weights by the principal eigenvector, with Saaty's
 * consistency ratio and the judgements and triads a workshop should revisit.
 */
import type { Consistency, PairDeviation, Triad, WeightResult } from './analysis-types';
import type { Criterion, PairwiseComparison, Weights } from './types';

/** Saaty's random consistency index RI(n) for n = 1..10; use the last entry for n > 10. */
export const RANDOM_INDEX: readonly number[] = Object.freeze([
	0, 0, 0.58, 0.9, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49
]);

/** CR at or below this is acceptable (Saaty's 10 % rule). */
export const ACCEPTABLE_RATIO = 0.1;

/** One step of Saaty's 1/9..9 scale: how much more important `a` is than `b`. */
export interface SaatyStep {
	value: number;
	/** "1/3", "1", "3": how people write the judgement. */
	fraction: string;
	/** "moderately more", "moderately less", …: read as "a is … important than b". */
	label: string;
}

const STRENGTHS = [
	'equal',
	'equal to moderately',
	'moderately',
	'moderately to strongly',
	'strongly',
	'strongly to very strongly',
	'very strongly',
	'very strongly to extremely',
	'extremely'
];

/** The 17 values of Saaty's scale in ascending order, 1/9 … 1 … 9, with their labels. */
export const SAATY_SCALE: readonly SaatyStep[] = Object.freeze([
	...STRENGTHS.slice(1)
		.map((s, i) => ({ value: 1 / (i + 2), fraction: `1/${i + 2}`, label: `${s} less` }))
		.reverse(),
	...STRENGTHS.map((s, i) => ({
		value: i + 1,
		fraction: String(i + 1),
		label: i === 0 ? s : `${s} more`
	}))
]);

/** Power iteration stops when no weight moves by this much (DESIGN: 1e-12). */
const EPSILON = 1e-12;
/** A safety cap; positive reciprocal matrices converge in a few dozen steps. */
const MAX_ITERATIONS = 10_000;
/** Triads kept in `consistency.triads`. */
const MAX_TRIADS = 20;

/** RI(n) of Saaty's table (1.49 for n > 10). */
export function randomIndex(n: number): number {
	if (n < 1) return 0;
	return RANDOM_INDEX[Math.min(n, RANDOM_INDEX.length) - 1];
}

/**
 * Weights of `criteria` (in their order) and the consistency of the judgements.
 *
 * Direct: each criterion's value (missing = 0, negative or non-finite = 0) divided by
 * the sum; when every value is 0 the criteria get equal weights, because "no
 * preference" is the only reading of all-zero that keeps the weights summing to 1.
 * Direct weights have no judgements, so their consistency is perfect (CR 0) and
 * there are no worst pairs or triads.
 *
 * Pairwise: formula 1 exactly (see `pairwiseWeights`). Judgements naming a criterion
 * not in `criteria`, or a criterion with itself, are ignored; validation rejects them.
 */
export function computeWeights(criteria: readonly Criterion[], weights: Weights): WeightResult {
	if (weights.method === 'pairwise') return pairwiseWeights(criteria, weights.comparisons);
	const n = criteria.length;
	const raw = criteria.map((c) => {
		const v = Object.hasOwn(weights.values, c.id) ? weights.values[c.id] : 0;
		return Number.isFinite(v) && v > 0 ? v : 0;
	});
	const sum = raw.reduce((s, v) => s + v, 0);
	const out: Record<string, number> = {};
	criteria.forEach((c, i) => {
		out[c.id] = sum > 0 ? raw[i] / sum : 1 / n;
	});
	return { weights: out, consistency: perfect(n) };
}

/**
 * True when direct weights give values and every one of them is 0: that is no
 * preference at all, not a set of weights. The format refuses it, the doc command does
 * not write it, and `read` treats a doc that holds it (a criterion deleted under the
 * last weight above 0) as no values given, which `computeWeights` reads as equal.
 */
export function allDirectWeightsZero(values: Readonly<Record<string, number>>): boolean {
	const given = Object.values(values);
	return given.length > 0 && given.every((v) => !(v > 0));
}

function perfect(n: number): Consistency {
	return { ratio: 0, acceptable: true, lambdaMax: n, index: 0, worstPairs: [], triads: [] };
}

/** The reciprocal matrix, row-major, and which cells hold a judgement as given (a→b). */
interface Matrix {
	n: number;
	a: Float64Array;
	given: Uint8Array;
}

function buildMatrix(
	criteria: readonly Criterion[],
	comparisons: readonly PairwiseComparison[]
): Matrix {
	const n = criteria.length;
	const index = new Map(criteria.map((c, i) => [c.id, i]));
	const a = new Float64Array(n * n).fill(1);
	const given = new Uint8Array(n * n);
	for (const c of comparisons) {
		const i = index.get(c.a);
		const j = index.get(c.b);
		if (i === undefined || j === undefined || i === j) continue;
		if (!(Number.isFinite(c.value) && c.value > 0)) continue;
		// A pair given twice (which validation rejects) keeps the later judgement.
		a[i * n + j] = c.value;
		a[j * n + i] = 1 / c.value;
		given[i * n + j] = 1;
		given[j * n + i] = 0;
	}
	return { n, a, given };
}

function multiply({ n, a }: Matrix, w: Float64Array, out: Float64Array): void {
	for (let i = 0; i < n; i++) {
		let s = 0;
		for (let j = 0; j < n; j++) s += a[i * n + j] * w[j];
		out[i] = s;
	}
}

/** The principal eigenvector of a positive matrix by power iteration, summing to 1. */
function principalEigenvector(m: Matrix): Float64Array {
	const { n } = m;
	let w = new Float64Array(n).fill(1 / n);
	let next = new Float64Array(n);
	for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
		multiply(m, w, next);
		let sum = 0;
		for (let i = 0; i < n; i++) sum += next[i];
		let change = 0;
		for (let i = 0; i < n; i++) {
			next[i] /= sum;
			change = Math.max(change, Math.abs(next[i] - w[i]));
		}
		[w, next] = [next, w];
		if (change < EPSILON) break;
	}
	return w;
}

/**
 * Formula 1 for pairwise judgements: the reciprocal matrix (missing pair = 1), the
 * principal eigenvector by power iteration (until no weight changes by 1e-12, at most
 * 10,000 steps), λmax as the mean of (A·w)_i / w_i, CI = (λmax − n)/(n − 1) and
 * CR = CI / RI(n) (0 when n ≤ 2). CI is floored at 0 and snapped to 0 below 1e-10:
 * λmax ≥ n holds exactly, so smaller values are rounding left by the iteration.
 *
 * `worstPairs` lists every pair of the matrix (i < j in criteria order; unjudged pairs
 * count as the judgement 1, so they are listed too), oriented as the judgement was
 * given, ordered by |A[a][b]·w[b]/w[a] − 1| descending (ties keep criteria order).
 * `triads` are the triples with at least one judgement whose ab·bc/ac is not 1,
 * ordered by |ln(ab·bc/ac)| descending, at most 20.
 */
export function pairwiseWeights(
	criteria: readonly Criterion[],
	comparisons: readonly PairwiseComparison[]
): WeightResult {
	const m = buildMatrix(criteria, comparisons);
	const { n } = m;
	if (n === 0) return { weights: {}, consistency: perfect(0) };
	const w = principalEigenvector(m);
	const aw = new Float64Array(n);
	multiply(m, w, aw);
	let lambdaMax = 0;
	for (let i = 0; i < n; i++) lambdaMax += aw[i] / w[i];
	lambdaMax /= n;
	const ci = n > 1 ? (lambdaMax - n) / (n - 1) : 0;
	const index = ci < 1e-10 ? 0 : ci;
	const ratio = n <= 2 ? 0 : index / randomIndex(n);
	const weights: Record<string, number> = {};
	criteria.forEach((c, i) => {
		weights[c.id] = w[i];
	});
	return {
		weights,
		consistency: {
			ratio,
			acceptable: ratio <= ACCEPTABLE_RATIO,
			lambdaMax,
			index,
			worstPairs: worstPairs(criteria, m, w),
			triads: triads(criteria, m)
		}
	};
}

function worstPairs(criteria: readonly Criterion[], m: Matrix, w: Float64Array): PairDeviation[] {
	const { n, a, given } = m;
	const pairs: PairDeviation[] = [];
	for (let i = 0; i < n; i++) {
		for (let j = i + 1; j < n; j++) {
			const [x, y] = given[j * n + i] ? [j, i] : [i, j];
			pairs.push({
				a: criteria[x].id,
				b: criteria[y].id,
				deviation: Math.abs((a[x * n + y] * w[y]) / w[x] - 1)
			});
		}
	}
	// Array.prototype.sort is stable, so equal deviations keep criteria order.
	return pairs.sort((p, q) => q.deviation - p.deviation);
}

function triads(criteria: readonly Criterion[], m: Matrix): Triad[] {
	const { n, a, given } = m;
	const judged = (i: number, j: number) => given[i * n + j] === 1 || given[j * n + i] === 1;
	const out: { triad: Triad; size: number }[] = [];
	for (let i = 0; i < n; i++) {
		for (let j = i + 1; j < n; j++) {
			for (let k = j + 1; k < n; k++) {
				if (!judged(i, j) && !judged(j, k) && !judged(i, k)) continue;
				const ab = a[i * n + j];
				const bc = a[j * n + k];
				const ac = a[i * n + k];
				const conflict = (ab * bc) / ac;
				const size = Math.abs(Math.log(conflict));
				// A triad that agrees with itself is not worth a workshop's time.
				if (size < 1e-9) continue;
				const ids: [string, string, string] = [criteria[i].id, criteria[j].id, criteria[k].id];
				out.push({ triad: { ids, ab, bc, ac, conflict }, size });
			}
		}
	}
	return out
		.sort((p, q) => q.size - p.size)
		.slice(0, MAX_TRIADS)
		.map((t) => t.triad);
}

/** "3", "1.5", "2.52": a judgement strength as people read it (at most 2 decimals). */
export function formatStrength(value: number): string {
	return String(Number(value.toFixed(2)));
}

function clause(x: string, y: string, value: number): string {
	if (Math.abs(Math.log(value)) < 1e-9) return `${x} and ${y} equal`;
	return value > 1
		? `${x} over ${y} ${formatStrength(value)}×`
		: `${y} over ${x} ${formatStrength(1 / value)}×`;
}

/**
 * A triad in words, for the workshop screen: "Growth over Risk 3×, Risk over Cost 3×,
 * but Cost over Growth 2×". The third clause is the judgement between c and a, so the
 * sentence closes the circle; a value below 1 reads as the reverse direction.
 */
export function describeTriad(triad: Triad, nameOf: (id: string) => string): string {
	const [a, b, c] = triad.ids.map(nameOf);
	return `${clause(a, b, triad.ab)}, ${clause(b, c, triad.bc)}, but ${clause(c, a, 1 / triad.ac)}`;
}
