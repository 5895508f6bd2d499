import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, goToView, pasteText as paste, test, WorkspacePage } from './fixtures';

/**
 * The ranking board and the scoring matrix of the Northwind sample. In its ranking,
 * CRM consolidation is 9th of 24 and the funding line sits on Demand forecasting (8th:
 * Data and analytics is short in 2028-Q1); with Demand forecasting two or more places
 * lower, the line moves to Customer service chat and bot.
 */

/** The ranking board is the Rank option of Projects; Scores is a view of its own. */
async function openView(page: Page, name: 'Ranking' | 'Scores') {
	await goToView(page, name === 'Ranking' ? 'Rank' : name);
	await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

function rankedList(page: Page): Locator {
	return page.getByRole('list', { name: 'Projects in rank order' });
}

function rankedRows(page: Page): Locator {
	return rankedList(page).getByRole('listitem');
}

/** Project names in the order shown. */
async function rankedNames(page: Page): Promise<string[]> {
	return rankedRows(page).evaluateAll((items) =>
		items.map((li) => li.querySelector('.name button')?.textContent?.trim() ?? '')
	);
}

/** The row the funding line is drawn on. */
function lineRow(page: Page): Locator {
	return rankedRows(page).filter({ has: page.getByText('Funding line', { exact: true }) });
}

function announcements(page: Page): Locator {
	return page.getByRole('status', { name: 'Ranking announcements' });
}

function handle(page: Page, name: string): Locator {
	return page.getByRole('button', { name: new RegExp(`^Reorder ${name}, rank`) });
}

/** Presses the mouse on a row's handle and moves it by `rows` rows; does not release. */
async function pickUpAndMove(page: Page, name: string, rows: number) {
	const grip = handle(page, name);
	await grip.scrollIntoViewIfNeeded();
	const from = (await grip.boundingBox())!;
	const names = await rankedNames(page);
	const index = names.indexOf(name);
	const source = (await rankedRows(page).nth(index).boundingBox())!;
	const target = (await rankedRows(page)
		.nth(index + rows)
		.boundingBox())!;
	const x = from.x + from.width / 2;
	const y = from.y + from.height / 2;
	await page.mouse.move(x, y);
	await page.mouse.down();
	await page.mouse.move(x, y + target.y - source.y, { steps: 12 });
}

async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

async function expectNoHorizontalScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

test.describe('ranking board', () => {
	// Tall enough that no drag comes near the autoscroll edges.
	test.use({ viewport: { width: 1280, height: 1700 } });

	test.beforeEach(async ({ home, page }) => {
		await home.goto();
		await home.openSample();
		await openView(page, 'Ranking');
		await expect(rankedRows(page)).toHaveCount(24);
	});

	test('a row dragged with the mouse lands where it is dropped', async ({ page, workspace }) => {
		await expect(rankedRows(page).nth(8)).toContainText('CRM consolidation');
		await pickUpAndMove(page, 'CRM consolidation', -6);
		await page.mouse.up();
		await expect(rankedRows(page).nth(2)).toContainText('CRM consolidation');
		await expect(announcements(page)).toContainText('Dropped at rank 3');
		await workspace.waitUntilSaved();
		await page.reload();
		await expect(rankedRows(page).nth(2)).toContainText('CRM consolidation');
	});

	test('the funding line moves while a row is dragged, and Escape puts it back', async ({
		page
	}) => {
		await expect(lineRow(page)).toContainText('Demand forecasting');
		await expect(lineRow(page)).toContainText('Data and analytics 2028-Q1: needs');
		await pickUpAndMove(page, 'Demand forecasting', 3);
		// Still holding the mouse: the previewed order already has its own line.
		await expect(lineRow(page)).toContainText('Customer service chat and bot');
		await expect(page.getByText(/Funding line at rank 9/)).toBeVisible();
		await page.keyboard.press('Escape');
		await page.mouse.up();
		await expect(announcements(page)).toContainText('Cancelled');
		await expect(lineRow(page)).toContainText('Demand forecasting');
		await expect(rankedRows(page).nth(7)).toContainText('Demand forecasting');
	});

	test('the funding line and its badge stay above a row carried across them', async ({ page }) => {
		// Cloud data warehouse sits just above the line: carried down less than half a row,
		// it keeps its place and is drawn over the gap where the line and badge are.
		const grip = handle(page, 'Cloud data warehouse');
		const from = (await grip.boundingBox())!;
		const row = (await rankedRows(page).nth(6).boundingBox())!;
		const x = from.x + from.width / 2;
		const y = from.y + from.height / 2;
		await page.mouse.move(x, y);
		await page.mouse.down();
		await page.mouse.move(x, y + row.height * 0.45, { steps: 5 });
		const badge = lineRow(page).getByText('Funding line', { exact: true });
		const dragged = rankedRows(page).nth(6);
		await expect(dragged).toHaveClass(/dragging/);
		const badgeBox = (await badge.boundingBox())!;
		const draggedBox = (await dragged.boundingBox())!;
		// The carried row covers the badge's place, and the badge is drawn on top.
		expect(draggedBox.y + draggedBox.height).toBeGreaterThan(badgeBox.y + badgeBox.height);
		expect(
			await badge.evaluate((el) => {
				// The line lets the pointer through; hit-testing needs the badge to take it.
				(el as HTMLElement).style.pointerEvents = 'auto';
				const box = el.getBoundingClientRect();
				return el.contains(
					document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2)
				);
			})
		).toBe(true);
		await page.keyboard.press('Escape');
		await page.mouse.up();
	});

	test('the value chart draws every bubble inside its box, the largest too', async ({ page }) => {
		const chart = page.getByRole('group', { name: /^Bubble chart of value against cost/ });
		await chart.scrollIntoViewIfNeeded();
		const outside = await chart.evaluate((svg) => {
			const box = svg.getBoundingClientRect();
			return [...svg.querySelectorAll('circle[data-bubble]')]
				.map((c) => ({ id: c.getAttribute('data-bubble'), b: c.getBoundingClientRect() }))
				.filter(
					({ b }) =>
						b.left < box.left || b.right > box.right || b.top < box.top || b.bottom > box.bottom
				)
				.map(({ id }) => id);
		});
		expect(outside).toEqual([]);
	});

	test('the ▲/▼ markers beside the values are explained, on screen and in words', async ({
		page
	}) => {
		await expect(
			page.getByText('how many places higher or lower the project would rank by value alone')
		).toBeVisible();
		// Each row's marker says what it means to a screen reader and in its tooltip.
		const markers = rankedRows(page).locator('.gap');
		await expect(markers.first()).toHaveAttribute(
			'title',
			/^(▲\d+|▼\d+|=): (by value alone it would rank \d+ places? (higher|lower)|ranked as its value) \(value rank \d+\)$/
		);
		const texts = await markers.allTextContents();
		expect(
			texts.some((t) => /by value alone it would rank \d+ places? (higher|lower)/.test(t))
		).toBe(true);
	});

	test('the keyboard picks up, moves and drops a row, and says so', async ({ page }) => {
		await handle(page, 'CRM consolidation').focus();
		await page.keyboard.press('Space');
		await expect(announcements(page)).toContainText('Picked up CRM consolidation, rank 9 of 24');
		for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowUp');
		await expect(announcements(page)).toContainText('Moved to rank 6');
		await page.keyboard.press('Space');
		await expect(announcements(page)).toContainText('Dropped at rank 6');
		await expect(rankedRows(page).nth(5)).toContainText('CRM consolidation');
		await expect(handle(page, 'CRM consolidation')).toHaveAccessibleName(
			'Reorder CRM consolidation, rank 6'
		);
		await expect(handle(page, 'CRM consolidation')).toBeFocused();
	});

	test('Escape on the keyboard cancels the move', async ({ page }) => {
		await handle(page, 'CRM consolidation').focus();
		await page.keyboard.press('Enter');
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('Escape');
		await expect(announcements(page)).toContainText('Cancelled');
		await expect(rankedRows(page).nth(8)).toContainText('CRM consolidation');
	});

	test('the buttons move a row up, down and to the top', async ({ page }) => {
		await page.getByRole('button', { name: 'Move Fleet telematics to top' }).click();
		await expect(rankedRows(page).first()).toContainText('Fleet telematics');
		await page.getByRole('button', { name: 'Move Fleet telematics down' }).click();
		await expect(rankedRows(page).nth(1)).toContainText('Fleet telematics');
		await page.getByRole('button', { name: 'Move Fleet telematics up' }).click();
		await expect(rankedRows(page).first()).toContainText('Fleet telematics');
	});

	test('sort by value is one change that Undo takes back', async ({ page }) => {
		const before = await rankedNames(page);
		await page.getByRole('button', { name: 'Sort by value' }).click();
		await expect(rankedRows(page).nth(1)).toContainText('ISO 27001 certification');
		await expect(rankedRows(page).nth(3)).toContainText('Marketplace channel');
		await expect(page.getByRole('button', { name: 'Sort by value' })).toBeDisabled();
		await page.getByRole('button', { name: 'Undo', exact: true }).click();
		await expect.poll(() => rankedNames(page)).toEqual(before);
	});

	test('a decision is edited inline and the funding follows it', async ({ page, workspace }) => {
		const row = rankedRows(page).filter({ hasText: 'Marketplace channel' });
		await expect(row.getByText('Not funded', { exact: true })).toBeVisible();
		const decision = page.getByRole('combobox', { name: 'Decision for Marketplace channel' });
		await decision.selectOption('in');
		const reason = page.getByRole('textbox', {
			name: 'Reason for the decision on Marketplace channel'
		});
		await reason.fill('Board mandate');
		await reason.press('Tab');
		await expect(row.getByText('Funded', { exact: true })).toBeVisible();
		await expect(decision).toHaveValue('in');
		await workspace.waitUntilSaved();
		await page.reload();
		await expect(reason).toHaveValue('Board mandate');
	});

	test('selecting a row highlights its bubble, and a bubble selects its row', async ({ page }) => {
		const row = rankedRows(page).filter({ hasText: 'CRM consolidation' });
		await row.getByRole('button', { name: 'CRM consolidation', exact: true }).click();
		const bubble = page.getByRole('button', { name: /^CRM consolidation: value/ });
		await expect(bubble).toHaveAttribute('aria-pressed', 'true');
		// Bubbles are one tab stop; focus one and press Enter, as the keyboard would.
		await page.getByRole('button', { name: /^Fleet telematics: value/ }).focus();
		await page.keyboard.press('Enter');
		await expect(
			rankedRows(page)
				.filter({ hasText: 'Fleet telematics' })
				.getByRole('button', { name: 'Fleet telematics', exact: true })
		).toHaveAttribute('aria-pressed', 'true');
		await expect(bubble).toHaveAttribute('aria-pressed', 'false');

		await page.getByRole('button', { name: 'View as table' }).click();
		await expect(
			page.getByRole('table').getByRole('row', { name: /Fleet telematics/ })
		).toContainText(/Funded|Not funded/);
	});
});

