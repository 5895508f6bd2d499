import type { PerPeriod, ProjectStatus } from '../types';
import { JIRA_COLUMNS, type JiraFile, type JiraIssue, type JiraTypedField } from './jira-parse';
import {
	periodOf,
	periodsBetween,
	type Granularity,
	type ImportProblem,
	type SourceProject,
	type SourceRead
} from './source';

export { parseJira, parseJiraDate, JIRA_COLUMNS } from './jira-parse';
export type { JiraFile, JiraIssue, JiraTypedField } from './jira-parse';

/**
 * A Jira export → projects with estimated demand. Each issue of a chosen type (Epic by
 * default) is a project; the issues below it (stories, tasks, their sub-tasks, at any
 * depth, through Parent id / Parent / Epic Link, matched by issue id or key) carry its
 * work. The rules, so that a person can check a number against Jira:
 *
 * - work: the sum of each issue's OWN estimate (story points, or Original Estimate in
 *   hours) over the project issue and everything below it. Jira's Σ columns are not
 *   used, so nothing is counted twice. An issue below another project issue (an Epic
 *   under an Initiative when both are project types) counts for the nearer one only.
 * - FTE: total ÷ rate (what one FTE delivers per period) = FTE-periods, spread evenly
 *   over the periods from start to finish, under the one resource `estimate`.
 * - start: the issue's Start date; else the earliest Start date below it; else the
 *   earliest Created below it (when the work was broken down); else its own Created.
 * - finish: the issue's Due date; else the latest Due date below it.
 *   A start after the finish is moved back to the finish. With a start only, or a
 *   finish only, the work falls in that one period; with neither, it is left out with a
 *   note.
 * - sponsor: the Reporter (who asked for the epic; the Assignee is who delivers it).
 * - status: Jira's own word; `defaultJiraStatus` is the mapping's default for it.
 * - dependsOn: `Blocks` links between two project issues (X is blocked by Y → X
 *   depends on Y); links between their stories are not lifted to the projects.
 */

export interface JiraReadOptions {
	/** Issue types that become projects (without case), by default `['Epic']`. */
	projectTypes?: string[];
	estimate: 'points' | 'hours';
	/** Story points or hours one FTE delivers in one period. */
	rate: number;
	granularity: Granularity;
}

export const ESTIMATE_RESOURCE = 'estimate';

const STATUS_DEFAULTS: Record<string, ProjectStatus> = {
	'to do': 'proposed',
	open: 'proposed',
	backlog: 'proposed',
	'selected for development': 'proposed',
	'in progress': 'active',
	'in review': 'active',
	done: 'done',
	closed: 'done',
	resolved: 'done',
	"won't do": 'cancelled',
	'won’t do': 'cancelled',
	cancelled: 'cancelled',
	canceled: 'cancelled',
	'on hold': 'on-hold',
	blocked: 'on-hold'
};

/** Cairn's status for a Jira status word (without case); unknown words are `proposed`. */
export function defaultJiraStatus(word: string): ProjectStatus {
	return STATUS_DEFAULTS[word.trim().toLowerCase().replace(/\s+/g, ' ')] ?? 'proposed';
}

function whereOf(issue: JiraIssue): string {
	return issue.key ? `row ${issue.row} (${issue.key})` : `row ${issue.row}`;
}

function plural(n: number, one: string, many: string): string {
	return n === 1 ? one : many;
}

/** Avoids 0.30000000000000004 in a preview without losing what a person can see. */
function tidy(value: number): number {
	return Math.round(value * 1e6) / 1e6;
}

/** One problem per column of unreadable cells, naming the first row and counting the rest. */
function invalidProblems(
	issues: readonly JiraIssue[],
	fields: ReadonlySet<JiraTypedField>
): ImportProblem[] {
	const byColumn = new Map<string, { issue: JiraIssue; text: string; field: JiraTypedField }[]>();
	for (const issue of issues) {
		for (const cell of issue.invalid) {
			if (!fields.has(cell.field)) continue;
			byColumn.set(cell.column, [...(byColumn.get(cell.column) ?? []), { issue, ...cell }]);
		}
	}
	return [...byColumn].map(([column, cells]) => {
		const [first, ...rest] = cells;
		const expected =
			first.field === 'points' || first.field === 'estimate'
				? 'not a number'
				: 'not a date this import reads (like 07/Dec/26 2:15 PM or 2026-12-07 14:15)';
		const rows = rest.slice(0, 5).map((c) => c.issue.row);
		const also =
			rows.length === 0
				? ''
				: `; also ${plural(rest.length, 'row', 'rows')} ${rows.join(', ')}${rest.length > 5 ? ', …' : ''}`;
		return {
			where: whereOf(first.issue),
			message: `column '${column}': '${first.text}' is ${expected}${also}`,
			...(cells.length > 1 ? { count: cells.length } : {})
		};
	});
}

