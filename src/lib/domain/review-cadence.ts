/**
 * When the next portfolio review is due (issue 9). Kept apart from the diff engine so
 * the workspace banner does not load the ranking and funding code with it.
 */

/** Days from one ISO date(-time) to another, rounded down (negative when earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** When a review is due: cadence in days after the latest review, or now when there is none. */
export interface ReviewDue {
	/** True when a review is due now (or overdue). */
	due: boolean;
	/** The latest review's date, if any. */
	last: string | null;
	/** Days since the latest review (null when there is none). */
	daysSince: number | null;
	/** ISO date when the next review falls due (null when there is no review yet). */
	dueAt: string | null;
}

/**
 * Whether a review is due for a cadence of `cadenceDays` (null: no cadence, never due),
 * given the dates of the reviews taken so far.
 */
export function reviewDue(
	cadenceDays: number | null,
	reviewDates: readonly string[],
	now: string | number = Date.now()
): ReviewDue {
	const nowTime = typeof now === 'number' ? now : Date.parse(now);
	const times = reviewDates.map((d) => Date.parse(d)).filter(Number.isFinite);
	const lastTime = times.length ? Math.max(...times) : null;
	const last = lastTime === null ? null : new Date(lastTime).toISOString();
	const daysSince = lastTime === null ? null : Math.floor((nowTime - lastTime) / 86_400_000);
	if (cadenceDays === null || cadenceDays <= 0) return { due: false, last, daysSince, dueAt: null };
	if (lastTime === null) return { due: true, last, daysSince, dueAt: null };
	const dueAt = new Date(lastTime + cadenceDays * 86_400_000).toISOString();
	return { due: nowTime >= Date.parse(dueAt), last, daysSince, dueAt };
}
