/**
 * Cycle breaking for what two peers can only make together. Each peer refuses a
 * cycle locally, but two concurrent edits (A under B here, B under A there) can still
 * close one after the merge. `read` breaks such cycles with rules that depend only on
 * the merged data, so every peer shows the same result.
 */

/**
 * Breaks every parent cycle by making the member with the smallest id a root. In a
 * forest (one parent per node) the cycles are disjoint and fixed by the data, so the
 * result does not depend on iteration order. Mutates and returns `parents`.
 */
export function breakParentCycles(parents: Map<string, string | null>): Map<string, string | null> {
	const done = new Set<string>();
	for (const start of parents.keys()) {
		if (done.has(start)) continue;
		const path: string[] = [];
		const onPath = new Set<string>();
		let node: string | null = start;
		while (node !== null && !done.has(node) && !onPath.has(node)) {
			path.push(node);
			onPath.add(node);
			node = parents.get(node) ?? null;
		}
		if (node !== null && onPath.has(node)) {
			const cycle = path.slice(path.indexOf(node));
			let cut = cycle[0];
			for (const id of cycle) if (id < cut) cut = id;
			parents.set(cut, null);
		}
		for (const id of path) done.add(id);
	}
	return parents;
}

/**
 * Breaks dependency cycles. `order` lists the projects in rank order and `edges` their
 * dependencies in list order. Edges that cannot be on a cycle are kept as they are;
 * the rest are added back greedily in rank order, skipping each one that would close a
 * cycle, so the higher-ranked project keeps its dependency. Returns the dropped edges
 * by project (usually none, in O(V + E)).
 */
export function breakDependencyCycles(
	order: readonly string[],
	edges: ReadonlyMap<string, readonly string[]>
): Map<string, Set<string>> {
	const dropped = new Map<string, Set<string>>();
	// Kahn's algorithm on "p depends on q": what survives is every cycle and what it depends on.
	const indegree = new Map<string, number>();
	for (const id of order) indegree.set(id, 0);
	for (const id of order)
		for (const to of edges.get(id) ?? []) indegree.set(to, (indegree.get(to) ?? 0) + 1);
	const queue = order.filter((id) => indegree.get(id) === 0);
	for (let i = 0; i < queue.length; i++) {
		for (const to of edges.get(queue[i]) ?? []) {
			const left = (indegree.get(to) ?? 0) - 1;
			indegree.set(to, left);
			if (left === 0) queue.push(to);
		}
	}
	if (queue.length === order.length) return dropped;
	const removed = new Set(queue);
	const stuck = order.filter((id) => !removed.has(id));
	const accepted = new Map<string, string[]>();
	for (const id of stuck) accepted.set(id, []);
	const reaches = (from: string, target: string): boolean => {
		const seen = new Set<string>([from]);
		const stack = [from];
		while (stack.length > 0) {
			const node = stack.pop() as string;
			if (node === target) return true;
			for (const next of accepted.get(node) ?? []) {
				if (!seen.has(next)) {
					seen.add(next);
					stack.push(next);
				}
			}
		}
		return false;
	};
	for (const id of stuck) {
		for (const to of edges.get(id) ?? []) {
			if (to === id || reaches(to, id)) {
				let set = dropped.get(id);
				if (!set) dropped.set(id, (set = new Set()));
				set.add(to);
			} else {
				accepted.get(id)?.push(to);
			}
		}
	}
	return dropped;
}

/** Whether `to` can reach `from` along `next`: adding from → to would close a cycle. */
export function wouldCycle(
	from: string,
	to: string,
	next: (id: string) => Iterable<string>
): boolean {
	const seen = new Set<string>([to]);
	const stack = [to];
	while (stack.length > 0) {
		const node = stack.pop() as string;
		if (node === from) return true;
		for (const n of next(node)) {
			if (!seen.has(n)) {
				seen.add(n);
				stack.push(n);
			}
		}
	}
	return false;
}
