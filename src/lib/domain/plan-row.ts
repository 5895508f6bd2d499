import { quickPlan } from './quick-plan';
import { projectSpan, shiftProject } from './schedule';
import type { PerPeriod, PeriodId, Project } from './types';

/**
 * A project's plan as one row of the fast-entry grid: a start period, a duration in
 * periods, FTE per role (in each period of the span) and the cost (in total, spread
 * evenly over the span). Reading and editing it reuse the two schedule rules of the
 * app, the span and the shift (`schedule.ts`) and the even spread (`quick-plan.ts`),
 * so the grid agrees with the capacity timeline and the demand quick entry. Pure.
 */

export interface PlanRow {
	/** The first period with non-zero cost or demand, or null when nothing is planned. */
	start: PeriodId | null;
	/** Periods from the first to the last planned one, or null. */
	duration: number | null;
	/** FTE per role id: the mean over the span (the value itself when it is even). */
	fte: Record<string, number>;
	/** The cost over every period, or null when no cost is entered. */
	cost: number | null;
	/** Whether some role's FTE or the cost differs from period to period (entered elsewhere). */
	uneven: boolean;
}

/** Rounds away binary noise (0.1 × 3) without touching meaningful decimals. */
function tidy(value: number): number {
	return Math.round(value * 1e9) / 1e9;
}

type Plan = Pick<Project, 'cost' | 'demand'>;

/** Reads a project's cost and demand as one row (see `PlanRow`). */
export function readPlanRow(project: Plan, periods: readonly PeriodId[]): PlanRow {
	let cost: number | null = null;
	for (const period of periods) {
		const value = project.cost[period];
		if (value !== undefined) cost = (cost ?? 0) + value;
	}
	const span = projectSpan(project, periods);
	if (!span) return { start: null, duration: null, fte: {}, cost, uneven: false };
	const covered = periods.slice(span.first, span.last + 1);
	const fte: Record<string, number> = {};
	const uneven = (cells: PerPeriod) =>
		covered.some((p) => (cells[p] ?? 0) !== (cells[covered[0]] ?? 0));
	let anyUneven = cost !== null && uneven(project.cost);
	for (const roleId in project.demand) {
		const cells = project.demand[roleId];
		if (!covered.some((p) => (cells[p] ?? 0) !== 0)) continue;
		fte[roleId] = tidy(covered.reduce((sum, p) => sum + (cells[p] ?? 0), 0) / covered.length);
		anyUneven ||= uneven(cells);
	}
	return {
		start: covered[0],
		duration: covered.length,
		fte,
		cost: cost === null ? null : tidy(cost),
		uneven: anyUneven
	};
}

/** What a row edit changes; absent fields stay as they are, null clears a value. */
export interface PlanRowEdit {
	start?: PeriodId;
	duration?: number;
	/** FTE per role id in each period of the span; null (or 0) clears the role's demand. */
	fte?: Record<string, number | null>;
	/** The cost in total, spread evenly over the span; null clears it. */
	cost?: number | null;
}

/** The cells an edit writes (null clears one), or why it cannot be made. */
export type PlanRowResult =
	| {
			ok: true;
			cost: Record<PeriodId, number | null>;
			demand: Record<string, Record<PeriodId, number | null>>;
			/** Whether anything is written (a start or a duration alone, before any value, is not). */
			writes: boolean;
	  }
	| { ok: false; field: 'start' | 'duration' | 'values'; message: string };

/**
 * The cells that make `project`'s plan match an edited row. A new start alone MOVES the
 * plan (shiftProject: its shape is kept); a new duration, or a start with other changes,
 * spreads every FTE and the cost evenly over the new span (quickPlan); an FTE or a cost
 * alone rewrites only that role or the cost over the span. Only cells that change are
 * returned. A project with nothing planned yet needs a start and a duration (from the
 * edit or from `pending`, what was typed before) for its first value.
 */
export function editPlanRow(options: {
	project: Plan;
	periods: readonly PeriodId[];
	edit: PlanRowEdit;
	pending?: { start?: PeriodId; duration?: number };
}): PlanRowResult {
	const { project, periods, edit } = options;
	const current = readPlanRow(project, periods);
	const start = edit.start ?? current.start ?? options.pending?.start;
	const duration = edit.duration ?? current.duration ?? options.pending?.duration;
	const fteEdit = edit.fte ?? {};
	const hasValues = Object.keys(fteEdit).length > 0 || edit.cost !== undefined;
	const none = { ok: true as const, cost: {}, demand: {}, writes: false };
	if (start === undefined || start === null || duration === undefined || duration === null) {
		if (!hasValues) return none;
		return {
			ok: false,
			field: 'values',
			message: `give the ${start ? 'duration' : 'start'} first`
		};
	}
	const from = periods.indexOf(start);
	if (from < 0)
		return { ok: false, field: 'start', message: `'${start}' is not a period of the plan` };
	if (from + duration > periods.length) {
		return {
			ok: false,
			field: edit.duration !== undefined ? 'duration' : 'start',
			message:
				`${duration} ${duration === 1 ? 'period' : 'periods'} from ${start} run past the last ` +
				`period of the plan (${periods.at(-1)}). Add periods first, or shorten it`
		};
	}
	if (current.start === null && !hasValues) return none;

	const moving = current.start !== null && start !== current.start;
	const resizing = current.duration !== null && duration !== current.duration;
	const cost: Record<PeriodId, number | null> = {};
	const demand: Record<string, Record<PeriodId, number | null>> = {};
	const setSeries = (target: Record<PeriodId, number | null>, have: PerPeriod, want: PerPeriod) => {
		for (const period of periods) {
			const value = want[period] ?? null;
			if (value !== (have[period] ?? null)) target[period] = value;
		}
	};
	const writes = () =>
		Object.keys(cost).length > 0 || Object.values(demand).some((d) => Object.keys(d).length > 0);

	if (moving && !resizing && !hasValues) {
		const shifted = shiftProject(
			{ name: '', ...project },
			periods,
			from - periods.indexOf(current.start!)
		);
		if (!shifted.ok) return { ok: false, field: 'start', message: shifted.message };
		setSeries(cost, project.cost, shifted.cost);
		for (const roleId in project.demand) {
			demand[roleId] = {};
			setSeries(demand[roleId], project.demand[roleId], shifted.demand[roleId] ?? {});
		}
		return { ok: true, cost, demand, writes: writes() };
	}

	// Which series are rewritten: all of them when the span changes, else the edited ones.
	const all = moving || resizing;
	const fte: Record<string, number> = {};
	const roles = new Set([...(all ? Object.keys(current.fte) : []), ...Object.keys(fteEdit)]);
	for (const roleId of roles) {
		const value = roleId in fteEdit ? fteEdit[roleId] : current.fte[roleId];
		if (value !== null && value !== undefined) fte[roleId] = value;
	}
	const costTotal = edit.cost !== undefined ? edit.cost : all ? current.cost : undefined;
	let plan;
	try {
		plan = quickPlan({
			periods,
			start,
			duration,
			fte,
			spread: 'per-period',
			costTotal: costTotal ?? undefined
		});
	} catch (error) {
		return { ok: false, field: 'values', message: (error as Error).message };
	}
	for (const roleId of roles) {
		demand[roleId] = {};
		setSeries(demand[roleId], project.demand[roleId] ?? {}, plan.demand[roleId] ?? {});
	}
	if (costTotal !== undefined) setSeries(cost, project.cost, plan.cost ?? {});
	return { ok: true, cost, demand, writes: writes() };
}
