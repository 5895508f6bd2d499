import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, goToView, test } from './fixtures';

/**
 * A new portfolio entered fast: periods in one step, then three projects with their
 * plan typed into the fast-entry grid with the keyboard alone; the capacity view
 * shows their cost. And an empty strategy map that offers its first objective.
 */

/** Types each value into the active cell and moves on with Tab; the last one with Enter. */
async function typeRow(page: Page, values: string[]) {
	for (const [i, value] of values.entries()) {
		await page.keyboard.type(value);
		await page.keyboard.press(i === values.length - 1 ? 'Enter' : 'Tab');
	}
	// From the last column of the new empty row back to its name.
	await page.keyboard.press('Home');
}

test('a new portfolio gets its periods and three planned projects from the keyboard', async ({
	home,
	page
}) => {
	await home.goto();
	await home.createPortfolio('Fast 2027');
	await goToView(page, 'Fast entry');
	await page.getByLabel('First period').fill('2027-Q1');
	await page.getByLabel('How many').fill('4');
	await page.getByRole('button', { name: 'Set periods' }).click();
	await page.getByLabel('New role name').fill('Engineers');
	await page.getByRole('button', { name: 'Add role' }).click();

	const grid = page.getByRole('grid', { name: 'Fast entry' });
	await expect(grid.getByRole('columnheader', { name: 'FTE Engineers' })).toBeVisible();
	await grid.getByRole('gridcell', { name: 'Type a name to add a project' }).click();
	await typeRow(page, ['CRM', 'Ana', 'active', '2027-Q1', '2', '3', '100000']);
	await typeRow(page, ['ERP', 'Bo', 'proposed', '2027-q2', '3', '2', '300 000']);
	await typeRow(page, ['Web', 'Cy', 'app', '2027-Q1', '1', '1', '20000']);

	const row = (name: string) => grid.getByRole('row', { name: new RegExp(`^${name} `) });
	await expect(row('CRM').getByRole('gridcell')).toHaveText([
		'CRM',
		'Ana',
		'Active',
		'2027-Q1',
		'2',
		'3',
		'100,000'
	]);
	await expect(row('Web').getByRole('gridcell').nth(2)).toHaveText('Approved');

	// Typing over a value replaces it; a bad one is named by its cell and not saved.
	await page.keyboard.press('ArrowUp');
	await page.keyboard.press('End');
	await page.keyboard.press('ArrowLeft');
	await page.keyboard.type('3x');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert')).toHaveText(
		'Row “Web”, FTE Engineers: “3x” is not a number. Nothing was saved.'
	);
	await page.keyboard.press('Escape');
	await page.keyboard.type('4');
	await page.keyboard.press('Enter');
	await expect(row('Web').getByRole('gridcell').nth(5)).toHaveText('4');
	await page.getByRole('button', { name: 'Undo', exact: true }).click();
	await expect(row('Web').getByRole('gridcell').nth(5)).toHaveText('1');

	const axe = await new AxeBuilder({ page }).include('main').analyze();
	expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual(
		[]
	);

	// Capacity for the engineers, then the capacity view funds all three and shows their cost.
	await goToView(page, 'Resources');
	const supply = page.getByRole('grid', { name: 'Capacity and budget' });
	await supply
		.getByRole('row', { name: /^Engineers/ })
		.getByRole('gridcell')
		.first()
		.click();
	await page.keyboard.type('10');
	await page.keyboard.press('Control+r');
	await goToView(page, 'Capacity');
	await page.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Budget' });
	await page.getByRole('button', { name: 'View as table' }).click();
	const q1 = page
		.getByRole('table', { name: /^Budget: / })
		.getByRole('row')
		.filter({ has: page.getByRole('rowheader', { name: '2027-Q1', exact: true }) });
	// CRM's 50,000 and Web's 20,000 in its first quarter, shortened on the chart's scale.
	await expect(q1.getByRole('cell').nth(1)).toContainText('70K');
	await expect(q1.getByRole('cell').last()).toContainText('CRM');
	await expect(q1.getByRole('cell').last()).toContainText('Web');
});

test('an empty strategy map offers Add objective, which focuses the new title', async ({
	home,
	page
}) => {
	await home.goto();
	await home.createPortfolio('Empty map');
	await goToView(page, 'Map');
	await expect(page.getByRole('heading', { name: 'No objectives yet' })).toBeVisible();
	await page.getByRole('button', { name: 'Add objective' }).click();
	const title = page.getByLabel('Title');
	await expect(title).toBeFocused();
	await page.keyboard.type('Grow online revenue');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('heading', { name: 'No objectives yet' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: /^Theme: Grow online revenue\./ })).toBeVisible();
});
