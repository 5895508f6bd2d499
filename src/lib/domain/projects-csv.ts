import Papa from 'papaparse';
import { canTransition, isGateStage, STAGE_NAME } from './gates';
import { parseCellValue } from './paste';
import {
	DECISIONS,
	PROJECT_STATUSES,
	type Decision,
	type PeriodId,
	type Portfolio,
	type Project,
	type ProjectStatus
} from './types';

/**
 * Projects with their cost and demand as CSV, for spreadsheets. Pure: no DOM, no Yjs.
 *
 * Layout (one row per project, in rank order, the header on row 1):
 *
 *   id, name, description, sponsor, status, decision, decision reason,
 *   cost <period>…            one column per period, in the portfolio's currency
 *   <role> <period>…          one column per role and period (role-major), in FTE
 *
 * `<role>` is the role's name, or its id when the name is empty, is "cost", or is
 * shared by two roles, so every header names one thing. Status and decision are the
 * format's codes (`on-hold`, `in`); import also takes the labels ("On hold", "Forced
 * in"). Text that Excel would take for a formula (`=…`, `+…`, `-…`, `@…`) is written
 * with a leading `'` and read back without it. Export writes UTF-8 with a BOM (so Excel
 * reads accents), CRLF line ends, and
 * either `,` with decimal points or `;` with decimal commas (what Excel writes in
 * most European languages). Import takes `,`, `;` or tabs, a BOM or none, quoted
 * cells with line breaks and `""`, decimal points or commas, and spaces grouping
 * thousands; an empty amount cell clears that value of an existing project.
 */

export type Delimiter = ',' | ';' | '\t';

/** The project fields a column can hold, with their header. */
export const CSV_FIELDS = {
	id: 'id',
	name: 'name',
	description: 'description',
	sponsor: 'sponsor',
	status: 'status',
	decision: 'decision',
	decisionReason: 'decision reason'
} as const;

export type CsvField = keyof typeof CSV_FIELDS;

/** What a column of the file is imported as. */
export type ColumnTarget =
	| { kind: 'ignore' }
	/** The source's own key (an Excel column, another system's id): matches re-imports. */
	| { kind: 'key' }
	| { kind: 'field'; field: CsvField }
	| { kind: 'cost'; period: PeriodId }
	| { kind: 'demand'; roleId: string; period: PeriodId };

/** A column's automatic mapping, and why it is not imported when it is not. */
export interface ColumnGuess {
	target: ColumnTarget;
	/** Set when the header names something this portfolio lacks: the import waits for a choice. */
	unresolved: string | null;
	/** Set when the header is not recognised at all: the column is ignored. */
	note: string | null;
	/**
	 * The header's period when the portfolio has it, though the column waits for a choice
	 * ("UX 2027-Q2", an unknown role): the person picks the role, the period stays the header's.
	 */
	period?: string;
}

const BOM = '\uFEFF';
const PERIOD_AT_END = /^(.*\S)\s+(\d{4}-(?:[Qq][1-4]|0[1-9]|1[0-2]))$/;

/** The header a role's columns use: its name when that names it alone, else its id. */
export function roleHeader(portfolio: Pick<Portfolio, 'roles'>, roleId: string): string {
	const role = portfolio.roles.find((r) => r.id === roleId);
	if (!role) return roleId;
	const name = role.name.trim();
	const key = normalise(name);
	const clash =
		key === '' ||
		key === 'cost' ||
		portfolio.roles.some((r) => r.id !== roleId && normalise(r.name) === key);
	return clash ? role.id : name;
}

/** The header of a column target, as export writes it. */
export function targetHeader(portfolio: Pick<Portfolio, 'roles'>, target: ColumnTarget): string {
	switch (target.kind) {
		case 'field':
			return CSV_FIELDS[target.field];
		case 'cost':
			return `cost ${target.period}`;
		case 'demand':
			return `${roleHeader(portfolio, target.roleId)} ${target.period}`;
		default:
			return '';
	}
}

/** Every column of an export, in order. */
export function exportColumns(portfolio: Portfolio): ColumnTarget[] {
	const columns: ColumnTarget[] = (Object.keys(CSV_FIELDS) as CsvField[]).map((field) => ({
		kind: 'field',
		field
	}));
	for (const period of portfolio.periods) columns.push({ kind: 'cost', period });
	for (const role of portfolio.roles) {
		for (const period of portfolio.periods)
			columns.push({ kind: 'demand', roleId: role.id, period });
	}
	return columns;
}

