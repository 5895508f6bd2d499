import type { Decision, PerPeriod, PeriodId, ProjectStatus, SourceSystem } from '../types';

/**
 * The common shape of the import pipeline (read → map → validate → preview → apply).
 * Every reader (MS Project XML, Jira CSV, Excel, Cairn's CSV) turns its file into a
 * `SourceRead`; the mapping step turns that into an `ImportDraft` in this portfolio's
 * ids; `diff.ts` compares the draft with the portfolio; a doc command applies the rows
 * the person accepts. Pure data: no DOM, no Yjs.
 */

/** The kinds of file the pipeline reads. */
export type SourceKind = SourceSystem;

export const SOURCE_KINDS: readonly SourceKind[] = ['mspdi', 'jira-csv', 'xlsx', 'csv'];

/** What each kind is called in messages and menus. */
export const SOURCE_LABEL: Record<SourceKind, string> = {
	mspdi: 'MS Project XML',
	'jira-csv': 'Jira CSV export',
	xlsx: 'Excel workbook',
	csv: 'CSV file'
};

/** Periods are quarters (`2027-Q1`) or months (`2027-01`). */
export type Granularity = 'quarter' | 'month';

/**
 * One problem, named the way a person finds it in the file: `where` is "row 7",
 * "task 'CRM rollout' (UID 12)", "column 'Story Points'" or null for the whole file.
 * One root cause is one problem: `count` says how many places share it.
 */
export interface ImportProblem {
	where: string | null;
	message: string;
	/** How many rows, cells or tasks share this cause (1 when absent). */
	count?: number;
}

/** A person or team of the source (an MSPDI resource, a Jira "role" chosen by the user). */
export interface SourceResource {
	/** The source's own key (MSPDI resource UID). */
	key: string;
	name: string;
	/** Max units in FTE (1 = one full-time person), when the source gives them. */
	maxUnits: number | null;
}

/**
 * A project as the source describes it, with amounts already spread onto periods of
 * the requested granularity. Fields the source does not give are absent (the import
 * then leaves them as they are in Cairn).
 */
export interface SourceProject {
	/** The source's stable key: MSPDI task GUID (else `UID n`), Jira issue key, a chosen column. */
	key: string;
	/** Where it is in the file, for messages: "row 7", "task 'CRM' (UID 12)". */
	where: string;
	name: string;
	description?: string;
	sponsor?: string;
	/** The source's own status word (Jira "In Progress"); the mapping turns it into Cairn's. */
	status?: string;
	/** ISO dates (yyyy-mm-dd) of the schedule, when the source has one. */
	start?: string;
	finish?: string;
	/** Cost per period. */
	cost?: PerPeriod;
	/** Work per resource key per period, in FTE. */
	work?: Record<string, PerPeriod>;
	/** Source keys of the projects this one depends on (finish-to-start links). */
	dependsOn?: string[];
	/** The baseline (planned) total cost, kept beside the live cost. */
	baselineCost?: number;
}

/** A file read: its projects, resources, the periods its amounts fall in, and its problems. */
export interface SourceRead {
	kind: SourceKind;
	projects: SourceProject[];
	resources: SourceResource[];
	/** Every period that holds an amount or a date, sorted. */
	periods: PeriodId[];
	/** Problems of reading; the import waits until there are none. */
	problems: ImportProblem[];
	/** Things the person should know that do not stop the import ("read as Windows-1252"). */
	notes: string[];
	/** Choices the mapping step offers, from what the file holds. */
	offers?: SourceOffers;
}

/** What the file holds that the person can choose among. */
export interface SourceOffers {
	/** MSPDI: outline levels with how many tasks each has (level 1 = top summary tasks). */
	levels?: { level: number; count: number }[];
	/** Jira: issue types with their count. */
	issueTypes?: { type: string; count: number }[];
	/** Every distinct status word of the source (Jira), to map onto Cairn's statuses. */
	statuses?: string[];
}

