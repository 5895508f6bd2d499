/**
 * Per-step main-thread cost from a Chromium trace (devtools.timeline categories): for
 * each keydown, from the start of the task that dispatched it to the end of the first
 * frame commit after it, the time the renderer's main thread was busy (the union of its
 * RunTask slices in that span). This is the work a drag step costs, without the idle
 * wait for the next vsync that an in-page "key → next paint" timing also contains.
 */

interface TraceEvent {
	name: string;
	ph: string;
	ts: number;
	dur?: number;
	pid: number;
	tid: number;
	args?: { data?: { type?: string } };
}

/**
 * Busy milliseconds per keydown step, in order (the last `steps` keydowns); another
 * DOM event type (e.g. `change`) can be given instead of keydown.
 */
export function stepBusyTimes(trace: Buffer, steps: number, eventType = 'keydown'): number[] {
	const parsed = JSON.parse(trace.toString('utf8')) as
		{ traceEvents?: TraceEvent[] } | TraceEvent[];
	const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
	const keydowns = events
		.filter((e) => e.name === 'EventDispatch' && e.ph === 'X' && e.args?.data?.type === eventType)
		.sort((a, b) => a.ts - b.ts);
	if (keydowns.length === 0) return [];
	const { pid, tid } = keydowns[0];
	const onMain = (e: TraceEvent) => e.pid === pid && e.tid === tid && e.ph === 'X';
	const tasks = events.filter((e) => onMain(e) && e.name === 'RunTask').sort((a, b) => a.ts - b.ts);
	const commits = events
		.filter((e) => onMain(e) && e.name === 'Commit')
		.sort((a, b) => a.ts - b.ts);
	const result: number[] = [];
	for (const [i, keydown] of keydowns.entries()) {
		const containing = tasks.find((t) => t.ts <= keydown.ts && keydown.ts <= t.ts + (t.dur ?? 0));
		const start = containing?.ts ?? keydown.ts;
		const after = keydown.ts + (keydown.dur ?? 0);
		const next = keydowns[i + 1]?.ts ?? Infinity;
		const commit = commits.find((c) => c.ts >= after && c.ts < next);
		if (!commit) continue;
		const end = commit.ts + (commit.dur ?? 0);
		// Union of the task slices within [start, end].
		let busy = 0;
		let covered = start;
		for (const task of tasks) {
			const from = Math.max(task.ts, covered);
			const to = Math.min(task.ts + (task.dur ?? 0), end);
			if (to > from) {
				busy += to - from;
				covered = to;
			}
			if (task.ts > end) break;
		}
		result.push(busy / 1000);
	}
	return result.slice(-steps);
}
