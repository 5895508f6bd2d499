import {
	describeCsvProblem,
	guessColumns,
	planImport,
	readCsv,
	type ColumnTarget,
	type CsvTable,
	type Delimiter,
	type ImportPlan
} from '$lib/domain/projects-csv';
import type { Portfolio } from '$lib/domain/types';
import { columnTarget, columnWhat, type ColumnWhat } from '$lib/domain/import/remembered';

export type { ColumnWhat };

/**
 * The column mapping of a spreadsheet import (Cairn's CSV columns, an Excel sheet),
 * without a DOM: the file's text or table, the separator (detected or chosen), what
 * each column is mapped to (guessed from the headers, changed by the person) and the
 * plan with every problem by row and column. `ImportState` takes the plan through the
 * import pipeline's preview and write.
 */

export interface ColumnMapping {
	header: string;
	what: ColumnWhat;
	/** The period, for cost and role columns. */
	period: string;
	/** Why the column waits for a choice (a role or period this portfolio lacks). */
	unresolved: string | null;
	/** Why the column is ignored when its header was not recognised. */
	note: string | null;
	/** Whether the column needed a choice when the file was read (it stays listed first). */
	flagged: boolean;
}

export interface CsvImportOptions {
	portfolio: () => Portfolio;
}

function targetOf(mapping: ColumnMapping): ColumnTarget {
	return columnTarget(mapping.what, mapping.period);
}

export class CsvImportState {
	#options: CsvImportOptions;
	/** The file's name and text, once chosen. */
	fileName = $state('');
	#text = $state<string | null>(null);
	/** `auto` detects `,`, `;` or tab. */
	delimiter = $state<'auto' | Delimiter>('auto');
	mappings = $state<ColumnMapping[]>([]);

	constructor(options: CsvImportOptions) {
		this.#options = options;
	}

	/** A table read by another reader (an Excel sheet), instead of text. */
	#given = $state.raw<CsvTable | null>(null);

	#table = $derived.by(() => {
		if (this.#given) return { ok: true as const, table: this.#given };
		if (this.#text === null) return null;
		return readCsv(this.#text, this.delimiter === 'auto' ? {} : { delimiter: this.delimiter });
	});
	#plan = $derived.by((): ImportPlan | null => {
		const read = this.#table;
		if (!read?.ok) return null;
		return planImport({
			portfolio: this.#options.portfolio(),
			table: read.table,
			targets: this.mappings.map(targetOf),
			unresolved: this.mappings.map((m) => m.unresolved)
		});
	});

	/** The parsed file, or the reason it cannot be read. */
	get table(): { ok: true; table: CsvTable } | { ok: false; message: string } | null {
		return this.#table;
	}

	/** Loads a file's text and guesses the mapping from its headers. */
	load(fileName: string, text: string): void {
		this.fileName = fileName;
		this.#given = null;
		this.#text = text;
		this.#guess();
	}

	/** Loads a table another reader made (an Excel sheet) and guesses the mapping. */
	loadTable(fileName: string, table: CsvTable): void {
		this.fileName = fileName;
		this.#text = null;
		this.#given = table;
		this.#guess();
	}

	/** Reads the file again with another separator (and guesses the mapping again). */
	setDelimiter(delimiter: 'auto' | Delimiter): void {
		this.delimiter = delimiter;
		this.#guess();
	}

	#guess(): void {
		const read = this.table;
		if (!read?.ok) {
			this.mappings = [];
			return;
		}
		const portfolio = this.#options.portfolio();
		const guesses = guessColumns(portfolio, read.table.headers);
		this.mappings = guesses.map((g, i) => ({
			header: read.table.headers[i],
			what: g.unresolved ? 'unset' : columnWhat(g.target),
			period:
				g.target.kind === 'cost' || g.target.kind === 'demand'
					? g.target.period
					: (g.period ?? portfolio.periods[0] ?? ''),
			unresolved: g.unresolved,
			note: g.note,
			flagged: g.unresolved !== null
		}));
	}

	/** Maps column `index` to something else; the person's choice settles an unresolved column. */
	setColumn(index: number, change: { what?: ColumnWhat; period?: string }): void {
		this.mappings = this.mappings.map((m, i) =>
			i === index ? { ...m, ...change, unresolved: null, note: null } : m
		);
	}

	/** What import would do, with every problem; recomputed as the mapping changes. */
	get plan(): ImportPlan | null {
		return this.#plan;
	}

	/** Every problem as one line: `row 7, column 'cost 2027-Q2': not a number: '12k'`. */
	get problems(): string[] {
		const read = this.table;
		if (read && !read.ok) return [read.message];
		return this.plan?.problems.map(describeCsvProblem) ?? [];
	}

	/** Starts over with another file. */
	reset(): void {
		this.#text = null;
		this.#given = null;
		this.fileName = '';
		this.mappings = [];
	}
}
