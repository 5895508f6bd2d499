import type { PerPeriod, PeriodId } from '../types';
import type { Granularity, ImportProblem, SourceProject, SourceRead } from './source';
import { periodOf, periodsBetween } from './source';
import {
	STANDARD_CALENDAR,
	dayNumber,
	isoOfDay,
	minutesPerDay,
	periodDays,
	workingDays,
	type WorkCalendar
} from './mspdi-calendar';
import type { MspdiAssignment, MspdiCalendar, MspdiFile, MspdiTask } from './mspdi-file';

export { parseMspdi, isMppBytes, MPP_MESSAGE } from './mspdi-file';
export type { MspdiFile } from './mspdi-file';

/**
 * Reads a parsed MS Project file as projects of one outline level (or the whole file as
 * one project). The rules, each applied where it runs below:
 * - a project's cost is the cost of the leaf tasks of its subtree (summary tasks only
 *   add up their children). Assignment cost follows its timephased work where the file
 *   has some; the rest of a task's cost is spread over the task's working days.
 * - work is hours per resource: assignment timephased work (remaining + actual) where
 *   present, else the assignment's Work spread over the resource calendar's working days.
 *   FTE in a period = hours / (hours of a working day × working days of the period), both
 *   from the project's calendar: one FTE is one full-time person on the standard week,
 *   so a resource on a four-day week working all its days is 0.8 FTE.
 * - a predecessor link between tasks of two projects' subtrees is a dependency of the
 *   projects; a link inside one project says nothing about the portfolio.
 */
