import type * as Y from 'yjs';
import { generateNKeysBetween } from 'fractional-indexing';
import { freshKeys, type Ordered } from '../order';
import { projectsMap } from '../schema';
import { CommandError } from '../validate';
import { orderedItems, run, type CommandOptions } from './shared';

/** The whole ranking at once ("Sort by value", "apply the optimum"). */

/**
 * Puts the listed projects in the given order as ONE transaction (one undo step).
 * Only the projects that must move get a new key: the longest run of listed projects
 * whose current keys already increase in the wanted order keeps its keys (a longest
 * increasing subsequence), and every other listed project gets a key between its kept
 * neighbours. Fewer writes mean fewer collisions with concurrent moves by other peers,
 * and a concurrent move of one project still resolves to one position (one key).
 *
 * `ids` may leave projects out (a project added by a peer a moment ago): those keep
 * their keys and so stay where their key places them. Unknown or repeated ids are
 * refused before anything is written.
 */
export function setProjectOrder(doc: Y.Doc, ids: readonly string[], opts?: CommandOptions): void {
	run(doc, opts, () => {
		const projects = projectsMap(doc);
		if (!Array.isArray(ids)) throw new CommandError('setProjectOrder: ids must be an array');
		const seen = new Set<string>();
		for (const id of ids) {
			if (typeof id !== 'string' || !projects.has(id)) {
				throw new CommandError(`setProjectOrder: unknown project '${String(id)}'`);
			}
			if (seen.has(id)) throw new CommandError(`setProjectOrder: '${id}' is listed twice`);
			seen.add(id);
		}
		const current = orderedItems(projects);
		const keyOf = new Map(current.map((item) => [item.id, item.order]));
		const wanted: Ordered[] = ids.map((id) => ({ id, order: keyOf.get(id) ?? '' }));
		for (const { id, order } of rekey(wanted, current)) {
			(projects.get(id) as Y.Map<unknown>).set('order', order);
		}
	});
}

/**
 * The new keys that put `wanted` (items with their current keys) in list order,
 * keeping as many current keys as possible.
 */
function rekey(wanted: readonly Ordered[], current: readonly Ordered[]): Ordered[] {
	const keep = keptByIncreasingKeys(wanted);
	const changes: Ordered[] = [];
	try {
		let start = 0;
		while (start < wanted.length) {
			if (keep[start]) {
				start++;
				continue;
			}
			let end = start;
			while (end < wanted.length && !keep[end]) end++;
			const lo = start > 0 ? wanted[start - 1].order : null;
			const hi = end < wanted.length ? wanted[end].order : null;
			const keys = generateNKeysBetween(lo, hi, end - start);
			for (let i = start; i < end; i++) changes.push({ id: wanted[i].id, order: keys[i - start] });
			start = end;
		}
		return changes;
	} catch {
		// Unusable keys (a bad peer wrote them): re-key everything, listed first.
		const listed = new Set(wanted.map((item) => item.id));
		const all = [
			...wanted.map((w) => w.id),
			...current.filter((c) => !listed.has(c.id)).map((c) => c.id)
		];
		const keys = freshKeys(all.length);
		return all.map((id, i) => ({ id, order: keys[i] }));
	}
}

/**
 * Which items keep their key: a longest subsequence whose keys strictly increase
 * (strictly, so that new keys always fit between two kept neighbours), found in
 * O(n log n) by patience sorting.
 */
function keptByIncreasingKeys(items: readonly Ordered[]): boolean[] {
	const tails: number[] = [];
	const previous = new Array<number>(items.length).fill(-1);
	for (let i = 0; i < items.length; i++) {
		const key = items[i].order;
		let lo = 0;
		let hi = tails.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (items[tails[mid]].order < key) lo = mid + 1;
			else hi = mid;
		}
		previous[i] = lo > 0 ? tails[lo - 1] : -1;
		tails[lo] = i;
	}
	const keep = new Array<boolean>(items.length).fill(false);
	for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i >= 0; i = previous[i]) {
		keep[i] = true;
	}
	return keep;
}
