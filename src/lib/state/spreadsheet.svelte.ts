import {
	describeProblem,
	parseCellValue,
	planPaste,
	type PasteColumn,
	type PasteColumnKind
} from '$lib/domain/paste';

/**
 * A grid edited like a spreadsheet, without a DOM: which cell is active, whether it is
 * being edited (and the text typed so far), and the intents a keyboard, a mouse or a
 * paste produce. Cells hold numbers unless a subclass says otherwise (`Value`, read
 * by `parse`). Subclasses say what the rows, columns and cells are
 * (the scoring matrix, capacity per role and period, a project's demand); every write
 * goes through `writeCells`, one call per intent (a pasted block or a filled row is
 * one call, so one transaction and one undo step).
 *
 * The active cell is kept by row and column id, so it stays on the same project or
 * role when someone else re-orders the list; it falls back to the nearest cell when
 * its row or column is deleted.
 *
 * Editing works as in Excel: typing into a selected cell starts a FRESH edit (the key
 * replaces the content: `type`); F2, Enter or a double click edit the content as it is,
 * the caret after it (`startEditing()`); Escape cancels. A second tap on a phone edits
 * with the content selected (`startEditing(undefined, { selectAll: true })`), so the
 * first key typed replaces it there too.
 */

export type Step = 'up' | 'down' | 'left' | 'right' | null;

/** One cell to write: the row and column ids and the value (null clears it). */
export interface GridCell<Value> {
	rowId: string;
	columnId: string;
	value: Value | null;
}

/** A typed or pasted text read for a cell: its value, or why it cannot be one. */
export type ParsedCell<Value> = { ok: true; value: Value | null } | { ok: false; message: string };

/** A row or a column of the grid. */
export interface GridAxis {
	id: string;
	name: string;
}

export abstract class SpreadsheetState<
	Row extends GridAxis,
	Column extends GridAxis,
	Value = number
> {
	#active = $state.raw({ rowId: '', columnId: '', row: 0, column: 0 });
	/** The text being typed into the active cell; null when not editing. */
	draft = $state<string | null>(null);
	/**
	 * Whether the draft starts selected (a second tap on a phone), so that the first key
	 * replaces it; otherwise the caret goes after it. Read by the DOM side once.
	 */
	selectDraft = $state(false);
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
	/** The value stored in a cell, if any. */
	abstract valueAt(row: number, column: number): Value | undefined;
	/** How the cells of a column are read and checked. */
	protected abstract kindOf(column: number): PasteColumnKind;
	/** Writes cells as one transaction. Throws (a CommandError) to refuse them all. */
	protected abstract writeCells(cells: GridCell<Value>[]): void;

	/** Reads a typed or pasted text for a cell (numbers by the column's kind unless overridden). */
	protected parse(text: string, _row: number, column: number): ParsedCell<Value> {
		return parseCellValue(text, this.kindOf(column)) as ParsedCell<Value>;
	}

	/** The text an edit of the cell starts from (F2, Enter, double click). */
	protected editText(row: number, column: number): string {
		const current = this.valueAt(row, column);
		return current === undefined ? '' : String(current);
	}

	/** Keeps the active cell on `to` when the row it was on became `to` (a new row was added). */
	protected followRow(from: string, to: string): void {
		if (this.#active.rowId === from) this.#active = { ...this.#active, rowId: to };
	}

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
	 * was typed) or, without it, the current content to append to (F2, Enter, double
	 * click; `selectAll` for a second tap on a phone). Returns false (and says why) for a
	 * viewer or a cell that cannot be edited.
	 */
	startEditing(initial?: string, options: { selectAll?: boolean } = {}): boolean {
		const { row, column } = this.active;
		if (!this.editable(column)) return this.#refuse(column);
		this.draft = initial ?? this.editText(row, column);
		this.selectDraft = initial === undefined && options.selectAll === true;
		this.error = null;
		return true;
	}

	/**
	 * Text typed on the grid: on a selected cell it starts a fresh edit that REPLACES the
	 * content (typing 15 over 9 gives 15, never 915); while editing it is added to the
	 * draft (keys that arrive before the input has focus). Returns whether it was taken.
	 */
	type(text: string): boolean {
		if (this.draft !== null) {
			this.draft += text;
			this.selectDraft = false;
			return true;
		}
		return this.startEditing(text);
	}

	#write(cells: GridCell<Value>[]): string | null {
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
		const parsed = this.parse(this.draft, row, column);
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
		this.selectDraft = false;
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
		// A refusal shows with the paste problems (the status line alone is not seen).
		if (refused) this.problems = [refused];
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
		const refused = this.#write(plan.cells as GridCell<Value>[]);
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
		const cells: GridCell<Value>[] = [];
		for (let c = column + 1; c < this.columns.length; c++) {
			if (!this.editable(c)) continue;
			const parsed = this.parse(String(value), row, c);
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