function formatNumber(value: number | undefined, delimiter: Delimiter): string {
	if (value === undefined) return '';
	const text = String(value);
	return delimiter === ';' ? text.replace('.', ',') : text;
}

function cellOf(project: Project, target: ColumnTarget, delimiter: Delimiter): string {
	switch (target.kind) {
		case 'field':
			return String(project[target.field]);
		case 'cost':
			return formatNumber(project.cost[target.period], delimiter);
		case 'demand':
			return formatNumber(project.demand[target.roleId]?.[target.period], delimiter);
		default:
			return '';
	}
}

/**
 * The portfolio's projects as a CSV file (text with a BOM): one row per project in
 * rank order, the layout described at the top of this module.
 */
export function exportProjectsCsv(
	portfolio: Portfolio,
	options: { delimiter?: Delimiter } = {}
): string {
	const delimiter = options.delimiter ?? ',';
	const columns = exportColumns(portfolio);
	const header = columns.map((c) => targetHeader(portfolio, c));
	const rows = portfolio.projects.map((p) => columns.map((c) => cellOf(p, c, delimiter)));
	return (
		BOM +
		Papa.unparse([header, ...rows], {
			delimiter,
			newline: '\r\n',
			quotes: false,
			// A name like "=HYPERLINK(…)" must stay text in Excel: it gets a leading ' that
			// import removes again.
			escapeFormulae: true
		}) +
		'\r\n'
	);
}

/** A file read into its header and rows; `row` numbers are as a spreadsheet shows them. */
export interface CsvTable {
	delimiter: Delimiter;
	headers: string[];
	/** Non-empty data rows with their spreadsheet row number (the header is row 1). */
	rows: { row: number; cells: string[] }[];
}

/**
 * Reads CSV text: strips a BOM, detects `,`, `;` or tab (or uses `delimiter`), keeps
 * quoted line breaks and `""`, and skips empty lines while keeping each row's number.
 * Fails with a message when the file has no header or a quote is never closed.
 */
export function readCsv(
	text: string,
	options: { delimiter?: Delimiter } = {}
): { ok: true; table: CsvTable } | { ok: false; message: string } {
	const body = text.startsWith(BOM) ? text.slice(1) : text;
	const parsed = Papa.parse<string[]>(body, {
		delimiter: options.delimiter ?? '',
		delimitersToGuess: [',', ';', '\t'],
		header: false,
		skipEmptyLines: false
	});
	const quote = parsed.errors.find((e) => e.type === 'Quotes');
	if (quote) {
		const row = (quote.row ?? 0) + 1;
		return { ok: false, message: `row ${row}: a quoted cell is never closed (${quote.message})` };
	}
	const records = parsed.data;
	const isEmpty = (cells: string[]) => cells.every((c) => c.trim() === '');
	const headerIndex = records.findIndex((r) => !isEmpty(r));
	if (headerIndex < 0) return { ok: false, message: 'the file is empty' };
	const detected = parsed.meta.delimiter;
	const delimiter: Delimiter = detected === ';' || detected === '\t' ? detected : ',';
	const headers = records[headerIndex].map((h) => h.trim());
	const rows: CsvTable['rows'] = [];
	records.forEach((cells, i) => {
		if (i > headerIndex && !isEmpty(cells)) rows.push({ row: i + 1, cells });
	});
	return { ok: true, table: { delimiter, headers, rows } };
}

function normalise(text: string): string {
	return text
		.trim()
		.toLowerCase()
		.replace(/[\s_]+/g, ' ');
}

const FIELD_ALIASES: Record<string, CsvField> = {
	id: 'id',
	'project id': 'id',
	name: 'name',
	project: 'name',
	'project name': 'name',
	description: 'description',
	sponsor: 'sponsor',
	status: 'status',
	decision: 'decision',
	'decision reason': 'decisionReason',
	decisionreason: 'decisionReason',
	reason: 'decisionReason'
};

/** Headers read as the source key. */
const KEY_HEADERS = new Set([
	'key',
	'source key',
	'external id',
	'external key',
	'ref',
	'reference'
]);

