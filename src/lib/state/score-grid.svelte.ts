import { computeWeights } from '$lib/domain/ahp';
import {
	CONTRIBUTION_LABELS,
	describeProblem,
	parseCellValue,
	planPaste,
	type PasteColumnKind
} from '$lib/domain/paste';
import { projectValues } from '$lib/domain/scoring';
import type { CriterionKind, Portfolio, Project } from '$lib/domain/types';

/**
 * The scoring matrix as a spreadsheet, without a DOM: which cell is active, whether it
 * is being edited (and the text typed so far), and the intents a keyboard, a mouse or
 * a paste produce. The view draws the table and forwards events; every write goes
 * through `write`, one call per intent (a pasted block is one call, one transaction).
 *
 * The active cell is kept by project and column id, so it stays on the same project
 * when someone else re-ranks the list; it falls back to the nearest cell when its
 * project or criterion is deleted. Derived data is memoised by snapshot identity
 * (see ranking.svelte.ts for why).
 */

/** One cell to write (the doc's `ScoreCell`). */
export interface GridWrite {
	projectId: string;
	criterionId: string;
	value: number | null;
}

export interface ScoreGridOptions {
	portfolio: () => Portfolio;
	canEdit: () => boolean;
	/** Writes cells as one transaction (setScores). Throws a CommandError to refuse. */
	write: (cells: GridWrite[]) => void;
}

export interface GridColumn {
	/** The criterion id; `VALUE_COLUMN` for the computed value. */
	id: string;
	name: string;
	/** score 0-10, contribution 0-3, or the read-only value. */
	kind: PasteColumnKind | 'value';
	criterionKind: CriterionKind | null;
	/** The linked objective's id and title, for contribution columns. */
	objectiveId: string | null;
	objectiveTitle: string | null;
	/** The criterion's weight, 0-1 (null for the value column). */
	weight: number | null;
}

export const VALUE_COLUMN = '#value';

export type Step = 'up' | 'down' | 'left' | 'right' | null;

interface Derived {
	portfolio: Portfolio;
	columns: GridColumn[];
	values: Map<string, number>;
}

/** "2 · moderate" for a contribution, "7.5" for a score, "" for none. */
export function formatCell(value: number | undefined, kind: GridColumn['kind']): string {
	if (value === undefined) return '';
	if (kind === 'contribution') return `${value} · ${CONTRIBUTION_LABELS[value] ?? ''}`.trim();
	if (kind === 'value') return value.toFixed(1);
	return String(value);
}

export class ScoreGridState {
	#options: ScoreGridOptions;
	#derived: Derived | null = null;
	#active = $state.raw({ projectId: '', columnId: '', row: 0, column: 0 });
	/** The text being typed into the active cell; null when not editing. */
	draft = $state<string | null>(null);
	/** Why the draft cannot be saved (shown next to the cell). */
	error = $state<string | null>(null);
	/** Cells a paste could not take, one line each; nothing was written. */
	problems = $state<string[]>([]);
	/** A short status for the aria-live region ("Pasted 6 values."). */
	message = $state('');

	constructor(options: ScoreGridOptions) {
		this.#options = options;
	}

	get portfolio(): Portfolio {
		return this.#options.portfolio();
	}

	get canEdit(): boolean {
		return this.#options.canEdit();
	}

	#derive(): Derived {
		const portfolio = this.portfolio;
		if (this.#derived?.portfolio === portfolio) return this.#derived;
		const weights = computeWeights(portfolio.criteria, portfolio.weights).weights;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
		const objectives = new Map(portfolio.objectives.map((o) => [o.id, o.title]));
		const columns: GridColumn[] = portfolio.criteria.map((c) => ({
			id: c.id,
			name: c.name,
			kind: c.objectiveId ? 'contribution' : 'score',
			criterionKind: c.kind,
			objectiveId: c.objectiveId,
			objectiveTitle: c.objectiveId ? (objectives.get(c.objectiveId) ?? null) : null,
			weight: weights[c.id] ?? 0
		}));
		columns.push({
			id: VALUE_COLUMN,
			name: 'Value',
			kind: 'value',
			criterionKind: null,
			objectiveId: null,
			objectiveTitle: null,
			weight: null
		});
		this.#derived = { portfolio, columns, values: projectValues(portfolio, weights) };
		return this.#derived;
	}

	/** Projects in rank order: the rows. */
	get rows(): Project[] {
		return this.portfolio.projects;
	}

	/** Criteria, then the computed value. */
	get columns(): GridColumn[] {
		return this.#derive().columns;
	}

	/** Value 0-100 per project id, recomputed with every change. */
	get values(): Map<string, number> {
		return this.#derive().values;
	}

	/** The active cell's indexes, following its project and column. */
	get active(): { row: number; column: number } {
		const { projectId, columnId, row, column } = this.#active;
		const rows = this.rows;
		const columns = this.columns;
		let r = rows[row]?.id === projectId ? row : rows.findIndex((p) => p.id === projectId);
		let c = columns[column]?.id === columnId ? column : columns.findIndex((x) => x.id === columnId);
		if (r < 0) r = Math.min(row, rows.length - 1);
		if (c < 0) c = Math.min(column, columns.length - 1);
		return { row: Math.max(0, r), column: Math.max(0, c) };
	}

