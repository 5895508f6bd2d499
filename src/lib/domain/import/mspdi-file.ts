import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ImportProblem } from './source';
import { durationHours } from './mspdi-calendar';

/**
 * MS Project XML (MSPDI, `<Project xmlns="http://schemas.microsoft.com/project">`) parsed
 * into plain typed records: the fields the import reads, nothing else. `readMspdi` in
 * `mspdi.ts` turns this into a `SourceRead`.
 *
 * Units, as MS Project saves them (checked against files saved by Project 2003–2019):
 * - every currency field (Task/Assignment `Cost`, `FixedCost`, `Baseline/Cost`, timephased
 *   cost values) is in hundredths of the currency unit: `<Cost>352625</Cost>` is 3,526.25.
 *   The records below hold currency units (already divided by 100).
 * - work and durations are xsd durations, `PT8H0M0S`; held here as hours.
 * - `MaxUnits` 1 is 100 %: one full-time person.
 * - timephased data `Type` 1 is assignment remaining work, 2 actual work; MSPDI has no
 *   type for planned cost per period (cost types are baseline 5/10/… and actual 6).
 */

/** One calendar as written: its own weekdays and exceptions; the rest comes from its base. */
export interface MspdiCalendar {
	uid: string;
	name: string;
	baseUid: string | null;
	/** DayType 1 (Sunday) … 7 (Saturday); minutes from the working times (null: not given). */
	weekDays: { dayType: number; working: boolean; minutes: number | null }[];
	/** Date ranges (ISO, inclusive) that work or not, whatever their weekday. */
	exceptions: { from: string; to: string; working: boolean }[];
}

export interface MspdiLink {
	predecessorUid: string;
	/** 0 FF, 1 FS, 2 SF, 3 SS. */
	type: number;
}

export interface MspdiTask {
	uid: string;
	id: string;
	guid: string | null;
	name: string;
	notes: string;
	outlineLevel: number;
	/** False for a task set inactive (Project 2010+): it keeps its place but counts for nothing. */
	active: boolean;
	/** Date-times as written (`2027-01-04T08:00:00`), null when absent. */
	start: string | null;
	finish: string | null;
	/** Currency units. */
	cost: number;
	/** Baseline 0 cost in currency units, null when the task has no baseline. */
	baselineCost: number | null;
	calendarUid: string | null;
	predecessors: MspdiLink[];
}

export interface MspdiResource {
	uid: string;
	name: string;
	/** 0 material, 1 work, 2 cost. */
	type: number;
	maxUnits: number | null;
	calendarUid: string | null;
}

export interface MspdiTimephased {
	type: number;
	start: string;
	finish: string;
	hours: number;
}

export interface MspdiAssignment {
	uid: string;
	taskUid: string;
	resourceUid: string;
	workHours: number | null;
	/** Currency units. */
	cost: number;
	start: string | null;
	finish: string | null;
	timephased: MspdiTimephased[];
}

/** An MS Project XML file, parsed. */
export interface MspdiFile {
	/** The project's Title, else its Name (often the file name), else ''. */
	title: string;
	guid: string | null;
	startDate: string | null;
	finishDate: string | null;
	minutesPerDay: number | null;
	calendarUid: string | null;
	calendars: MspdiCalendar[];
	/** In file order, which is outline order; the project summary (level 0) included. */
	tasks: MspdiTask[];
	resources: MspdiResource[];
	assignments: MspdiAssignment[];
}

export const MSPDI_NAMESPACE = 'http://schemas.microsoft.com/project';

/** What to tell a person who picked a binary `.mpp` file. */
export const MPP_MESSAGE =
	'This is a binary MS Project file (.mpp): in MS Project choose File › Save As › XML (*.xml), then import that file';

/** Whether the bytes are an OLE2 compound file (what `.mpp` files are): D0 CF 11 E0. */
export function isMppBytes(bytes: Uint8Array): boolean {
	return (
		bytes.length >= 4 &&
		bytes[0] === 0xd0 &&
		bytes[1] === 0xcf &&
		bytes[2] === 0x11 &&
		bytes[3] === 0xe0
	);
}