/**
 * Guesses what each column holds from its header: a field by name (a few aliases),
 * `cost <period>`, or `<role name or id> <period>`. A header that names a role or
 * period this portfolio lacks is left unresolved (nothing is dropped silently);
 * any other unknown header is ignored with a note.
 */
export function guessColumns(
	portfolio: Pick<Portfolio, 'roles' | 'periods'>,
	headers: readonly string[]
): ColumnGuess[] {
	const periods = new Map(portfolio.periods.map((p) => [p.toUpperCase(), p]));
	return headers.map((header): ColumnGuess => {
		const key = normalise(header);
		const field = FIELD_ALIASES[key];
		if (field) return { target: { kind: 'field', field }, unresolved: null, note: null };
		if (KEY_HEADERS.has(key)) return { target: { kind: 'key' }, unresolved: null, note: null };
		const match = PERIOD_AT_END.exec(header.trim());
		if (!match) {
			return {
				target: { kind: 'ignore' },
				unresolved: null,
				note: header.trim() === '' ? 'no header' : 'not a project field, cost or role column'
			};
		}
		const [, what, rawPeriod] = match;
		const period = periods.get(rawPeriod.toUpperCase());
		const isCost = normalise(what) === 'cost';
		const role = isCost
			? undefined
			: (portfolio.roles.find((r) => r.id === what.trim()) ??
				portfolio.roles.find((r) => roleHeader(portfolio, r.id) === what.trim()) ??
				portfolio.roles.find((r) => normalise(r.name) === normalise(what)));
		const missing = [
			!isCost && !role ? `unknown role '${what.trim()}'` : null,
			!period ? `unknown period '${rawPeriod}'` : null
		].filter(Boolean);
		if (missing.length > 0) {
			const unresolved = missing.join(' and ');
			return { target: { kind: 'ignore' }, unresolved, note: null, ...(period ? { period } : {}) };
		}
		const target: ColumnTarget = isCost
			? { kind: 'cost', period: period! }
			: { kind: 'demand', roleId: role!.id, period: period! };
		return { target, unresolved: null, note: null };
	});
}

/** One problem of an import, named by spreadsheet row and column header. */
export interface CsvProblem {
	/** The spreadsheet row (header = 1), or null for a problem of a whole column. */
	row: number | null;
	/** The column's header, or null for a problem of a whole row. */
	column: string | null;
	message: string;
}

/** `row 7, column 'Cost 2027-Q2': not a number: '12k'`. */
export function describeCsvProblem(problem: CsvProblem): string {
	const where = [
		problem.row === null ? null : `row ${problem.row}`,
		problem.column === null ? null : `column '${problem.column}'`
	]
		.filter(Boolean)
		.join(', ');
	return where ? `${where}: ${problem.message}` : problem.message;
}

/** What import will do with one row. */
export interface RowPlan {
	row: number;
	action: 'update' | 'add';
	/** The project's id when it exists (update) or is given (add). */
	id: string | null;
	name: string;
	/** Whether this row has problems. */
	bad: boolean;
}

/** The fields of a project that a row sets (only mapped, non-empty ones for add). */
export interface RowFields {
	name?: string;
	description?: string;
	sponsor?: string;
	status?: ProjectStatus;
	decision?: Decision;
	decisionReason?: string;
}

/** A row ready to write: update an existing project, or add a new one. */
export type ImportItem =
	| {
			kind: 'update';
			row: number;
			key?: string;
			id: string;
			fields: RowFields;
			cost: Record<PeriodId, number | null>;
			demand: Record<string, Record<PeriodId, number | null>>;
	  }
	| {
			kind: 'add';
			row: number;
			key?: string;
			id?: string;
			fields: RowFields & { name: string };
			cost: Record<PeriodId, number>;
			demand: Record<string, Record<PeriodId, number>>;
	  };

export interface ImportPlan {
	rows: RowPlan[];
	/** Problems of the mapping and of every row; import only when there are none. */
	problems: CsvProblem[];
	items: ImportItem[];
}

const STATUS_WORDS = new Map<string, ProjectStatus>(
	PROJECT_STATUSES.flatMap((s) => [
		[s, s],
		[s.replace('-', ' '), s]
	])
);
const DECISION_WORDS = new Map<string, Decision>([
	...DECISIONS.map((d) => [d, d] as const),
	['forced in', 'in'],
	['forced out', 'out'],
	['auto (by rank and the funding line)', 'auto']
]);

