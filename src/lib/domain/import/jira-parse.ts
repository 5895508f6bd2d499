import { parseCellValue } from '../paste';
import type { CsvTable } from '../projects-csv';
import type { ImportProblem } from './source';

/**
 * Jira's CSV export as data: one `JiraIssue` per row, columns found by header (without
 * case: Data Center writes "Due Date", Cloud "Due date"). The export's quirks, as
 * Atlassian writes them:
 *
 * - a field with several values gets one column per value, all with the same header
 *   (`Labels`, `Sprint`, `Component/s`, `Fix Version/s`, the issue-link columns);
 * - the parent is `Parent id` (the parent's Issue id; Data Center, older Cloud), `Parent`
 *   (newer Cloud: the parent's id, sometimes its key) or `Custom field (Epic Link)` (the
 *   epic's key; Data Center and company-managed projects before the parent field);
 * - story points are `Custom field (Story Points)` (Data Center, company-managed) or
 *   `Custom field (Story point estimate)` (team-managed Cloud);
 * - `Original Estimate`, `Remaining Estimate` and `Time Spent` are in SECONDS;
 * - dates follow the exporting user's Jira format, by default `07/Dec/26 2:15 PM`
 *   (Cloud), `07/Dec/26 14:15` or `07/Dec/26` (Data Center); ISO-like `2026-12-07 14:15`
 *   when an admin chose it. Only the date is kept.
 */

/** The fields read as dates or numbers, which can fail. */
export type JiraTypedField = 'created' | 'due' | 'start' | 'points' | 'estimate';

/** One issue (one row) of a Jira export; values are as written unless typed here. */
export interface JiraIssue {
	/** The spreadsheet row (the header is row 1). */
	row: number;
	key: string;
	/** Jira's numeric issue id ('' when the export has no `Issue id` column). */
	id: string;
	summary: string;
	type: string;
	status: string;
	reporter: string;
	assignee: string;
	description: string;
	/** ISO dates, or null when empty or not a date (then listed in `invalid`). */
	created: string | null;
	due: string | null;
	start: string | null;
	/** The parent as written: an issue id or key (Parent id, Parent, then Epic Link). */
	parent: string | null;
	points: number | null;
	/** `Original Estimate`, in seconds. */
	estimateSeconds: number | null;
	labels: string[];
	sprints: string[];
	components: string[];
	/** Keys this issue blocks (`Outward issue link (Blocks)`). */
	blocks: string[];
	/** Keys that block this issue (`Inward issue link (Blocks)`). */
	blockedBy: string[];
	/** Cells that could not be read: which field, the column's header as in the file, the text. */
	invalid: { field: JiraTypedField; column: string; text: string }[];
}

/** A Jira export read into issues, with which optional columns it has. */
export interface JiraFile {
	issues: JiraIssue[];
	/** The header of the story points column (Jira's spelling), when the file has one. */
	pointsColumn: string | null;
	/** Whether the file has `Original Estimate`. */
	hasOriginalEstimate: boolean;
	/** Whether the file has `Blocks` issue-link columns. */
	hasBlockLinks: boolean;
}

/** The headers this reader uses, in the spelling of Jira's export (matched without case). */
export const JIRA_COLUMNS = {
	key: 'Issue key',
	id: 'Issue id',
	summary: 'Summary',
	type: 'Issue Type',
	status: 'Status',
	reporter: 'Reporter',
	assignee: 'Assignee',
	description: 'Description',
	created: 'Created',
	due: 'Due date',
	start: 'Custom field (Start date)',
	/** Team-managed Cloud projects have Start date as a field of their own. */
	startField: 'Start date',
	parentId: 'Parent id',
	parent: 'Parent',
	epicLink: 'Custom field (Epic Link)',
	points: 'Custom field (Story Points)',
	pointEstimate: 'Custom field (Story point estimate)',
	originalEstimate: 'Original Estimate',
	labels: 'Labels',
	sprint: 'Sprint',
	components: 'Component/s',
	blocks: 'Outward issue link (Blocks)',
	blockedBy: 'Inward issue link (Blocks)'
} as const;

const REQUIRED = [JIRA_COLUMNS.key, JIRA_COLUMNS.summary];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoDate(year: number, month: number, day: number): string | null {
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1) return null;
	return date.toISOString().slice(0, 10);
}

/**
 * A Jira date cell as an ISO date: `07/Dec/26 2:15 PM`, `7/Dec/2026 14:15`, `07/Dec/26`,
 * `2026-12-07 14:15`, `2026-12-07T14:15:00.000+0100`. The time is dropped; two-digit
 * years are 20yy. Null when the text is none of these.
 */
export function parseJiraDate(text: string): string | null {
	const trimmed = text.trim();
	const jira =
		/^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$/.exec(
			trimmed
		);
	if (jira) {
		const month = MONTHS.indexOf(jira[2].toLowerCase()) + 1;
		if (month === 0) return null;
		const year = jira[3].length === 2 ? 2000 + Number(jira[3]) : Number(jira[3]);
		return isoDate(year, month, Number(jira[1]));
	}
	const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s].*)?$/.exec(trimmed);
	if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
	return null;
}

