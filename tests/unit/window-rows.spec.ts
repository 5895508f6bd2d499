import { describe, expect, it } from 'vitest';
import { WindowRows } from '../../src/lib/state/window-rows.svelte';

function rows(
	count: number,
	options: { threshold?: number; overscan?: number; settle?: boolean } = {}
) {
	let keys = Array.from({ length: count }, (_, i) => `r${i}`);
	const windowRows = new WindowRows({
		keys: () => keys,
		estimate: 50,
		gap: 10,
		overscan: options.overscan ?? 0,
		threshold: options.threshold ?? 0,
		settle: options.settle
	});
	return { windowRows, setKeys: (next: string[]) => (keys = next), keys: () => keys };
}

describe('WindowRows', () => {
	it('draws only the rows the window shows, with the rest as padding', () => {
		const { windowRows } = rows(1000);
		// Each row takes 60 px (50 + gap): the window 600..1180 shows rows 10 to 19.
		windowRows.setView(600, 1180);
		const range = windowRows.range;
		expect(range.start).toBe(10);
		expect(range.end).toBe(20);
		expect(range.before).toBe(600);
		expect(range.after).toBe(980 * 60);
		// before + the drawn rows with the gaps between them + after = the whole list.
		expect(range.before + 10 * 50 + 9 * 10 + range.after + 10).toBe(windowRows.total + 10);
		expect(windowRows.total).toBe(1000 * 60 - 10);
	});

	it('adds the overscan above and below, and stops at the ends', () => {
		const { windowRows } = rows(100, { overscan: 120 });
		windowRows.setView(600, 1180);
		expect([windowRows.range.start, windowRows.range.end]).toEqual([8, 22]);
		windowRows.setView(-500, 100);
		expect([windowRows.range.start, windowRows.range.end]).toEqual([0, 4]);
		windowRows.setView(5900, 6500);
		expect([windowRows.range.start, windowRows.range.end]).toEqual([96, 100]);
		expect(windowRows.range.after).toBe(0);
	});

	it('draws short lists whole', () => {
		const { windowRows } = rows(40, { threshold: 60 });
		windowRows.setView(600, 700);
		expect(windowRows.range).toEqual({ start: 0, end: 40, before: 0, after: 0 });
	});

	it('uses measured heights by key, so a row keeps its height when it moves', () => {
		const { windowRows, setKeys, keys } = rows(5);
		windowRows.measure([
			['r0', 100],
			['r1', 20]
		]);
		// Unmeasured rows take the mean of the measured ones (60).
		expect([0, 1, 2, 3].map((i) => windowRows.top(i))).toEqual([0, 110, 140, 210]);
		setKeys(['r1', 'r0', ...keys().slice(2)]);
		expect(windowRows.top(1)).toBe(30);
		expect(windowRows.height(1)).toBe(100);
		expect(windowRows.indexAt(29)).toBe(1);
		expect(windowRows.indexAt(19)).toBe(0);
	});

	it('settling: keeps the drawn rows while they cover the window, recenters when idle', () => {
		// 60 px a row, 600 px of overscan: the window 6000..6600 draws rows 90 to 120.
		const { windowRows } = rows(1000, { overscan: 600, settle: true });
		windowRows.setView(6000, 6600);
		const range = windowRows.range;
		expect([range.start, range.end]).toEqual([90, 121]);
		expect(windowRows.settled).toBe(true);
		// A step of two rows down: still 300 px drawn beyond the window, nothing changes…
		windowRows.setView(6120, 6720);
		expect(windowRows.range).toBe(range);
		expect(windowRows.settled).toBe(false);
		// …until the page is idle, when the rows of the window now are drawn.
		windowRows.recenter();
		expect([windowRows.range.start, windowRows.range.end]).toEqual([92, 123]);
		expect(windowRows.settled).toBe(true);
		// A jump past half the overscan is drawn at once.
		windowRows.setView(6500, 7100);
		expect([windowRows.range.start, windowRows.range.end]).toEqual([98, 129]);
		expect(windowRows.settled).toBe(true);
		// Without settling, every move of the window redraws.
		const plain = rows(1000, { overscan: 600 }).windowRows;
		plain.setView(6000, 6600);
		plain.setView(6120, 6720);
		expect([plain.range.start, plain.range.end]).toEqual([92, 123]);
		expect(plain.settled).toBe(true);
	});

	it('keeps the same range object while the drawn rows stay the same', () => {
		const { windowRows } = rows(1000);
		windowRows.setView(600, 1180);
		const range = windowRows.range;
		windowRows.setView(601, 1181);
		expect(windowRows.range).toBe(range);
		windowRows.setView(700, 1300);
		expect(windowRows.range).not.toBe(range);
	});

	it('reports whether a measure changed anything, and forgets on request', () => {
		const { windowRows } = rows(3);
		expect(windowRows.measure([['r0', 80]])).toBe(true);
		expect(windowRows.measure([['r0', 80.2]])).toBe(false);
		expect(windowRows.measure([['r1', 0]])).toBe(false);
		windowRows.forget();
		expect(windowRows.height(0)).toBe(50);
	});
});
