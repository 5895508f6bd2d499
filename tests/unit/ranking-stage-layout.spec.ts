import { describe, expect, it } from 'vitest';
import {
	layoutRankingStage,
	packColumns,
	slotsOf,
	stageItems,
	type StageItem
} from '../../src/lib/components/stage/ranking-stage-layout';

const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);
const height = (column: StageItem[]) => column.reduce((sum, item) => sum + slotsOf(item), 0);

describe('stageItems', () => {
	it('puts the line above its row and says which ranks are left out', () => {
		expect(stageItems([1, 2, 3, 6], 9, 3)).toEqual([
			{ kind: 'row', rank: 1 },
			{ kind: 'row', rank: 2 },
			{ kind: 'line' },
			{ kind: 'row', rank: 3 },
			{ kind: 'gap', from: 4, to: 5 },
			{ kind: 'row', rank: 6 },
			{ kind: 'more-below', count: 3 }
		]);
	});

	it('says how many are above when the top is left out', () => {
		expect(stageItems([4, 5], 5, 4)[0]).toEqual({ kind: 'more-above', count: 3 });
	});
});

describe('packColumns', () => {
	it('keeps the funding line in the column of the row under it', () => {
		const items = stageItems(range(1, 6), 6, 4);
		// Rows 1-3 take 3 of 4 slots: the line and row 4 (3 slots) go to the next column.
		const columns = packColumns(items, 4)!;
		expect(columns[0]).toEqual([1, 2, 3].map((rank) => ({ kind: 'row', rank })));
		expect(columns[1].slice(0, 2)).toEqual([{ kind: 'line' }, { kind: 'row', rank: 4 }]);
	});
});

describe('layoutRankingStage', () => {
	// The 30-project sample: the line at rank 8, and rank 20 forced in.
	const sample = { count: 30, lineRank: 8, fundedRanks: [...range(1, 7), 20] };

	it('shows every project when they all fit, in balanced columns', () => {
		const layout = layoutRankingStage({ ...sample, slots: 20, maxColumns: 2 });
		expect(layout.ranks).toEqual(range(1, 30));
		expect(layout.moreBelow).toBe(0);
		expect(layout.columns).toHaveLength(2);
		// 30 rows and the three-slot line: 33 slots, 17 and 16.
		expect(layout.columns.map(height)).toEqual([17, 16]);
	});

	it('uses one column when everything fits in one', () => {
		const layout = layoutRankingStage({
			count: 6,
			lineRank: 4,
			fundedRanks: [1, 2, 3],
			slots: 12,
			maxColumns: 2
		});
		expect(layout.columns).toHaveLength(1);
		expect(layout.ranks).toEqual(range(1, 6));
	});

	it('keeps a forced-in row far down in view, with a gap marker before it', () => {
		const layout = layoutRankingStage({ ...sample, slots: 11, maxColumns: 2 });
		// 22 slots: rows 1-7, the line and row 8 fill the first column; rows 9-16, the
		// gap, row 20 and "+10 more below" the second.
		expect(layout.ranks).toEqual([...range(1, 16), 20]);
		expect(layout.columns[1]).toContainEqual({ kind: 'gap', from: 17, to: 19 });
		expect(layout.columns[1].at(-1)).toEqual({ kind: 'more-below', count: 10 });
		expect(layout.moreBelow).toBe(10);
		expect(layout.columns.every((c) => height(c) <= 11)).toBe(true);
	});

	it('closes the gap before a forced-in row once the rows between fit', () => {
		const layout = layoutRankingStage({ ...sample, slots: 12, maxColumns: 2 });
		// 24 slots: rows 1-20 (20), the line (3) and "+10 more below" (1).
		expect(layout.ranks).toEqual(range(1, 20));
		expect(layout.columns.flat().some((item) => item.kind === 'gap')).toBe(false);
		expect(layout.moreBelow).toBe(10);
	});

	it('always shows every funded row and the five rows below the line when they fit', () => {
		for (let slots = 11; slots <= 20; slots++) {
			for (const maxColumns of [1, 2]) {
				if (slots * maxColumns < 21) continue;
				const { ranks } = layoutRankingStage({ ...sample, slots, maxColumns });
				for (const rank of [...range(1, 12), 20])
					expect(ranks, `${slots}×${maxColumns}`).toContain(rank);
			}
		}
	});

	it('gives way at the top, never at the line, when the decision does not fit', () => {
		const layout = layoutRankingStage({
			count: 40,
			lineRank: 25,
			fundedRanks: range(1, 24),
			slots: 10,
			maxColumns: 2
		});
		expect(layout.moreAbove).toBeGreaterThan(0);
		expect(layout.columns.flat()).toContainEqual({ kind: 'line' });
		expect(layout.ranks).toContain(25);
		expect(layout.ranks).toContain(29);
		expect(layout.columns.length).toBeLessThanOrEqual(2);
		expect(layout.columns.every((c) => height(c) <= 10)).toBe(true);
	});

	it('shows the top and counts the rest when no project is left out by the line', () => {
		const layout = layoutRankingStage({
			count: 50,
			lineRank: null,
			fundedRanks: range(1, 50),
			slots: 10,
			maxColumns: 2
		});
		expect(layout.ranks).toEqual(range(1, 19));
		expect(layout.moreBelow).toBe(31);
	});

	it('has nothing to show for an empty portfolio', () => {
		const layout = layoutRankingStage({
			count: 0,
			lineRank: null,
			fundedRanks: [],
			slots: 10,
			maxColumns: 2
		});
		expect(layout.ranks).toEqual([]);
		expect(layout.columns.flat()).toEqual([]);
	});
});
