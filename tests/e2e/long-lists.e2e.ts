import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { serializePortfolio } from '../../src/lib/domain/format';
import { generatePortfolio } from '../helpers/generate';
import { expect, goToView, type HomePage, test } from './fixtures';

/**
 * A long portfolio (400 projects), where the ranking board and the projects table draw
 * only the rows in view: every row is still reachable by scrolling, by the keyboard, by
 * the move buttons, by a drag with autoscroll and from the chart, and the funding line
 * is found when its row is off screen.
 */

const portfolio = generatePortfolio(11, {
	projects: 400,
	criteria: 4,
	roles: 3,
	periods: 6,
	objectives: 3,
	risks: 0,
	decisions: 0,
	reviews: 0
});
// Plain, unique names: the generator's repeat and carry quotes, which would blur the locators.
for (const [i, project] of portfolio.projects.entries())
	project.name = `Project ${String(i + 1).padStart(3, '0')}`;
const names = portfolio.projects.map((p) => p.name);

function rankedRows(page: Page): Locator {
	return page.getByRole('list', { name: 'Projects in rank order' }).getByRole('listitem');
}

function row(page: Page, name: string): Locator {
	return rankedRows(page).filter({
		has: page.getByRole('button', { name, exact: true })
	});
}

function handle(page: Page, name: string): Locator {
	return page.getByRole('button', { name: new RegExp(`^Reorder ${name}, rank`) });
}

function announcements(page: Page): Locator {
	return page.getByRole('status', { name: 'Ranking announcements' });
}

/** Scrolls the page until the list's last row is drawn at the window's bottom. */
async function scrollToListEnd(page: Page) {
	await expect
		.poll(async () => {
			await page.evaluate(() => {
				const list = document.querySelector('ol.ranking')!;
				scrollBy(0, list.getBoundingClientRect().bottom - innerHeight);
			});
			return rankedRows(page).last().getAttribute('aria-posinset');
		})
		.toBe('400');
}

async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

async function importLong(home: HomePage) {
	await home.goto();
	await home.importFile({
		name: 'long.cairn.json',
		mimeType: 'application/json',
		buffer: Buffer.from(serializePortfolio(portfolio))
	});
}

test('the projects table draws the rows in view and keeps focus on a row moved far down', async ({
	home,
	page
}) => {
	await importLong(home);
	const table = page.getByRole('table');
	await expect(table).toHaveAttribute('aria-rowcount', '401');
	const rows = table.locator('tbody tr[aria-rowindex]');
	await expect(rows.first()).toContainText(names[0]);
	expect(await rows.count()).toBeLessThan(400);
	await expect
		.poll(async () => {
			await page.evaluate(() => {
				const body = document.querySelector('table tbody')!;
				scrollBy(0, body.getBoundingClientRect().bottom - innerHeight);
			});
			return rows.last().getAttribute('aria-rowindex');
		})
		.toBe('401');
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: `Move ${names[399]} up` }).click();
	await expect(page.getByRole('button', { name: `Move ${names[399]} up` })).toBeFocused();
	await expect(table.getByRole('row', { name: new RegExp(names[399]) })).toHaveAttribute(
		'aria-rowindex',
		'400'
	);
	await expect(page.getByRole('button', { name: `Move ${names[399]} up` })).toBeInViewport();
});

