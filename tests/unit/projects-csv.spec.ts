import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	applyImport,
	createUndoManager,
	exportPortfolio,
	importPortfolio,
	read
} from '../../src/lib/doc';
import {
	acceptedByDefault,
	planImportWrite,
	type ImportWrite
} from '../../src/lib/domain/import/apply';
import { draftFromCsvPlan } from '../../src/lib/domain/import/csv-draft';
import { diffImport } from '../../src/lib/domain/import/diff';
import { ImportState } from '../../src/lib/state/import.svelte';
import {
	describeCsvProblem,
	exportProjectsCsv,
	guessColumns,
	planImport,
	readCsv,
	type ColumnTarget,
	type CsvTable
} from '../../src/lib/domain/projects-csv';
import type { Portfolio } from '../../src/lib/domain/types';
import { CsvImportState } from '../../src/lib/state/csv-import.svelte';
import { northwindDoc, northwindPortfolio } from '../helpers/doc-fixtures';

function table(text: string): CsvTable {
	const read = readCsv(text);
	if (!read.ok) throw new Error(read.message);
	return read.table;
}

function plan(portfolio: Portfolio, text: string) {
	const t = table(text);
	const guesses = guessColumns(portfolio, t.headers);
	return planImport({
		portfolio,
		table: t,
		targets: guesses.map((g) => g.target),
		unresolved: guesses.map((g) => g.unresolved)
	});
}

/**
 * Imports a CSV plan the way the import dialog does: draft, preview, the default rows,
 * and the write (which the dialog offers only when something changes).
 */
function importPlan(doc: Y.Doc, result: ReturnType<typeof plan>) {
	const portfolio = read(doc);
	const draft = draftFromCsvPlan(result, 'csv', 'projects.csv', portfolio);
	const diff = diffImport(portfolio, draft);
	const accepted = acceptedByDefault(diff);
	if (accepted.size > 0) applyImport(doc, planImportWrite(portfolio, draft, diff, accepted, 'now'));
	return diff;
}

/** The parts of projects the CSV carries. */
function csvView(p: Portfolio) {
	return p.projects.map(
		({ id, name, description, sponsor, status, decision, decisionReason, cost, demand }) => ({
			id,
			name,
			description,
			sponsor,
			status,
			decision,
			decisionReason,
			cost,
			demand
		})
	);
}

function awkward(): Portfolio {
	const p = northwindPortfolio();
	p.projects[0].description = 'Line one\nline two, with a comma; and a semicolon';
	p.projects[1].name = 'The "quoted" project';
	p.projects[2].sponsor = 'Zoë Ångström';
	p.projects[3].decisionReason = '';
	p.projects[4].cost['2027-Q1'] = 1234.5;
	p.projects[5].name = '=HYPERLINK("http://example.com")';
	p.projects[6].description = '-minus and @at';
	return p;
}

describe('exportProjectsCsv', () => {
	it('writes a BOM, a header of fields, cost and role columns, and one row per project', () => {
		const p = northwindPortfolio();
		const text = exportProjectsCsv(p);
		expect(text.startsWith('\uFEFF')).toBe(true);
		const t = table(text);
		expect(t.headers.slice(0, 8)).toEqual([
			'id',
			'name',
			'description',
			'sponsor',
			'status',
			'decision',
			'decision reason',
			'cost 2027-Q1'
		]);
		expect(t.headers).toContain('Software engineering 2028-Q4');
		expect(t.headers).toHaveLength(7 + p.periods.length * (1 + p.roles.length));
		expect(t.rows.map((r) => r.cells[0])).toEqual(p.projects.map((x) => x.id));
		expect(t.rows[0].row).toBe(2);
	});

	it('defuses text that a spreadsheet would run as a formula', () => {
		const text = exportProjectsCsv(awkward());
		expect(text).toContain(`"'=HYPERLINK(""http://example.com"")"`);
		expect(text).toContain("'-minus and @at");
	});

	it('uses decimal commas with semicolons', () => {
		const p = awkward();
		const text = exportProjectsCsv(p, { delimiter: ';' });
		expect(text).toContain(';1234,5;');
		expect(table(text).delimiter).toBe(';');
	});

	it('names a role by its id when its name would be ambiguous', () => {
		const p = northwindPortfolio();
		p.roles[1].name = 'Cost';
		p.roles[2].name = p.roles[0].name;
		const headers = table(exportProjectsCsv(p)).headers;
		expect(headers).toContain(`${p.roles[1].id} 2027-Q1`);
		expect(headers).toContain(`${p.roles[2].id} 2027-Q1`);
		expect(headers).toContain(`${p.roles[0].id} 2027-Q1`);
	});
});

