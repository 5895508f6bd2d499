/**
 * Priority poker statistics: everyone scores the same projects on one criterion in
 * secret, then the room sees, per project, how the votes spread, the median, and who
 * is far from the rest (worth hearing out before accepting the median).
 */

export interface PokerStats {
	/** Number of votes. */
	count: number;
	/** Value → number of votes, ascending by value. */
	distribution: { value: number; count: number }[];
	median: number;
	/** max − min. */
	spread: number;
	/** Interquartile range (Q3 − Q1, linear interpolation). */
	iqr: number;
	/** Values flagged as outliers (far from the median, see `pokerStats`). */
	outliers: number[];
}

function quantile(sorted: readonly number[], q: number): number {
	const position = (sorted.length - 1) * q;
	const low = Math.floor(position);
	const high = Math.ceil(position);
	return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
	if (values.length === 0) return NaN;
	return quantile(
		[...values].sort((a, b) => a - b),
		0.5
	);
}

/**
 * Statistics of one project's votes, or null without votes. An outlier is at least
 * `minDistance` from the median AND at least 3 median absolute deviations from it: a
 * robust rule that works for the small groups of a workshop (Tukey's fences flag almost
 * nothing below 5 votes), so that on a 0-10 scale a lone 6 among 5s is not singled out
 * while a 1 among 7s is. Fewer than 3 votes have no outliers: there is no "rest".
 */
export function pokerStats(values: readonly number[], minDistance = 3): PokerStats | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const counts = new Map<number, number>();
	for (const v of sorted) counts.set(v, (counts.get(v) ?? 0) + 1);
	const mid = quantile(sorted, 0.5);
	const q1 = quantile(sorted, 0.25);
	const q3 = quantile(sorted, 0.75);
	const iqr = q3 - q1;
	const mad = median(sorted.map((v) => Math.abs(v - mid)));
	const threshold = Math.max(minDistance, 3 * mad);
	const outliers = sorted.length < 3 ? [] : sorted.filter((v) => Math.abs(v - mid) >= threshold);
	return {
		count: sorted.length,
		distribution: [...counts].map(([value, count]) => ({ value, count })),
		median: mid,
		spread: sorted[sorted.length - 1] - sorted[0],
		iqr,
		outliers
	};
}

/** The smallest distance from the median that counts as an outlier on a 0..max scale. */
export function outlierDistance(max: number): number {
	return Math.max(1, Math.round(max * 0.3));
}

/** The median rounded to a whole step of the scale, as a score is stored (half-up). */
export function acceptedScore(stats: PokerStats): number {
	return Math.round(stats.median);
}

/**
 * What accepting a median writes, said before and after it is written: "7" when the
 * median is a whole score, "6.5 → 7 (rounded)" when a score must be rounded to be
 * stored (scores are whole steps; half-up), so nobody is surprised by a 7 they did not
 * vote for.
 */
export function describeAccepted(median: number): string {
	const score = Math.round(median);
	return score === median ? String(score) : `${median} → ${score} (rounded)`;
}
