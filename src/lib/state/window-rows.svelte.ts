/**
 * A long list drawn only where the window shows it: the rows in view plus an overscan
 * above and below, with the rest of the list's height kept as padding so the page's
 * scrollbar, scroll position and every row's place stay those of the whole list.
 *
 * Row heights are measured once drawn (a ResizeObserver in the view reports them,
 * keyed by the row's id, so a row keeps its height when it moves) and estimated from
 * the mean of the measured ones until then. The page itself scrolls (not an inner box),
 * so the phone's browser chrome, autoscroll while dragging and find-the-row scrolling
 * all keep working as before. Pure geometry: testable in node without a DOM.
 */

export interface WindowRowsOptions {
	/** Row keys in the order shown. The same array while nothing changed (memo key). */
	keys: () => readonly string[];
	/** Height (px) assumed for a row before any row has been measured. */
	estimate: number;
	/** Space between two rows (px) until the view sets `gap` from the list's CSS. */
	gap?: number;
	/** Extra height (px) drawn above and below the window, so a fast scroll shows no blank. */
	overscan?: number;
	/** Lists of at most this many rows are drawn whole (cheap, and find-in-page sees them). */
	threshold?: number;
	/**
	 * Keep the drawn rows while they still reach half the overscan beyond the window,
	 * and draw the full overscan again on `recenter` (the view calls it when the page is
	 * idle). A keyboard step or a short scroll then draws no new row on its way to the
	 * screen: the rows it will need next are drawn between steps. A window that moves
	 * past that margin is drawn at once, as without it.
	 */
	settle?: boolean;
}

/** The rows to draw: [start, end) of the keys, and the padding that stands for the rest. */
export interface RowRange {
	start: number;
	end: number;
	/** Height of the rows before `start`, gaps included (px). */
	before: number;
	/** Height of the rows from `end` on (px). */
	after: number;
}

interface Layout {
	keys: readonly string[];
	version: number;
	gap: number;
	/** tops[i]: top of row i from the list's top; tops[n]: the list's height + gap. */
	tops: Float64Array;
}

export class WindowRows {
	#options: WindowRowsOptions;
	/** Space between two rows (px): the list's CSS row gap. */
	gap = $state(0);
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache; #version says when it changed
	#heights = new Map<string, number>();
	#sum = 0;
	/** Bumped when a measured height changes: the layout depends on it. */
	#version = $state(0);
	/** The window in list coordinates (px from the list's top). */
	#view = $state.raw({ top: 0, bottom: 1000 });
	/** With `settle`: the window the drawn rows were last chosen for. */
	#drawnFor = $state.raw<{ top: number; bottom: number } | null>(null);
	#layout: Layout | null = null;
	#range: RowRange | null = null;

	constructor(options: WindowRowsOptions) {
		this.#options = options;
		this.gap = options.gap ?? 0;
	}

	/** The height used for a row: measured, or the mean of the measured ones. */
	heightOf(key: string): number {
		const measured = this.#heights.get(key);
		if (measured !== undefined) return measured;
		return this.#heights.size > 0 ? this.#sum / this.#heights.size : this.#options.estimate;
	}

	get #current(): Layout {
		const keys = this.#options.keys();
		const version = this.#version;
		const gap = this.gap;
		const cached = this.#layout;
		if (cached && cached.keys === keys && cached.version === version && cached.gap === gap)
			return cached;
		const tops = new Float64Array(keys.length + 1);
		for (let i = 0; i < keys.length; i++) tops[i + 1] = tops[i] + this.heightOf(keys[i]) + gap;
		this.#layout = { keys, version, gap, tops };
		return this.#layout;
	}

	/** Number of rows. */
	get count(): number {
		return this.#current.keys.length;
	}

	/** Top of row `index` from the list's top (px). */
	top(index: number): number {
		const { tops } = this.#current;
		return tops[Math.max(0, Math.min(tops.length - 1, index))];
	}

	/** Height of row `index` (px, without the gap). */
	height(index: number): number {
		const { keys } = this.#current;
		return index >= 0 && index < keys.length ? this.heightOf(keys[index]) : 0;
	}

	/** The list's whole height (px). */
	get total(): number {
		const { tops, gap } = this.#current;
		return Math.max(0, tops[tops.length - 1] - gap);
	}

	/** The first row whose bottom is below `y` (list coordinates); `count` when none. */
	indexAt(y: number): number {
		const { tops, gap } = this.#current;
		let lo = 0;
		let hi = tops.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (tops[mid + 1] - gap <= y) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** The window, in px from the list's top (negative when the list starts below it). */
	get view(): { top: number; bottom: number } {
		return this.#view;
	}

	/** Tells where the window is; only a change of the rows to draw re-renders. */
	setView(top: number, bottom: number): void {
		const view = this.#view;
		if (view.top !== top || view.bottom !== bottom) this.#view = { top, bottom };
		if (this.#options.settle && !this.#covers(top, bottom)) this.#drawnFor = this.#view;
	}

	/** Whether the rows drawn reach half the overscan beyond the window (or the list's ends). */
	#covers(top: number, bottom: number): boolean {
		if (!this.#drawnFor) return false;
		const { tops, keys } = this.#current;
		const { start, end } = this.range;
		const margin = (this.#options.overscan ?? 0) / 2;
		return (
			(start === 0 || tops[start] <= top - margin) &&
			(end === keys.length || tops[end] >= bottom + margin)
		);
	}

	/** With `settle`: whether the rows drawn are those of the window now. */
	get settled(): boolean {
		return !this.#options.settle || this.#drawnFor === this.#view;
	}

	/** With `settle`: draws the rows of the window now, with the full overscan. */
	recenter(): void {
		if (this.#options.settle && this.#drawnFor !== this.#view) this.#drawnFor = this.#view;
	}

	/** The rows to draw now. The same object while they do not change. */
	get range(): RowRange {
		const { tops, keys } = this.#current;
		const n = keys.length;
		let start = 0;
		let end = n;
		if (n > (this.#options.threshold ?? 0)) {
			const overscan = this.#options.overscan ?? 0;
			const view = (this.#options.settle && this.#drawnFor) || this.#view;
			start = Math.min(n, this.indexAt(view.top - overscan));
			end = Math.max(start, Math.min(n, this.indexAt(view.bottom + overscan) + 1));
		}
		// The grid's gap separates the drawn rows; each row not drawn counts its own gap.
		const range: RowRange = { start, end, before: tops[start], after: tops[n] - tops[end] };
		const last = this.#range;
		if (
			last &&
			last.start === range.start &&
			last.end === range.end &&
			last.before === range.before &&
			last.after === range.after
		)
			return last;
		this.#range = range;
		return range;
	}

	/**
	 * Records measured heights (px) by key; returns whether any changed. One update per
	 * batch, so a ResizeObserver callback costs one new layout.
	 */
	measure(entries: Iterable<readonly [string, number]>): boolean {
		let changed = false;
		for (const [key, height] of entries) {
			if (!(height > 0)) continue;
			const before = this.#heights.get(key);
			if (before !== undefined && Math.abs(before - height) < 0.5) continue;
			this.#sum += height - (before ?? 0);
			this.#heights.set(key, height);
			changed = true;
		}
		if (changed) this.#version++;
		return changed;
	}

	/** Forgets every measured height (the width changed: rows wrap differently). */
	forget(): void {
		if (this.#heights.size === 0) return;
		this.#heights.clear();
		this.#sum = 0;
		this.#version++;
	}
}