describe('CSV round trips', () => {
	for (const delimiter of [',', ';'] as const) {
		it(`imports its own export (${delimiter}) into an emptied copy and gets the same projects`, () => {
			const source = awkward();
			const text = exportProjectsCsv(source, { delimiter });
			const target = { ...source, projects: [] };
			const doc = importPortfolio(new Y.Doc(), target);
			const result = plan(read(doc), text);
			expect(result.problems).toEqual([]);
			expect(result.rows.every((r) => r.action === 'add')).toBe(true);
			importPlan(doc, result);
			expect(csvView(read(doc))).toEqual(csvView(source));
		});
	}

	it('updates every project in place when imported back unchanged, and changes nothing', () => {
		const doc = importPortfolio(new Y.Doc(), awkward());
		const before = exportPortfolio(doc);
		const result = plan(read(doc), exportProjectsCsv(read(doc)));
		expect(result.problems).toEqual([]);
		expect(result.rows.every((r) => r.action === 'update')).toBe(true);
		const diff = importPlan(doc, result);
		expect(diff.counts).toEqual({ new: 0, changed: 0, same: diff.rows.length, gone: 0 });
		expect(exportPortfolio(doc)).toEqual(before);
	});

	it('reads a file without BOM, with CRLF, quoted line breaks, quotes in cells and empty lines', () => {
		const p = northwindPortfolio();
		const text =
			'name;description;cost 2027-Q1;Software engineering 2027-Q2\r\n' +
			'\r\n' +
			'"New ""big"" thing";"two\r\nlines";1 500,5;2,5\r\n' +
			';;;\r\n' +
			'Another;;;\r\n';
		const t = table(text);
		expect(t.delimiter).toBe(';');
		expect(t.rows.map((r) => r.row)).toEqual([3, 5]);
		const result = plan(p, text);
		expect(result.problems).toEqual([]);
		expect(result.items[0]).toMatchObject({
			kind: 'add',
			fields: { name: 'New "big" thing', description: 'two\r\nlines' },
			cost: { '2027-Q1': 1500.5 },
			demand: { 'r-eng': { '2027-Q2': 2.5 } }
		});
		expect(result.items[1]).toMatchObject({ kind: 'add', fields: { name: 'Another' }, cost: {} });
	});
});

