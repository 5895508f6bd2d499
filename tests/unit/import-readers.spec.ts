import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSize, decodeText, MAX_IMPORT_BYTES } from '$lib/domain/import/decode';
import { detectKind } from '$lib/domain/import/detect';
import {
	defaultJiraStatus,
	parseJira,
	parseJiraDate,
	readJira,
	type JiraFile,
	type JiraReadOptions
} from '$lib/domain/import/jira';
import { readXlsx } from '$lib/domain/import/xlsx';
import { readCsv, type CsvTable } from '$lib/domain/projects-csv';
import type { SourceRead } from '$lib/domain/import/source';

const fixture = (name: string) =>
	new Uint8Array(readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url)));

function text(bytes: Uint8Array): string {
	const decoded = decodeText(bytes);
	if (!decoded.ok) throw new Error(decoded.problem.message);
	return decoded.text;
}

function table(csv: string): CsvTable {
	const read = readCsv(csv);
	if (!read.ok) throw new Error(read.message);
	return read.table;
}

function jiraFile(csv: string): JiraFile {
	const parsed = parseJira(table(csv));
	if (!parsed.ok) throw new Error(parsed.problem.message);
	return parsed.file;
}

const POINTS: JiraReadOptions = { estimate: 'points', rate: 13, granularity: 'quarter' };

function readFixture(name: string, options: Partial<JiraReadOptions> = {}): SourceRead {
	return readJira(jiraFile(text(fixture(name))), { ...POINTS, ...options });
}

const project = (read: SourceRead, key: string) => {
	const found = read.projects.find((p) => p.key === key);
	if (!found) throw new Error(`no project ${key}`);
	return found;
};

const ascii = (s: string) => new TextEncoder().encode(s);

describe('decodeText', () => {
	it('reads UTF-8 with a BOM and leaves the BOM out of the text', () => {
		const result = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...ascii('name\nCafé')]));
		expect(result).toEqual({ ok: true, text: 'name\nCafé', encoding: 'utf-8', note: null });
	});

	it('reads UTF-16 LE with a BOM (Excel "Unicode text")', () => {
		const result = decodeText(fixture('utf16.csv'));
		expect(result.ok && result.encoding).toBe('utf-16le');
		expect(result.ok && result.text.split('\r\n')[1]).toBe('Café rollout\tJosé Núñez\t1200.5');
	});

	it('reads UTF-16 BE with a BOM', () => {
		const body = [...'id,Zoë'].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]);
		const result = decodeText(new Uint8Array([0xfe, 0xff, ...body]));
		expect(result).toEqual({ ok: true, text: 'id,Zoë', encoding: 'utf-16be', note: null });
	});

	it('recognises UTF-16 without a BOM by the NUL in every other byte', () => {
		const le = [...'name,sponsor\nCRM,Ana'].flatMap((c) => [c.charCodeAt(0), 0]);
		const be = [...'name,sponsor\nCRM,Ana'].flatMap((c) => [0, c.charCodeAt(0)]);
		expect(decodeText(new Uint8Array(le))).toMatchObject({
			encoding: 'utf-16le',
			text: 'name,sponsor\nCRM,Ana'
		});
		expect(decodeText(new Uint8Array(be))).toMatchObject({
			encoding: 'utf-16be',
			text: 'name,sponsor\nCRM,Ana'
		});
	});

	it('reads valid UTF-8 without a BOM as UTF-8, with no note', () => {
		expect(decodeText(ascii('name\nJosé Núñez'))).toEqual({
			ok: true,
			text: 'name\nJosé Núñez',
			encoding: 'utf-8',
			note: null
		});
	});

	it('reads bytes that are not UTF-8 as Windows-1252, with a note to check accents', () => {
		const result = decodeText(fixture('win1252.csv'));
		expect(result.ok && result.encoding).toBe('windows-1252');
		expect(result.ok && result.text).toContain('p1,Café rollout,José Núñez');
		expect(result.ok && result.note).toBe(
			'read as Windows-1252 (the file is not UTF-8): check accented names'
		);
	});

	it('refuses binary data such as a PNG or an .mpp', () => {
		const png = new Uint8Array([
			0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0,
			1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0
		]);
		const mpp = new Uint8Array(2048);
		mpp.set([
			0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0, 0x3e, 0, 3, 0, 0xfe, 0xff, 9
		]);
		for (const bytes of [png, mpp]) {
			const result = decodeText(bytes);
			expect(result.ok).toBe(false);
			expect(!result.ok && result.problem.message).toMatch(/not text/);
		}
	});

	it('checkSize refuses a file over 50 MB, naming it and its size', () => {
		expect(checkSize(MAX_IMPORT_BYTES, 'plan.xml')).toBeNull();
		expect(checkSize(61.2 * 1024 * 1024, 'plan.xml')).toEqual({
			where: null,
			message: 'plan.xml is 61.2 MB: the limit is 50 MB'
		});
	});
});

