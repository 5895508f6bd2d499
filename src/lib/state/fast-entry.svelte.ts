import type { ProjectImport, ProjectPatch } from '$lib/doc';
import { parseEntryCell, type EntryColumnKind, type EntryValue } from '$lib/domain/entry-cell';
import { describeProblem, parseTable, type PasteProblem } from '$lib/domain/paste';
import { editPlanRow, readPlanRow, type PlanRow, type PlanRowEdit } from '$lib/domain/plan-row';
import type { PeriodId, Portfolio, Project, ProjectStatus } from '$lib/domain/types';
import {
	SpreadsheetState,
	type GridAxis,
	type GridCell,
	type ParsedCell
} from './spreadsheet.svelte';

/**
 * The fast-entry grid: every project on one row (name, sponsor, status, start, duration,
 * FTE per role, cost), and an always-present empty last row where typing a name adds a
 * project. It edits like every grid of Cairn (spreadsheet.svelte.ts); what is its own:
 *
 * - Start, duration, FTE and cost are one view of the project's cost and demand per
 *   period (`domain/plan-row.ts`): FTE is per period over the span, the cost is the
 *   TOTAL, spread evenly (people know what a project costs, not what it costs per
 *   quarter). A start or duration typed before any value is kept on this device until
 *   the first FTE or cost is entered (nothing in the doc holds a span without values).
 * - Every intent (a cell, a pasted block) is ONE `importProjects` call: one
 *   transaction, one undo step, everything checked before the first write. A pasted
 *   block that runs below the last project adds the missing projects.
 */

export const NEW_ROW = '#new';

export type { EntryColumnKind, EntryValue } from '$lib/domain/entry-cell';

export interface EntryColumn extends GridAxis {
	kind: EntryColumnKind;
	/** The role of an FTE column. */
	roleId: string | null;
}

export interface FastEntryOptions {
	portfolio: () => Portfolio;
	canEdit: () => boolean;
	/** Writes projects (updates and additions) as ONE transaction; returns the added ids. */
	write: (items: ProjectImport[]) => string[];
}

interface Pending {
	start?: PeriodId;
	duration?: number;
}

const numberText = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

export class FastEntryState extends SpreadsheetState<GridAxis, EntryColumn, EntryValue> {
	#options: FastEntryOptions;
	#rows: { projects: readonly Project[]; rows: GridAxis[] } | null = null;
	#columns: { portfolio: Portfolio; columns: EntryColumn[] } | null = null;
	#plans = new WeakMap<Project, { periods: readonly PeriodId[]; row: PlanRow }>();
	/** Starts and durations typed for projects with nothing planned yet (this device only). */
	#pending = $state.raw<Record<string, Pending>>({});
	protected override readonly nouns = { row: 'project', column: 'column' };
	protected override readonly viewOnlyMessage =
		'View only: projects cannot be changed with this link.';
	override readonly canFillRight = false;

	constructor(options: FastEntryOptions) {
		super();
		this.#options = options;
	}

	get portfolio(): Portfolio {
		return this.#options.portfolio();
	}

	get canEdit(): boolean {
		return this.#options.canEdit();
	}

	/** The projects in rank order, then the empty row that adds one. */
	get rows(): GridAxis[] {
		const projects = this.portfolio.projects;
		if (this.#rows?.projects !== projects) {
			const rows = projects.map((p) => ({ id: p.id, name: p.name }));
			rows.push({ id: NEW_ROW, name: '' });
			this.#rows = { projects, rows };
		}
		return this.#rows.rows;
	}

	get columns(): EntryColumn[] {
		const portfolio = this.portfolio;
		const cached = this.#columns;
		if (
			cached &&
			cached.portfolio.roles === portfolio.roles &&
			cached.portfolio.currency === portfolio.currency
		) {
			return cached.columns;
		}
		const column = (id: string, name: string, kind: EntryColumnKind): EntryColumn => ({
			id,
			name,
			kind,
			roleId: null
		});
		const columns: EntryColumn[] = [
			column('name', 'Name', 'name'),
			column('sponsor', 'Sponsor', 'sponsor'),
			column('status', 'Status', 'status'),
			column('start', 'Start', 'start'),
			column('duration', 'Duration', 'duration'),
			...portfolio.roles.map((r) => ({
				id: `fte:${r.id}`,
				name: `FTE ${r.name}`,
				kind: 'fte' as const,
				roleId: r.id
			})),
			column('cost', portfolio.currency ? `Cost (${portfolio.currency})` : 'Cost', 'cost')
		];
		this.#columns = { portfolio, columns };
		return columns;
	}

	/** Whether a row is the empty one at the end. */
	isNewRow(row: number): boolean {
		return this.rows[row]?.id === NEW_ROW;
	}

