import type { Locator, Page } from '@playwright/test';
import { expect, goToView, test } from './fixtures';

/**
 * The capacity view of the Northwind sample: its funding line sits on Demand
 * forecasting (8th: Data and analytics is short in 2028-Q1); moved two places down,
 * CRM consolidation (9th) gets funded, and Software engineering's funded demand in
 * 2027-Q1 grows from 1.2 to 2.4 FTE (CRM's 1.2).
 */

async function openCapacity(page: Page) {
	await goToView(page, 'Capacity');
	await expect(page.getByRole('heading', { name: 'Capacity', level: 1 })).toBeVisible();
}

/** The ranked list lives in Projects; here it is an option, off until asked for. */
async function showRanking(page: Page) {
	const toggle = page.getByRole('button', { name: 'Ranking beside the charts' });
	await expect(toggle).toHaveAttribute('aria-pressed', 'false');
	await expect(page.getByRole('list', { name: 'Projects in rank order' })).toHaveCount(0);
	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByRole('list', { name: 'Projects in rank order' })).toBeVisible();
}

/** Shows one resource's numbers as a table. */
async function showTable(page: Page, resource: string): Promise<Locator> {
	await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: resource });
	const toggle = page.getByRole('button', { name: 'View as table' });
	if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
	return page.getByRole('table', { name: new RegExp(`^${resource}: `) });
}

/** The funded demand (or cost) of a period in a capacity table. */
function funded(table: Locator, period: string): Locator {
	return table
		.getByRole('row')
		.filter({ has: table.page().getByRole('rowheader', { name: period, exact: true }) })
		.getByRole('cell')
		.nth(1);
}

function handle(page: Page, name: string): Locator {
	return page.getByRole('button', { name: new RegExp(`^Reorder ${name}, rank`) });
}

