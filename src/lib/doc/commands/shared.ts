import * as Y from 'yjs';
import { isOrigin, LOCAL, type Origin } from '../origins';
import {
	freshKeys,
	placeAt,
	resolveIndex,
	sortByOrder,
	type Ordered,
	type Position
} from '../order';
import { periodsMap, type EntityMap } from '../schema';
import { CommandError, entityId, type Check } from '../validate';

/** Options every command takes: who is acting (undo and the decision log filter on it). */
export interface CommandOptions {
	origin?: Origin;
	/**
	 * Display name written as "who" into the automatic decision-log entries this
	 * command makes; defaults to the doc's actor (`actor.ts`).
	 */
	by?: string;
}

/** Options of the add commands: where the new entity goes (default: at the end). */
export interface PlaceOptions extends CommandOptions {
	before?: string;
	after?: string;
}

/**
 * Runs one intent as one transaction with a typed origin, so observers see one update
 * and undo captures one step. Validation happens inside `fn` before any write.
 */
export function run<T>(doc: Y.Doc, opts: CommandOptions | undefined, fn: () => T): T {
	const origin = opts?.origin ?? LOCAL;
	if (!isOrigin(origin)) throw new CommandError('origin must be an Origin ({ source, user? })');
	let result!: T;
	doc.transact(() => {
		result = fn();
	}, origin);
	return result;
}

/** The entity with this id, or a refusal naming the kind. */
export function entityOf(map: Y.Map<EntityMap>, id: unknown, what: string): EntityMap {
	const entity = typeof id === 'string' ? map.get(id) : undefined;
	if (!(entity instanceof Y.Map)) throw new CommandError(`unknown ${what} '${String(id)}'`);
	return entity;
}

/** A nested map of an entity; missing only if a bad peer wrote the entity. */
export function recordOf<T>(entity: EntityMap, field: string): Y.Map<T> {
	const value = entity.get(field);
	if (value instanceof Y.Map) return value as Y.Map<T>;
	const created = new Y.Map<T>();
	entity.set(field, created);
	return created;
}

/** An id for a new entity: the caller's (checked) or a fresh random one. */
export function idFor(
	given: unknown,
	taken: (id: string) => boolean,
	fresh: () => string,
	what: string
): string {
	if (given === undefined) return fresh();
	const id = entityId(given, `${what}.id`);
	if (taken(id)) throw new CommandError(`${what}: id '${id}' is already taken`);
	return id;
}

function orderOfValue(value: unknown): string {
	if (value instanceof Y.Map)
		return typeof value.get('order') === 'string' ? value.get('order') : '';
	if (typeof value === 'string') return value;
	if (typeof value === 'object' && value !== null && 'order' in value) {
		const order = (value as { order: unknown }).order;
		return typeof order === 'string' ? order : '';
	}
	return '';
}

/**
 * The items of an ordered map in their total order. Works for entity maps (`order`
 * field), id lists and periods (the value is the key) and comparisons (`.order`).
 */
export function orderedItems<T>(map: Y.Map<T>, except?: string): Ordered[] {
	const items: Ordered[] = [];
	map.forEach((value, id) => {
		if (id !== except) items.push({ id, order: orderOfValue(value) });
	});
	return sortByOrder(items);
}

/** Writes an order key back in the form the map stores it. */
function writeOrder<T>(typed: Y.Map<T>, id: string, order: string): void {
	const map = typed as Y.Map<unknown>;
	const value = map.get(id);
	if (value instanceof Y.Map) value.set('order', order);
	else if (typeof value === 'string') map.set(id, order);
	else if (typeof value === 'object' && value !== null) map.set(id, { ...value, order });
}

/**
 * The order key for an item placed at `position` among the others. Re-keys tied
 * neighbours when needed (see order.ts); only then does it write other items.
 */
export function keyAt<T>(map: Y.Map<T>, position: Position, what: string, except?: string): string {
	const items = orderedItems(map, except);
	const placement = placeAt(items, resolveIndex(items, position, what));
	for (const { id, order } of placement.rekeyed) writeOrder(map, id, order);
	return placement.keys[0];
}

