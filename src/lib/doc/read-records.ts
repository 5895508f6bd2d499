import * as Y from 'yjs';
import type { PortfolioContent, Project } from '../domain/types';
import { compareOrder } from './order';
import { DEMAND_SEPARATOR, type EntityMap } from './schema';
import { PAIRWISE_MAX, PAIRWISE_MIN, RESERVED_IDS } from './validate';

/**
 * The pieces `read` is built from. Each one is defensive: values of the wrong type or
 * range (a buggy or hostile peer) are skipped, keys that name nothing are dropped.
 */

export const str = (value: unknown): string => (typeof value === 'string' ? value : '');
/** An entity's order key; '' (sorts first) when missing, so a bad entity still has a place. */
export const orderOf = (entity: EntityMap): string => str(entity.get('order'));
/** An enum field; the first allowed value when a peer wrote something else. */
export function pick<T extends string>(value: unknown, allowed: readonly T[]): T {
	return allowed.includes(value as T) ? (value as T) : allowed[0];
}
/** Range checks for stored numbers: what the format accepts, and nothing else reaches a snapshot. */
export const finiteNonNegative = (n: number): boolean => Number.isFinite(n) && n >= 0;
export const anyFinite = (n: number): boolean => Number.isFinite(n);
export const isScore = (n: number): boolean => n >= 0 && n <= 10;
export const isContribution = (n: number): boolean => n === 0 || n === 1 || n === 2 || n === 3;
export const isPairwise = (n: number): boolean => n >= PAIRWISE_MIN && n <= PAIRWISE_MAX;
export const isLevel = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 5;

/** A number field; `fallback` when missing or invalid. */
export function num(value: unknown, valid: (n: number) => boolean, fallback: number): number {
	return typeof value === 'number' && valid(value) ? value : fallback;
}

/** Ordered ids (periods, criteria…) and their positions, for filtering and key order. */
export interface Index {
	ids: string[];
	at: Map<string, number>;
}

/** Positions of ordered ids, so filtering and re-ordering records costs one Map lookup. */
export function indexOf(ids: string[]): Index {
	const at = new Map<string, number>();
	ids.forEach((id, i) => at.set(id, i));
	return { ids, at };
}

/**
 * A record keyed by ids of `index` (periods, criteria, objectives). Keys that no longer
 * exist are dropped; keys come out in the index's order so that two peers' snapshots
 * are identical even as JSON. Maps usually iterate in that order already (they were
 * filled in it), so the common path writes straight into the result and allocates
 * nothing else; only an out-of-order map is re-sorted.
 */
export function numbers(
	map: Y.Map<unknown> | Y.Map<number> | undefined,
	index: Index,
	valid: (n: number) => boolean
): Record<string, number> {
	let out: Record<string, number> = {};
	if (!map) return out;
	let last = -1;
	let sorted = true;
	(map as Y.Map<unknown>).forEach((value, key) => {
		const i = index.at.get(key);
		if (i === undefined || typeof value !== 'number' || !valid(value)) return;
		if (i < last) sorted = false;
		last = i;
		out[key] = value;
	});
	if (!sorted) out = reorder(out, index.at);
	return out;
}

function reorder<T>(record: Record<string, T>, at: Map<string, number>): Record<string, T> {
	const keys = Object.keys(record).sort((a, b) => (at.get(a) as number) - (at.get(b) as number));
	const out: Record<string, T> = {};
	for (const key of keys) out[key] = record[key];
	return out;
}

/** A demand cell key resolved against the current roles and periods. */
export interface Cell {
	role: string;
	period: string;
	/** Position in role-major, period-minor order. */
	rank: number;
}

/** Every valid `roleId|period` key of this read, so each stored cell costs one lookup. */
export function cellIndex(roles: Index, periods: Index): Map<string, Cell> {
	const cells = new Map<string, Cell>();
	roles.ids.forEach((role, r) => {
		periods.ids.forEach((period, p) => {
			cells.set(role + DEMAND_SEPARATOR + period, {
				role,
				period,
				rank: r * periods.ids.length + p
			});
		});
	});
	return cells;
}

/** Flattened `roleId|period` cells → demand[role][period], roles and periods in order. */
export function demand(
	map: Y.Map<unknown> | undefined,
	cells: Map<string, Cell>,
	roles: Index,
	periods: Index
): Project['demand'] {
	let out: Project['demand'] = {};
	if (!map) return out;
	let last = -1;
	let sorted = true;
	map.forEach((value, key) => {
		const cell = cells.get(key);
		if (cell === undefined || typeof value !== 'number' || !finiteNonNegative(value)) return;
		if (cell.rank < last) sorted = false;
		last = cell.rank;
		(out[cell.role] ??= {})[cell.period] = value;
	});
	if (!sorted) {
		out = reorder(out, roles.at);
		for (const role of Object.keys(out)) out[role] = reorder(out[role], periods.at);
	}
	return out;
}

/** A merged id list (id → order key): existing ids only, in order, never itself. */
export function idList(
	map: Y.Map<unknown> | undefined,
	exists: Set<string>,
	self?: string
): string[] {
	if (!map) return [];
	const items: { id: string; order: string }[] = [];
	map.forEach((order, id) => {
		if (id !== self && exists.has(id)) items.push({ id, order: str(order) });
	});
	return items.sort(compareOrder).map((item) => item.id);
}

/** Entities of a keyed map in their total order; `build` may skip one by returning null. */
export function entities<T>(
	map: Y.Map<EntityMap> | undefined,
	build: (id: string, entity: EntityMap) => T | null
): T[] {
	const rows: { id: string; order: string; value: T }[] = [];
	map?.forEach((entity, id) => {
		if (!(entity instanceof Y.Map) || RESERVED_IDS.has(id)) return;
		const value = build(id, entity);
		if (value !== null) rows.push({ id, order: orderOf(entity), value });
	});
	return rows.sort(compareOrder).map((row) => row.value);
}

/** Review snapshots are shared by every read, so nobody may change them in place. */
function deepFreeze(value: unknown): unknown {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		for (const child of Object.values(value)) deepFreeze(child);
		Object.freeze(value);
	}
	return value;
}

const reviewCache = new WeakMap<EntityMap, { raw: string; snapshot: PortfolioContent | null }>();

/** Snapshots are immutable JSON; parse each once per review map, not once per read. */
export function reviewSnapshot(entity: EntityMap): PortfolioContent | null {
	const raw = entity.get('snapshot');
	if (typeof raw !== 'string') return null;
	const cached = reviewCache.get(entity);
	if (cached && cached.raw === raw) return cached.snapshot;
	let snapshot: PortfolioContent | null = null;
	try {
		const parsed: unknown = JSON.parse(raw);
		if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
			snapshot = deepFreeze(parsed) as PortfolioContent;
		}
	} catch {
		snapshot = null;
	}
	reviewCache.set(entity, { raw, snapshot });
	return snapshot;
}
