import type * as Y from 'yjs';
import { newId } from '../ids';
import type { Position } from '../order';
import { DEMAND_SEPARATOR, childMap, periodsMap, projectsMap, rolesMap } from '../schema';
import { amount, checkPatch, text } from '../validate';
import { setField, writeRole } from '../write';
import {
	checkPeriod,
	checkRecord,
	entityOf,
	idFor,
	keyAt,
	moveIn,
	positionOf,
	recordOf,
	run,
	setNumber,
	type CommandOptions,
	type PlaceOptions
} from './shared';

/** Roles (teams or skills) and their capacity in FTE per period. */

export interface RoleInput {
	id?: string;
	name: string;
	capacity?: Record<string, number>;
	costRate?: number;
}

/** Adds a role and returns its id. */
export function addRole(doc: Y.Doc, input: RoleInput, opts?: PlaceOptions): string {
	return run(doc, opts, () => {
		const roles = rolesMap(doc);
		const periods = periodsMap(doc);
		const name = text(input?.name, 'role.name');
		const capacity = checkRecord(input.capacity, (p) => periods.has(p), amount, 'role.capacity');
		const taken = (id: string) => roles.has(id);
		const id = idFor(input.id, taken, () => newId('r', taken), 'role');
		const costRate =
			input.costRate === undefined ? undefined : amount(input.costRate, 'role.costRate');
		writeRole(roles, id, keyAt(roles, positionOf(opts), 'role'), { name, capacity, costRate });
		return id;
	});
}

/**
 * Renames a role, or sets its cost rate (cost of one FTE for one period, used to fill
 * a project's cost from its demand; null removes it).
 */
export function updateRole(
	doc: Y.Doc,
	id: string,
	patch: { name?: string; costRate?: number | null },
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = entityOf(rolesMap(doc), id, 'role');
		const { costRate, ...rest } = patch ?? {};
		const rate = costRate == null ? costRate : amount(costRate, 'role.costRate');
		const fields = checkPatch(rest, { name: text }, 'role');
		for (const [field, value] of fields) setField(entity, field, value);
		if (rate === null) {
			if (entity.has('costRate')) entity.delete('costRate');
		} else if (rate !== undefined) {
			setField(entity, 'costRate', rate);
		}
	});
}

/** Re-orders the roles (rows of the capacity chart). */
export function moveRole(doc: Y.Doc, id: string, position: Position, opts?: CommandOptions): void {
	run(doc, opts, () => moveIn(rolesMap(doc), id, position, 'role'));
}

/** Deletes a role and every project's demand for it, in the same transaction. */
export function deleteRole(doc: Y.Doc, id: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const roles = rolesMap(doc);
		entityOf(roles, id, 'role');
		const prefix = id + DEMAND_SEPARATOR;
		projectsMap(doc).forEach((p) => {
			const demand = childMap<number>(p, 'demand');
			if (!demand) return;
			const stale: string[] = [];
			demand.forEach((_value, key) => {
				if (key.startsWith(prefix) && !key.slice(prefix.length).includes(DEMAND_SEPARATOR)) {
					stale.push(key);
				}
			});
			for (const key of stale) demand.delete(key);
		});
		roles.delete(id);
	});
}

/** Sets (or clears with null: counts as 0) a role's capacity in one period. */
export function setCapacity(
	doc: Y.Doc,
	roleId: string,
	period: string,
	value: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const role = entityOf(rolesMap(doc), roleId, 'role');
		checkPeriod(doc, period, 'setCapacity');
		const checked = value === null ? null : amount(value, `capacity.${period}`);
		setNumber(recordOf<number>(role, 'capacity'), period, checked);
	});
}
