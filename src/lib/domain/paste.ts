/**
 * Pasting a block of numbers from a spreadsheet into the scoring matrix. Spreadsheets
 * put tab-separated text on the clipboard (rows by newline; a cell holding a tab, a
 * newline or a quote is wrapped in double quotes with `""` for a quote). This module
 * turns that text into cells to write, or into the list of cells that are wrong, so
 * that nothing is written unless every cell is good. Pure: no DOM, no Yjs.
 */

/**
 * What a column of a grid holds: a score 0-10, a contribution 0-3, or an amount
 * (FTE, money: any number ≥ 0).
 */
export type PasteColumnKind = 'score' | 'contribution' | 'amount';

export interface PasteColumn {
	id: string;
	name: string;
	kind: PasteColumnKind;
}

export interface PasteRow {
	id: string;
	name: string;
}

/** One cell to write: the row and column ids and the value (null clears it). */
export interface PastedCell {
	rowId: string;
	columnId: string;
	value: number | null;
}

/** A cell that cannot be pasted, named as a person would look for it. */
export interface PasteProblem {
	/** 1-based row and column within the pasted block. */
	blockRow: number;
	blockColumn: number;
	/** The matrix row and column it would land on, when inside the matrix. */
	rowName: string | null;
	columnName: string | null;
	text: string;
	message: string;
}

export type PastePlan = { ok: true; cells: PastedCell[] } | { ok: false; problems: PasteProblem[] };

/** Contribution labels (DESIGN: 0-3 none, weak, moderate, strong). */
export const CONTRIBUTION_LABELS = ['none', 'weak', 'moderate', 'strong'] as const;

/**
 * Splits clipboard text into rows of cells: tabs separate cells, CRLF/LF/CR separate
 * rows, quoted cells may hold tabs, newlines and `""`. A trailing newline (spreadsheets
 * add one) does not make an empty last row.
 */
export function parseTable(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let i = 0;
	const endCell = () => {
		row.push(cell);
		cell = '';
	};
	const endRow = () => {
		endCell();
		rows.push(row);
		row = [];
	};
	while (i < text.length) {
		const ch = text[i];
		if (ch === '"' && cell === '') {
			// A quoted cell only when the quote closes right before a separator or the end.
			const closed = readQuoted(text, i);
			if (closed) {
				cell = closed.value;
				i = closed.next;
				continue;
			}
		}
		if (ch === '\t') {
			endCell();
			i++;
		} else if (ch === '\r' || ch === '\n') {
			endRow();
			i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
		} else {
			cell += ch;
			i++;
		}
	}
	if (cell !== '' || row.length > 0) endRow();
	return rows;
}

function readQuoted(text: string, start: number): { value: string; next: number } | null {
	let value = '';
	let i = start + 1;
	while (i < text.length) {
		if (text[i] === '"') {
			if (text[i + 1] === '"') {
				value += '"';
				i += 2;
				continue;
			}
			const after = text[i + 1];
			if (after === undefined || after === '\t' || after === '\r' || after === '\n') {
				return { value, next: i + 1 };
			}
			return null;
		}
		value += text[i++];
	}
	return null;
}

/**
 * Reads one typed or pasted value for a column: '' clears (null); decimals may use a
 * comma; a contribution is a whole number 0-3 or its label (none/weak/moderate/strong);
 * an amount may group its thousands with spaces (`1 150 000`, as French Excel writes).
 */
export function parseCellValue(
	text: string,
	kind: PasteColumnKind
): { ok: true; value: number | null } | { ok: false; message: string } {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: true, value: null };
	if (kind === 'contribution') {
		const label = CONTRIBUTION_LABELS.indexOf(
			trimmed.toLowerCase() as (typeof CONTRIBUTION_LABELS)[number]
		);
		if (label >= 0) return { ok: true, value: label };
	}
	const compact =
		kind === 'amount' ? trimmed.replace(/(\d)[\s\u00a0\u202f]+(?=\d{3})/g, '$1') : trimmed;
	const normalised = /^[+-]?\d*,\d+$/.test(compact) ? compact.replace(',', '.') : compact;
	const value = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(normalised) ? Number(normalised) : NaN;
	if (!Number.isFinite(value)) {
		return {
			ok: false,
			message:
				kind === 'contribution' ? 'is not 0-3 or none, weak, moderate, strong' : 'is not a number'
		};
	}
	if (kind === 'contribution') {
		if (!Number.isInteger(value) || value < 0 || value > 3) {
			return { ok: false, message: 'must be 0, 1, 2 or 3 (none, weak, moderate, strong)' };
		}
		return { ok: true, value };
	}
	if (kind === 'amount') {
		if (value < 0) return { ok: false, message: 'must not be negative' };
		return { ok: true, value: value === 0 ? 0 : value };
	}
	if (value < 0 || value > 10) return { ok: false, message: 'must be between 0 and 10' };
	return { ok: true, value: value === 0 ? 0 : value };
}

/**
 * Plans a paste of `text` with its top-left cell at (`row`, `column`) of the matrix.
 * Every cell is checked; cells that fall outside the matrix are problems too (rather
 * than being silently dropped). Either all cells are good (`ok: true`) or the
 * problems are listed and nothing should be written.
 */
export function planPaste(options: {
	text: string;
	rows: readonly PasteRow[];
	columns: readonly PasteColumn[];
	at: { row: number; column: number };
	/** What the rows and columns are, for "falls below the last project". */
	nouns?: { row: string; column: string };
}): PastePlan {
	const { rows, columns, at } = options;
	const nouns = options.nouns ?? { row: 'project', column: 'criterion' };
	const table = parseTable(options.text);
	const problems: PasteProblem[] = [];
	const cells: PastedCell[] = [];
	table.forEach((line, r) => {
		line.forEach((text, c) => {
			const row = rows[at.row + r];
			const column = columns[at.column + c];
			const where = {
				blockRow: r + 1,
				blockColumn: c + 1,
				rowName: row?.name ?? null,
				columnName: column?.name ?? null,
				text
			};
			if (!row || !column) {
				problems.push({
					...where,
					message: !row
						? `falls below the last ${nouns.row}`
						: `falls right of the last ${nouns.column}`
				});
				return;
			}
			const parsed = parseCellValue(text, column.kind);
			if (!parsed.ok) problems.push({ ...where, message: parsed.message });
			else cells.push({ rowId: row.id, columnId: column.id, value: parsed.value });
		});
	});
	if (table.length === 0) {
		problems.push({
			blockRow: 1,
			blockColumn: 1,
			rowName: null,
			columnName: null,
			text: '',
			message: 'the clipboard holds no cells'
		});
	}
	return problems.length > 0 ? { ok: false, problems } : { ok: true, cells };
}

/** One line per problem, e.g. `Row 2, column 3 (CRM × Urgency): “12” must be between 0 and 10`. */
export function describeProblem(problem: PasteProblem): string {
	const target =
		problem.rowName !== null && problem.columnName !== null
			? ` (${problem.rowName} × ${problem.columnName})`
			: '';
	const shown = problem.text.trim() === '' ? '' : `“${problem.text.trim()}” `;
	return `Row ${problem.blockRow}, column ${problem.blockColumn}${target}: ${shown}${problem.message}`;
}
