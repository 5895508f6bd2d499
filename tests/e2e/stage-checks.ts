import type { Page } from '@playwright/test';

/**
 * Every visible piece of text on the stage whose font is under `min` CSS px, as
 * "text (size px)": what the back of the room could not read. Text clipped away by a
 * scroller or outside the viewport does not count (it is not on the screen).
 */
export function smallStageText(page: Page, min = 18): Promise<string[]> {
	return page.evaluate((min) => {
		const host = document.querySelector('.stage-host');
		if (!host) return ['no stage on screen'];
		const small: string[] = [];
		const walker = document.createTreeWalker(host, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const text = node.textContent?.trim();
			const element = node.parentElement;
			if (!text || !element) continue;
			const range = document.createRange();
			range.selectNodeContents(node);
			const box = range.getBoundingClientRect();
			if (box.width === 0 || box.height === 0) continue;
			if (box.bottom <= 0 || box.top >= innerHeight || box.right <= 0 || box.left >= innerWidth)
				continue;
			if (element.closest('.visually-hidden, [aria-hidden="true"] .visually-hidden')) continue;
			const style = getComputedStyle(element);
			if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
			const size = parseFloat(style.fontSize);
			if (size < min - 0.01) small.push(`${text.slice(0, 40)} (${size.toFixed(1)} px)`);
		}
		return small;
	}, min);
}