/** Every column index of each header, without case. */
function indexHeaders(headers: readonly string[]): Map<string, number[]> {
	const byName = new Map<string, number[]>();
	headers.forEach((header, i) => {
		const name = header.trim().toLowerCase();
		byName.set(name, [...(byName.get(name) ?? []), i]);
	});
	return byName;
}

/**
 * Reads a Jira CSV export (already read by `readCsv`) into issues. Fails only when the
 * file lacks `Issue key` or `Summary`; cells that are not dates or numbers are kept in
 * each issue's `invalid`, for `readJira` to report where they matter.
 */
export function parseJira(
	table: CsvTable
): { ok: true; file: JiraFile } | { ok: false; problem: ImportProblem } {
	const columns = indexHeaders(table.headers);
	const missing = REQUIRED.filter((h) => !columns.has(h.toLowerCase()));
	if (missing.length > 0) {
		const found = table.headers.filter((h) => h.trim() !== '');
		const shown = found.slice(0, 12).map((h) => `'${h}'`);
		if (found.length > 12) shown.push(`and ${found.length - 12} more`);
		return {
			ok: false,
			problem: {
				where: null,
				message: `not a Jira export: no ${missing.map((m) => `'${m}'`).join(' or ')} column (the file has ${shown.length > 0 ? shown.join(', ') : 'no headers'})`
			}
		};
	}
	const has = (header: string) => columns.has(header.toLowerCase());
	const pointsColumn = [JIRA_COLUMNS.points, JIRA_COLUMNS.pointEstimate].find(has) ?? null;

	const issues = table.rows.map(({ row, cells }): JiraIssue => {
		const invalid: JiraIssue['invalid'] = [];
		const all = (header: string) =>
			(columns.get(header.toLowerCase()) ?? [])
				.map((i) => (cells[i] ?? '').trim())
				.filter((value) => value !== '');
		const one = (header: string) => all(header)[0] ?? '';
		// Messages name the column as the file spells it ("Due Date" in Data Center).
		const spelled = (header: string) =>
			table.headers[columns.get(header.toLowerCase())?.[0] ?? -1] ?? header;
		const date = (field: JiraTypedField, headers: string[]) => {
			const header = headers.find((h) => one(h) !== '');
			if (header === undefined) return null;
			const text = one(header);
			const value = parseJiraDate(text);
			if (value === null) invalid.push({ field, column: spelled(header), text });
			return value;
		};
		const number = (field: JiraTypedField, header: string) => {
			const text = one(header);
			const parsed = parseCellValue(text, 'amount');
			if (parsed.ok) return parsed.value;
			invalid.push({ field, column: spelled(header), text });
			return null;
		};
		// Both story point fields can exist (a site that moved to team-managed projects):
		// the first that has a value counts.
		const pointsHeader = [JIRA_COLUMNS.points, JIRA_COLUMNS.pointEstimate].find(
			(h) => one(h) !== ''
		);
		const parent =
			[JIRA_COLUMNS.parentId, JIRA_COLUMNS.parent, JIRA_COLUMNS.epicLink]
				.map(one)
				.find((value) => value !== '') ?? null;
		return {
			row,
			key: one(JIRA_COLUMNS.key),
			id: one(JIRA_COLUMNS.id),
			summary: one(JIRA_COLUMNS.summary),
			type: one(JIRA_COLUMNS.type),
			status: one(JIRA_COLUMNS.status),
			reporter: one(JIRA_COLUMNS.reporter),
			assignee: one(JIRA_COLUMNS.assignee),
			description: (columns.get(JIRA_COLUMNS.description.toLowerCase()) ?? [])
				.map((i) => cells[i] ?? '')
				.join(''),
			created: date('created', [JIRA_COLUMNS.created]),
			due: date('due', [JIRA_COLUMNS.due]),
			start: date('start', [JIRA_COLUMNS.start, JIRA_COLUMNS.startField]),
			parent,
			points: pointsHeader ? number('points', pointsHeader) : null,
			estimateSeconds: number('estimate', JIRA_COLUMNS.originalEstimate),
			labels: all(JIRA_COLUMNS.labels),
			sprints: all(JIRA_COLUMNS.sprint),
			components: all(JIRA_COLUMNS.components),
			blocks: all(JIRA_COLUMNS.blocks),
			blockedBy: all(JIRA_COLUMNS.blockedBy),
			invalid
		};
	});
	return {
		ok: true,
		file: {
			issues,
			pointsColumn,
			hasOriginalEstimate: has(JIRA_COLUMNS.originalEstimate),
			hasBlockLinks: has(JIRA_COLUMNS.blocks) || has(JIRA_COLUMNS.blockedBy)
		}
	};
}
