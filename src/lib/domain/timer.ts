/**
 * The shared workshop timer, as plain data. It is stored as facts (a duration, when it
 * was started, what was left when it was paused), never as ticks: every device computes
 * the time left from its own clock, so a late joiner sees the right time at once and
 * nothing is written while it runs.
 */

export interface TimerState {
	/** The duration it is reset to, in ms. */
	durationMs: number;
	/** Wall-clock ms (Date.now()) when it was last started; null while paused or stopped. */
	startedAt: number | null;
	/** Time left when it was started or paused, in ms. */
	remainingMs: number;
}

/** Longest timer accepted (a workshop day). */
export const TIMER_MAX_MS = 12 * 60 * 60 * 1000;

/** A stopped timer of `durationMs`. */
export function newTimer(durationMs: number): TimerState {
	return { durationMs, startedAt: null, remainingMs: durationMs };
}

/** Time left at `now`, in ms, never below 0. */
export function timeLeft(timer: TimerState, now: number): number {
	if (timer.startedAt === null) return Math.max(0, timer.remainingMs);
	// A clock a little behind the starter's would show more than was left: cap it.
	const elapsed = Math.max(0, now - timer.startedAt);
	return Math.max(0, timer.remainingMs - elapsed);
}

/** Whether it is counting down at `now` (started and not yet at zero). */
export function isRunning(timer: TimerState, now: number): boolean {
	return timer.startedAt !== null && timeLeft(timer, now) > 0;
}

/** Whether it has run out at `now` (it was started and reached zero). */
export function isFinished(timer: TimerState, now: number): boolean {
	return timer.startedAt !== null && timeLeft(timer, now) === 0;
}

/** Starts (or resumes) at `now`; a finished timer starts again from its duration. */
export function startTimer(timer: TimerState, now: number): TimerState {
	if (isRunning(timer, now)) return timer;
	const left = timeLeft(timer, now);
	return { ...timer, startedAt: now, remainingMs: left > 0 ? left : timer.durationMs };
}

/** Pauses at `now`, keeping the time left. */
export function pauseTimer(timer: TimerState, now: number): TimerState {
	if (timer.startedAt === null) return timer;
	return { ...timer, startedAt: null, remainingMs: timeLeft(timer, now) };
}

/** Back to the full duration, stopped. */
export function resetTimer(timer: TimerState): TimerState {
	return newTimer(timer.durationMs);
}

/** A new duration, stopped and full. */
export function setTimerDuration(durationMs: number): TimerState {
	return newTimer(durationMs);
}

/** "4:05", "0:09", "1:02:03": rounded up, so it shows 0:00 only when the time is up. */
export function formatTimeLeft(ms: number): string {
	const total = Math.ceil(Math.max(0, ms) / 1000);
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = String(total % 60).padStart(2, '0');
	return hours > 0
		? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
		: `${minutes}:${seconds}`;
}