export function readMspdi(
	file: MspdiFile,
	options: { granularity: Granularity; level: number | 'file' }
): SourceRead {
	const { granularity, level } = options;
	const problems: ImportProblem[] = [];
	const notes: string[] = [];
	const tasks = file.tasks.filter((t) => t.outlineLevel >= 1);

	const calendars = new CalendarBook(file.calendars);
	const projectCalendar = calendars.get(file.calendarUid) ?? STANDARD_CALENDAR;
	const hoursPerDay =
		(calendars.get(file.calendarUid)
			? minutesPerDay(projectCalendar)
			: (file.minutesPerDay ?? 480)) / 60;
	const capacityHours = new Map<PeriodId, number>();
	const fullTime = (period: PeriodId): number => {
		let hours = capacityHours.get(period);
		if (hours === undefined) {
			const { first, last } = periodDays(period);
			hours = hoursPerDay * workingDays(projectCalendar, first, last);
			capacityHours.set(period, hours);
		}
		return hours;
	};

	// Resources: work resources only; material and cost resources are not people.
	const resourceCalendar = new Map<string, WorkCalendar>();
	const workResources = new Set<string>();
	const withoutCalendar: string[] = [];
	const resources = file.resources
		.filter((r) => r.type === 1 && r.name !== '')
		.map((r) => {
			workResources.add(r.uid);
			const own = calendars.get(r.calendarUid);
			if (!own) withoutCalendar.push(`'${r.name}'`);
			resourceCalendar.set(r.uid, own ?? projectCalendar);
			return { key: r.uid, name: r.name, maxUnits: r.maxUnits };
		});
	if (withoutCalendar.length > 0) {
		notes.push(
			`${withoutCalendar.join(', ')} ${withoutCalendar.length === 1 ? 'has' : 'have'} no calendar of ${withoutCalendar.length === 1 ? 'its' : 'their'} own: read with the project's calendar`
		);
	}

	// Outline: tasks are in outline order, so every subtree is a run of the list.
	const ends = subtreeEnds(tasks);
	const roots: { index: number; end: number }[] = [];
	if (level === 'file') roots.push({ index: -1, end: tasks.length });
	else tasks.forEach((t, i) => t.outlineLevel === level && roots.push({ index: i, end: ends[i] }));
	const projectOfUid = new Map<string, number>();
	roots.forEach((root, p) => {
		for (let i = root.index + 1; i < root.end; i++) projectOfUid.set(tasks[i].uid, p);
		if (root.index >= 0) projectOfUid.set(tasks[root.index].uid, p);
	});
	if (level !== 'file') {
		const outside = tasks.filter((t, i) => t.outlineLevel < level && ends[i] === i + 1).length;
		if (outside > 0) {
			notes.push(
				`${outside} task${outside === 1 ? '' : 's'} above level ${level} with no subtasks ${outside === 1 ? 'is' : 'are'} left out`
			);
		}
	}

	const assignmentsOf = new Map<string, MspdiAssignment[]>();
	for (const a of file.assignments) {
		const list = assignmentsOf.get(a.taskUid) ?? [];
		list.push(a);
		assignmentsOf.set(a.taskUid, list);
	}
	const knownUids = new Set(tasks.map((t) => t.uid));
	const missingLinks: string[] = [];
	const backwards: MspdiTask[] = [];
	const periods = new Set<PeriodId>();

	const projects: SourceProject[] = [];
	const dependsOn: Set<number>[] = [];
	roots.forEach((root, p) => {
		const head = root.index >= 0 ? tasks[root.index] : null;
		const cost: PerPeriod = {};
		const work: Record<string, PerPeriod> = {};
		const deps = new Set<number>();
		let start: string | undefined;
		let finish: string | undefined;
		const first = root.index >= 0 ? root.index : 0;
		for (let i = first; i < root.end; i++) {
			const task = tasks[i];
			for (const link of task.predecessors) {
				if (!knownUids.has(link.predecessorUid)) missingLinks.push(link.predecessorUid);
				const other = projectOfUid.get(link.predecessorUid);
				if (other !== undefined && other !== p) deps.add(other);
			}
			if (task.start && (!start || task.start < start)) start = task.start;
			if (task.finish && (!finish || task.finish > finish)) finish = task.finish;
			if (ends[i] !== i + 1) continue; // a summary: its leaves carry the amounts
			if (!task.active || !task.start || !task.finish) continue;
			if (dayNumber(task.finish) < dayNumber(task.start)) {
				backwards.push(task);
				continue;
			}
			let spreadCost = task.cost;
			for (const a of assignmentsOf.get(task.uid) ?? []) {
				const calendar = resourceCalendar.get(a.resourceUid) ?? projectCalendar;
				const { hours, phased } = assignmentHours(a, task, calendar, granularity);
				if (workResources.has(a.resourceUid)) {
					const into = (work[a.resourceUid] ??= {});
					for (const [period, h] of Object.entries(hours)) add(into, period, h / fullTime(period));
				}
				const total = Object.values(hours).reduce((s, h) => s + h, 0);
				if (phased && a.cost !== 0 && total > 0) {
					for (const [period, h] of Object.entries(hours)) add(cost, period, (a.cost * h) / total);
					spreadCost -= a.cost;
				}
			}
			const calendar = calendars.get(task.calendarUid) ?? projectCalendar;
			spread(spreadCost, task.start, task.finish, calendar, granularity, cost);
		}
		if (head) {
			start = head.start ?? start;
			finish = head.finish ?? finish;
		} else {
			start = file.startDate ?? start;
			finish = file.finishDate ?? finish;
		}
		const summary = head ?? file.tasks.find((t) => t.outlineLevel === 0) ?? null;
		const project: SourceProject = {
			key: head ? (head.guid ?? `UID ${head.uid}`) : (file.guid ?? 'file'),
			where: head ? whereOf(head) : 'the whole file',
			name: head ? head.name : file.title,
			cost: clean(cost),
			work: Object.fromEntries(Object.entries(work).map(([k, v]) => [k, clean(v)]))
		};
		const description = head ? head.notes : (summary?.notes ?? '');
		if (description) project.description = description;
		if (start) project.start = start.slice(0, 10);
		if (finish) project.finish = finish.slice(0, 10);
		if (summary?.baselineCost != null) project.baselineCost = summary.baselineCost;
		for (const period of Object.keys(project.cost ?? {})) periods.add(period);
		for (const perPeriod of Object.values(project.work ?? {}))
			for (const period of Object.keys(perPeriod)) periods.add(period);
		if (project.start) periods.add(periodOf(project.start, granularity));
		if (project.finish) periods.add(periodOf(project.finish, granularity));
		projects.push(project);
		dependsOn.push(deps);
	});
	projects.forEach((project, p) => {
		project.dependsOn = [...dependsOn[p]].sort((a, b) => a - b).map((q) => projects[q].key);
	});

	for (const cycle of cycles(dependsOn)) {
		const names = cycle.map((p) => `'${projects[p].name}'`);
		problems.push({
			where: projects[cycle[0]].where,
			message: `predecessor links make a cycle among the projects ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}: each waits for another`,
			count: cycle.length
		});
	}
	if (backwards.length > 0) {
		const t = backwards[0];
		problems.push({
			where: whereOf(t),
			message: `finishes (${t.finish?.slice(0, 10)}) before it starts (${t.start?.slice(0, 10)})${backwards.length === 2 ? ', and so does 1 more task' : backwards.length > 2 ? `, and so do ${backwards.length - 1} more tasks` : ''}`,
			count: backwards.length
		});
	}
	if (missingLinks.length > 0) {
		const uids = [...new Set(missingLinks)];
		notes.push(
			`${missingLinks.length} predecessor link${missingLinks.length === 1 ? '' : 's'} name${missingLinks.length === 1 ? 's' : ''} a task that is not in the file (UID ${uids.slice(0, 5).join(', ')}${uids.length > 5 ? ', …' : ''}): left out`
		);
	}

	const levels = new Map<number, number>();
	for (const t of tasks) levels.set(t.outlineLevel, (levels.get(t.outlineLevel) ?? 0) + 1);
	return {
		kind: 'mspdi',
		projects,
		resources,
		periods: [...periods].sort(),
		problems,
		notes,
		offers: {
			levels: [...levels.entries()]
				.sort((a, b) => a[0] - b[0])
				.map(([level, count]) => ({ level, count }))
		}
	};
}

