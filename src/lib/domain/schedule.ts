/**
 * A project's place in time: the periods its cost and demand span, and moving its
 * start by whole periods (cost and demand move with it, cell by cell).
 *
 * The edges are explicit: the period list is the plan's horizon, and a shift that
 * would push a non-zero cost or demand before the first period or after the last is
 * REFUSED with a message naming the project, the value and the period, never clipped.
 * Extending the horizon instead would add periods in which every role has no capacity
 * (so the project could not be funded) and change everyone's plan as a side effect of
 * one project's move; adding a period is a deliberate step in Portfolio. Zero cells
 * carry no demand: they move like the others and are dropped at an edge.
 */
import type { PerPeriod, PeriodId, Project } from './types';

/** The first and last period (indexes into `periods`) with non-zero cost or demand. */
export interface Span {
	first: number;
	last: number;
}

function eachCell(
	project: Pick<Project, 'cost' | 'demand'>,
	visit: (period: PeriodId, value: number) => void
) {
	for (const period in project.cost) visit(period, project.cost[period]);
	for (const roleId in project.demand) {
		const cells = project.demand[roleId];
		for (const period in cells) visit(period, cells[period]);
	}
}

/** The periods a project's non-zero cost and demand span; null when it has none. */
export function projectSpan(
	project: Pick<Project, 'cost' | 'demand'>,
	periods: readonly PeriodId[]
): Span | null {
	const at = new Map(periods.map((p, t) => [p, t]));
	let first = Infinity;
	let last = -Infinity;
	eachCell(project, (period, value) => {
		const t = at.get(period);
		if (t === undefined || value === 0) return;
		first = Math.min(first, t);
		last = Math.max(last, t);
	});
	return first === Infinity ? null : { first, last };
}

/** How far a project can move: periods earlier (≤ 0) and later (≥ 0); 0 and 0 when it has nothing. */
export function shiftRange(
	project: Pick<Project, 'cost' | 'demand'>,
	periods: readonly PeriodId[]
): { earliest: number; latest: number } {
	const span = projectSpan(project, periods);
	if (!span) return { earliest: 0, latest: 0 };
	return { earliest: 0 - span.first || 0, latest: periods.length - 1 - span.last };
}

/** The result of a shift: the moved records, or why it cannot be done. */
export type ShiftResult =
	{ ok: true; cost: PerPeriod; demand: Record<string, PerPeriod> } | { ok: false; message: string };

/** "1 period later", "2 periods earlier". */
export function describeShift(delta: number): string {
	const n = Math.abs(delta);
	return `${n} ${n === 1 ? 'period' : 'periods'} ${delta < 0 ? 'earlier' : 'later'}`;
}

/**
 * Moves every cost and demand cell of `project` by `delta` whole periods along
 * `periods` (negative: earlier). Refuses a delta that is not a whole number, a project
 * with no cost or demand in the plan's periods, and any move that would push a
 * non-zero value outside the period list (see the module comment). Values recorded
 * for periods not in the list (none in a valid snapshot) stay where they are.
 */
export function shiftProject(
	project: Pick<Project, 'name' | 'cost' | 'demand'>,
	periods: readonly PeriodId[],
	delta: number
): ShiftResult {
	if (!Number.isInteger(delta)) {
		return { ok: false, message: `A start moves by whole periods, not by ${delta}` };
	}
	const span = projectSpan(project, periods);
	if (!span) {
		return {
			ok: false,
			message: `“${project.name}” has no cost or demand in the plan's periods: there is nothing to move`
		};
	}
	if (span.first + delta < 0) {
		return {
			ok: false,
			message:
				`Cannot move “${project.name}” ${describeShift(delta)}: it starts in ${periods[span.first]}, ` +
				`and ${periods[0]} is the first period of the plan. Add earlier periods in Portfolio first.`
		};
	}
	if (span.last + delta > periods.length - 1) {
		return {
			ok: false,
			message:
				`Cannot move “${project.name}” ${describeShift(delta)}: it runs until ${periods[span.last]}, ` +
				`and ${periods[periods.length - 1]} is the last period of the plan. Add later periods in Portfolio first.`
		};
	}
	const at = new Map(periods.map((p, t) => [p, t]));
	const move = (record: PerPeriod): PerPeriod => {
		const out: PerPeriod = {};
		// Values outside the list first, so that a moved value wins a clash with one.
		for (const period in record) if (!at.has(period)) out[period] = record[period];
		for (const period in record) {
			const t = at.get(period);
			if (t === undefined) continue;
			const to = t + delta;
			if (to < 0 || to >= periods.length) continue; // a zero cell at the edge
			out[periods[to]] = record[period];
		}
		return out;
	};
	const demand: Record<string, PerPeriod> = {};
	for (const roleId in project.demand) demand[roleId] = move(project.demand[roleId]);
	return { ok: true, cost: move(project.cost), demand };
}