/** The position of PlaceOptions (before/after), or the end. */
export function positionOf(opts: PlaceOptions | undefined): Position {
	if (!opts || (opts.before === undefined && opts.after === undefined)) return undefined;
	return { before: opts.before, after: opts.after };
}

/** Moves one item by writing its own order key, never by moving array elements. */
export function moveIn<T>(map: Y.Map<T>, id: string, position: Position, what: string): void {
	if (!map.has(id)) throw new CommandError(`unknown ${what} '${id}'`);
	if (typeof position === 'object' && (position.before === id || position.after === id)) return;
	writeOrder(map, id, keyAt(map, position, what, id));
}

/** Refuses a period that is not in the portfolio's list. */
export function checkPeriod(doc: Y.Doc, period: unknown, what: string): string {
	if (typeof period !== 'string' || !periodsMap(doc).has(period)) {
		throw new CommandError(`${what}: unknown period '${String(period)}'`);
	}
	return period;
}

/**
 * Checks a whole record (cost, scores…) before anything is written: every key must
 * exist and every value pass `check`.
 */
export function checkRecord(
	record: unknown,
	keyExists: (key: string) => boolean,
	check: Check<number>,
	what: string
): Record<string, number> {
	if (record === undefined) return {};
	if (typeof record !== 'object' || record === null || Array.isArray(record)) {
		throw new CommandError(`${what} must be an object`);
	}
	const out: Record<string, number> = {};
	for (const [key, value] of Object.entries(record)) {
		if (!keyExists(key)) throw new CommandError(`${what}: unknown id '${key}'`);
		out[key] = check(value, `${what}.${key}`);
	}
	return out;
}

/** Sets one number of a record, or deletes it with null (a missing value counts as 0). */
export function setNumber(map: Y.Map<number>, key: string, value: number | null): void {
	if (value === null) {
		if (map.has(key)) map.delete(key);
	} else if (map.get(key) !== value) {
		map.set(key, value);
	}
}

/** Checks a list of ids: strings, no duplicates, each one existing. */
export function checkIds(
	ids: unknown,
	exists: (id: string) => boolean,
	what: string,
	self?: string
): string[] {
	if (ids === undefined) return [];
	if (!Array.isArray(ids)) throw new CommandError(`${what} must be an array of ids`);
	const seen = new Set<string>();
	for (const id of ids) {
		if (typeof id !== 'string' || !exists(id)) {
			throw new CommandError(`${what}: unknown id '${String(id)}'`);
		}
		if (id === self) throw new CommandError(`${what}: an entity cannot refer to itself`);
		if (seen.has(id)) throw new CommandError(`${what}: '${id}' is listed twice`);
		seen.add(id);
	}
	return ids as string[];
}

/**
 * Makes an ordered id map (id → order key) hold exactly `list`, in that order, writing
 * as little as possible: removed ids are deleted, new ones get keys between their
 * neighbours, and the kept ones are re-keyed only if their relative order changed.
 * Minimal writes keep concurrent additions by other peers intact.
 */
export function syncIdList(map: Y.Map<string>, list: readonly string[], what: string): void {
	const wanted = new Set(list);
	for (const id of Array.from(map.keys())) if (!wanted.has(id)) map.delete(id);
	const items = orderedItems(map);
	const kept = list.filter((id) => map.has(id));
	if (items.some((item, i) => kept[i] !== item.id)) {
		const keys = freshKeys(list.length);
		list.forEach((id, i) => map.set(id, keys[i]));
		return;
	}
	let previous: string | null = null;
	for (const id of list) {
		if (!map.has(id)) {
			const index = previous === null ? 0 : resolveIndex(items, { after: previous }, what);
			const placement = placeAt(items, index);
			for (const { id: other, order } of placement.rekeyed) {
				map.set(other, order);
				const item = items.find((it) => it.id === other);
				if (item) item.order = order;
			}
			map.set(id, placement.keys[0]);
			items.splice(index, 0, { id, order: placement.keys[0] });
		}
		previous = id;
	}
}