function sameTarget(a: ColumnTarget, b: ColumnTarget): boolean {
	if (a.kind !== b.kind || a.kind === 'ignore') return false;
	if (a.kind === 'key') return true;
	if (a.kind === 'field' && b.kind === 'field') return a.field === b.field;
	if (a.kind === 'cost' && b.kind === 'cost') return a.period === b.period;
	if (a.kind === 'demand' && b.kind === 'demand')
		return a.roleId === b.roleId && a.period === b.period;
	return false;
}

/** Problems of the mapping itself: unresolved columns, two columns on one target, no key. */
function mappingProblems(
	headers: readonly string[],
	targets: readonly ColumnTarget[],
	unresolved: readonly (string | null)[]
): CsvProblem[] {
	const problems: CsvProblem[] = [];
	headers.forEach((header, i) => {
		const reason = unresolved[i];
		if (reason) {
			problems.push({
				row: null,
				column: header,
				message: `${reason}: choose what it holds, or ignore it`
			});
		}
		const first = targets.findIndex((t) => sameTarget(t, targets[i]));
		if (first >= 0 && first < i) {
			problems.push({
				row: null,
				column: header,
				message: `holds the same thing as column '${headers[first]}'`
			});
		}
	});
	const has = (field: CsvField) => targets.some((t) => t.kind === 'field' && t.field === field);
	if (!has('name') && !has('id')) {
		problems.push({ row: null, column: null, message: 'no column holds the project name or id' });
	}
	return problems;
}

/**
 * Plans an import of `table` with each column mapped to `targets[i]` (from
 * guessColumns, changed by the person). A row updates the project with its id, or else
 * the one with its name (case and spaces aside), or adds a new project. Every problem is
 * listed by row and column; `items` is only to be written when there are none.
 * `unresolved[i]` marks a column still waiting for a choice.
 */
