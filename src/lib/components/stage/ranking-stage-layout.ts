/**
 * Which rows the ranking stage shows and how they fill its columns, as plain numbers:
 * the stage has a fixed number of one-line slots per column (measured by the
 * component), and the room must see the decision at once: every project above the
 * funding line, the line itself, the next rows below it and every funded project
 * further down (forced in), in rank order. Ranks left out are said, never dropped
 * silently: a gap marker between two shown rows, "+N more below" at the end and, only
 * when even the decision does not fit, "+N more above" at the start.
 *
 * The funding line is a bar three slots tall (what the plan uses, and why the project on
 * it does not fit in up to two lines), kept in the same column as the row under it
 * (the project on the line), so the line never hangs at the foot of a column with its
 * project at the top of the next.
 */

export type StageItem =
	| { kind: 'row'; rank: number }
	/** The funding line: drawn above the line's project, LINE_SLOTS slots tall. */
	| { kind: 'line' }
	/** Ranks from..to (inclusive) are not shown. */
	| { kind: 'gap'; from: number; to: number }
	| { kind: 'more-above'; count: number }
	| { kind: 'more-below'; count: number };

export interface StageLayoutInput {
	/** How many projects are ranked. */
	count: number;
	/** The 1-based rank of the project on the funding line, or null when all fit. */
	lineRank: number | null;
	/** 1-based ranks of the funded projects. */
	fundedRanks: readonly number[];
	/** One-line slots in a column. */
	slots: number;
	/** How many columns the width allows. */
	maxColumns: number;
	/** Rows shown below the line, the line's project first (default 5). */
	below?: number;
}

export interface StageLayout {
	/** The items of each column, top to bottom; columns left to right. */
	columns: StageItem[][];
	/** Slots per column after balancing (the tallest column's). */
	slots: number;
	/** Ranks shown, ascending. */
	ranks: number[];
	moreAbove: number;
	moreBelow: number;
}

/** Slots the funding line's bar takes. */
export const LINE_SLOTS = 3;

/** Slots an item takes. */
export function slotsOf(item: StageItem): number {
	return item.kind === 'line' ? LINE_SLOTS : 1;
}

/** The items for a set of ranks: markers for what is left out, the line above its row. */
export function stageItems(
	ranks: readonly number[],
	count: number,
	lineRank: number | null
): StageItem[] {
	const items: StageItem[] = [];
	if (ranks.length === 0) return count > 0 ? [{ kind: 'more-below', count }] : [];
	if (ranks[0] > 1) items.push({ kind: 'more-above', count: ranks[0] - 1 });
	ranks.forEach((rank, i) => {
		const previous = i > 0 ? ranks[i - 1] : ranks[0] - 1;
		if (i > 0 && rank > previous + 1) items.push({ kind: 'gap', from: previous + 1, to: rank - 1 });
		if (rank === lineRank) items.push({ kind: 'line' });
		items.push({ kind: 'row', rank });
	});
	const last = ranks[ranks.length - 1];
	if (last < count) items.push({ kind: 'more-below', count: count - last });
	return items;
}

/**
 * Fills columns of `slots` slots in order; the line bar moves to the next column with
 * its row when both do not fit where it is. Null when one item alone is too tall.
 */
export function packColumns(items: readonly StageItem[], slots: number): StageItem[][] | null {
	const columns: StageItem[][] = [];
	let column: StageItem[] = [];
	let used = 0;
	items.forEach((item, i) => {
		// The line and the row under it are one unit.
		const need =
			item.kind === 'line' && items[i + 1]?.kind === 'row' ? LINE_SLOTS + 1 : slotsOf(item);
		if (used > 0 && used + need > slots) {
			columns.push(column);
			column = [];
			used = 0;
		}
		column.push(item);
		used += slotsOf(item);
	});
	if (column.length) columns.push(column);
	const tooTall = columns.some(
		(c) => c.reduce((sum, item) => sum + slotsOf(item), 0) > slots && c.length > 0
	);
	return tooTall ? null : columns;
}

function fits(items: StageItem[], slots: number, maxColumns: number): boolean {
	const columns = packColumns(items, slots);
	return columns !== null && columns.length <= maxColumns;
}

/** The rows the ranking stage shows and their columns (see the module's comment). */
export function layoutRankingStage(input: StageLayoutInput): StageLayout {
	const { count, lineRank, slots, maxColumns } = input;
	const below = input.below ?? 5;
	const funded = [...new Set(input.fundedRanks)]
		.filter((r) => r >= 1 && r <= count)
		.sort((a, b) => a - b);
	const columns = Math.max(1, maxColumns);
	const perColumn = Math.max(1, slots);
	const build = (ranks: number[]) => stageItems(ranks, count, lineRank);
	const ok = (ranks: number[]) => fits(build(ranks), perColumn, columns);

	// The decision: the top down to the rows below the line, and funded rows further down.
	let top = 1;
	let end = lineRank === null ? 0 : Math.min(count, lineRank + below - 1);
	let extra = funded.filter((r) => r > end);
	const ranksOf = () => {
		const ranks: number[] = [];
		for (let r = top; r <= end; r++) ranks.push(r);
		return [...ranks, ...extra.filter((r) => r > end)];
	};

	if (!ok(ranksOf())) {
		// Too much for the screen: first the top gives way (the line stays in view), then
		// the farthest forced-in rows, then rows below the line.
		const keepFrom = lineRank ?? 1;
		while (!ok(ranksOf()) && top < keepFrom) top++;
		while (!ok(ranksOf()) && extra.length) extra = extra.slice(0, -1);
		while (!ok(ranksOf()) && end > (lineRank ?? 1)) end--;
	} else {
		// Room to spare: more rows in rank order, closing the gaps as they fill.
		while (end < count) {
			end++;
			if (!ok(ranksOf())) {
				end--;
				break;
			}
		}
	}

	const ranks = ranksOf();
	const items = build(ranks);
	let packed = packColumns(items, perColumn) ?? [items];
	// Balance: the shortest columns that still hold everything in as many columns.
	let balanced = perColumn;
	const used = items.reduce((sum, item) => sum + slotsOf(item), 0);
	for (let s = Math.max(1, Math.ceil(used / packed.length)); s < perColumn; s++) {
		const attempt = packColumns(items, s);
		if (attempt && attempt.length <= packed.length) {
			packed = attempt;
			balanced = s;
			break;
		}
	}
	const last = ranks[ranks.length - 1] ?? 0;
	return {
		columns: packed,
		slots: balanced,
		ranks,
		moreAbove: ranks.length ? ranks[0] - 1 : 0,
		moreBelow: count - last
	};
}