test('two people moving the same project at once end with the same order', async ({
	home,
	workspace,
	page,
	secondPerson
}) => {
	await home.goto();
	await home.openSample();
	const { edit } = await workspace.shareLinks();
	const other = new WorkspacePage(secondPerson);
	await secondPerson.goto(edit!);
	await other.waitUntilSaved();
	await openView(page, 'Ranking');
	await openView(secondPerson, 'Ranking');

	await Promise.all([
		page.getByRole('button', { name: 'Move CRM consolidation to top' }).click(),
		secondPerson.getByRole('button', { name: 'Move CRM consolidation down' }).click()
	]);
	await workspace.waitUntilSaved();
	await other.waitUntilSaved();
	await expect
		.poll(async () => {
			const [a, b] = await Promise.all([rankedNames(page), rankedNames(secondPerson)]);
			return a.length === 24 && new Set(a).size === 24 && a.join('|') === b.join('|');
		})
		.toBe(true);
});

test('a viewer sees the ranking, the line and the scores but cannot change them', async ({
	home,
	workspace,
	secondPerson
}) => {
	await home.goto();
	await home.openSample();
	const { view } = await workspace.shareLinks();
	await secondPerson.goto(view);
	await openView(secondPerson, 'Ranking');
	await expect(rankedRows(secondPerson)).toHaveCount(24);
	await expect(lineRow(secondPerson)).toContainText('Demand forecasting');
	await expect(secondPerson.getByRole('button', { name: /^Reorder / })).toHaveCount(0);
	await expect(secondPerson.getByRole('button', { name: /^Move / })).toHaveCount(0);
	await expect(secondPerson.getByRole('button', { name: 'Sort by value' })).toHaveCount(0);

	await openView(secondPerson, 'Scores');
	const grid = secondPerson.getByRole('grid', { name: 'Scores' });
	await expect(grid).toHaveAttribute('aria-readonly', 'true');
	const cell = grid
		.getByRole('row', { name: /CRM consolidation/ })
		.getByRole('gridcell')
		.nth(5);
	await cell.click();
	await secondPerson.keyboard.press('9');
	await expect(grid.getByRole('textbox')).toHaveCount(0);
	await expect(cell).toHaveText('7');
});