describe('detectKind', () => {
	const kind = (name: string, bytes: Uint8Array) => {
		const result = detectKind(name, bytes);
		return result.ok ? result.kind : result.problem.message;
	};

	it('takes a zip for an Excel workbook, whatever its extension', () => {
		expect(kind('projects.xlsx', fixture('projects.xlsx'))).toBe('xlsx');
		expect(kind('projects.csv', fixture('projects.xlsx'))).toBe('xlsx');
	});

	it('refuses an OLE2 file with advice that fits its extension', () => {
		const ole = new Uint8Array(1024);
		ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
		expect(kind('plan.mpp', ole)).toMatch(/^plan\.mpp is an MS Project \.mpp binary file: .*XML/);
		expect(kind('budget.xls', ole)).toMatch(
			/^budget\.xls is an old Excel \.xls binary file: .*\.xlsx/
		);
		expect(kind('export.bin', ole)).toBe(
			'export.bin is an old Excel .xls or MS Project .mpp binary file: save it as .xlsx (Excel) or as XML (MS Project) and import that file'
		);
	});

	it('takes XML that starts with <?xml or <Project for MS Project XML', () => {
		expect(kind('plan.xml', ascii('<?xml version="1.0"?>\n<Project xmlns="x">'))).toBe('mspdi');
		expect(
			kind('plan.txt', ascii('  <Project xmlns="http://schemas.microsoft.com/project">'))
		).toBe('mspdi');
	});

	it('takes a UTF-16 XML file (what MS Project can write) for MS Project XML', () => {
		const xml = '<?xml version="1.0" encoding="UTF-16"?><Project>';
		const bytes = new Uint8Array([0xff, 0xfe, ...[...xml].flatMap((c) => [c.charCodeAt(0), 0])]);
		expect(kind('plan.xml', bytes)).toBe('mspdi');
	});

	it('takes JSON that starts with { for a Cairn file', () => {
		expect(kind('portfolio.cairn.json', ascii('\n{"format":"cairn/portfolio@1"}'))).toBe(
			'cairn-json'
		);
	});

	it("takes text with Jira's Issue key, Summary and Issue Type headers for a Jira export", () => {
		expect(kind('Jira.csv', fixture('jira-cloud.csv'))).toBe('jira-csv');
		expect(kind('export.txt', fixture('jira-dc.csv'))).toBe('jira-csv');
	});

	it('takes any other text for CSV, in any encoding or delimiter', () => {
		for (const name of ['semicolon.csv', 'utf16.csv', 'win1252.csv']) {
			expect(kind(name, fixture(name))).toBe('csv');
		}
	});

	it('uses the extension only to break a tie', () => {
		expect(kind('plan.xml', ascii('<!-- exported --><Project>'))).toBe('mspdi');
		expect(kind('plan.csv', ascii('<!-- exported --><Project>'))).toBe('csv');
		expect(kind('list.json', ascii('[1, 2]'))).toBe('cairn-json');
	});

	it('refuses an empty file and a binary one', () => {
		expect(kind('empty.csv', new Uint8Array(0))).toBe('empty.csv is empty');
		const png = new Uint8Array([
			0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 1, 2
		]);
		expect(kind('logo.csv', png)).toMatch(/^logo\.csv: the file is not text/);
	});
});

