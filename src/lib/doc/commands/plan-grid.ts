import type * as Y from 'yjs';
import type { PeriodId } from '../../domain/types';
import { budgetMap, demandKey, projectsMap, rolesMap, type NumberMap } from '../schema';
import { amount, CommandError } from '../validate';
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

function checkCells(doc: Y.Doc, cells: readonly PlanCell[], what: string): Write[] {
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
				project(); // refuses an unknown project before anything is written
				return { map: () => recordOf<number>(project(), 'cost'), key: period, value };
			}
			case 'demand': {
				const project = () => entityOf(projects, cell.projectId, 'project');
				project(); // refuses an unknown project before anything is written
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