test.describe('scoring matrix', () => {
	test.beforeEach(async ({ home, page }) => {
		await home.goto();
		await home.openSample();
		await openView(page, 'Scores');
	});

	/** Columns: 5 objective contributions, Financial return, Urgency, Delivery risk, Value. */
	function cells(page: Page, project: string): Locator {
		return page
			.getByRole('grid', { name: 'Scores' })
			.getByRole('row', { name: new RegExp(project) })
			.getByRole('gridcell');
	}

	test('a score is typed with the keyboard and the value follows', async ({ page }) => {
		const crm = cells(page, 'CRM consolidation');
		const valueBefore = await crm.nth(8).textContent();
		await crm.nth(6).click();
		await page.keyboard.type('9');
		await page.keyboard.press('Enter');
		await expect(crm.nth(6)).toHaveText('9');
		await expect(crm.nth(8)).not.toHaveText(valueBefore!);
		// Enter moved down a row: arrows keep moving from there.
		await expect(cells(page, 'Customer service chat and bot').nth(6)).toBeFocused();
		await page.keyboard.press('ArrowUp');
		await page.keyboard.press('ArrowLeft');
		await page.keyboard.press('Delete');
		await expect(crm.nth(5)).toContainText('no value');

		await crm.nth(0).click();
		await page.keyboard.type('3');
		await page.keyboard.press('Tab');
		await expect(crm.nth(0)).toHaveText('3 · strong');
		await expect(crm.nth(1)).toBeFocused();

		await page.keyboard.type('5');
		await page.keyboard.press('Enter');
		await expect(page.getByRole('alert')).toContainText('must be 0, 1, 2 or 3');
		await page.keyboard.press('Escape');
		await expect(crm.nth(1)).toHaveText('1 · weak');
	});

	test('a block pasted from a spreadsheet is written at the active cell', async ({ page }) => {
		await cells(page, 'CRM consolidation').nth(5).click();
		await paste(page, '4\t5\r\n6\t7\r\n');
		await expect(cells(page, 'CRM consolidation').nth(5)).toHaveText('4');
		await expect(cells(page, 'CRM consolidation').nth(6)).toHaveText('5');
		await expect(cells(page, 'Customer service chat and bot').nth(5)).toHaveText('6');
		await expect(cells(page, 'Customer service chat and bot').nth(6)).toHaveText('7');
		await expect(page.getByText('Pasted 4 values.')).toBeAttached();
		// One transaction: one Undo takes the whole block back.
		await page.getByRole('button', { name: 'Undo', exact: true }).click();
		await expect(cells(page, 'CRM consolidation').nth(5)).toHaveText('7');
		await expect(cells(page, 'Customer service chat and bot').nth(6)).toHaveText('2');
	});

	test('a bad paste names the bad cells and writes nothing', async ({ page }) => {
		await cells(page, 'CRM consolidation').nth(5).click();
		await paste(page, '4\t11\nx\t7');
		const alert = page.getByRole('alert');
		await expect(alert).toContainText('Nothing was pasted');
		await expect(alert).toContainText(
			'Row 1, column 2 (CRM consolidation × Urgency): “11” must be between 0 and 10'
		);
		await expect(alert).toContainText(
			'Row 2, column 1 (Customer service chat and bot × Financial return): “x” is not a number'
		);
		await expect(cells(page, 'CRM consolidation').nth(5)).toHaveText('7');
		await expect(cells(page, 'CRM consolidation').nth(6)).toHaveText('2');
	});
});