function whereOf(task: MspdiTask): string {
	return `task '${task.name}' (UID ${task.uid})`;
}

function add(into: PerPeriod, period: PeriodId, amount: number): void {
	into[period] = (into[period] ?? 0) + amount;
}

/** Drops the dust that spreading leaves (amounts below 1e-9). */
function clean(perPeriod: PerPeriod): PerPeriod {
	const out: PerPeriod = {};
	for (const period of Object.keys(perPeriod).sort()) {
		if (Math.abs(perPeriod[period]) > 1e-9) out[period] = perPeriod[period];
	}
	return out;
}

/** For each task, the index after its subtree. */
function subtreeEnds(tasks: readonly MspdiTask[]): number[] {
	const ends = new Array<number>(tasks.length).fill(tasks.length);
	const open: number[] = [];
	tasks.forEach((task, i) => {
		while (open.length > 0 && tasks[open[open.length - 1]].outlineLevel >= task.outlineLevel) {
			ends[open.pop() as number] = i;
		}
		open.push(i);
	});
	return ends;
}

/**
 * Spreads an amount over the working days from `startTime` to `finishTime` onto periods.
 * A finish at or before 08:00 ends the day before: MS Project's timephased items run from
 * one day's 08:00 to the next's, and some tools finish tasks at midnight.
 * With no working day in the range (a weekend milestone) the calendar days count.
 */
function spread(
	amount: number,
	startTime: string,
	finishTime: string,
	calendar: WorkCalendar,
	granularity: Granularity,
	into: PerPeriod
): void {
	if (amount === 0) return;
	const from = dayNumber(startTime);
	let to = dayNumber(finishTime);
	if (to > from && finishTime.slice(11, 16) <= '08:00' && finishTime.length > 10) to -= 1;
	const total = workingDays(calendar, from, to);
	for (const period of periodsBetween(isoOfDay(from), isoOfDay(to), granularity)) {
		const days = periodDays(period);
		const a = Math.max(from, days.first);
		const b = Math.min(to, days.last);
		const share = total > 0 ? workingDays(calendar, a, b) / total : (b - a + 1) / (to - from + 1);
		if (share > 0) add(into, period, amount * share);
	}
}

