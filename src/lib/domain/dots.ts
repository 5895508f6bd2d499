/**
 * Dot voting: every participant spreads a fixed number of dots over the projects
 * (several on one project allowed), then the room sees the tally.
 */

/** One participant's dots: project id → number of dots (positive whole numbers). */
export type DotAllocation = Readonly<Record<string, number>>;

/** Dots used by an allocation. */
export function dotsUsed(allocation: DotAllocation): number {
	let used = 0;
	for (const n of Object.values(allocation)) used += n;
	return used;
}

/** Dots still to place. */
export function dotsLeft(allocation: DotAllocation, budget: number): number {
	return Math.max(0, budget - dotsUsed(allocation));
}

/**
 * The allocation after adding `delta` dots (±) to a project, or null when that would
 * go over the budget or below zero: the budget is checked before anything is stored.
 */
export function placeDots(
	allocation: DotAllocation,
	projectId: string,
	delta: number,
	budget: number
): DotAllocation | null {
	const next = (allocation[projectId] ?? 0) + delta;
	if (!Number.isInteger(delta) || next < 0) return null;
	if (dotsUsed(allocation) + delta > budget) return null;
	const result: Record<string, number> = { ...allocation };
	if (next === 0) delete result[projectId];
	else result[projectId] = next;
	return result;
}

export interface DotTally {
	projectId: string;
	dots: number;
	/** Who put dots here (empty when the round is anonymous). */
	voters: { name: string; dots: number }[];
}

/**
 * The tally of every participant's dots, most dots first (ties in `projectOrder`).
 * Projects nobody voted for are listed with 0. Allocations over budget (a bad peer)
 * count only up to the budget, in project order.
 */
export function tallyDots(options: {
	allocations: readonly { name: string; allocation: DotAllocation }[];
	projectOrder: readonly string[];
	budget: number;
	anonymous: boolean;
}): DotTally[] {
	const { allocations, projectOrder, budget, anonymous } = options;
	const rows = new Map<string, DotTally>(
		projectOrder.map((projectId) => [projectId, { projectId, dots: 0, voters: [] }])
	);
	for (const { name, allocation } of allocations) {
		let left = budget;
		for (const projectId of projectOrder) {
			const given = Math.min(left, Math.max(0, Math.floor(allocation[projectId] ?? 0)));
			if (given <= 0) continue;
			left -= given;
			const row = rows.get(projectId)!;
			row.dots += given;
			if (!anonymous) row.voters.push({ name, dots: given });
		}
	}
	const position = new Map(projectOrder.map((id, i) => [id, i]));
	return [...rows.values()].sort(
		(a, b) => b.dots - a.dots || position.get(a.projectId)! - position.get(b.projectId)!
	);
}
