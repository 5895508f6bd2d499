import type * as Y from 'yjs';

/**
 * Memo of built entity snapshots, so that `read` after a small change rebuilds only
 * what changed: at 1,000 projects a drag-rank step re-reads in a few milliseconds,
 * and unchanged projects keep their identity (cheap equality for views).
 *
 * An entry is keyed by the entity's Y.Map and dropped as soon as the map or anything
 * under it changes. Changes are learnt from `transaction.changed` (the types whose
 * content changed, which Yjs records for every transaction): in `beforeObserverCalls`,
 * before any observer, `afterTransaction` or `update` handler can call `read`, and
 * again at the start of each read for transactions still open or being cleaned up.
 * Yjs does not record changes to types created in the open transaction, so a read
 * inside a transaction uses the memo but never fills it. An entry also remembers the
 * context it was built in (periods, roles, criteria, objectives): a project's records
 * are filtered and ordered by those lists.
 */

interface Entry {
	context: string;
	value: unknown;
}

type Changed = Map<Y.AbstractType<unknown>, Set<string | null>>;

const entries = new WeakMap<object, Entry>();
const watched = new WeakSet<Y.Doc>();

function invalidate(changed: Changed): void {
	for (const [type, keys] of changed) {
		// `order` is read fresh on every read, so a move alone keeps the entry (and the
		// snapshot object's identity): only the moved row re-renders.
		let node: Y.AbstractType<unknown> | null =
			keys.size === 1 && keys.has('order') ? parentOf(type) : type;
		// The entity is the changed map or one of its ancestors (a project's cost map).
		while (node !== null) {
			entries.delete(node);
			node = parentOf(node);
		}
	}
}

function parentOf(type: Y.AbstractType<unknown>): Y.AbstractType<unknown> | null {
	const parent: unknown = type._item?.parent ?? null;
	return parent !== null && typeof parent === 'object' && '_item' in parent
		? (parent as Y.AbstractType<unknown>)
		: null;
}

export interface ReadMemo {
	get<T>(entity: object, context: string): T | undefined;
	set(entity: object, context: string, value: unknown): void;
}

/** The memo for one read of `doc`, after dropping whatever pending changes touched. */
export function memoFor(doc: Y.Doc): ReadMemo {
	if (!watched.has(doc)) {
		watched.add(doc);
		doc.on('beforeObserverCalls', (tr: Y.Transaction) => invalidate(tr.changed as Changed));
	}
	for (const tr of doc._transactionCleanups) invalidate(tr.changed as Changed);
	const open = doc._transaction;
	if (open !== null) invalidate(open.changed as Changed);
	return {
		get<T>(entity: object, context: string): T | undefined {
			const entry = entries.get(entity);
			return entry !== undefined && entry.context === context ? (entry.value as T) : undefined;
		},
		set(entity: object, context: string, value: unknown): void {
			if (open === null) entries.set(entity, { context, value });
		}
	};
}
