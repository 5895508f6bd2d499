import type { CellValue, Workbook, Worksheet } from 'exceljs';
import type { CsvTable } from '../projects-csv';
import type { ImportProblem } from './source';

/**
 * An Excel workbook's sheet → the same `CsvTable` as a CSV file, so that every reader
 * after it (Cairn's columns, Jira's) works on either. Cells become the text a CSV of
 * the sheet would hold, in the form `parseCellValue` reads: numbers with a decimal
 * point and no thousands separators, at the 15 significant digits Excel shows (no
 * 0.30000000000000004); dates as ISO yyyy-mm-dd; formulas by their cached result (the
 * value Excel last calculated; none when the file was written by a tool that never
 * calculated it); rich text and hyperlinks by their text; errors as Excel shows them
 * (`#N/A`); booleans as TRUE / FALSE. The header is the first non-empty row; row
 * numbers are Excel's. exceljs is large, so it is loaded on first use.
 */

export type XlsxResult =
	| { ok: true; sheets: string[]; sheet: string; table: CsvTable }
	| { ok: false; problem: ImportProblem };

/** The text of a number as Excel shows it in General format, without separators. */
function numberText(value: number): string {
	if (!Number.isFinite(value)) return '';
	const shown = Number(value.toPrecision(15));
	if (shown === 0) return '0';
	// Tiny and huge numbers: String() would write 1e-7, which no reader takes as a number.
	if (Math.abs(shown) < 1e-6 || Math.abs(shown) >= 1e21) {
		return shown.toFixed(20).replace(/\.?0+$/, '');
	}
	return String(shown);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** A cell's value as text (see the rules at the top of this module). */
export function cellText(value: CellValue | unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return numberText(value);
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (value instanceof Date)
		return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
	if (!isRecord(value)) return String(value);
	if ('formula' in value || 'sharedFormula' in value) return cellText(value.result);
	if (Array.isArray(value.richText)) {
		return value.richText
			.map((run: unknown) => (isRecord(run) ? String(run.text ?? '') : ''))
			.join('');
	}
	// A hyperlink's text may itself be rich text.
	if ('hyperlink' in value) return cellText(value.text);
	if (typeof value.error === 'string') return value.error;
	if ('text' in value) return cellText(value.text);
	return '';
}

function rowTexts(sheet: Worksheet, rowNumber: number): string[] {
	const row = sheet.getRow(rowNumber);
	const cells: string[] = [];
	for (let column = 1; column <= row.cellCount; column++) {
		const cell = row.getCell(column);
		// A merged range holds its value once, in its top-left cell.
		const merged = cell.isMerged && cell.master !== cell;
		cells.push(merged ? '' : cellText(cell.value));
	}
	// Formatted but empty cells at the end of a row are not columns.
	while (cells.length > 0 && cells[cells.length - 1].trim() === '') cells.pop();
	return cells;
}

/**
 * Reads one sheet of an .xlsx workbook (the first by default) into a table. Fails with
 * a problem when the file is not a readable workbook, the sheet does not exist (listing
 * those that do) or the sheet is empty.
 */
export async function readXlsx(
	bytes: ArrayBuffer | Uint8Array,
	sheet?: string
): Promise<XlsxResult> {
	const { default: ExcelJS } = await import('exceljs');
	const workbook: Workbook = new ExcelJS.Workbook();
	try {
		const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
		// exceljs types `load` as taking a Node Buffer; it hands the bytes to JSZip, which
		// takes a Uint8Array in Node and in the browser alike.
		await workbook.xlsx.load(data as unknown as Parameters<typeof workbook.xlsx.load>[0]);
	} catch {
		return {
			ok: false,
			problem: {
				where: null,
				message:
					'the file is not a readable Excel workbook (.xlsx): it may be damaged or another kind of zip file; open it in Excel and save it again as .xlsx'
			}
		};
	}
	const sheets = workbook.worksheets.map((s) => s.name);
	if (sheets.length === 0) {
		return { ok: false, problem: { where: null, message: 'the workbook has no sheets' } };
	}
	const chosen =
		sheet === undefined
			? workbook.worksheets[0]
			: (workbook.worksheets.find((s) => s.name === sheet) ??
				workbook.worksheets.find(
					(s) => s.name.trim().toLowerCase() === sheet.trim().toLowerCase()
				));
	if (!chosen) {
		return {
			ok: false,
			problem: {
				where: null,
				message: `the workbook has no sheet '${sheet}': its sheets are ${sheets.map((s) => `'${s}'`).join(', ')}`
			}
		};
	}

	const isEmpty = (cells: string[]) => cells.every((c) => c.trim() === '');
	let headers: string[] | null = null;
	const rows: CsvTable['rows'] = [];
	for (let rowNumber = 1; rowNumber <= chosen.rowCount; rowNumber++) {
		const cells = rowTexts(chosen, rowNumber);
		if (isEmpty(cells)) continue;
		if (headers === null) headers = cells.map((h) => h.trim());
		else rows.push({ row: rowNumber, cells });
	}
	if (headers === null) {
		return { ok: false, problem: { where: null, message: `sheet '${chosen.name}' is empty` } };
	}
	const width = headers.length;
	for (const row of rows) while (row.cells.length < width) row.cells.push('');
	return { ok: true, sheets, sheet: chosen.name, table: { delimiter: ',', headers, rows } };
}
