import type * as Y from 'yjs';
import { shiftProject } from '../../domain/schedule';
import type { PerPeriod } from '../../domain/types';
import { DEMAND_SEPARATOR, demandKey, periodsMap, projectsMap } from '../schema';
import { CommandError } from '../validate';
import { entityOf, orderedItems, recordOf, run, type CommandOptions } from './shared';

/** Scheduling: moving a project's start (its cost and demand) by whole periods. */

/**
 * Moves a project's cost and demand `delta` whole periods later (negative: earlier),
 * as ONE transaction (one undo step). Refused, with nothing written, when `delta` is
 * not a whole number or when a non-zero value would leave the portfolio's periods
 * (`shiftProject` in domain/schedule.ts explains why the edge refuses rather than
 * extends). Only the cells whose value changes are written, so a concurrent edit of
 * another project, or of a cell this shift leaves as it was, merges untouched; two
 * people shifting the same project at once write the same cells, and the last write
 * of each cell wins, the same on every peer.
 */
export function shiftProjectStart(
	doc: Y.Doc,
	id: string,
	delta: number,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = entityOf(projectsMap(doc), id, 'project');
		if (typeof delta !== 'number' || !Number.isInteger(delta)) {
			throw new CommandError(`shiftProjectStart: delta must be a whole number of periods`);
		}
		if (delta === 0) return;
		const periods = orderedItems(periodsMap(doc)).map((item) => item.id);
		const costMap = recordOf<number>(entity, 'cost');
		const demandMap = recordOf<number>(entity, 'demand');
		const cost: PerPeriod = {};
		costMap.forEach((value, period) => {
			if (typeof value === 'number') cost[period] = value;
		});
		const demand: Record<string, PerPeriod> = {};
		demandMap.forEach((value, key) => {
			const cut = key.lastIndexOf(DEMAND_SEPARATOR);
			if (typeof value !== 'number' || cut < 0) return;
			const roleId = key.slice(0, cut);
			(demand[roleId] ??= {})[key.slice(cut + 1)] = value;
		});
		const name = entity.get('name');
		const shifted = shiftProject(
			{ name: typeof name === 'string' ? name : id, cost, demand },
			periods,
			delta
		);
		if (!shifted.ok) throw new CommandError(shifted.message);
		writeCells(costMap, shifted.cost);
		const flat: Record<string, number> = {};
		for (const roleId in shifted.demand) {
			for (const period in shifted.demand[roleId]) {
				flat[demandKey(roleId, period)] = shifted.demand[roleId][period];
			}
		}
		writeCells(demandMap, flat);
	});
}

/** Makes `map` hold exactly `wanted`, writing only the keys that change. */
function writeCells(map: Y.Map<number>, wanted: Record<string, number>): void {
	for (const key of Array.from(map.keys())) if (!Object.hasOwn(wanted, key)) map.delete(key);
	for (const key in wanted) if (map.get(key) !== wanted[key]) map.set(key, wanted[key]);
}
