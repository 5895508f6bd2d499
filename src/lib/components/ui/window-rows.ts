import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import type { WindowRows } from '$lib/state/window-rows.svelte';

/**
 * The DOM side of a WindowRows list: where the window is over the list, the drawn
 * rows' heights, and scrolling a row into view. The window is the page's (the ranking
 * list, the projects table) or, given a `scroller`, that box's (the scores grid).
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

export interface WindowRowsScope {
	/**
	 * The box that scrolls the rows, when it is not the page. Its scroll-padding-top is
	 * the height its sticky header covers.
	 */
	scroller?: () => HTMLElement | undefined;
}

/** The visible part of the window, in viewport px: below any sticky header. */
interface Viewport {
	top: number;
	bottom: number;
	/** Scrolls the window by `dy` px. */
	scrollBy(dy: number, smooth: boolean): void;
}

export function bindWindowRows(
	windowRows: WindowRows,
	scope: WindowRowsScope = {}
): WindowRowsBinding {
	let origin: HTMLElement | null = null;

	function viewport(): Viewport {
		const box = scope.scroller?.();
		if (!box) {
			return {
				top: topInset(),
				bottom: innerHeight,
				scrollBy: (dy, smooth) => scrollBy({ top: dy, behavior: smooth ? 'smooth' : 'instant' })
			};
		}
		const rect = box.getBoundingClientRect();
		const top = rect.top + box.clientTop;
		return {
			top: top + (parseFloat(getComputedStyle(box).scrollPaddingTop) || 0),
			bottom: top + box.clientHeight,
			scrollBy: (dy, smooth) => box.scrollBy({ top: dy, behavior: smooth ? 'smooth' : 'instant' })
		};
	}

	let idle: number | null = null;
	function updateView() {
		if (!origin) return;
		const box = scope.scroller?.();
		const top = origin.getBoundingClientRect().top;
		if (!box) windowRows.setView(-top, innerHeight - top);
		else {
			const boxTop = box.getBoundingClientRect().top + box.clientTop;
			windowRows.setView(boxTop - top, boxTop + box.clientHeight - top);
		}
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
						viewport().scrollBy(shift, false);
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
		// A scroller bound in the same render is known by the next frame.
		const frame = requestAnimationFrame(updateView);
		// Scroll events do not bubble: the capture phase sees the scroller's as well.
		const onscroll = (event: Event) => {
			if (event.target === document || event.target === scope.scroller?.()) updateView();
		};
		addEventListener('scroll', onscroll, { passive: true, capture: true });
		addEventListener('resize', updateView);
		return () => {
			origin = null;
			cancelAnimationFrame(frame);
			if (idle !== null) cancelIdle(idle);
			idle = null;
			resize.disconnect();
			heights?.disconnect();
			removeEventListener('scroll', onscroll, { capture: true });
			removeEventListener('resize', updateView);
		};
	}

	function reveal(index: number, options: RevealOptions = {}, settling = false) {
		if (!origin || index < 0 || index >= windowRows.count) return;
		const area = viewport();
		const top = origin.getBoundingClientRect().top + windowRows.top(index);
		const bottom = top + windowRows.height(index);
		const margin = options.margin ?? edgeZone();
		// The visible part of the window starts below any sticky header.
		const clear = area.top + margin;
		const end = area.bottom - margin;
		let dy = 0;
		if (options.center && (top < clear || bottom > end))
			dy = (top + bottom) / 2 - (area.top + area.bottom) / 2;
		else if (top < clear) dy = top - clear;
		else if (bottom > end) dy = Math.min(top - clear, bottom - end);
		if (Math.abs(dy) < 1) return updateView();
		// A smooth scroll only to a row already drawn: far away, rows measured on the way
		// would move the target under an animation that cannot follow.
		const { start, end: drawnEnd } = windowRows.range;
		const drawn = index >= start && index < drawnEnd;
		area.scrollBy(dy, Boolean(options.smooth && drawn));
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