for (const screen of [
	{ name: 'phone', viewport: { width: 390, height: 844 } },
	{ name: 'projector', viewport: { width: 1920, height: 1080 } }
]) {
	test.describe(`on a ${screen.name}`, () => {
		test.use({ viewport: screen.viewport });

		test('the ranking and the scores fit the screen and pass axe', async ({ home, page }, info) => {
			await home.goto();
			await home.openSample();
			await openView(page, 'Ranking');
			await expect(lineRow(page)).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({
				path: info.outputPath(`ranking-${screen.name}.png`),
				fullPage: true
			});

			await page.getByRole('button', { name: 'View as table' }).click();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);

			await openView(page, 'Scores');
			await expect(page.getByRole('grid', { name: 'Scores' })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`scores-${screen.name}.png`) });
		});
	});
}

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

	test('a row is dragged by touch on its handle', async ({ home, page }) => {
		await home.goto();
		await home.openSample();
		await openView(page, 'Ranking');
		await expect(rankedRows(page)).toHaveCount(24);
		// The row mid-screen, clear of the edges where a held finger scrolls the page.
		await rankedRows(page)
			.nth(1)
			.evaluate((li) => li.scrollIntoView({ block: 'center' }));
		const grip = handle(page, 'Subscription billing');
		const box = (await grip.boundingBox())!;
		const rowBox = (await rankedRows(page).nth(1).boundingBox())!;
		const next = (await rankedRows(page).nth(2).boundingBox())!;
		const x = Math.round(box.x + box.width / 2);
		const y = Math.round(box.y + box.height / 2);
		const dy = next.y - rowBox.y + 8;
		const scrolled = await page.evaluate(() => scrollY);

		// Real touch input, as a finger sends it: the browser makes the pointer events.
		const cdp = await page.context().newCDPSession(page);
		const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', at?: number) =>
			cdp.send('Input.dispatchTouchEvent', {
				type,
				touchPoints: at === undefined ? [] : [{ x, y: at, id: 1, radiusX: 4, radiusY: 4 }]
			});
		await touch('touchStart', y);
		await expect(grip).toHaveAttribute('aria-pressed', 'true');
		for (let i = 1; i <= 8; i++) await touch('touchMove', Math.round(y + (dy * i) / 8));
		// Still touching: the row is shown in its new place, and the finger dragged the
		// row instead of scrolling the page.
		await expect(rankedRows(page).nth(2)).toContainText('Subscription billing');
		await expect(grip).toHaveAttribute('aria-pressed', 'true');
		expect(await page.evaluate(() => scrollY)).toBe(scrolled);
		await touch('touchEnd');
		await expect(announcements(page)).toContainText('Dropped at rank 3');
		await expect(grip).toHaveAttribute('aria-pressed', 'false');
		await expect(rankedRows(page).nth(2)).toContainText('Subscription billing');
		await expect(rankedRows(page).nth(1)).toContainText('Warehouse management system upgrade');
		await cdp.detach();
	});
});