	#project(row: number): Project | undefined {
		return this.portfolio.projects[row];
	}

	/** A project's plan as a row, memoised by the (frozen) project and the period list. */
	planOf(project: Project): PlanRow {
		const periods = this.portfolio.periods;
		const cached = this.#plans.get(project);
		if (cached?.periods === periods) return cached.row;
		const row = readPlanRow(project, periods);
		this.#plans.set(project, { periods, row });
		return row;
	}

	valueAt(row: number, column: number): EntryValue | undefined {
		const project = this.#project(row);
		const col = this.columns[column];
		if (!project || !col) return undefined;
		switch (col.kind) {
			case 'name':
				return project.name;
			case 'sponsor':
				return project.sponsor || undefined;
			case 'status':
				return project.status;
		}
		const plan = this.planOf(project);
		const pending = this.#pending[project.id];
		switch (col.kind) {
			case 'start':
				return plan.start ?? pending?.start;
			case 'duration':
				return plan.duration ?? pending?.duration;
			case 'fte':
				return plan.fte[col.roleId!];
			case 'cost':
				return plan.cost ?? undefined;
		}
	}

	/** Numbers grouped (1,150,000) and at most two decimals; texts as they are. */
	override textAt(row: number, column: number): string {
		const value = this.valueAt(row, column);
		if (value === undefined) return '';
		return typeof value === 'number' ? numberText.format(value) : value;
	}

	/** Whether a start or duration shown is only typed here, not yet planned. */
	isPending(row: number, column: number): boolean {
		const project = this.#project(row);
		const kind = this.columns[column]?.kind;
		if (!project || (kind !== 'start' && kind !== 'duration')) return false;
		return this.planOf(project).start === null && this.#pending[project.id]?.[kind] !== undefined;
	}

	protected kindOf(): 'amount' {
		return 'amount';
	}

	protected override parse(text: string, row: number, column: number): ParsedCell<EntryValue> {
		const kind = this.columns[column]?.kind ?? 'cost';
		return parseEntryCell(text, kind, {
			periods: this.portfolio.periods,
			newRow: this.isNewRow(row)
		});
	}

	protected override editText(row: number, column: number): string {
		const value = this.valueAt(row, column);
		return value === undefined ? '' : String(value);
	}

	protected override cellName(row: number, column: number): string {
		return `${this.#rowName(row)}, ${this.columns[column]?.name ?? ''}`;
	}

	#rowName(row: number): string {
		const project = this.#project(row);
		return project ? `Row “${project.name}”` : 'New row';
	}

	/**
	 * Writes cells of one or more rows as ONE import: fields as a patch, plan cells from
	 * the edited row (plan-row.ts); cells on the new row (or on `#new:n` rows of a paste)
	 * add projects. Throws an Error naming the row and column to refuse them all.
	 */
	protected writeCells(cells: GridCell<EntryValue>[]): void {
		const portfolio = this.portfolio;
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- local lookups, not state
		const columns = new Map(this.columns.map((c) => [c.id, c]));
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- local lookups, not state
		const byRow = new Map<string, GridCell<EntryValue>[]>();
		for (const cell of cells) {
			const list = byRow.get(cell.rowId) ?? [];
			list.push(cell);
			byRow.set(cell.rowId, list);
		}
		const items: ProjectImport[] = [];
		const added: string[] = [];
		const pending: Record<string, Pending> = { ...this.#pending };
		const pendingOfAdded: (Pending | null)[] = [];
		for (const [rowId, rowCells] of byRow) {
			const project = portfolio.projects.find((p) => p.id === rowId);
			const where = project ? `Row “${project.name}”` : 'New row';
			const patch: ProjectPatch = {};
			const edit: PlanRowEdit = {};
			const fte: Record<string, number | null> = {};
			for (const { columnId, value } of rowCells) {
				const column = columns.get(columnId);
				if (!column) continue;
				const at = `${where}, ${column.name}`;
				switch (column.kind) {
					case 'name':
						if (value === null) throw new Error(`${at}: a project needs a name`);
						patch.name = String(value);
						break;
					case 'sponsor':
						patch.sponsor = value === null ? '' : String(value);
						break;
					case 'status':
						patch.status = (value ?? 'proposed') as ProjectStatus;
						break;
					case 'start':
					case 'duration':
						if (value === null) {
							throw new Error(
								`${at}: cannot be cleared. Clear the FTE and the cost to take the project off the plan`
							);
						}
						if (column.kind === 'start') edit.start = String(value);
						else edit.duration = Number(value);
						break;
					case 'fte':
						fte[column.roleId!] = value === null ? null : Number(value);
						break;
					case 'cost':
						edit.cost = value === null ? null : Number(value);
						break;
				}
			}
			if (Object.keys(fte).length > 0) edit.fte = fte;
			const result = editPlanRow({
				project: project ?? { cost: {}, demand: {} },
				periods: portfolio.periods,
				edit,
				pending: project ? this.#pending[project.id] : undefined
			});
			if (!result.ok) {
				const column =
					result.field === 'start' ? 'Start' : result.field === 'duration' ? 'Duration' : null;
				const named = column ?? rowCells.map((c) => columns.get(c.columnId)?.name).join(', ');
				throw new Error(`${where}, ${named}: ${result.message}`);
			}
			const typedSpan = edit.start !== undefined || edit.duration !== undefined;
			const keep: Pending | null =
				typedSpan && !result.writes && (!project || this.planOf(project).start === null)
					? {
							...(project ? this.#pending[project.id] : {}),
							...(edit.start !== undefined ? { start: edit.start } : {}),
							...(edit.duration !== undefined ? { duration: edit.duration } : {})
						}
					: null;
			if (!project) {
				if (patch.name === undefined) {
					throw new Error(
						`${where}, ${columns.get(rowCells[0].columnId)?.name}: type the project's name first`
					);
				}
				items.push({
					add: {
						name: patch.name,
						sponsor: patch.sponsor ?? '',
						status: patch.status ?? 'proposed',
						cost: withoutNulls(result.cost),
						demand: Object.fromEntries(
							Object.entries(result.demand).map(([role, cells]) => [role, withoutNulls(cells)])
						)
					}
				});
				added.push(rowId);
				pendingOfAdded.push(keep);
				continue;
			}
			if (keep) pending[project.id] = keep;
			else if (result.writes) delete pending[project.id];
			if (Object.keys(patch).length > 0 || result.writes) {
				items.push({ update: project.id, patch, cost: result.cost, demand: result.demand });
			}
		}
		const ids = items.length > 0 ? this.#options.write(items) : [];
		ids.forEach((id, i) => {
			const kept = pendingOfAdded[i];
			if (kept) pending[id] = kept;
			this.followRow(added[i], id);
		});
		this.#pending = pending;
	}

	/**
	 * Pastes a block from a spreadsheet with its top-left at the active cell. Rows below
	 * the last project add projects (their name must be in the block). Every cell is
	 * checked first; a bad one writes nothing and `problems` names each. One undo step.
	 */
	override paste(text: string): boolean {
		const { row, column } = this.active;
		if (!this.canEdit) {
			this.message = this.viewOnlyMessage;
			return false;
		}
		const table = parseTable(text);
		const rows = this.rows;
		const columns = this.columns;
		const firstNew = rows.length - 1;
		const problems: PasteProblem[] = [];
		const cells: GridCell<EntryValue>[] = [];
		table.forEach((line, r) => {
			const at = row + r;
			const rowId = at < firstNew ? rows[at].id : `${NEW_ROW}:${at - firstNew + 1}`;
			line.forEach((cellText, c) => {
				const col = columns[column + c];
				const where = {
					blockRow: r + 1,
					blockColumn: c + 1,
					rowName: at < firstNew ? rows[at].name : 'new project',
					columnName: col?.name ?? null,
					text: cellText
				};
				if (!col) {
					problems.push({ ...where, message: 'falls right of the last column' });
					return;
				}
				const parsed = this.parse(cellText, Math.min(at, firstNew), column + c);
				if (!parsed.ok) problems.push({ ...where, message: parsed.message });
				else if (at < firstNew || parsed.value !== null) {
					cells.push({ rowId, columnId: col.id, value: parsed.value });
				}
			});
		});
		if (table.length === 0) {
			this.message = 'Nothing pasted: the clipboard holds no cells.';
			return false;
		}
		if (problems.length > 0) {
			this.problems = problems.map(describeProblem);
			const n = problems.length;
			this.message = `Nothing pasted: ${n} ${n === 1 ? 'cell is' : 'cells are'} not valid.`;
			return false;
		}
		const before = this.portfolio.projects.length;
		try {
			this.writeCells(cells);
		} catch (error) {
			this.problems = [error instanceof Error ? error.message : String(error)];
			this.message = 'Nothing pasted.';
			return false;
		}
		this.problems = [];
		this.draft = null;
		const addedCount = this.portfolio.projects.length - before;
		this.message =
			`Pasted ${cells.length} ${cells.length === 1 ? 'value' : 'values'}` +
			(addedCount > 0 ? `, ${addedCount} new ${addedCount === 1 ? 'project' : 'projects'}.` : '.');
		return true;
	}
}

function withoutNulls(cells: Record<PeriodId, number | null>): Record<PeriodId, number> {
	const out: Record<PeriodId, number> = {};
	for (const [period, value] of Object.entries(cells)) if (value !== null) out[period] = value;
	return out;
}
