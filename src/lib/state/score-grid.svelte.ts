import { computeWeights } from '$lib/domain/ahp';
import {
	CONTRIBUTION_LABELS,
	type PasteColumn,
	type PasteColumnKind,
	type PastedCell
} from '$lib/domain/paste';
import { projectValues } from '$lib/domain/scoring';
import type { CriterionKind, Portfolio, Project } from '$lib/domain/types';
import { SpreadsheetState } from './spreadsheet.svelte';

export type { Step } from './spreadsheet.svelte';

/**
 * The scoring matrix as a spreadsheet (see spreadsheet.svelte.ts for the editing
 * model): projects × criteria, then the computed value. Every write goes through
 * `write`, one call per intent (a pasted block is one call, one transaction).
 * Derived data is memoised by snapshot identity (see ranking.svelte.ts for why).
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

export class ScoreGridState extends SpreadsheetState<Project, GridColumn> {
	#options: ScoreGridOptions;
	#derived: Derived | null = null;
	protected override readonly nouns = { row: 'project', column: 'criterion' };
	protected override readonly viewOnlyMessage =
		'View only: scores cannot be changed with this link.';
	override readonly canFillRight = false;

	constructor(options: ScoreGridOptions) {
		super();
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
	override textAt(row: number, column: number): string {
		return formatCell(this.valueAt(row, column), this.columns[column]?.kind ?? 'score');
	}

	/** Whether a cell can be edited (by this person, and not the computed value). */
	override editable(column: number): boolean {
		return this.canEdit && this.columns[column]?.kind !== 'value';
	}

	protected override readOnlyReason(): string {
		return 'Value is computed from the scores and the weights.';
	}

	protected kindOf(column: number): PasteColumnKind {
		return this.columns[column]?.kind === 'contribution' ? 'contribution' : 'score';
	}

	/** The computed value takes no paste: a block reaching it falls outside the matrix. */
	protected override pasteColumns(): PasteColumn[] {
		return super.pasteColumns().filter((c) => c.id !== VALUE_COLUMN);
	}

	protected writeCells(cells: PastedCell[]): void {
		this.#options.write(
			cells.map((c) => ({ projectId: c.rowId, criterionId: c.columnId, value: c.value }))
		);
	}
}