describe('planImport', () => {
	it('names each bad cell by spreadsheet row and column header, and plans nothing for it', () => {
		const p = northwindPortfolio();
		const text = [
			'name,status,decision,cost 2027-Q1,cost 2027-Q2',
			'CRM consolidation,active,in,10,20',
			'B,someday,maybe,-3,12k'
		].join('\n');
		const result = plan(p, text);
		expect(result.problems.map(describeCsvProblem)).toEqual([
			"row 3, column 'status': not a status: 'someday' (one of proposed, approved, active, on-hold, done, cancelled)",
			"row 3, column 'decision': not a decision: 'maybe' (auto, in or out)",
			"row 3, column 'cost 2027-Q1': must not be negative: '-3'",
			"row 3, column 'cost 2027-Q2': not a number: '12k'"
		]);
		expect(result.rows.map((r) => [r.action, r.bad])).toEqual([
			['update', false],
			['add', true]
		]);
	});

	it('refuses a status change into a gated stage (it goes through Gates), unless unchanged', () => {
		const p = northwindPortfolio();
		// CRM consolidation is active (unchanged: fine); the next two are proposed.
		const [a, b, c] = ['p-crm', 'p-portal', 'p-subs'].map(
			(id) => p.projects.find((x) => x.id === id)!.name
		);
		const text = ['name,status', `${a},active`, `${b},Approved`, `${c},On hold`].join('\n');
		const result = plan(p, text);
		expect(result.problems.map(describeCsvProblem)).toEqual([
			"row 3, column 'status': moving to Approved goes through its gate: use Gates"
		]);
		expect(result.rows.map((r) => r.bad)).toEqual([false, true, false]);
		expect(result.items.map((i) => i.kind === 'update' && i.id)).toEqual(['p-crm', 'p-subs']);
	});

	it('refuses a status change the lifecycle does not allow', () => {
		const p = northwindPortfolio();
		const crm = p.projects.find((x) => x.id === 'p-crm')!.name;
		const result = plan(p, `name,status\n${crm},proposed`);
		expect(result.problems.map(describeCsvProblem)).toEqual([
			"row 2, column 'status': a project cannot move from Active to Proposed"
		]);
	});

	it('accepts status and decision labels as the app shows them', () => {
		const result = plan(northwindPortfolio(), 'name,status,decision\nX,On hold,Forced out');
		expect(result.items[0]).toMatchObject({ fields: { status: 'on-hold', decision: 'out' } });
	});

	it('leaves columns of unknown roles or periods unresolved until someone decides', () => {
		const p = northwindPortfolio();
		const headers = [
			'name',
			'Astronomy 2027-Q1',
			'cost 2031-Q1',
			'Notes',
			'Software engineering 2027-Q1'
		];
		const guesses = guessColumns(p, headers);
		expect(guesses.map((g) => g.unresolved)).toEqual([
			null,
			"unknown role 'Astronomy'",
			"unknown period '2031-Q1'",
			null,
			null
		]);
		expect(guesses[3].note).toMatch(/not a project field/);
		expect(guesses[4].target).toEqual({ kind: 'demand', roleId: 'r-eng', period: '2027-Q1' });
		const result = plan(p, headers.join(',') + '\nX,1,2,hello,3');
		expect(result.problems.map(describeCsvProblem)).toEqual([
			"column 'Astronomy 2027-Q1': unknown role 'Astronomy': choose what it holds, or ignore it",
			"column 'cost 2031-Q1': unknown period '2031-Q1': choose what it holds, or ignore it"
		]);
	});

	it('refuses duplicate names in the file, and a name that matches two projects', () => {
		const p = northwindPortfolio();
		p.projects[1].name = p.projects[0].name;
		const text = ['name,sponsor', 'New one,a', 'new one ,b', `${p.projects[0].name},c`].join('\n');
		const result = plan(p, text);
		expect(result.problems.map(describeCsvProblem)).toEqual([
			"row 3, column 'name': duplicate name 'new one' (also row 2)",
			`row 4, column 'name': '${p.projects[0].name}' names 2 projects: add an id column`
		]);
	});

	it('refuses two rows for one project and a file with neither names nor ids', () => {
		const p = northwindPortfolio();
		const twice = plan(p, `id,sponsor\n${p.projects[0].id},a\n${p.projects[0].id},b`);
		expect(twice.problems.map(describeCsvProblem)).toEqual([
			`row 3: the same project as row 2 ('${p.projects[0].name}')`
		]);
		expect(plan(p, 'sponsor\nx').problems.map(describeCsvProblem)).toContain(
			'no column holds the project name or id'
		);
	});

	it('refuses two columns that hold the same thing', () => {
		const p = northwindPortfolio();
		const result = plan(p, 'name,cost 2027-Q1,Cost 2027-q1\nX,1,2');
		expect(result.problems.map(describeCsvProblem)).toEqual([
			"column 'Cost 2027-q1': holds the same thing as column 'cost 2027-Q1'"
		]);
	});

	it('clears the amounts a row leaves empty for an existing project', () => {
		const p = northwindPortfolio();
		const crm = p.projects.find((x) => x.cost['2027-Q1'] !== undefined)!;
		const result = plan(p, `id,cost 2027-Q1\n${crm.id},`);
		expect(result.items[0]).toEqual({
			kind: 'update',
			row: 2,
			id: crm.id,
			fields: {},
			cost: { '2027-Q1': null },
			demand: {}
		});
	});

	it('reports an unclosed quote as a problem of the file', () => {
		expect(readCsv('name,description\nX,"never closed\n')).toMatchObject({
			ok: false,
			message: /quoted cell is never closed/
		});
		expect(readCsv('\uFEFF\n\n')).toEqual({ ok: false, message: 'the file is empty' });
	});
});

