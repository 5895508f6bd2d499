import type { Table } from '$lib/domain/report-tables';

/**
 * Writes tables as an .xlsx workbook, one sheet per table. exceljs is large, so it is
 * loaded here, with a dynamic import, only when someone asks for a spreadsheet: the
 * app shell never carries it.
 */

/** Excel refuses these in sheet names, and names longer than 31 characters. */
function sheetName(name: string, taken: Set<string>): string {
	const base = name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet';
	let candidate = base;
	for (let i = 2; taken.has(candidate.toLowerCase()); i++) {
		candidate = `${base.slice(0, 28)} ${i}`;
	}
	taken.add(candidate.toLowerCase());
	return candidate;
}

/** The workbook as bytes: a bold, frozen header row and columns wide enough to read. */
export async function tablesToXlsx(tables: readonly Table[]): Promise<ArrayBuffer> {
	const { default: ExcelJS } = await import('exceljs');
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Cairn';
	workbook.created = new Date();
	const taken = new Set<string>();
	for (const table of tables) {
		const sheet = workbook.addWorksheet(sheetName(table.name, taken), {
			views: [{ state: 'frozen', ySplit: 1 }]
		});
		sheet.addRow(table.columns).font = { bold: true };
		for (const row of table.rows) sheet.addRow(row.map((cell) => cell ?? null));
		sheet.columns.forEach((column, i) => {
			const longest = Math.max(
				table.columns[i]?.length ?? 0,
				...table.rows.map((r) => String(r[i] ?? '').length)
			);
			column.width = Math.min(60, Math.max(8, longest + 2));
		});
	}
	return (await workbook.xlsx.writeBuffer()) as ArrayBuffer;
}