export function planImport(options: {
	portfolio: Pick<Portfolio, 'projects' | 'roles' | 'periods'>;
	table: CsvTable;
	targets: readonly ColumnTarget[];
	unresolved?: readonly (string | null)[];
}): ImportPlan {
	const { portfolio, table, targets } = options;
	const problems = mappingProblems(table.headers, targets, options.unresolved ?? []);
	const byId = new Map(portfolio.projects.map((p) => [p.id, p]));
	const byKey = new Map<string, Project>();
	for (const p of portfolio.projects) {
		if (p.source?.system === 'csv' || p.source?.system === 'xlsx') byKey.set(p.source.key, p);
	}
	const byName = new Map<string, Project[]>();
	for (const p of portfolio.projects) {
		const key = normalise(p.name);
		byName.set(key, [...(byName.get(key) ?? []), p]);
	}
	const seen = new Map<string, number>();
	const rows: RowPlan[] = [];
	const items: ImportItem[] = [];

	for (const { row, cells } of table.rows) {
		const before = problems.length;
		const fail = (column: string | null, message: string) =>
			problems.push({ row, column, message });
		if (cells.length > table.headers.length) {
			const extra = cells.slice(table.headers.length).some((c) => c.trim() !== '');
			if (extra) {
				fail(null, `has ${cells.length} cells but the header has ${table.headers.length} columns`);
			}
		}
		const fields: RowFields = {};
		let id: string | null = null;
		let sourceKey: string | null = null;
		const cost: Record<string, number | null> = {};
		const demand: Record<string, Record<string, number | null>> = {};
		targets.forEach((target, i) => {
			const header = table.headers[i] ?? `column ${i + 1}`;
			const text = cells[i] ?? '';
			const trimmed = text.trim();
			if (target.kind === 'ignore') return;
			if (target.kind === 'key') {
				sourceKey = unescapeFormula(trimmed) || null;
				return;
			}
			if (target.kind === 'field') {
				if (target.field === 'id') id = unescapeFormula(trimmed) || null;
				else if (target.field === 'status') {
					if (trimmed === '') return;
					const status = STATUS_WORDS.get(normalise(trimmed));
					if (status) fields.status = status;
					else fail(header, `not a status: '${trimmed}' (one of ${PROJECT_STATUSES.join(', ')})`);
				} else if (target.field === 'decision') {
					if (trimmed === '') return;
					const decision = DECISION_WORDS.get(normalise(trimmed));
					if (decision) fields.decision = decision;
					else fail(header, `not a decision: '${trimmed}' (auto, in or out)`);
				} else if (target.field === 'name') {
					fields.name = unescapeFormula(trimmed);
				} else {
					fields[target.field] = unescapeFormula(text);
				}
				return;
			}
			const parsed = parseCellValue(text, 'amount');
			if (!parsed.ok) {
				fail(header, `${parsed.message.replace(/^is /, '')}: '${trimmed}'`);
				return;
			}
			if (target.kind === 'cost') cost[target.period] = parsed.value;
			else (demand[target.roleId] ??= {})[target.period] = parsed.value;
		});

		const nameColumn = targets.some((t) => t.kind === 'field' && t.field === 'name');
		const nameHeader =
			table.headers[targets.findIndex((t) => t.kind === 'field' && t.field === 'name')] ?? 'name';
		let existing: Project | undefined;
		if (id !== null) existing = byId.get(id);
		if (!existing && id === null && sourceKey !== null) existing = byKey.get(sourceKey);
		if (!existing && id === null && fields.name) {
			const matches = byName.get(normalise(fields.name)) ?? [];
			if (matches.length > 1) {
				fail(nameHeader, `'${fields.name}' names ${matches.length} projects: add an id column`);
			}
			existing = matches.length === 1 ? matches[0] : undefined;
		}
		if (nameColumn && fields.name === '') fail(nameHeader, 'the name is empty');
		else if (!existing && !fields.name) {
			fail(
				null,
				id === null
					? 'the row has neither an id nor a name'
					: `project '${id}' is not in this portfolio and the row has no name`
			);
		}
		// The status of a project changes only through the lifecycle (gates.ts): entering a
		// gated stage passes its gate (checklist, decision log), which a file cannot do.
		if (existing && fields.status && fields.status !== existing.status) {
			const header =
				table.headers[targets.findIndex((t) => t.kind === 'field' && t.field === 'status')] ??
				'status';
			const to = fields.status;
			if (isGateStage(to))
				fail(header, `moving to ${STAGE_NAME[to]} goes through its gate: use Gates`);
			else if (!canTransition(existing.status, to))
				fail(
					header,
					`a project cannot move from ${STAGE_NAME[existing.status]} to ${STAGE_NAME[to]}`
				);
		}
		// Two rows on one project would overwrite each other: refuse the later one.
		const key = existing
			? `id:${existing.id}`
			: id !== null
				? `id:${id}`
				: sourceKey !== null
					? `key:${sourceKey}`
					: `name:${normalise(fields.name ?? '')}`;
		const earlier = seen.get(key);
		if (earlier === undefined) seen.set(key, row);
		else if (key.startsWith('name:') && !existing) {
			fail(nameHeader, `duplicate name '${fields.name}' (also row ${earlier})`);
		} else {
			fail(null, `the same project as row ${earlier} ('${existing?.name ?? fields.name ?? id}')`);
		}

		const bad = problems.length > before;
		rows.push({
			row,
			action: existing ? 'update' : 'add',
			id: existing?.id ?? id,
			name: fields.name || existing?.name || '',
			bad
		});
		if (bad) continue;
		const keyed = sourceKey === null ? {} : { key: sourceKey };
		if (existing) {
			items.push({ kind: 'update', row, ...keyed, id: existing.id, fields, cost, demand });
		} else {
			items.push({
				kind: 'add',
				row,
				...keyed,
				...(id === null ? {} : { id }),
				fields: { ...fields, name: fields.name! },
				cost: withoutEmpty(cost),
				demand: Object.fromEntries(
					Object.entries(demand)
						.map(([role, perPeriod]) => [role, withoutEmpty(perPeriod)] as const)
						.filter(([, perPeriod]) => Object.keys(perPeriod).length > 0)
				)
			});
		}
	}
	if (table.rows.length === 0) problems.push({ row: null, column: null, message: 'no data rows' });
	return { rows, problems, items };
}

/** Undoes export's defusing of formulas: `'=1+2` → `=1+2`. */
function unescapeFormula(text: string): string {
	return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

function withoutEmpty(record: Record<string, number | null>): Record<string, number> {
	const out: Record<string, number> = {};
	for (const [key, value] of Object.entries(record)) if (value !== null) out[key] = value;
	return out;
}