	get editing(): boolean {
		return this.draft !== null;
	}

	/** The number stored in a cell: the score, the contribution, or the value. */
	valueAt(row: number, column: number): number | undefined {
		const project = this.rows[row];
		const col = this.columns[column];
		if (!project || !col) return undefined;
		if (col.kind === 'value') return this.values.get(project.id);
		if (col.kind === 'contribution' && col.objectiveId) {
			const v = project.contributions[col.objectiveId];
			return typeof v === 'number' ? v : undefined;
		}
		const v = project.scores[col.id];
		return typeof v === 'number' ? v : undefined;
	}

	/** The text a cell shows. */
	textAt(row: number, column: number): string {
		return formatCell(this.valueAt(row, column), this.columns[column]?.kind ?? 'score');
	}

	/** Whether a cell can be edited (by this person, and not the computed value). */
	editable(column: number): boolean {
		return this.canEdit && this.columns[column]?.kind !== 'value';
	}

	/** Makes a cell active (clamped to the matrix); ends any edit by committing it. */
	moveTo(row: number, column: number): void {
		const rows = this.rows;
		const columns = this.columns;
		if (rows.length === 0 || columns.length === 0) return;
		const r = Math.max(0, Math.min(rows.length - 1, row));
		const c = Math.max(0, Math.min(columns.length - 1, column));
		this.#active = { projectId: rows[r].id, columnId: columns[c].id, row: r, column: c };
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

	/**
	 * Starts editing the active cell, with `initial` replacing its content (the key that
	 * was typed) or, without it, the current content. Returns false for a viewer or the
	 * value column, and says why.
	 */
	startEditing(initial?: string): boolean {
		const { row, column } = this.active;
		if (!this.canEdit) {
			this.message = 'View only: scores cannot be changed with this link.';
			return false;
		}
		if (!this.editable(column)) {
			this.message = 'Value is computed from the scores and the weights.';
			return false;
		}
		const current = this.valueAt(row, column);
		this.draft = initial ?? (current === undefined ? '' : String(current));
		this.error = null;
		return true;
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
		const project = this.rows[row];
		const col = this.columns[column];
		if (!project || !col || col.kind === 'value') {
			this.cancelEditing();
			return false;
		}
		const parsed = parseCellValue(this.draft, col.kind);
		if (!parsed.ok) {
			this.error = `${col.name}: “${this.draft.trim()}” ${parsed.message}`;
			return false;
		}
		if (parsed.value !== (this.valueAt(row, column) ?? null)) {
			try {
				this.#options.write([{ projectId: project.id, criterionId: col.id, value: parsed.value }]);
			} catch (error) {
				this.error = error instanceof Error ? error.message : String(error);
				return false;
			}
		}
		this.draft = null;
		this.error = null;
		this.#step(step);
		return true;
	}

	/** Leaves editing without saving (Escape). */
	cancelEditing(): void {
		this.draft = null;
		this.error = null;
	}

	/** Clears the active cell (Delete): the score or contribution is removed. */
	clear(): void {
		const { row, column } = this.active;
		const project = this.rows[row];
		const col = this.columns[column];
		if (!project || !col || !this.editable(column)) {
			if (!this.canEdit) this.message = 'View only: scores cannot be changed with this link.';
			return;
		}
		if (this.valueAt(row, column) === undefined) return;
		this.#options.write([{ projectId: project.id, criterionId: col.id, value: null }]);
		this.message = `Cleared ${project.name} × ${col.name}.`;
	}

	/**
	 * Pastes tab/newline separated text with its top-left at the active cell. Every cell
	 * is checked first; if any is bad, nothing is written and `problems` lists them.
	 * Otherwise all cells are written in one call. Returns whether it wrote.
	 */
	paste(text: string): boolean {
		if (!this.canEdit) {
			this.message = 'View only: scores cannot be changed with this link.';
			return false;
		}
		const columns = this.columns.filter((c) => c.kind !== 'value');
		const { row, column } = this.active;
		const plan = planPaste({
			text,
			rows: this.rows.map((p) => ({ id: p.id, name: p.name })),
			columns: columns.map((c) => ({
				id: c.id,
				name: c.name,
				kind: c.kind === 'contribution' ? 'contribution' : 'score'
			})),
			at: { row, column }
		});
		if (!plan.ok) {
			this.problems = plan.problems.map(describeProblem);
			const n = plan.problems.length;
			this.message = `Nothing pasted: ${n} ${n === 1 ? 'cell is' : 'cells are'} not valid.`;
			return false;
		}
		try {
			this.#options.write(
				plan.cells.map((c) => ({ projectId: c.rowId, criterionId: c.columnId, value: c.value }))
			);
		} catch (error) {
			this.problems = [error instanceof Error ? error.message : String(error)];
			this.message = 'Nothing pasted.';
			return false;
		}
		this.problems = [];
		this.draft = null;
		const n = plan.cells.length;
		this.message = `Pasted ${n} ${n === 1 ? 'value' : 'values'}.`;
		return true;
	}

	/** Hides the paste problems. */
	dismissProblems(): void {
		this.problems = [];
	}
}
