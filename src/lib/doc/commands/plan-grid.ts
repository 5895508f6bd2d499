import type * as Y from 'yjs';
import type { PeriodId } from '../../domain/types';
import { budgetMap, demandKey, projectsMap, rolesMap, type NumberMap } from '../schema';
import { amount, CommandError, entityId } from '../validate';
import {
	addProject,
	checkProjectPatch,
	updateProject,
	type ProjectInput,
	type ProjectPatch
} from './projects';
import { checkPeriod, entityOf, recordOf, run, setNumber, type CommandOptions } from './shared';

/**
 * The planning grids in bulk: capacity, budget, a project's cost and demand, many cells
 * at once (a pasted block, a filled row, the quick entry, a CSV import). Each call is
 * ONE transaction (one undo step, one update) and checks every cell before it writes
 * anything, so a refused block leaves the doc as it was.
 */

/** One cell of a planning grid; null clears it (a missing value counts as 0). */
export type PlanCell =
	| { kind: 'capacity'; roleId: string; period: PeriodId; value: number | null }
	| { kind: 'budget'; period: PeriodId; value: number | null }
	| { kind: 'cost'; projectId: string; period: PeriodId; value: number | null }
	| {
			kind: 'demand';
			projectId: string;
			roleId: string;
			period: PeriodId;
			value: number | null;
	  };

interface Write {
	map: () => NumberMap;
	key: string;
	value: number | null;
}

function checkCells(
	doc: Y.Doc,
	cells: readonly PlanCell[],
	what: string,
	newProject?: string
): Write[] {
	if (!Array.isArray(cells)) throw new CommandError(`${what}: cells must be an array`);
	const roles = rolesMap(doc);
	const projects = projectsMap(doc);
	return cells.map((cell, i): Write => {
		const at = `${what}: cells[${i}]`;
		if (typeof cell !== 'object' || cell === null)
			throw new CommandError(`${at} must be an object`);
		const period = checkPeriod(doc, cell.period, at);
		const value = cell.value === null ? null : amount(cell.value, `${at}.value`);
		switch (cell.kind) {
			case 'capacity': {
				const role = entityOf(roles, cell.roleId, 'role');
				return { map: () => recordOf<number>(role, 'capacity'), key: period, value };
			}
			case 'budget':
				return { map: () => budgetMap(doc), key: period, value };
			case 'cost': {
				const project = () => entityOf(projects, cell.projectId, 'project');
				if (cell.projectId !== newProject) project();
				return { map: () => recordOf<number>(project(), 'cost'), key: period, value };
			}
			case 'demand': {
				const project = () => entityOf(projects, cell.projectId, 'project');
				if (cell.projectId !== newProject) project();
				entityOf(roles, cell.roleId, 'role');
				const key = demandKey(cell.roleId, period);
				return { map: () => recordOf<number>(project(), 'demand'), key, value };
			}
			default:
				throw new CommandError(`${at}: unknown kind '${String((cell as PlanCell).kind)}'`);
		}
	});
}

/**
 * Writes a block of planning cells (capacity, budget, cost, demand, in any mix) as one
 * transaction; every cell is checked first, so one bad cell refuses the whole block.
 */
export function setPlanCells(doc: Y.Doc, cells: readonly PlanCell[], opts?: CommandOptions): void {
	run(doc, opts, () => {
		const writes = checkCells(doc, cells, 'setPlanCells');
		for (const { map, key, value } of writes) setNumber(map(), key, value);
	});
}

/** One project of an import: the project to update (by id), or a new one to add. */
export type ProjectImport =
	| {
			update: string;
			patch: ProjectPatch;
			/** period → value; null clears. Periods not listed are left as they are. */
			cost: Record<PeriodId, number | null>;
			/** role id → period → value; null clears. */
			demand: Record<string, Record<PeriodId, number | null>>;
	  }
	| { add: ProjectInput };

function planCells(
	projectId: string,
	cost: Record<PeriodId, number | null> | undefined,
	demand: Record<string, Record<PeriodId, number | null>> | undefined
): PlanCell[] {
	const cells: PlanCell[] = [];
	for (const [period, value] of Object.entries(cost ?? {})) {
		cells.push({ kind: 'cost', projectId, period, value });
	}
	for (const [roleId, perPeriod] of Object.entries(demand ?? {})) {
		for (const [period, value] of Object.entries(perPeriod ?? {})) {
			cells.push({ kind: 'demand', projectId, roleId, period, value });
		}
	}
	return cells;
}

/**
 * Imports projects (a CSV file): updates the existing ones and adds the new ones at the
 * end of the ranking, in ONE transaction, so one undo takes the whole import back.
 * Everything is checked before the first write (Yjs cannot roll a transaction back): a
 * bad field, id or value anywhere refuses the whole import. Returns the added ids.
 */
export function importProjects(
	doc: Y.Doc,
	items: readonly ProjectImport[],
	opts?: CommandOptions
): string[] {
	return run(doc, opts, () => {
		if (!Array.isArray(items)) throw new CommandError('importProjects: items must be an array');
		const projects = projectsMap(doc);
		const taken = new Set<string>();
		const updates = items.map((item, i) => {
			const what = `importProjects: items[${i}]`;
			if ('update' in item) {
				entityOf(projects, item.update, 'project');
				checkProjectPatch(item.patch);
				const cells = planCells(item.update, item.cost, item.demand);
				return { id: item.update, patch: item.patch, writes: checkCells(doc, cells, what) };
			}
			const input = item.add;
			checkProjectPatch(projectFields(input));
			if (typeof input.name !== 'string' || input.name.trim() === '') {
				throw new CommandError(`${what}: project.name must not be empty`);
			}
			if (input.id !== undefined) {
				const id = entityId(input.id, `${what}: project.id`);
				if (projects.has(id) || taken.has(id)) {
					throw new CommandError(`${what}: project id '${id}' is already taken`);
				}
				taken.add(id);
			}
			// Checks the cost and demand of the new project (an unknown role or period).
			checkCells(
				doc,
				planCells('', input.cost, input.demand).map((c) => ({ ...c, projectId: SELF })),
				what,
				SELF
			);
			return null;
		});
		const origin = opts?.origin;
		for (const update of updates) {
			if (!update) continue;
			updateProject(doc, update.id, update.patch, { origin });
			for (const { map, key, value } of update.writes) setNumber(map(), key, value);
		}
		const added: string[] = [];
		for (const item of items) if ('add' in item) added.push(addProject(doc, item.add, { origin }));
		return added;
	});
}

/** A stand-in project id for checking the cells of a project that does not exist yet. */
const SELF = '\u0000new';

function projectFields(input: ProjectInput): ProjectPatch {
	const { name, description, sponsor, status, decision, decisionReason } = input;
	return { name, description, sponsor, status, decision, decisionReason };
}