describe('applyImport', () => {
	const write = (over: Partial<ImportWrite>): ImportWrite => ({
		kind: 'csv',
		fileName: 'projects.csv',
		at: 'now',
		addPeriods: [],
		newRoles: [],
		capacity: {},
		add: [],
		update: [],
		gone: [],
		relink: [],
		...over
	});
	const fresh = (over: Partial<ImportWrite['add'][number]>): ImportWrite['add'][number] => ({
		key: 'k',
		draftId: 'new-project:k',
		name: 'Fresh',
		description: '',
		sponsor: '',
		status: 'proposed',
		cost: {},
		demand: {},
		dependsOn: [],
		...over
	});

	it('updates and adds in one transaction, one undo step, and writes nothing when one item is bad', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const before = exportPortfolio(doc);
		const first = read(doc).projects[0];
		const update = { projectId: first.id, key: first.id, patch: { sponsor: 'Someone' } };
		const bad = write({ update: [update], add: [fresh({ name: 'Bad', cost: { '2031-Q1': 1 } })] });
		expect(() => applyImport(doc, bad)).toThrow(/unknown period '2031-Q1'/);
		expect(exportPortfolio(doc)).toEqual(before);

		let updates = 0;
		doc.on('update', () => updates++);
		applyImport(
			doc,
			write({
				update: [{ ...update, cost: { '2027-Q1': 5 } }],
				add: [fresh({ demand: { 'r-eng': { '2027-Q1': 1 } } })]
			})
		);
		expect(updates).toBe(1);
		const after = read(doc);
		expect(after.projects[0]).toMatchObject({ sponsor: 'Someone', cost: { '2027-Q1': 5 } });
		expect(after.projects.at(-1)).toMatchObject({
			name: 'Fresh',
			demand: { 'r-eng': { '2027-Q1': 1 } }
		});
		undo.undo();
		expect(exportPortfolio(doc)).toEqual(before);
	});
});

describe('ImportState with a CSV file', () => {
	it('imports nothing until every problem is fixed, then writes once', async () => {
		const doc = northwindDoc();
		const writes: ImportWrite[] = [];
		const state = new ImportState({
			portfolio: () => read(doc),
			remembered: () => undefined,
			write: (w, mapping) => {
				writes.push(w);
				return applyImport(doc, w, { mapping }).summary;
			}
		});
		const text = 'name;Astronomy 2027-Q1;cost 2027-Q1\nNew;1;12k\n';
		await state.load('plan.csv', new TextEncoder().encode(text));
		expect(state.kind).toBe('csv');
		expect(state.canImport).toBe(false);
		expect(state.problems).toEqual([
			"column 'Astronomy 2027-Q1': unknown role 'Astronomy': choose what it holds, or ignore it",
			"row 2, column 'cost 2027-Q1': not a number: '12k'"
		]);
		expect(state.apply()).toBe(false);
		state.setColumn(1, { what: 'role:r-data', period: '2027-Q2' });
		state.setColumn(2, { what: 'ignore' });
		expect(state.problems).toEqual([]);
		expect(state.diff?.counts.new).toBe(1);
		expect(state.apply()).toBe(true);
		expect(writes).toHaveLength(1);
		expect(read(doc).projects.at(-1)).toMatchObject({
			name: 'New',
			demand: { 'r-data': { '2027-Q2': 1 } },
			cost: {}
		});
		expect(state.result).toBe('1 new');
	});
});

describe('CsvImportState', () => {
	it('reads the file again with another separator', () => {
		const state = new CsvImportState({ portfolio: () => northwindPortfolio() });
		state.load('x.csv', 'name,sponsor\nA,B\n');
		expect(state.mappings.map((m) => m.what)).toEqual(['field:name', 'field:sponsor']);
		state.setDelimiter(';');
		expect(state.mappings.map((m) => m.header)).toEqual(['name,sponsor']);
		expect(state.plan?.problems.length).toBeGreaterThan(0);
	});
});

describe('guessColumns', () => {
	it('takes role ids as well as names, case and spacing aside', () => {
		const p = northwindPortfolio();
		const targets: ColumnTarget[] = guessColumns(p, [
			'r-ux 2027-Q1',
			'  design AND research   2027-q2',
			'Project Name',
			'Decision_Reason'
		]).map((g) => g.target);
		expect(targets).toEqual([
			{ kind: 'demand', roleId: 'r-ux', period: '2027-Q1' },
			{ kind: 'demand', roleId: 'r-ux', period: '2027-Q2' },
			{ kind: 'field', field: 'name' },
			{ kind: 'field', field: 'decisionReason' }
		]);
	});
});
