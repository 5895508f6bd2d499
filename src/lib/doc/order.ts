import { generateNKeysBetween } from 'fractional-indexing';
import { CommandError } from './validate';

/**
 * Total order of entities by fractional index. Two peers inserting at the same place
 * at the same time may generate the same key; the id breaks the tie, so every peer
 * sees one and the same order, and moving an item only ever writes its own key.
 */

export interface Ordered {
	id: string;
	order: string;
}

/**
 * Where to put an item: at an index of the list without it, right before or after
 * another item, or (undefined) at the end.
 */
export type Position = number | { before?: string; after?: string } | undefined;

/** The one comparison every list uses: key (code-unit order), then id. */
export function compareOrder(a: Ordered, b: Ordered): number {
	if (a.order !== b.order) return a.order < b.order ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Sorts in place and returns the array, so reads can chain it. */
export function sortByOrder<T extends Ordered>(items: T[]): T[] {
	return items.sort(compareOrder);
}

/**
 * Turns a position into an index of `sorted` (the list without the moving items).
 * `after` wins over `before` when both are given; unknown ids are refused because a
 * silent fallback would drop the item somewhere the user did not ask for.
 */
export function resolveIndex(sorted: readonly Ordered[], position: Position, what: string): number {
	if (position === undefined) return sorted.length;
	if (typeof position === 'number') {
		if (!Number.isInteger(position)) throw new CommandError(`${what}: index must be an integer`);
		return Math.max(0, Math.min(sorted.length, position));
	}
	const anchor = position.after ?? position.before;
	if (anchor === undefined) return sorted.length;
	const at = sorted.findIndex((item) => item.id === anchor);
	if (at < 0) throw new CommandError(`${what}: unknown neighbour '${anchor}'`);
	return position.after !== undefined ? at + 1 : at;
}

export interface Placement {
	/** Keys for the inserted items, in order. */
	keys: string[];
	/** Existing items that had to get a new key (only when neighbours were tied). */
	rekeyed: Ordered[];
}

/**
 * Keys for `count` items inserted at `index` of `sorted`. Normally only the new items
 * get keys. When the two neighbours share a key (a concurrent insert tie), there is no
 * key between them, so the tied run is re-keyed together with the new items; when keys
 * are unusable (a bad peer), the whole list is re-keyed. Either way the result is a
 * strictly increasing sequence.
 */
export function placeAt(sorted: readonly Ordered[], index: number, count = 1): Placement {
	const lo = index > 0 ? sorted[index - 1].order : null;
	const hi = index < sorted.length ? sorted[index].order : null;
	try {
		if (lo === null || hi === null || lo < hi) {
			return { keys: generateNKeysBetween(lo, hi, count), rekeyed: [] };
		}
		let start = index - 1;
		while (start > 0 && sorted[start - 1].order === lo) start--;
		let end = index;
		while (end < sorted.length - 1 && sorted[end + 1].order === hi) end++;
		const below = start > 0 ? sorted[start - 1].order : null;
		const above = end + 1 < sorted.length ? sorted[end + 1].order : null;
		return spread(
			sorted,
			start,
			end,
			index,
			count,
			generateNKeysBetween(below, above, end - start + 1 + count)
		);
	} catch {
		const fresh = generateNKeysBetween(null, null, sorted.length + count);
		return spread(sorted, 0, sorted.length - 1, index, count, fresh);
	}
}

function spread(
	sorted: readonly Ordered[],
	start: number,
	end: number,
	index: number,
	count: number,
	fresh: string[]
): Placement {
	const keys: string[] = [];
	const rekeyed: Ordered[] = [];
	let k = 0;
	for (let i = start; i <= end + 1; i++) {
		if (i === index) for (let n = 0; n < count; n++) keys.push(fresh[k++]);
		if (i <= end) rekeyed.push({ id: sorted[i].id, order: fresh[k++] });
	}
	return { keys, rekeyed };
}

/** `n` increasing keys for a fresh list (import, setPeriods). */
export function freshKeys(n: number): string[] {
	return generateNKeysBetween(null, null, n);
}