describe('parseJira', () => {
	it('names the missing Issue key or Summary column and lists those found', () => {
		const result = parseJira(table('Key,Title,Status\nA-1,Thing,Open\n'));
		expect(result).toEqual({
			ok: false,
			problem: {
				where: null,
				message:
					"not a Jira export: no 'Issue key' or 'Summary' column (the file has 'Key', 'Title', 'Status')"
			}
		});
	});

	it('reads Jira dates in both formats, drops the time, and rejects others', () => {
		expect(parseJiraDate('07/Dec/26 2:15 PM')).toBe('2026-12-07');
		expect(parseJiraDate('7/Dec/2026 14:15')).toBe('2026-12-07');
		expect(parseJiraDate('31/Mar/27')).toBe('2027-03-31');
		expect(parseJiraDate('2026-12-07 14:15')).toBe('2026-12-07');
		expect(parseJiraDate('2026-12-07T14:15:00.000+0100')).toBe('2026-12-07');
		expect(parseJiraDate('31/Feb/27')).toBeNull();
		expect(parseJiraDate('07.12.2026')).toBeNull();
	});

	it('collects repeated Labels and Sprint columns, one value per column', () => {
		const crm2 = jiraFile(text(fixture('jira-cloud.csv'))).issues.find((i) => i.key === 'CRM-2')!;
		expect(crm2.labels).toEqual(['crm', 'backend']);
		expect(crm2.sprints).toEqual(['CRM Sprint 1', 'CRM Sprint 2']);
		const pay2 = jiraFile(text(fixture('jira-dc.csv'))).issues.find((i) => i.key === 'PAY-2')!;
		expect(pay2.components).toEqual(['Billing', 'API']);
	});

	it('matches headers without case (Data Center writes "Due Date")', () => {
		const pay1 = jiraFile(text(fixture('jira-dc.csv'))).issues.find((i) => i.key === 'PAY-1')!;
		expect(pay1.due).toBe('2027-03-31');
	});

	it('takes the parent from Parent id, else Parent, else Epic Link', () => {
		const file = jiraFile(
			'Summary,Issue key,Issue id,Issue Type,Parent id,Parent,Custom field (Epic Link)\n' +
				'a,X-1,1,Story,9,8,X-7\nb,X-2,2,Story,,8,X-7\nc,X-3,3,Story,,,X-7\nd,X-4,4,Story,,,\n'
		);
		expect(file.issues.map((i) => i.parent)).toEqual(['9', '8', 'X-7', null]);
	});

	it('finds story points under either name: Story Points (Data Center) or Story point estimate (Cloud)', () => {
		expect(jiraFile(text(fixture('jira-cloud.csv'))).pointsColumn).toBe(
			'Custom field (Story point estimate)'
		);
		expect(jiraFile(text(fixture('jira-dc.csv'))).pointsColumn).toBe('Custom field (Story Points)');
	});
});