/**
 * The projects of a Jira export (see the rules at the top of this module): one per
 * issue of `projectTypes`, its children's estimates ÷ `rate` spread as FTE over its
 * periods, with the issue types and project statuses offered to the mapping.
 */
export function readJira(file: JiraFile, options: JiraReadOptions): SourceRead {
	const typeNames = options.projectTypes ?? ['Epic'];
	const projectTypes = new Set(typeNames.map((t) => t.trim().toLowerCase()));
	const problems: ImportProblem[] = [];
	const notes: string[] = [];
	const { issues } = file;

	if (!(options.rate > 0) || !Number.isFinite(options.rate)) {
		problems.push({
			where: null,
			message: `the rate must be a number above 0 (${options.estimate === 'points' ? 'story points' : 'hours'} one FTE delivers per period)`
		});
	}
	if (options.estimate === 'points' && file.pointsColumn === null) {
		problems.push({
			where: null,
			message: `the file has no story points column ('${JIRA_COLUMNS.points}' or '${JIRA_COLUMNS.pointEstimate}'): estimate by hours, or export with story points`
		});
	}
	if (options.estimate === 'hours' && !file.hasOriginalEstimate) {
		problems.push({
			where: null,
			message: `the file has no '${JIRA_COLUMNS.originalEstimate}' column: estimate by story points, or export with it`
		});
	}

	const byId = new Map<string, JiraIssue>();
	const byKey = new Map<string, JiraIssue>();
	for (const issue of issues) {
		if (issue.id) byId.set(issue.id, issue);
		if (issue.key) byKey.set(issue.key.toUpperCase(), issue);
	}
	const parentOf = (issue: JiraIssue): JiraIssue | undefined =>
		issue.parent === null
			? undefined
			: (byId.get(issue.parent) ?? byKey.get(issue.parent.toUpperCase()));
	const isProject = (issue: JiraIssue) => projectTypes.has(issue.type.trim().toLowerCase());

	// Each issue belongs to the nearest project issue above it; `seen` stops a parent loop.
	const owner = (issue: JiraIssue): JiraIssue | null => {
		const seen = new Set<JiraIssue>();
		let current: JiraIssue | undefined = issue;
		while (current && !isProject(current) && !seen.has(current)) {
			seen.add(current);
			current = parentOf(current);
		}
		return current && isProject(current) ? current : null;
	};

	const projectIssues = issues.filter(isProject);
	const members = new Map<JiraIssue, JiraIssue[]>(projectIssues.map((p) => [p, []]));
	let uncounted = 0;
	for (const issue of issues) {
		if (isProject(issue)) continue;
		const project = owner(issue);
		if (project) members.get(project)!.push(issue);
		else uncounted++;
	}

	const used = new Set<JiraTypedField>([
		'created',
		'due',
		'start',
		options.estimate === 'points' ? 'points' : 'estimate'
	]);
	problems.push(...invalidProblems([...projectIssues, ...[...members.values()].flat()], used));

	const estimateOf = (issue: JiraIssue): number =>
		options.estimate === 'points' ? (issue.points ?? 0) : (issue.estimateSeconds ?? 0) / 3600;
	const rate = options.rate > 0 && Number.isFinite(options.rate) ? options.rate : 1;
	const periods = new Set<string>();
	const undated: string[] = [];
	const seenKeys = new Map<string, number>();

	const projects = projectIssues.map((issue): SourceProject => {
		const below = members.get(issue)!;
		const earliest = (values: (string | null)[]) =>
			values.filter((v): v is string => v !== null).sort()[0];
		const latest = (values: (string | null)[]) =>
			values
				.filter((v): v is string => v !== null)
				.sort()
				.at(-1);
		const finish = issue.due ?? latest(below.map((i) => i.due));
		let start =
			issue.start ??
			earliest(below.map((i) => i.start)) ??
			earliest(below.map((i) => i.created)) ??
			issue.created ??
			undefined;
		if (start && finish && start > finish) start = finish;

		const total = [issue, ...below].reduce((sum, i) => sum + estimateOf(i), 0);
		const span =
			start && finish
				? periodsBetween(start, finish, options.granularity)
				: start || finish
					? [periodOf((start ?? finish)!, options.granularity)]
					: [];
		for (const date of [start, finish]) if (date) periods.add(periodOf(date, options.granularity));
		let work: Record<string, PerPeriod> | undefined;
		if (total > 0 && span.length > 0) {
			const perPeriod = tidy(total / rate / span.length);
			work = { [ESTIMATE_RESOURCE]: Object.fromEntries(span.map((p) => [p, perPeriod])) };
			for (const p of span) periods.add(p);
		} else if (total > 0) undated.push(issue.key);

		const earlier = seenKeys.get(issue.key);
		if (!issue.key) problems.push({ where: whereOf(issue), message: 'the issue has no key' });
		else if (earlier !== undefined) {
			problems.push({
				where: whereOf(issue),
				message: `issue key ${issue.key} is also on row ${earlier}`
			});
		} else seenKeys.set(issue.key, issue.row);

		return {
			key: issue.key,
			where: whereOf(issue),
			name: issue.summary,
			...(issue.description ? { description: issue.description } : {}),
			...(issue.reporter ? { sponsor: issue.reporter } : {}),
			...(issue.status ? { status: issue.status } : {}),
			...(start ? { start } : {}),
			...(finish ? { finish } : {}),
			...(work ? { work } : {})
		};
	});

	if (file.hasBlockLinks) addDependencies(projects, projectIssues, byKey, isProject);

	if (projectIssues.length === 0) {
		problems.push({
			where: null,
			message:
				typeNames.length === 0
					? 'choose which issue types become projects'
					: `no issue is of type ${typeNames.join(' or ')}: choose which issue types become projects`
		});
	}
	if (uncounted > 0) {
		const types = typeNames.map((t) => t.toLowerCase()).join(' or ');
		notes.push(
			`${uncounted} ${plural(uncounted, 'issue has', 'issues have')} no ${types} and ${plural(uncounted, 'is', 'are')} not counted`
		);
	}
	if (undated.length > 0) {
		notes.push(
			`${undated.join(', ')} ${plural(undated.length, 'has', 'have')} an estimate but no dates: ${plural(undated.length, 'its', 'their')} work is not placed in any period`
		);
	}

	const typeCounts = new Map<string, number>();
	for (const issue of issues) typeCounts.set(issue.type, (typeCounts.get(issue.type) ?? 0) + 1);
	return {
		kind: 'jira-csv',
		projects,
		resources: [
			{
				key: ESTIMATE_RESOURCE,
				name: options.estimate === 'points' ? 'Story points' : 'Estimated hours',
				maxUnits: null
			}
		],
		periods: [...periods].sort(),
		problems,
		notes,
		offers: {
			issueTypes: [...typeCounts]
				.map(([type, count]) => ({ type, count }))
				.sort((a, b) => b.count - a.count || a.type.localeCompare(b.type)),
			statuses: [...new Set(projectIssues.map((i) => i.status).filter((s) => s !== ''))].sort()
		}
	};
}

/** `Blocks` links between project issues, as dependencies (in place, on `projects`). */
function addDependencies(
	projects: SourceProject[],
	projectIssues: readonly JiraIssue[],
	byKey: ReadonlyMap<string, JiraIssue>,
	isProject: (issue: JiraIssue) => boolean
): void {
	const depends = new Map<string, Set<string>>();
	const link = (blocked: string, blocker: string) => {
		const a = byKey.get(blocked.toUpperCase());
		const b = byKey.get(blocker.toUpperCase());
		if (!a || !b || a === b || !isProject(a) || !isProject(b)) return;
		depends.set(a.key, (depends.get(a.key) ?? new Set()).add(b.key));
	};
	for (const issue of projectIssues) {
		for (const key of issue.blockedBy) link(issue.key, key);
		for (const key of issue.blocks) link(key, issue.key);
	}
	for (const project of projects) {
		const keys = depends.get(project.key);
		if (keys) project.dependsOn = [...keys].sort();
	}
}