const LISTS = new Set([
	'Calendar',
	'WeekDay',
	'WorkingTime',
	'Exception',
	'Task',
	'Resource',
	'Assignment',
	'PredecessorLink',
	'TimephasedData',
	'Baseline'
]);

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	parseTagValue: false,
	parseAttributeValue: false,
	ignoreDeclaration: true,
	ignorePiTags: true,
	isArray: (name) => LISTS.has(name)
});

type Node = Record<string, unknown>;

function node(value: unknown): Node | null {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as Node)
		: null;
}

function list(parent: Node | null, key: string): Node[] {
	const value = parent?.[key];
	return Array.isArray(value) ? value.map(node).filter((n): n is Node => n !== null) : [];
}

function text(parent: Node | null, key: string): string | undefined {
	const value = parent?.[key];
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	const inner = node(value)?.['#text'];
	return typeof inner === 'string' ? inner : undefined;
}

function num(parent: Node | null, key: string): number | null {
	const value = text(parent, key);
	if (value === undefined || value.trim() === '') return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
}

function minutesOf(time: string | undefined): number {
	if (!time) return 0;
	return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function readCalendar(xml: Node): MspdiCalendar {
	const weekDays: MspdiCalendar['weekDays'] = [];
	const exceptions: MspdiCalendar['exceptions'] = [];
	for (const day of list(node(xml.WeekDays), 'WeekDay')) {
		const dayType = num(day, 'DayType') ?? -1;
		const working = text(day, 'DayWorking') === '1';
		const times = list(node(day.WorkingTimes), 'WorkingTime');
		if (dayType === 0) {
			// Before Project 2007 exceptions were weekdays of type 0 with a period.
			const period = node(day.TimePeriod);
			const from = text(period, 'FromDate');
			const to = text(period, 'ToDate');
			if (from && to) exceptions.push({ from, to, working });
			continue;
		}
		const minutes =
			times.length === 0
				? null
				: times.reduce((sum, t) => {
						const from = minutesOf(text(t, 'FromTime'));
						const to = minutesOf(text(t, 'ToTime')) || 24 * 60;
						return sum + Math.max(0, to - from);
					}, 0);
		weekDays.push({ dayType, working, minutes });
	}
	for (const ex of list(node(xml.Exceptions), 'Exception')) {
		// Type 1 is a plain run of days; recurring ones (yearly, monthly…) would need their
		// pattern, which the import does not model, so they are left to the weekday rules.
		const type = num(ex, 'Type');
		if (type !== null && type !== 1) continue;
		const period = node(ex.TimePeriod);
		const from = text(period, 'FromDate');
		const to = text(period, 'ToDate');
		if (from && to) exceptions.push({ from, to, working: text(ex, 'DayWorking') === '1' });
	}
	const baseUid = text(xml, 'BaseCalendarUID');
	return {
		uid: text(xml, 'UID') ?? '',
		name: text(xml, 'Name') ?? '',
		baseUid: baseUid && baseUid !== '-1' && baseUid !== '0' ? baseUid : null,
		weekDays,
		exceptions
	};
}

function readTask(xml: Node): MspdiTask {
	const baseline0 = list(xml, 'Baseline').find((b) => (num(b, 'Number') ?? 0) === 0);
	const baseline = num(baseline0 ?? null, 'Cost') ?? num(xml, 'BaselineCost');
	const calendarUid = text(xml, 'CalendarUID');
	return {
		uid: text(xml, 'UID') ?? '',
		id: text(xml, 'ID') ?? '',
		guid: text(xml, 'GUID') || null,
		name: text(xml, 'Name') ?? '',
		notes: text(xml, 'Notes') ?? '',
		outlineLevel: num(xml, 'OutlineLevel') ?? 1,
		active: text(xml, 'Active') !== '0',
		start: text(xml, 'Start') || null,
		finish: text(xml, 'Finish') || null,
		cost: (num(xml, 'Cost') ?? 0) / 100,
		baselineCost: baseline === null ? null : baseline / 100,
		calendarUid: calendarUid && calendarUid !== '-1' ? calendarUid : null,
		predecessors: list(xml, 'PredecessorLink').map((link) => ({
			predecessorUid: text(link, 'PredecessorUID') ?? '',
			type: num(link, 'Type') ?? 1
		}))
	};
}

function readResource(xml: Node): MspdiResource {
	const calendarUid = text(xml, 'CalendarUID');
	return {
		uid: text(xml, 'UID') ?? '',
		name: text(xml, 'Name') ?? '',
		type: num(xml, 'Type') ?? 1,
		maxUnits: num(xml, 'MaxUnits'),
		calendarUid: calendarUid && calendarUid !== '-1' ? calendarUid : null
	};
}

function readAssignment(xml: Node): MspdiAssignment {
	return {
		uid: text(xml, 'UID') ?? '',
		taskUid: text(xml, 'TaskUID') ?? '',
		resourceUid: text(xml, 'ResourceUID') ?? '',
		workHours: durationHours(text(xml, 'Work')),
		cost: (num(xml, 'Cost') ?? 0) / 100,
		start: text(xml, 'Start') || null,
		finish: text(xml, 'Finish') || null,
		timephased: list(xml, 'TimephasedData').flatMap((item) => {
			const start = text(item, 'Start');
			const finish = text(item, 'Finish');
			const hours = durationHours(text(item, 'Value'));
			return start && finish && hours !== null
				? [{ type: num(item, 'Type') ?? 0, start, finish, hours }]
				: [];
		})
	};
}

function lineOf(text: string, index: number): number {
	let line = 1;
	for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
	return line;
}

/**
 * Parses MS Project XML once into an `MspdiFile`. Fails with one problem when the text is
 * not XML (with the line), is XML of another kind (naming its root), or holds no task.
 */
export function parseMspdi(
	source: string
): { ok: true; file: MspdiFile } | { ok: false; problem: ImportProblem } {
	const body = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
	const first = body.search(/\S/);
	if (first === -1 || body[first] !== '<') {
		const line = first === -1 ? 1 : lineOf(body, first);
		return fail(`not an XML file: it does not begin with a tag at line ${line}`);
	}
	const valid = XMLValidator.validate(body);
	if (valid !== true) {
		// An end of file with tags still open is reported as the list of open tags.
		const open = /^Invalid '\[(.*)\]' found/s.exec(valid.err.msg);
		if (open) {
			const tags = open[1].split(',').map((t) => t.trim().replace(/^"|"$/g, ''));
			const lines = lineOf(body, body.length);
			return fail(
				`not an XML file: it ends inside <${tags[tags.length - 1]}>, as if cut short, at line ${lines}`
			);
		}
		return fail(`not an XML file: ${valid.err.msg.replace(/\.$/, '')} at line ${valid.err.line}`);
	}
	const doc = node(parser.parse(body)) ?? {};
	const root = Object.keys(doc).find((k) => !k.startsWith('?') && !k.startsWith('#'));
	const project = node(doc.Project);
	if (root !== 'Project' || !project) {
		return fail(`an XML file, but not MS Project XML: its root is <${root ?? ''}>`);
	}
	const namespace = text(project, '@_xmlns');
	if (namespace !== MSPDI_NAMESPACE && !('Tasks' in project)) {
		return fail(
			'an XML file, but not MS Project XML: its root is <Project> without MS Project’s namespace'
		);
	}
	// Null tasks are the blank rows of the Gantt table: nothing to read.
	const tasks = list(node(project.Tasks), 'Task')
		.filter((t) => text(t, 'IsNull') !== '1')
		.map(readTask);
	if (!tasks.some((t) => t.outlineLevel >= 1)) {
		return fail('MS Project XML without tasks: there is no task below the project summary');
	}
	const calendarUid = text(project, 'CalendarUID');
	return {
		ok: true,
		file: {
			title: text(project, 'Title') || text(project, 'Name') || '',
			guid: text(project, 'GUID') || null,
			startDate: text(project, 'StartDate') || null,
			finishDate: text(project, 'FinishDate') || null,
			minutesPerDay: num(project, 'MinutesPerDay'),
			calendarUid: calendarUid && calendarUid !== '-1' ? calendarUid : null,
			calendars: list(node(project.Calendars), 'Calendar').map(readCalendar),
			tasks,
			resources: list(node(project.Resources), 'Resource').map(readResource),
			assignments: list(node(project.Assignments), 'Assignment').map(readAssignment)
		}
	};
}

function fail(message: string): { ok: false; problem: ImportProblem } {
	return { ok: false, problem: { where: null, message } };
}