test.describe('capacity view', () => {
	test.use({ viewport: { width: 1600, height: 1000 } });

	test.beforeEach(async ({ home, page }) => {
		await home.goto();
		await home.openSample();
		await openCapacity(page);
	});

	test('a rank move with the keyboard changes the chart data, for both people', async ({
		page,
		workspace,
		secondPerson
	}) => {
		const { edit } = await workspace.shareLinks();
		await secondPerson.goto(edit!.replace('#', '/capacity#'));
		await expect(secondPerson.getByRole('heading', { name: 'Capacity', level: 1 })).toBeVisible();
		await showRanking(page);
		const mine = await showTable(page, 'Software engineering');
		const theirs = await showTable(secondPerson, 'Software engineering');
		await expect(funded(mine, '2027-Q1')).toHaveText('1.2 FTE');
		await expect(funded(theirs, '2027-Q1')).toHaveText('1.2 FTE');

		await handle(page, 'Demand forecasting').focus();
		await page.keyboard.press('Space');
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('ArrowDown');
		// Still held: the table already follows the previewed order.
		await expect(funded(mine, '2027-Q1')).toHaveText('2.4 FTE');
		await page.keyboard.press('Space');
		await expect(page.getByRole('status', { name: 'Ranking announcements' })).toContainText(
			'Dropped at rank 10'
		);
		await expect(funded(mine, '2027-Q1')).toHaveText('2.4 FTE');
		await expect(funded(theirs, '2027-Q1')).toHaveText('2.4 FTE');
		await expect(
			page.getByRole('region', { name: 'Bottlenecks' }).getByRole('button', {
				name: 'Customer service chat and bot'
			})
		).toBeVisible();
	});

	test('the move buttons and a decision move the charts too', async ({ page }) => {
		await showRanking(page);
		const table = await showTable(page, 'Data and analytics');
		await expect(funded(table, '2028-Q1')).toHaveText('4.25 FTE');
		// Forced out, Cloud data warehouse frees its Data and analytics.
		await page
			.getByRole('combobox', { name: 'Decision for Cloud data warehouse' })
			.selectOption('out');
		await expect(funded(table, '2028-Q1')).not.toHaveText('4.25 FTE');
		await page.getByRole('button', { name: 'Undo', exact: true }).click();
		await expect(funded(table, '2028-Q1')).toHaveText('4.25 FTE');
		await page.getByRole('button', { name: 'Move Demand forecasting to top' }).click();
		// Funded now: its 1.2 FTE of 2028-Q1 count (and something else gave way).
		await expect(funded(table, '2028-Q1')).not.toHaveText('4.25 FTE');
	});

	test('shifting a start with the buttons, the keys and the bar moves its demand', async ({
		page
	}) => {
		const table = await showTable(page, 'Data and analytics');
		const panel = page.getByRole('region', { name: 'Shift a start' });
		const pick = panel.getByRole('combobox', { name: 'Project' });

		// Demand forecasting ends in the plan's last period: Later is refused, and says why.
		await pick.selectOption({ label: 'Demand forecasting' });
		const last = panel.getByRole('slider', { name: 'Start of Demand forecasting' });
		await expect(last).toHaveAttribute('aria-valuetext', 'Starts 2028-Q1, ends 2028-Q4');
		await expect(panel.getByRole('button', { name: /one period later/ })).toBeDisabled();
		await last.focus();
		await page.keyboard.press('ArrowRight');
		await expect(panel.getByRole('status')).toContainText('2028-Q4 is the last period of the plan');
		await expect(last).toHaveAttribute('aria-valuetext', 'Starts 2028-Q1, ends 2028-Q4');

		// Cloud data warehouse (funded) one period later: its Data and analytics moves too.
		await pick.selectOption({ label: 'Cloud data warehouse' });
		const bar = panel.getByRole('slider', { name: 'Start of Cloud data warehouse' });
		await expect(bar).toHaveAttribute('aria-valuetext', 'Starts 2027-Q2, ends 2028-Q1');
		await expect(funded(table, '2027-Q2')).toHaveText('1.5 FTE');
		await panel.getByRole('button', { name: /one period later/ }).click();
		await expect(bar).toHaveAttribute('aria-valuetext', 'Starts 2027-Q3, ends 2028-Q2');
		await expect(funded(table, '2027-Q2')).toHaveText('0 FTE');
		await expect(funded(table, '2028-Q2')).toHaveText('3.65 FTE');

		// Back with the keyboard.
		await bar.focus();
		await page.keyboard.press('ArrowLeft');
		await expect(bar).toHaveAttribute('aria-valuetext', 'Starts 2027-Q2, ends 2028-Q1');
		await expect(funded(table, '2027-Q2')).toHaveText('1.5 FTE');

		// Dragging the bar one column to the right previews it, and writes it on release.
		const box = (await bar.boundingBox())!;
		const column = box.width / 4;
		const y = box.y + box.height / 2;
		await page.mouse.move(box.x + box.width / 2, y);
		await page.mouse.down();
		await page.mouse.move(box.x + box.width / 2 + column, y, { steps: 8 });
		await expect(page.getByText('Previewing a shifted start')).toBeVisible();
		await expect(funded(table, '2027-Q2')).toHaveText('0 FTE');
		await page.mouse.up();
		await expect(bar).toHaveAttribute('aria-valuetext', 'Starts 2027-Q3, ends 2028-Q2');
		await expect(page.getByText('Previewing a shifted start')).toBeHidden();
		await expect(funded(table, '2027-Q2')).toHaveText('0 FTE');

		// Each move is one undo step.
		await page.getByRole('button', { name: 'Undo', exact: true }).click();
		await expect(bar).toHaveAttribute('aria-valuetext', 'Starts 2027-Q2, ends 2028-Q1');
		await expect(funded(table, '2027-Q2')).toHaveText('1.5 FTE');
	});

	test('a chart column shows its breakdown on focus, and exports as SVG and PNG', async ({
		page
	}) => {
		await page
			.getByRole('combobox', { name: 'Show' })
			.selectOption({ label: 'Software engineering' });
		const column = page.getByRole('button', { name: /^2027-Q3: funded demand/ });
		await column.focus();
		await expect(page.locator('.tooltip')).toContainText('Subscription billing');
		await page.keyboard.press('ArrowRight');
		await expect(page.getByRole('button', { name: /^2027-Q4: funded demand/ })).toBeFocused();

		const svg = page.waitForEvent('download');
		await page
			.getByRole('button', { name: 'Download the Software engineering chart as SVG' })
			.click();
		const svgFile = await svg;
		expect(svgFile.suggestedFilename()).toMatch(/software-engineering\.svg$/);
		const text = await (await svgFile.createReadStream()).toArray();
		expect(Buffer.concat(text).toString()).toContain('<svg');
		const png = page.waitForEvent('download');
		await page
			.getByRole('button', { name: 'Download the Software engineering chart as PNG' })
			.click();
		expect((await png).suggestedFilename()).toMatch(/\.png$/);
	});
});