test.describe('a long ranking', () => {
	test.beforeEach(async ({ home, page }) => {
		await importLong(home);
		await goToView(page, 'Rank');
		await expect(page.getByRole('heading', { name: 'Ranking', level: 1 })).toBeVisible();
		await expect(rankedRows(page).first()).toHaveAttribute('aria-setsize', '400');
	});

	test('draws the rows in view, and the last ones once scrolled to', async ({ page }) => {
		const drawn = await rankedRows(page).count();
		expect(drawn).toBeGreaterThan(5);
		expect(drawn).toBeLessThan(400);
		await expect(row(page, names[0])).toBeInViewport();
		await scrollToListEnd(page);
		await expect(rankedRows(page).last()).toHaveAttribute('aria-posinset', '400');
		await expect(rankedRows(page).last()).toContainText(names[399]);
		await expect(row(page, names[0])).toHaveCount(0);
	});

	test('the keyboard moves a row to the end and back, keeping it in view and focused', async ({
		page
	}) => {
		await handle(page, names[1]).focus();
		await page.keyboard.press('Space');
		await expect(announcements(page)).toContainText(`Picked up ${names[1]}, rank 2 of 400`);
		await page.keyboard.press('End');
		await expect(announcements(page)).toContainText('Moved to rank 400');
		await expect(handle(page, names[1])).toBeFocused();
		await expect(handle(page, names[1])).toBeInViewport();
		await page.keyboard.press('Home');
		await page.keyboard.press('PageDown');
		await page.keyboard.press('PageDown');
		await expect(announcements(page)).toContainText('Moved to rank 21');
		await page.keyboard.press('Space');
		await expect(announcements(page)).toContainText('Dropped at rank 21');
		await expect(handle(page, names[1])).toBeFocused();
		await expect(handle(page, names[1])).toHaveAccessibleName(`Reorder ${names[1]}, rank 21`);
		await expect(row(page, names[1])).toBeInViewport();
	});

	test('Move to top on a row far down keeps focus on that row at the top', async ({ page }) => {
		await scrollToListEnd(page);
		await page.getByRole('button', { name: `Move ${names[398]} to top` }).click();
		await expect(rankedRows(page).first()).toContainText(names[398]);
		await expect(handle(page, names[398])).toBeFocused();
		await expect(row(page, names[398])).toBeInViewport();
		await expect(announcements(page)).toContainText(`Moved ${names[398]} to rank 1`);
	});

	test('a row dragged to the bottom edge scrolls the list and lands below the fold', async ({
		page
	}) => {
		const grip = handle(page, names[2]);
		const box = (await grip.boundingBox())!;
		await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		await page.mouse.down();
		const viewport = page.viewportSize()!;
		await page.mouse.move(box.x + box.width / 2, viewport.height - 10, { steps: 10 });
		// Held near the edge, the page scrolls and the row follows the pointer down the list.
		await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(2000);
		await page.mouse.move(box.x + box.width / 2, viewport.height / 2, { steps: 5 });
		await page.mouse.up();
		await expect(announcements(page)).toContainText('Dropped at rank');
		const rank = Number((await announcements(page).textContent())!.match(/rank (\d+)/)![1]);
		expect(rank).toBeGreaterThan(20);
		await expect(row(page, names[2])).toHaveAttribute('aria-posinset', String(rank));
		await expect(row(page, names[2])).toBeInViewport();
	});

	test('when the funding line is off screen a hint says where, and shows it', async ({ page }) => {
		const summary = await page.getByText(/Funding line at rank \d+/).textContent();
		const lineRank = Number(summary!.match(/rank (\d+)/)![1]);
		const lineRow = rankedRows(page).and(page.locator(`[aria-posinset="${lineRank}"]`));
		const inView = await page.evaluate((rank) => {
			const li = document.querySelector(`ol.ranking > li[aria-posinset="${rank}"]`);
			const box = li?.getBoundingClientRect();
			return !!box && box.top < innerHeight && box.bottom > 0;
		}, lineRank);
		// Scroll away from the line so that it is below, or above, the window.
		if (inView || lineRank < 200) {
			await scrollToListEnd(page);
		}
		const where = lineRank < 200 ? 'above' : 'below';
		const hint = page.getByRole('button', {
			name: new RegExp(`Funding line at rank ${lineRank}: \\d+ rows? ${where}`)
		});
		await expect(hint).toBeInViewport();
		await expectNoAxeViolations(page);
		await hint.click();
		await expect(lineRow).toBeInViewport();
		await expect(lineRow.getByText('Funding line', { exact: true })).toBeAttached();
		await expect(hint).toHaveCount(0);
	});

	test('a bubble of a project far down the list brings its row into view', async ({ page }) => {
		const name = names[350];
		await page.getByRole('button', { name: new RegExp(`^${name}: value`) }).focus();
		await page.keyboard.press('Enter');
		await expect(row(page, name).getByRole('button', { name, exact: true })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await expect(row(page, name)).toBeInViewport();
	});
});

test('the scores grid draws the rows in its box, and the keyboard reaches and edits the last one', async ({
	home,
	page
}) => {
	await importLong(home);
	await goToView(page, 'Scores');
	const grid = page.getByRole('grid', { name: 'Scores' });
	await expect(grid).toHaveAttribute('aria-rowcount', '401');
	const rows = grid.locator('tbody tr[aria-rowindex]');
	await expect(rows.first()).toContainText(names[0]);
	expect(await rows.count()).toBeLessThan(100);

	// Ctrl+End: the last project's last cell, drawn, focused and in view.
	await rows.first().getByRole('gridcell').first().click();
	await page.keyboard.press('Control+End');
	const last = grid.getByRole('row', { name: new RegExp(names[399]) });
	await expect(last).toHaveAttribute('aria-rowindex', '401');
	const cells = last.getByRole('gridcell');
	await expect(cells.last()).toBeFocused();
	await expect(cells.last()).toBeInViewport();
	expect(await rows.count()).toBeLessThan(100);

	// Its last editable cell takes a typed value, kept when the row is drawn again.
	await page.keyboard.press('ArrowLeft');
	const cell = cells.nth((await cells.count()) - 2);
	await expect(cell).toBeFocused();
	const before = (await cell.textContent())!.trim();
	const typed = before.startsWith('0') ? '1' : '0';
	await page.keyboard.type(typed);
	await page.keyboard.press('Tab');
	await expect(cell).toHaveText(new RegExp(`^${typed}`));

	// Ctrl+Home goes back to the top; scrolling the box draws the rows it reaches.
	await page.keyboard.press('Control+Home');
	const first = rows.first().getByRole('gridcell').first();
	await expect(first).toBeFocused();
	await expect(rows.first()).toHaveAttribute('aria-rowindex', '2');
	await grid.locator('..').evaluate((box) => box.scrollTo({ top: box.scrollHeight / 2 }));
	await expect(grid.getByRole('row', { name: new RegExp(names[199]) })).toBeInViewport();
	expect(await rows.count()).toBeLessThan(100);
	// The active row stays drawn, scrolled away: it holds the grid's tab stop.
	await expect(first).toHaveAttribute('tabindex', '0');
	await page.getByRole('heading', { name: 'Scores', level: 1 }).click();
	await page.keyboard.press('Tab');
	await expect(first).toBeFocused();
	await expect(last).toHaveCount(0);
	await page.keyboard.press('Control+End');
	await expect(cells.nth((await cells.count()) - 2)).toHaveText(new RegExp(`^${typed}`));
	await expectNoAxeViolations(page);
});