describe('readJira', () => {
	it('makes one project per epic: key, where, name, description, status word, Reporter as sponsor', () => {
		const read = readFixture('jira-cloud.csv');
		expect(read.kind).toBe('jira-csv');
		expect(read.projects.map((p) => p.key)).toEqual(['CRM-1', 'DAT-1', 'MOB-1']);
		expect(project(read, 'CRM-1')).toMatchObject({
			where: 'row 2 (CRM-1)',
			name: 'CRM rollout',
			description: 'Replace the old CRM, region by region.\nStarts with sales.',
			status: 'In Progress',
			sponsor: 'Ana Müller',
			start: '2027-01-04',
			finish: '2027-06-30'
		});
		expect(read.problems).toEqual([]);
	});

	it('sums story points of the epic and its stories (sub-tasks included) and spreads total ÷ rate evenly', () => {
		// CRM-1: 5 (the epic's own) + 8 + 13 = 26 points ÷ 13 per FTE-quarter = 2, over Q1 and Q2.
		const read = readFixture('jira-cloud.csv');
		expect(project(read, 'CRM-1').work).toEqual({ estimate: { '2027-Q1': 1, '2027-Q2': 1 } });
		expect(read.resources).toEqual([{ key: 'estimate', name: 'Story points', maxUnits: null }]);
	});

	it('turns Original Estimate seconds into hours, sub-tasks included', () => {
		// CRM: 57600 + 86400 + 14400 s = 44 h; at 22 h per FTE-month over Jan..Jun = 2 ÷ 6.
		const read = readFixture('jira-cloud.csv', {
			estimate: 'hours',
			rate: 22,
			granularity: 'month'
		});
		const work = project(read, 'CRM-1').work!.estimate;
		expect(Object.keys(work)).toEqual([
			'2027-01',
			'2027-02',
			'2027-03',
			'2027-04',
			'2027-05',
			'2027-06'
		]);
		for (const value of Object.values(work)) expect(value).toBeCloseTo(2 / 6, 5);
		expect(read.resources[0].name).toBe('Estimated hours');
	});

	it('follows Epic Link by key to the epic and Parent id by id from a sub-task (Data Center)', () => {
		// PAY-1: 8 + 5 points; the sub-task PAY-4 reaches it through PAY-2. Hours: 30 + 20 + 2 = 52.
		const points = readFixture('jira-dc.csv', { rate: 13 });
		expect(project(points, 'PAY-1').work).toEqual({ estimate: { '2027-Q1': 1 } });
		const hours = readFixture('jira-dc.csv', { estimate: 'hours', rate: 52 });
		expect(project(hours, 'PAY-1').work).toEqual({ estimate: { '2027-Q1': 1 } });
	});

	it('starts at the Start date, else the earliest Created below; finishes at the Due date, else the latest Due below', () => {
		const read = readFixture('jira-cloud.csv');
		expect(project(read, 'DAT-1')).toMatchObject({ start: '2027-01-15', finish: '2027-04-28' });
		expect(project(read, 'DAT-1').work).toEqual({ estimate: { '2027-Q1': 0.5, '2027-Q2': 0.5 } });
	});

	it('puts the whole estimate in one period when the epic has only one date, and none without dates', () => {
		const csv =
			'Summary,Issue key,Issue id,Issue Type,Parent id,Due date,Custom field (Story Points)\n' +
			'Only due,A-1,1,Epic,,07/Dec/26 2:15 PM,\nstory,A-2,2,Story,1,,6\n' +
			'No dates,B-1,3,Epic,,,\nstory,B-2,4,Story,3,,6\n';
		const read = readJira(jiraFile(csv), { ...POINTS, rate: 3 });
		expect(project(read, 'A-1').work).toEqual({ estimate: { '2026-Q4': 2 } });
		expect(project(read, 'B-1').work).toBeUndefined();
		expect(read.notes).toEqual([
			'B-1 has an estimate but no dates: its work is not placed in any period'
		]);
	});

	it('counts issues with no epic above them in a note, and leaves them out', () => {
		expect(readFixture('jira-cloud.csv').notes).toEqual([
			'2 issues have no epic and are not counted'
		]);
	});

	it('makes projects of the chosen issue types, an issue counting for the nearest one', () => {
		const csv =
			'Summary,Issue key,Issue id,Issue Type,Parent id,Custom field (Story Points),Due date\n' +
			'Goal,I-1,1,Initiative,,,07/Dec/26\nEpic,E-1,2,Epic,1,,07/Dec/26\nstory,S-1,3,Story,2,4,\nstory,S-2,4,Story,1,2,\n';
		const read = readJira(jiraFile(csv), {
			...POINTS,
			rate: 1,
			projectTypes: ['initiative', 'Epic']
		});
		expect(project(read, 'I-1').work).toEqual({ estimate: { '2026-Q4': 2 } });
		expect(project(read, 'E-1').work).toEqual({ estimate: { '2026-Q4': 4 } });
	});

	it('offers every issue type with its count and the status words of the projects', () => {
		const read = readFixture('jira-cloud.csv');
		expect(read.offers).toEqual({
			issueTypes: [
				{ type: 'Story', count: 5 },
				{ type: 'Epic', count: 3 },
				{ type: 'Subtask', count: 2 },
				{ type: 'Bug', count: 1 }
			],
			statuses: ['Done', 'In Progress', 'To Do']
		});
		expect(read.periods).toEqual(['2026-Q4', '2027-Q1', '2027-Q2']);
	});

	it('turns Blocks links between epics into dependencies, not those between their stories', () => {
		// CRM-1 blocks DAT-1 (both sides of the link are in the export); DAT-2 blocks CRM-3.
		const read = readFixture('jira-cloud.csv');
		expect(project(read, 'DAT-1').dependsOn).toEqual(['CRM-1']);
		expect(project(read, 'CRM-1').dependsOn).toBeUndefined();
	});

	it('reads a later export: a changed estimate and status, a new epic, one gone', () => {
		const read = readFixture('jira-cloud-v2.csv');
		expect(read.projects.map((p) => p.key)).toEqual(['CRM-1', 'DAT-1', 'SEC-1']);
		expect(project(read, 'CRM-1').status).toBe('In Review');
		const crm = project(read, 'CRM-1').work!.estimate;
		expect(crm['2027-Q1']).toBeCloseTo(34 / 13 / 2, 5);
		expect(project(read, 'SEC-1').work).toEqual({ estimate: { '2027-Q3': 2 } });
	});

	it('reports a date it cannot read, naming the row and column, once per column', () => {
		const csv =
			'Summary,Issue key,Issue id,Issue Type,Parent id,Due date,Custom field (Story Points)\n' +
			'E,A-1,1,Epic,,12.07.2026,\ns,A-2,2,Story,1,13.07.2026,3\nu,Z-9,9,Story,,bad,1\n';
		const read = readJira(jiraFile(csv), POINTS);
		expect(read.problems).toEqual([
			{
				where: 'row 2 (A-1)',
				message:
					"column 'Due date': '12.07.2026' is not a date this import reads (like 07/Dec/26 2:15 PM or 2026-12-07 14:15); also row 3",
				count: 2
			}
		]);
	});

	it('names the column as the file spells it, and ignores bad dates of issues it does not count', () => {
		const csv =
			'Summary,Issue key,Issue Type,Due Date\nE,A-1,Epic,tomorrow\nloose,Z-1,Story,never\n';
		const read = readJira(jiraFile(csv), { ...POINTS, estimate: 'hours' });
		expect(read.problems.filter((p) => p.where !== null)).toEqual([
			{
				where: 'row 2 (A-1)',
				message:
					"column 'Due Date': 'tomorrow' is not a date this import reads (like 07/Dec/26 2:15 PM or 2026-12-07 14:15)"
			}
		]);
	});

	it('takes the Start date field of team-managed projects when there is no custom field', () => {
		const csv =
			'Summary,Issue key,Issue Type,Start date,Due date,Custom field (Story Points)\n' +
			'E,A-1,Epic,01/Apr/27 12:00 AM,30/Sep/27 12:00 AM,4\n';
		const read = readJira(jiraFile(csv), { ...POINTS, rate: 1 });
		expect(project(read, 'A-1')).toMatchObject({ start: '2027-04-01', finish: '2027-09-30' });
		expect(project(read, 'A-1').work).toEqual({ estimate: { '2027-Q2': 2, '2027-Q3': 2 } });
	});

	it('survives a loop of parents, counting its issues as having no epic', () => {
		const csv =
			'Summary,Issue key,Issue id,Issue Type,Parent id\na,X-1,1,Story,2\nb,X-2,2,Story,1\nE,E-1,3,Epic,\n';
		expect(readJira(jiraFile(csv), POINTS).notes).toContain(
			'2 issues have no epic and are not counted'
		);
	});

	it('reports a story points cell that is not a number', () => {
		const csv =
			'Summary,Issue key,Issue id,Issue Type,Parent id,Custom field (Story Points)\n' +
			'E,A-1,1,Epic,,\ns,A-2,2,Story,1,lots\n';
		expect(readJira(jiraFile(csv), POINTS).problems).toEqual([
			{
				where: 'row 3 (A-2)',
				message: "column 'Custom field (Story Points)': 'lots' is not a number"
			}
		]);
	});

	it('asks for another estimate when the file lacks its column, and for a rate above 0', () => {
		const csv = 'Summary,Issue key,Issue Type\nE,A-1,Epic\n';
		const read = readJira(jiraFile(csv), { ...POINTS, rate: 0 });
		expect(read.problems.map((p) => p.message)).toEqual([
			'the rate must be a number above 0 (story points one FTE delivers per period)',
			"the file has no story points column ('Custom field (Story Points)' or 'Custom field (Story point estimate)'): estimate by hours, or export with story points"
		]);
		const hours = readJira(jiraFile(csv), { ...POINTS, estimate: 'hours' });
		expect(hours.problems[0].message).toMatch(/no 'Original Estimate' column/);
	});

	it('refuses a project issue without a key or with the key of an earlier row', () => {
		const csv = 'Summary,Issue key,Issue Type\nA,A-1,Epic\nB,A-1,Epic\nC,,Epic\n';
		expect(readJira(jiraFile(csv), { ...POINTS, estimate: 'hours' }).problems.slice(1)).toEqual([
			{ where: 'row 3 (A-1)', message: 'issue key A-1 is also on row 2' },
			{ where: 'row 4', message: 'the issue has no key' }
		]);
	});

	it('says so when no issue is of a project type', () => {
		const read = readJira(jiraFile('Summary,Issue key,Issue Type\ns,A-1,Story\n'), POINTS);
		expect(read.problems.at(-1)?.message).toBe(
			'no issue is of type Epic: choose which issue types become projects'
		);
	});
});

