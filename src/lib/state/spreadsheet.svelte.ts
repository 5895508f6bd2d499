import {
	describeProblem,
	parseCellValue,
	planPaste,
	type PasteColumn,
	type PasteColumnKind,
	type PastedCell
} from '$lib/domain/paste';

/**
 * A grid of numbers edited like a spreadsheet, without a DOM: which cell is active,
 * whether it is being edited (and the text typed so far), and the intents a keyboard,
 * a mouse or a paste produce. Subclasses say what the rows, columns and cells are
 * (the scoring matrix, capacity per role and period, a project's demand); every write
 * goes through `writeCells`, one call per intent (a pasted block or a filled row is
 * one call, so one transaction and one undo step).
 *
 * The active cell is kept by row and column id, so it stays on the same project or
 * role when someone else re-orders the list; it falls back to the nearest cell when
 * its row or column is deleted.
 */

export type Step = 'up' | 'down' | 'left' | 'right' | null;

/** A row or a column of the grid. */
export interface GridAxis {
	id: string;
	name: string;
}

export abstract class SpreadsheetState<Row extends GridAxis, Column extends GridAxis> {
	#active = $state.raw({ rowId: '', columnId: '', row: 0, column: 0 });
	/** The text being typed into the active cell; null when not editing. */
	draft = $state<string | null>(null);
	/** Why the draft cannot be saved (shown next to the cell). */
	error = $state<string | null>(null);
	/** Cells a paste or a fill could not take, one line each; nothing was written. */
	problems = $state<string[]>([]);
	/** A short status for the aria-live region ("Pasted 6 values."). */
	message = $state('');

	/** The rows, in display order. */
	abstract get rows(): readonly Row[];
	/** The columns, in display order. */
	abstract get columns(): readonly Column[];
	/** Whether this person may change anything. */
	abstract get canEdit(): boolean;
	/** The number stored in a cell, if any. */
	abstract valueAt(row: number, column: number): number | undefined;
	/** How the cells of a column are read and checked. */
	protected abstract kindOf(column: number): PasteColumnKind;
	/** Writes cells as one transaction. Throws (a CommandError) to refuse them all. */
	protected abstract writeCells(cells: PastedCell[]): void;

	/** What rows and columns are called in messages ("falls below the last role"). */
	protected readonly nouns: { row: string; column: string } = { row: 'row', column: 'column' };
	/** Said when a viewer tries to change a cell. */
	protected readonly viewOnlyMessage: string = 'View only: this cannot be changed with this link.';
	/** Whether Ctrl+R fills the rest of the row. */
	readonly canFillRight: boolean = true;

	/** Whether a column can be edited by this person (computed columns cannot). */
	editable(column: number): boolean {
		return this.canEdit && column >= 0 && column < this.columns.length;
	}

	/** Said when a cell that is not editable is asked to change (a viewer is told separately). */
	protected readOnlyReason(column: number): string {
		return `${this.columns[column]?.name ?? 'This column'} cannot be edited.`;
	}

	/** The text a cell shows. */
	textAt(row: number, column: number): string {
		const value = this.valueAt(row, column);
		return value === undefined ? '' : String(value);
	}

	/** The active cell's indexes, following its row and column. */
	get active(): { row: number; column: number } {
		const { rowId, columnId, row, column } = this.#active;
		const rows = this.rows;
		const columns = this.columns;
		let r = rows[row]?.id === rowId ? row : rows.findIndex((x) => x.id === rowId);
		let c = columns[column]?.id === columnId ? column : columns.findIndex((x) => x.id === columnId);
		if (r < 0) r = Math.min(row, rows.length - 1);
		if (c < 0) c = Math.min(column, columns.length - 1);
		return { row: Math.max(0, r), column: Math.max(0, c) };
	}

	get editing(): boolean {
		return this.draft !== null;
	}

	/** Makes a cell active (clamped to the grid). */
	moveTo(row: number, column: number): void {
		const rows = this.rows;
		const columns = this.columns;
		if (rows.length === 0 || columns.length === 0) return;
		const r = Math.max(0, Math.min(rows.length - 1, row));
		const c = Math.max(0, Math.min(columns.length - 1, column));
		this.#active = { rowId: rows[r].id, columnId: columns[c].id, row: r, column: c };
	}

	/** Moves the active cell by whole rows and columns (arrow keys, Page Up/Down). */
	moveBy(rows: number, columns: number): void {
		const { row, column } = this.active;
		this.moveTo(row + rows, column + columns);
	}

