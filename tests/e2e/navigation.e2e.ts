import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { SECTIONS } from '../../src/lib/components/workspace/views';
import { expect, test } from './fixtures';

/**
 * The workspace navigation (issue 15): six sections on one line with the current
 * section's views below, a Menu on a phone, a skip link, and names nobody mixes up.
 */

const laptop = { width: 1366, height: 768 };
const phone = { width: 390, height: 844 };

function nav(page: Page) {
	return page.getByRole('navigation', { name: 'Views' });
}

async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).include('nav[aria-label="Views"]').analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

/** Levenshtein distance, case-insensitive: "Review" and "Reviews" are 1 apart. */
function editDistance(a: string, b: string): number {
	const s = a.toLowerCase();
	const t = b.toLowerCase();
	let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
	for (let i = 1; i <= s.length; i++) {
		const row = [i];
		for (let j = 1; j <= t.length; j++) {
			const cost = s[i - 1] === t[j - 1] ? 0 : 1;
			row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
		}
		previous = row;
	}
	return previous[t.length];
}

test('editDistance counts one letter added, removed or changed as 1', () => {
	expect(editDistance('Review', 'Reviews')).toBe(1);
	expect(editDistance('Gates', 'Dates')).toBe(1);
	expect(editDistance('Plan', 'Map')).toBe(3);
});

test.describe('on a laptop', () => {
	test.use({ viewport: laptop });

	test.beforeEach(async ({ home }) => {
		await home.goto();
		await home.openSample();
	});

	test('the sections fit one line and the current section and view are marked', async ({
		page
	}, info) => {
		const sections = nav(page).getByRole('list').first().getByRole('link');
		await expect(sections).toHaveText(SECTIONS.map((s) => s.label));
		const tops = await sections.evaluateAll((links) =>
			links.map((a) => Math.round(a.getBoundingClientRect().top))
		);
		expect(new Set(tops).size).toBe(1);
		await expect(nav(page).getByRole('link', { name: 'Prioritise' })).toHaveAttribute(
			'aria-current',
			'true'
		);
		await expect(nav(page).getByRole('link', { name: 'Projects' })).toHaveAttribute(
			'aria-current',
			'page'
		);
		await expectNoAxeViolations(page);
		await page.screenshot({ path: info.outputPath('nav-laptop.png') });
	});

	test('every view is reachable from its section, and old addresses still land on it', async ({
		page
	}) => {
		test.slow();
		for (const section of SECTIONS) {
			await nav(page).getByRole('link', { name: section.label, exact: true }).click();
			for (const view of section.views) {
				await nav(page).getByRole('link', { name: view.label, exact: true }).click();
				await expect(page).toHaveURL(new RegExp(`/p/[^/]+${view.path}$`));
				await expect(nav(page).getByRole('link', { name: section.label })).toHaveAttribute(
					'aria-current',
					'true'
				);
				await expect(nav(page).getByRole('link', { name: view.label })).toHaveAttribute(
					'aria-current',
					'page'
				);
			}
		}
		// The ranking is an option of Projects, at its old address.
		await nav(page).getByRole('link', { name: 'Prioritise' }).click();
		const options = page.getByRole('navigation', { name: 'Show projects as' });
		await options.getByRole('link', { name: 'Rank' }).click();
		await expect(page).toHaveURL(/\/ranking$/);
		await expect(page.getByRole('heading', { name: 'Ranking', level: 1 })).toBeVisible();
		await expect(nav(page).getByRole('link', { name: 'Projects' })).toHaveAttribute(
			'aria-current',
			'page'
		);
		await expect(options.getByRole('link', { name: 'Rank' })).toHaveAttribute(
			'aria-current',
			'page'
		);
		await options.getByRole('link', { name: 'Details' }).click();
		await expect(page.getByRole('heading', { name: /^Projects/, level: 1 })).toBeVisible();
	});

	test('the skip link is the first Tab stop and moves focus to the content', async ({ page }) => {
		const skip = page.getByRole('link', { name: 'Skip to content' });
		await page.locator('body').focus();
		await page.keyboard.press('Tab');
		await expect(skip).toBeFocused();
		await expect(skip).toBeInViewport();
		await page.keyboard.press('Enter');
		await expect(page.locator('main#view')).toBeFocused();
		// The next Tab stop is inside the content, not back in the navigation.
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => !!document.activeElement?.closest('main#view'))).toBe(true);
	});
});

test.describe('on a phone', () => {
	test.use({ viewport: phone });

	test.beforeEach(async ({ home }) => {
		await home.goto();
		await home.openSample();
	});

	test('the Menu shows every section and view, and Escape closes it', async ({ page }, info) => {
		const menu = nav(page).getByRole('button', { name: 'Menu' });
		await expect(menu).toHaveAttribute('aria-expanded', 'false');
		await expect(nav(page).getByRole('link')).toHaveCount(0);
		await menu.focus();
		await page.keyboard.press('Enter');
		await expect(menu).toHaveAttribute('aria-expanded', 'true');
		for (const section of SECTIONS) {
			const list = nav(page).getByRole('list', { name: section.label, exact: true });
			await expect(list.getByRole('link')).toHaveText(section.views.map((v) => v.label));
		}
		await expect(
			nav(page).getByRole('list', { name: 'Prioritise' }).getByRole('link', { name: 'Projects' })
		).toHaveAttribute('aria-current', 'page');
		for (const box of await nav(page)
			.getByRole('link')
			.evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height))) {
			expect(box).toBeGreaterThanOrEqual(44);
		}
		expect((await menu.boundingBox())!.height).toBeGreaterThanOrEqual(44);
		await expectNoAxeViolations(page);
		await page.screenshot({ path: info.outputPath('nav-phone-open.png') });

		// Keyboard: into the list, then Escape gives focus back to the button.
		await page.keyboard.press('Tab');
		await expect(nav(page).getByRole('link', { name: 'Map' })).toBeFocused();
		await page.keyboard.press('Escape');
		await expect(menu).toHaveAttribute('aria-expanded', 'false');
		await expect(menu).toBeFocused();

		// A tap outside closes it too.
		await menu.click();
		await page.getByRole('heading', { level: 1 }).click();
		await expect(menu).toHaveAttribute('aria-expanded', 'false');

		// A view chosen from the Menu opens, and the Menu closes.
		await menu.click();
		await nav(page).getByRole('link', { name: 'Capacity' }).click();
		await expect(page.getByRole('heading', { name: 'Capacity', level: 1 })).toBeVisible();
		await expect(menu).toHaveAttribute('aria-expanded', 'false');
		await expect(nav(page)).toContainText('Plan › Capacity');
		await expectNoAxeViolations(page);
	});

	test('no two names in the navigation differ by one letter', async ({ page }) => {
		await nav(page).getByRole('button', { name: 'Menu' }).click();
		const views = await nav(page).getByRole('link').allInnerTexts();
		const names = [...SECTIONS.map((s) => s.label), ...views, 'Details', 'Rank'];
		expect(views).toHaveLength(SECTIONS.flatMap((s) => s.views).length);
		const close: string[] = [];
		for (let i = 0; i < names.length; i++) {
			for (let j = i + 1; j < names.length; j++) {
				if (editDistance(names[i], names[j]) <= 1) close.push(`${names[i]} / ${names[j]}`);
			}
		}
		expect(close).toEqual([]);
	});

	test('the skip link is the first Tab stop here too', async ({ page }) => {
		await page.locator('body').focus();
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Skip to content' });
		await expect(skip).toBeFocused();
		await page.keyboard.press('Enter');
		await expect(page.locator('main#view')).toBeFocused();
	});
});