/** Hours per period of one assignment; `phased` when they come from timephased data. */
function assignmentHours(
	a: MspdiAssignment,
	task: MspdiTask,
	calendar: WorkCalendar,
	granularity: Granularity
): { hours: PerPeriod; phased: boolean } {
	const hours: PerPeriod = {};
	// Remaining (1) plus actual (2) work is the whole planned work; baselines are not.
	const items = a.timephased.filter((t) => t.type === 1 || t.type === 2);
	if (items.length > 0) {
		for (const item of items)
			spread(item.hours, item.start, item.finish, calendar, granularity, hours);
		return { hours, phased: true };
	}
	const start = a.start ?? task.start;
	const finish = a.finish ?? task.finish;
	if (a.workHours && start && finish && dayNumber(finish) >= dayNumber(start)) {
		spread(a.workHours, start, finish, calendar, granularity, hours);
	}
	return { hours, phased: false };
}

/** Calendars resolved against their base calendars, each once. */
class CalendarBook {
	readonly #raw = new Map<string, MspdiCalendar>();
	readonly #resolved = new Map<string, WorkCalendar>();

	constructor(calendars: readonly MspdiCalendar[]) {
		for (const c of calendars) this.#raw.set(c.uid, c);
	}

	get(uid: string | null): WorkCalendar | null {
		if (uid === null || !this.#raw.has(uid)) return null;
		return this.#resolve(uid, 0);
	}

	#resolve(uid: string, depth: number): WorkCalendar {
		const known = this.#resolved.get(uid);
		if (known) return known;
		const raw = this.#raw.get(uid) as MspdiCalendar;
		const base =
			raw.baseUid && this.#raw.has(raw.baseUid) && depth < 10
				? this.#resolve(raw.baseUid, depth + 1)
				: STANDARD_CALENDAR;
		const minutes = [...base.minutes];
		for (const day of raw.weekDays) {
			if (day.dayType < 1 || day.dayType > 7) continue;
			minutes[day.dayType - 1] = day.working
				? (day.minutes ?? (base.minutes[day.dayType - 1] || 480))
				: 0;
		}
		// Exceptions: the base calendar's first, then this calendar's own on top.
		const working = new Map<number, boolean>();
		for (const d of base.holidays) working.set(d, false);
		for (const d of base.extraDays) working.set(d, true);
		for (const ex of raw.exceptions) {
			const from = dayNumber(ex.from);
			const to = Math.min(dayNumber(ex.to), from + 3660);
			for (let d = from; d <= to; d++) working.set(d, ex.working);
		}
		const holidays: number[] = [];
		const extraDays: number[] = [];
		for (const [day, works] of working) {
			const weekdayWorks = minutes[(((day + 4) % 7) + 7) % 7] > 0;
			if (!works && weekdayWorks) holidays.push(day);
			if (works && !weekdayWorks) extraDays.push(day);
		}
		const calendar = {
			minutes,
			holidays: holidays.sort((a, b) => a - b),
			extraDays: extraDays.sort((a, b) => a - b)
		};
		this.#resolved.set(uid, calendar);
		return calendar;
	}
}

/** Strongly connected groups of two or more projects in the dependency graph (Tarjan). */
function cycles(dependsOn: readonly Set<number>[]): number[][] {
	const index = new Array<number>(dependsOn.length).fill(-1);
	const low = new Array<number>(dependsOn.length).fill(0);
	const onStack = new Array<boolean>(dependsOn.length).fill(false);
	const stack: number[] = [];
	const out: number[][] = [];
	let counter = 0;
	const visit = (v: number): void => {
		index[v] = low[v] = counter++;
		stack.push(v);
		onStack[v] = true;
		for (const w of dependsOn[v]) {
			if (index[w] === -1) {
				visit(w);
				low[v] = Math.min(low[v], low[w]);
			} else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
		}
		if (low[v] === index[v]) {
			const group: number[] = [];
			let w: number;
			do {
				w = stack.pop() as number;
				onStack[w] = false;
				group.push(w);
			} while (w !== v);
			if (group.length > 1) out.push(group.sort((a, b) => a - b));
		}
	};
	for (let v = 0; v < dependsOn.length; v++) if (index[v] === -1) visit(v);
	return out;
}