describe('defaultJiraStatus', () => {
	it.each([
		['To Do', 'proposed'],
		['Open', 'proposed'],
		['Backlog', 'proposed'],
		['Selected for Development', 'proposed'],
		['In Progress', 'active'],
		['in review', 'active'],
		['Done', 'done'],
		['Closed', 'done'],
		['Resolved', 'done'],
		["Won't Do", 'cancelled'],
		['Cancelled', 'cancelled'],
		['On Hold', 'on-hold'],
		['Blocked', 'on-hold'],
		['Waiting for QA', 'proposed']
	] as const)('maps %s to %s', (word, status) => {
		expect(defaultJiraStatus(word)).toBe(status);
	});
});

describe('readXlsx', () => {
	it('reads the first sheet by default, header on row 1, numbers as plain text', async () => {
		const result = await readXlsx(fixture('projects.xlsx'));
		if (!result.ok) throw new Error(result.problem.message);
		expect(result.sheets).toEqual(['Projects', 'Roles']);
		expect(result.sheet).toBe('Projects');
		expect(result.table.headers.slice(0, 8)).toEqual([
			'id',
			'name',
			'description',
			'sponsor',
			'status',
			'decision',
			'decision reason',
			'cost 2027-Q1'
		]);
		expect(result.table.rows.map((r) => r.row)).toEqual([2, 3]);
		expect(result.table.rows[0].cells.slice(0, 8)).toEqual([
			'p1',
			'CRM rollout',
			'Replace the old CRM',
			'Ana Müller',
			'active',
			'auto',
			'',
			'1234.5'
		]);
	});

	it('reads a formula by its cached result, at the digits Excel shows', async () => {
		const result = await readXlsx(fixture('projects.xlsx'));
		const [p1] = result.ok ? result.table.rows : [];
		expect(p1.cells[8]).toBe('2469');
		expect(p1.cells[10]).toBe('0.3');
	});

	it('reads a date as ISO yyyy-mm-dd, whatever its number format', async () => {
		const result = await readXlsx(fixture('projects.xlsx'));
		const rows = result.ok ? result.table.rows : [];
		expect(rows.map((r) => r.cells[11])).toEqual(['2027-01-04', '2027-04-01']);
	});

	it('reads a hyperlink by its text and an empty cell as empty', async () => {
		const result = await readXlsx(fixture('projects.xlsx'));
		const p2 = result.ok ? result.table.rows[1] : undefined;
		expect(p2?.cells.slice(0, 3)).toEqual(['p2', 'Data platform', '']);
		expect(p2?.cells[8]).toBe('');
	});

	it('reads a chosen sheet, its header the first non-empty row, rows numbered as Excel does', async () => {
		const result = await readXlsx(fixture('projects.xlsx'), 'Roles');
		if (!result.ok) throw new Error(result.problem.message);
		expect(result.sheet).toBe('Roles');
		expect(result.table.headers).toEqual(['role', '2027-Q1', '2027-Q2']);
		expect(result.table.rows).toEqual([
			{ row: 4, cells: ['Engineering', '4', '4.5'] },
			{ row: 5, cells: ['Design', '1', 'TRUE'] }
		]);
	});

	it('names the sheets there are when the chosen one is not', async () => {
		const result = await readXlsx(fixture('projects.xlsx'), 'Budget');
		expect(result).toEqual({
			ok: false,
			problem: {
				where: null,
				message: "the workbook has no sheet 'Budget': its sheets are 'Projects', 'Roles'"
			}
		});
	});

	it('refuses a damaged workbook or a zip that is not one', async () => {
		const result = await readXlsx(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]));
		expect(!result.ok && result.problem.message).toMatch(
			/^the file is not a readable Excel workbook/
		);
	});
});

describe('CSV fixtures through readCsv', () => {
	it('reads a semicolon file with decimal commas', () => {
		const read = table(text(fixture('semicolon.csv')));
		expect(read.delimiter).toBe(';');
		expect(read.rows[1].cells[1]).toBe('Data; platform');
	});

	it('reads a UTF-16 file with tabs', () => {
		const read = table(text(fixture('utf16.csv')));
		expect(read.delimiter).toBe('\t');
		expect(read.headers).toEqual(['name', 'sponsor', 'cost 2027-Q1']);
	});
});
