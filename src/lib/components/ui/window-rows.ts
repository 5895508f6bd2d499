import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import type { WindowRows } from '$lib/state/window-rows.svelte';

/**
 * The DOM side of a WindowRows list scrolled by the page: where the window is over the
 * list, the drawn rows' heights, and scrolling a row into view. Used by the ranking
 * list and the projects table.
 */
export interface WindowRowsBinding {
	/** On the element whose top is the rows' origin (the list, or the table body). */
	container: Attachment<HTMLElement>;
	/** On each drawn row; its `data-id` is its key. */
	measure: Attachment<HTMLElement>;
	/**
	 * Scrolls the page so that row `index` is on screen, `margin` px clear of the
	 * window's edges (default: the autoscroll zone), and draws the rows there at once.
	 */
	reveal(index: number, options?: RevealOptions): void;
}

export interface RevealOptions {
	smooth?: boolean;
	/** Center the row when it has to scroll. */
	center?: boolean;
	margin?: number;
}

/** Margin kept between a revealed row and the window's edges: the autoscroll zone. */
export function edgeZone(): number {
	return Math.min(96, innerHeight / 6);
}

/**
 * Height at the window's top that sticky content covers: the document's
 * scroll-padding-top, which a view with a sticky header (the capacity charts, stacked)
 * sets to that header's height. The browser's own focus and scrollIntoView scrolling
 * honour it too.
 */
export function topInset(): number {
	return parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
}

/** A callback when the page is idle (soon at the latest), where the browser can say so. */
function whenIdle(callback: () => void): number {
	return typeof requestIdleCallback === 'function'
		? requestIdleCallback(callback, { timeout: 250 })
		: window.setTimeout(callback, 50);
}

function cancelIdle(handle: number): void {
	if (typeof cancelIdleCallback === 'function') cancelIdleCallback(handle);
	else clearTimeout(handle);
}

export function bindWindowRows(windowRows: WindowRows): WindowRowsBinding {
	let origin: HTMLElement | null = null;

	let idle: number | null = null;
	function updateView() {
		if (!origin) return;
		const top = origin.getBoundingClientRect().top;
		windowRows.setView(-top, innerHeight - top);
		// A list that keeps its rows while they cover the window draws those of the
		// window now when the page is idle, before the next step or scroll needs them.
		if (!windowRows.settled && idle === null) {
			idle = whenIdle(() => {
				idle = null;
				windowRows.recenter();
			});
		}
	}

	const heights =
		typeof ResizeObserver === 'undefined'
			? null
			: new ResizeObserver((entries) => {
					// Rows above the window that turn out taller or shorter than assumed
					// would push the rows in view: keep the first row in view where it is.
					const anchor = windowRows.indexAt(windowRows.view.top);
					const before = windowRows.top(anchor);
					const changed = windowRows.measure(
						entries.map((entry) => {
							const el = entry.target as HTMLElement;
							const height = entry.borderBoxSize?.[0]?.blockSize ?? el.offsetHeight;
							return [el.dataset.id ?? '', height] as const;
						})
					);
					const shift = windowRows.top(anchor) - before;
					if (changed && windowRows.view.top > 0 && Math.abs(shift) >= 1) {
						scrollBy({ top: shift, behavior: 'instant' });
					}
				});

	const measure: Attachment<HTMLElement> = (el) => {
		heights?.observe(el);
		return () => heights?.unobserve(el);
	};

	// Untracked: an attachment re-runs when state it reads changes, and this one reads
	// the view and the gap it sets.
	const container: Attachment<HTMLElement> = (el) => untrack(() => setUp(el));

	function setUp(el: HTMLElement) {
		origin = el;
		const readGap = () => (windowRows.gap = parseFloat(getComputedStyle(el).rowGap) || 0);
		readGap();
		let width = el.clientWidth;
		// A new width wraps rows differently: the heights measured before are stale.
		const resize = new ResizeObserver(() => {
			if (el.clientWidth === width) return;
			width = el.clientWidth;
			readGap();
			windowRows.forget();
			const drawn = Array.from(el.children as HTMLCollectionOf<HTMLElement>).filter(
				(row) => row.dataset.id
			);
			windowRows.measure(drawn.map((row) => [row.dataset.id!, row.offsetHeight] as const));
			updateView();
		});
		resize.observe(el);
		updateView();
		addEventListener('scroll', updateView, { passive: true });
		addEventListener('resize', updateView);
		return () => {
			origin = null;
			if (idle !== null) cancelIdle(idle);
			idle = null;
			resize.disconnect();
			heights?.disconnect();
			removeEventListener('scroll', updateView);
			removeEventListener('resize', updateView);
		};
	}

	function reveal(index: number, options: RevealOptions = {}, settling = false) {
		if (!origin || index < 0 || index >= windowRows.count) return;
		const top = origin.getBoundingClientRect().top + windowRows.top(index);
		const bottom = top + windowRows.height(index);
		const margin = options.margin ?? edgeZone();
		// The visible part of the window starts below any sticky header.
		const clear = topInset() + margin;
		let dy = 0;
		if (options.center && (top < clear || bottom > innerHeight - margin))
			dy = (top + bottom) / 2 - (clear - margin + innerHeight) / 2;
		else if (top < clear) dy = top - clear;
		else if (bottom > innerHeight - margin)
			dy = Math.min(top - clear, bottom - innerHeight + margin);
		if (Math.abs(dy) < 1) return updateView();
		// A smooth scroll only to a row already drawn: far away, rows measured on the way
		// would move the target under an animation that cannot follow.
		const { start, end } = windowRows.range;
		const drawn = index >= start && index < end;
		scrollBy({ top: dy, behavior: options.smooth && drawn ? 'smooth' : 'instant' });
		updateView();
		if (!drawn && !settling) {
			// Once the rows there are drawn and measured, correct for what was estimated.
			requestAnimationFrame(() =>
				requestAnimationFrame(() => reveal(index, { ...options, smooth: false }, true))
			);
		}
	}

	return { container, measure, reveal: (index, options) => reveal(index, options) };
}