/**
 * Stacked (a laptop at 1024×768), the charts stick at the window's top over the list:
 * a row moved, revealed or shown must land below them, never under (WCAG 2.4.11).
 */
test.describe('capacity view, stacked', () => {
	test.use({ viewport: { width: 1024, height: 768 } });

	/** Where a project's row is against the sticky charts and the window. */
	async function placement(page: Page, name: string) {
		return handle(page, name).evaluate((el) => {
			const row = el.closest<HTMLElement>('[data-id]')!.getBoundingClientRect();
			const charts = document.querySelector('.charts-area')!.getBoundingClientRect();
			return {
				covered: row.top < charts.bottom - 1,
				onScreen: row.top >= 0 && row.bottom <= innerHeight + 1,
				chartsStuck: Math.abs(charts.top) < 1
			};
		});
	}

	async function expectClear(page: Page, name: string) {
		await expect
			.poll(() => placement(page, name))
			.toEqual({ covered: false, onScreen: true, chartsStuck: true });
	}

	test('a row moved with the keyboard, the buttons or shown from Bottlenecks stays below the charts', async ({
		home,
		page
	}, info) => {
		await home.goto();
		await home.openSample();
		await openCapacity(page);
		await showRanking(page);
		const last = page.getByRole('button', { name: /^Reorder .*, rank \d+$/ }).last();
		const name = /^Reorder (.*), rank \d+$/.exec((await last.getAttribute('aria-label'))!)![1];

		// Keyboard: picked up at the bottom, carried up step by step.
		await last.focus();
		await page.keyboard.press('Space');
		for (let i = 0; i < 6; i++) {
			await page.keyboard.press('ArrowUp');
			await expect(handle(page, name)).toBeFocused();
			await expectClear(page, name);
		}
		await page.keyboard.press('Space');
		await expect(page.getByRole('status', { name: 'Ranking announcements' })).toContainText(
			'Dropped at rank'
		);
		await expectClear(page, name);
		await page.screenshot({ path: info.outputPath('capacity-stacked-1024.png') });

		// The funding-line hint, stuck at the top of the list, sits below the charts too.
		const hint = page.locator('.line-hint.above button');
		if (await hint.isVisible()) {
			const [box, charts] = await Promise.all([
				hint.boundingBox(),
				page.locator('.charts-area').boundingBox()
			]);
			expect(box!.y).toBeGreaterThanOrEqual(charts!.y + charts!.height - 1);
		}

		// Buttons: focus stays on the moved row's button, in view below the charts.
		for (let i = 0; i < 3; i++) {
			await page.getByRole('button', { name: `Move ${name} up` }).click();
			await expect(page.getByRole('button', { name: `Move ${name} up` })).toBeFocused();
			await expectClear(page, name);
		}

		// Bottlenecks' "show project" (below the board): the page scrolls back up to the
		// row, which lands below the charts.
		const next = page
			.getByRole('region', { name: 'Bottlenecks' })
			.locator('p', { hasText: 'First below the line' })
			.getByRole('button');
		const nextName = (await next.textContent())!.trim();
		await next.click();
		await expectClear(page, nextName);
	});
});
