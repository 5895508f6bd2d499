import type { PasteColumnKind, PastedCell } from '$lib/domain/paste';
import type { PeriodId, Portfolio } from '$lib/domain/types';
import { setPlanCells, type PlanCell } from '$lib/doc';
import type { PortfolioSession } from './portfolio-session.svelte';
import { SpreadsheetState, type GridAxis } from './spreadsheet.svelte';

/**
 * A planning grid: rows (roles, the budget, a project's cost) × periods, every cell an
 * amount ≥ 0 (FTE or money). The supply grid (capacity per role, then the budget) and a
 * project's demand grid (FTE per role, then its cost) are both one of these; the view
 * says which rows and where a cell is written. Editing works as in every grid of Cairn
 * (spreadsheet.svelte.ts): type, Enter/Tab, Delete, paste a block, fill right.
 */

export interface PlanRow extends GridAxis {
	/** FTE (shown as typed) or money (shown with thousands grouped). */
	unit: 'fte' | 'money';
}

export interface PlanGridOptions {
	rows: () => PlanRow[];
	periods: () => readonly PeriodId[];
	/** The value of a cell, if any. */
	value: (rowId: string, period: PeriodId) => number | undefined;
	canEdit: () => boolean;
	/** Writes cells (row id, period, value or null) as ONE transaction; throws to refuse. */
	write: (cells: PastedCell[]) => void;
	/** What the rows are called ("role"), for "falls below the last role". */
	rowNoun?: string;
}

const money = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export class PlanGridState extends SpreadsheetState<PlanRow, GridAxis> {
	#options: PlanGridOptions;
	#columns: { periods: readonly PeriodId[]; columns: GridAxis[] } | null = null;
	protected override readonly nouns: { row: string; column: string };
	protected override readonly viewOnlyMessage =
		'View only: the plan cannot be changed with this link.';

	constructor(options: PlanGridOptions) {
		super();
		this.#options = options;
		this.nouns = { row: options.rowNoun ?? 'row', column: 'period' };
	}

	get rows(): PlanRow[] {
		return this.#options.rows();
	}

	/** The periods, as columns (memoised by the period list, so ids stay stable). */
	get columns(): GridAxis[] {
		const periods = this.#options.periods();
		if (this.#columns?.periods !== periods) {
			this.#columns = { periods, columns: periods.map((p) => ({ id: p, name: p })) };
		}
		return this.#columns.columns;
	}

	get canEdit(): boolean {
		return this.#options.canEdit();
	}

	valueAt(row: number, column: number): number | undefined {
		const r = this.rows[row];
		const c = this.columns[column];
		return r && c ? this.#options.value(r.id, c.id) : undefined;
	}

	/** Money with grouped thousands (1,150,000); FTE as typed (2.5). */
	override textAt(row: number, column: number): string {
		const value = this.valueAt(row, column);
		if (value === undefined) return '';
		return this.rows[row]?.unit === 'money' ? money.format(value) : String(value);
	}

	protected kindOf(): PasteColumnKind {
		return 'amount';
	}

	protected override cellName(row: number, column: number): string {
		return `${this.rows[row]?.name ?? ''}, ${this.columns[column]?.name ?? ''}`;
	}

	protected writeCells(cells: PastedCell[]): void {
		this.#options.write(cells);
	}
}

/** The row id of the budget in the supply grid, and of the cost in a demand grid. */
export const BUDGET_ROW = '#budget';
export const COST_ROW = '#cost';

interface GridSource {
	portfolio: () => Portfolio;
	canEdit: () => boolean;
	/** Writes planning cells as ONE transaction (setPlanCells). */
	write: (cells: PlanCell[]) => void;
}

/** Supply: capacity per role (FTE), then the budget (money), per period. */
export function supplyGrid(source: GridSource): PlanGridState {
	return new PlanGridState({
		rows: () => [
			...source.portfolio().roles.map((r) => ({ id: r.id, name: r.name, unit: 'fte' as const })),
			{ id: BUDGET_ROW, name: 'Budget', unit: 'money' }
		],
		periods: () => source.portfolio().periods,
		value: (rowId, period) => {
			const portfolio = source.portfolio();
			if (rowId === BUDGET_ROW) return portfolio.budget[period];
			return portfolio.roles.find((r) => r.id === rowId)?.capacity[period];
		},
		canEdit: source.canEdit,
		rowNoun: 'row',
		write: (cells) =>
			source.write(
				cells.map(({ rowId, columnId: period, value }) =>
					rowId === BUDGET_ROW
						? { kind: 'budget', period, value }
						: { kind: 'capacity', roleId: rowId, period, value }
				)
			)
	});
}

/** A project's demand (FTE per role), then its cost (money), per period. */
export function demandGrid(source: GridSource & { projectId: () => string }): PlanGridState {
	const project = () => source.portfolio().projects.find((p) => p.id === source.projectId());
	return new PlanGridState({
		rows: () => [
			...source.portfolio().roles.map((r) => ({ id: r.id, name: r.name, unit: 'fte' as const })),
			{ id: COST_ROW, name: 'Cost', unit: 'money' }
		],
		periods: () => source.portfolio().periods,
		value: (rowId, period) => {
			const p = project();
			if (!p) return undefined;
			return rowId === COST_ROW ? p.cost[period] : p.demand[rowId]?.[period];
		},
		canEdit: () => source.canEdit() && project() !== undefined,
		rowNoun: 'row',
		write: (cells) => {
			const projectId = source.projectId();
			source.write(
				cells.map(({ rowId, columnId: period, value }) =>
					rowId === COST_ROW
						? { kind: 'cost', projectId, period, value }
						: { kind: 'demand', projectId, roleId: rowId, period, value }
				)
			);
		}
	});
}

/** Writes planning cells as one transaction and one undo step of their own. */
export function writePlan(session: PortfolioSession, cells: PlanCell[]): void {
	session.undo.stopCapturing();
	setPlanCells(session.doc, cells);
	session.undo.stopCapturing();
}
