/** Plain-text tables for the CLI's readable output (`cairn analyze`, `cairn optimize`). */

/** Width of the project-name column. */
export const NAME_WIDTH = 36;

/** Shortens `text` to `width` characters with an ellipsis. */
export function clip(text: string, width: number): string {
	return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** Lays out rows as columns; `right` lists the columns aligned to the right. */
export function columns(rows: string[][], right: ReadonlySet<number> = new Set()): string[] {
	const widths: number[] = [];
	for (const row of rows) {
		row.forEach((cell, i) => {
			widths[i] = Math.max(widths[i] ?? 0, cell.length);
		});
	}
	return rows.map((row) =>
		row
			.map((cell, i) => (right.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
			.join('  ')
			.trimEnd()
	);
}