	#step(step: Step): void {
		if (step === 'up') this.moveBy(-1, 0);
		else if (step === 'down') this.moveBy(1, 0);
		else if (step === 'left') this.moveBy(0, -1);
		else if (step === 'right') this.moveBy(0, 1);
	}

	#refuse(column: number): boolean {
		this.message = this.canEdit ? this.readOnlyReason(column) : this.viewOnlyMessage;
		return false;
	}

	/**
	 * Starts editing the active cell, with `initial` replacing its content (the key that
	 * was typed) or, without it, the current content. Returns false (and says why) for
	 * a viewer or a cell that cannot be edited.
	 */
	startEditing(initial?: string): boolean {
		const { row, column } = this.active;
		if (!this.editable(column)) return this.#refuse(column);
		const current = this.valueAt(row, column);
		this.draft = initial ?? (current === undefined ? '' : String(current));
		this.error = null;
		return true;
	}

	#write(cells: PastedCell[]): string | null {
		try {
			this.writeCells(cells);
			return null;
		} catch (error) {
			return error instanceof Error ? error.message : String(error);
		}
	}

	/**
	 * Saves the draft (if it changed) and moves by `step`. A value that cannot be
	 * saved keeps the cell in editing with the reason in `error`; returns whether it saved.
	 */
	commit(step: Step = null): boolean {
		if (this.draft === null) {
			this.#step(step);
			return true;
		}
		const { row, column } = this.active;
		const target = this.rows[row];
		const col = this.columns[column];
		if (!target || !col || !this.editable(column)) {
			this.cancelEditing();
			return false;
		}
		const parsed = parseCellValue(this.draft, this.kindOf(column));
		if (!parsed.ok) {
			this.error = `${this.cellName(row, column)}: “${this.draft.trim()}” ${parsed.message}. Nothing was saved.`;
			return false;
		}
		if (parsed.value !== (this.valueAt(row, column) ?? null)) {
			const refused = this.#write([{ rowId: target.id, columnId: col.id, value: parsed.value }]);
			if (refused) {
				this.error = refused;
				return false;
			}
		}
		this.draft = null;
		this.error = null;
		this.#step(step);
		return true;
	}

	/** How a cell is named in messages: the column, or "row × column". */
	protected cellName(row: number, column: number): string {
		return this.columns[column]?.name ?? '';
	}

	/** Leaves editing without saving (Escape). */
	cancelEditing(): void {
		this.draft = null;
		this.error = null;
	}

	/** Clears the active cell (Delete). */
	clear(): void {
		const { row, column } = this.active;
		const target = this.rows[row];
		const col = this.columns[column];
		if (!target || !col) return;
		if (!this.editable(column)) {
			this.#refuse(column);
			return;
		}
		if (this.valueAt(row, column) === undefined) return;
		const refused = this.#write([{ rowId: target.id, columnId: col.id, value: null }]);
		this.message = refused ?? `Cleared ${target.name} × ${col.name}.`;
	}

	/** The columns a paste may land on, with how their cells are read. */
	protected pasteColumns(): PasteColumn[] {
		return this.columns.map((c, i) => ({ id: c.id, name: c.name, kind: this.kindOf(i) }));
	}

	/**
	 * Pastes tab/newline separated text with its top-left at the active cell. Every cell
	 * is checked first; if any is bad, nothing is written and `problems` lists them.
	 * Otherwise all cells are written in one call. Returns whether it wrote.
	 */
	paste(text: string): boolean {
		const { row, column } = this.active;
		if (!this.canEdit) return this.#refuse(column);
		const plan = planPaste({
			text,
			rows: this.rows,
			columns: this.pasteColumns(),
			at: { row, column },
			nouns: this.nouns
		});
		if (!plan.ok) {
			this.problems = plan.problems.map(describeProblem);
			const n = plan.problems.length;
			this.message = `Nothing pasted: ${n} ${n === 1 ? 'cell is' : 'cells are'} not valid.`;
			return false;
		}
		const refused = this.#write(plan.cells);
		if (refused) {
			this.problems = [refused];
			this.message = 'Nothing pasted.';
			return false;
		}
		this.problems = [];
		this.draft = null;
		const n = plan.cells.length;
		this.message = `Pasted ${n} ${n === 1 ? 'value' : 'values'}.`;
		return true;
	}

	/**
	 * Copies the active cell's value into every later cell of its row (Ctrl+R, "Fill
	 * right"): capacity of 14 from Q1 to the last period in one step. An empty cell fills
	 * nothing, so a stray key press cannot wipe a row.
	 */
	fillRight(): boolean {
		const { row, column } = this.active;
		if (!this.editable(column)) return this.#refuse(column);
		const target = this.rows[row];
		const value = this.valueAt(row, column);
		if (!target) return false;
		if (value === undefined) {
			this.message = 'Nothing to fill: the active cell is empty.';
			return false;
		}
		const cells: PastedCell[] = [];
		for (let c = column + 1; c < this.columns.length; c++) {
			if (!this.editable(c)) continue;
			const parsed = parseCellValue(String(value), this.kindOf(c));
			if (!parsed.ok) {
				this.problems = [`${this.cellName(row, c)}: “${value}” ${parsed.message}`];
				this.message = 'Nothing filled.';
				return false;
			}
			if (this.valueAt(row, c) !== value) {
				cells.push({ rowId: target.id, columnId: this.columns[c].id, value });
			}
		}
		if (cells.length === 0) {
			this.message =
				column === this.columns.length - 1
					? 'Nothing to fill: the active cell is the last of its row.'
					: `The rest of ${target.name} already holds ${value}.`;
			return false;
		}
		const refused = this.#write(cells);
		if (refused) {
			this.problems = [refused];
			this.message = 'Nothing filled.';
			return false;
		}
		this.problems = [];
		this.message = `Filled ${cells.length} ${cells.length === 1 ? 'cell' : 'cells'} of ${target.name} with ${value}.`;
		return true;
	}

	/** Hides the paste problems. */
	dismissProblems(): void {
		this.problems = [];
	}
}
