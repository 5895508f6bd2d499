/**
 * Walking the objective tree of a snapshot. `read` guarantees no cycle and drops
 * parents that do not exist, but these helpers also accept a hand-built list: an
 * unknown parent counts as a root and a cycle is never followed twice.
 */
import type { Objective } from './types';

/** Children of each objective (null: the roots), in the list's order. */
export function objectiveChildren(
	objectives: readonly Objective[]
): Map<string | null, Objective[]> {
	const ids = new Set(objectives.map((o) => o.id));
	const out = new Map<string | null, Objective[]>();
	for (const o of objectives) {
		const parent = o.parentId !== null && ids.has(o.parentId) ? o.parentId : null;
		const list = out.get(parent);
		if (list) list.push(o);
		else out.set(parent, [o]);
	}
	return out;
}

/** `id` and every objective below it. */
export function subtreeOf(objectives: readonly Objective[], id: string): Set<string> {
	const children = objectiveChildren(objectives);
	const out = new Set<string>();
	const stack = [id];
	while (stack.length > 0) {
		const at = stack.pop()!;
		if (out.has(at)) continue;
		out.add(at);
		for (const child of children.get(at) ?? []) stack.push(child.id);
	}
	return out;
}

/** The objectives `id` may move under without making a cycle: all but its own subtree. */
export function parentOptions(objectives: readonly Objective[], id: string): Objective[] {
	const below = subtreeOf(objectives, id);
	return objectives.filter((o) => !below.has(o.id));
}

/** The titles from the root down to `id`: "Win customers › Grow revenue". */
export function objectivePath(objectives: readonly Objective[], id: string): string {
	const byId = new Map(objectives.map((o) => [o.id, o]));
	const names: string[] = [];
	const seen = new Set<string>();
	for (let o = byId.get(id); o && !seen.has(o.id); o = byId.get(o.parentId ?? '')) {
		seen.add(o.id);
		names.unshift(o.title || 'Untitled');
	}
	return names.join(' › ');
}

/** Why `id` cannot move under `parentId` (null: a root, a theme), or null when it can. */
export type ReparentRefusal = 'self' | 'below' | 'same' | 'unknown';

/**
 * Whether moving `id` under `parentId` is a real move: not under itself or its own
 * sub-objectives (a cycle, see parentOptions), and not where it already is.
 */
export function reparentRefusal(
	objectives: readonly Objective[],
	id: string,
	parentId: string | null
): ReparentRefusal | null {
	const objective = objectives.find((o) => o.id === id);
	if (!objective) return 'unknown';
	const ids = new Set(objectives.map((o) => o.id));
	const current =
		objective.parentId !== null && ids.has(objective.parentId) ? objective.parentId : null;
	if (parentId === current) return 'same';
	if (parentId === id) return 'self';
	if (parentId === null) return null;
	if (!ids.has(parentId)) return 'unknown';
	return parentOptions(objectives, id).some((o) => o.id === parentId) ? null : 'below';
}