/** A project mapped onto this portfolio: roles by id, status in Cairn's words. */
export interface DraftProject {
	key: string;
	where: string;
	/** The Cairn project this one updates, when the reader knows (a CSV's id column). */
	projectId?: string;
	/**
	 * False when the file has no key of its own (a CSV matched by Cairn's id or name): the
	 * project then gets no source link, and nothing is "gone" when a later file lacks it.
	 */
	linked?: boolean;
	name: string;
	description?: string;
	sponsor?: string;
	status?: ProjectStatus;
	/** Only spreadsheets in Cairn's own columns set the decision. */
	decision?: Decision;
	decisionReason?: string;
	start?: string;
	finish?: string;
	/** Cost per period to set; null clears a period (a complete source sets every period). */
	cost?: Record<PeriodId, number | null>;
	/** FTE per role id per period to set; null clears. */
	demand?: Record<string, Record<PeriodId, number | null>>;
	/** Source keys (or, for a CSV id column, Cairn project ids) of its dependencies. */
	dependsOn?: string[];
	baselineCost?: number;
}

/** A role the import creates (a resource mapped to "a new role"). */
export interface DraftRole {
	/** The id it will get, chosen by the mapping so that demand can name it. */
	id: string;
	name: string;
}

/** Everything an import would write, before it is compared with the portfolio. */
export interface ImportDraft {
	kind: SourceKind;
	/** The file's name, for the decision log ("Imported plan.xml"). */
	fileName: string;
	projects: DraftProject[];
	newRoles: DraftRole[];
	/** Capacity per role id per period to set (when the person asked for it). */
	capacity: Record<string, PerPeriod>;
	/** Periods the portfolio must gain for the draft to fit (the person chose "extend"). */
	addPeriods: PeriodId[];
	problems: ImportProblem[];
	notes: string[];
}

/** The periods of one granularity that a date falls in: `2027-03-15` → `2027-Q1` or `2027-03`. */
export function periodOf(isoDate: string, granularity: Granularity): PeriodId {
	const year = isoDate.slice(0, 4);
	const month = Number(isoDate.slice(5, 7));
	if (granularity === 'month') return `${year}-${String(month).padStart(2, '0')}`;
	return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** The granularity of a portfolio's periods (quarters unless its first period is a month). */
export function granularityOf(periods: readonly PeriodId[]): Granularity {
	return periods.length > 0 && /^\d{4}-\d{2}$/.test(periods[0]) ? 'month' : 'quarter';
}

/** The first and last day (ISO, inclusive) of a period. */
export function periodBounds(period: PeriodId): { first: string; last: string } {
	const year = Number(period.slice(0, 4));
	const quarter = /^\d{4}-Q([1-4])$/.exec(period);
	const firstMonth = quarter ? (Number(quarter[1]) - 1) * 3 + 1 : Number(period.slice(5, 7));
	const months = quarter ? 3 : 1;
	const first = new Date(Date.UTC(year, firstMonth - 1, 1));
	const last = new Date(Date.UTC(year, firstMonth - 1 + months, 0));
	return { first: first.toISOString().slice(0, 10), last: last.toISOString().slice(0, 10) };
}

/** Every period of a granularity from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(from: string, to: string, granularity: Granularity): PeriodId[] {
	const out: PeriodId[] = [];
	let year = Number(from.slice(0, 4));
	let month = Number(from.slice(5, 7));
	const end = periodOf(to, granularity);
	const step = granularity === 'month' ? 1 : 3;
	if (granularity === 'quarter') month = Math.floor((month - 1) / 3) * 3 + 1;
	for (let guard = 0; guard < 10_000; guard++) {
		const period = periodOf(`${year}-${String(month).padStart(2, '0')}-01`, granularity);
		out.push(period);
		if (period >= end) break;
		month += step;
		if (month > 12) {
			month -= 12;
			year += 1;
		}
	}
	return out;
}

/** "row 7: not a number: '12k'", "3 rows: …". */
export function describeImportProblem(problem: ImportProblem): string {
	const count = problem.count && problem.count > 1 ? ` (${problem.count} places)` : '';
	return problem.where ? `${problem.where}: ${problem.message}${count}` : problem.message + count;
}
