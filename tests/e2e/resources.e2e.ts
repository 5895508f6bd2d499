import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import Papa from 'papaparse';
import { readFileSync } from 'node:fs';
import { expect, goToView, pasteText, test } from './fixtures';

/**
 * The Resources view of the Northwind sample (8 quarters 2027-Q1…2028-Q4; Software
 * engineering 14 FTE, Data and analytics 5, Infrastructure and security 6, Project
 * management 5, Design and research 3, Operations change 4; budget 1,150,000 a
 * quarter) and the projects CSV.
 */

async function openResources(page: Page) {
	await goToView(page, 'Resources');
	await expect(page.getByRole('heading', { name: 'Resources', level: 1 })).toBeVisible();
}

function supply(page: Page): Locator {
	return page.getByRole('grid', { name: 'Capacity and budget' });
}

/** The cells of a grid's row, by its name. */
function cells(grid: Locator, row: string): Locator {
	return grid.getByRole('row', { name: new RegExp(`^${row}`) }).getByRole('gridcell');
}

test.beforeEach(async ({ home }) => {
	await home.goto();
	await home.openSample();
});

test('capacity is edited with the keyboard, and bad values are refused', async ({ page }) => {
	await openResources(page);
	const eng = cells(supply(page), 'Software engineering');
	const data = cells(supply(page), 'Data and analytics');
	await eng.nth(0).click();
	await page.keyboard.type('16');
	await page.keyboard.press('Enter');
	await expect(eng.nth(0)).toHaveText('16');
	await expect(data.nth(0)).toBeFocused();

	await page.keyboard.press('ArrowRight');
	await page.keyboard.type('x');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert')).toHaveText(
		'Data and analytics, 2027-Q2: “x” is not a number. Nothing was saved.'
	);
	await page.keyboard.press('Escape');
	await expect(data.nth(1)).toHaveText('5');

	await page.keyboard.type('-1');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert')).toContainText('“-1” must not be negative');
	await page.keyboard.press('Escape');

	await page.keyboard.type('6,5');
	await page.keyboard.press('Tab');
	await expect(data.nth(1)).toHaveText('6.5');
	await expect(data.nth(2)).toBeFocused();
	await page.keyboard.press('Delete');
	await expect(data.nth(2)).toContainText('no value');

	await page.getByRole('button', { name: 'Undo', exact: true }).click();
	await expect(data.nth(2)).toHaveText('5');
	await expect(data.nth(1)).toHaveText('6.5');
});

test('roles are added, re-ordered, renamed and deleted, and the grids follow', async ({ page }) => {
	await openResources(page);
	await page.getByLabel('New role name').fill('Legal');
	await page.getByRole('button', { name: 'Add role' }).click();
	await expect(cells(supply(page), 'Legal')).toHaveCount(8);
	await page.getByRole('button', { name: 'Move Legal up' }).click();
	const names = supply(page).getByRole('rowheader');
	await expect(names.nth(5)).toContainText('Legal');
	await expect(names.nth(6)).toContainText('Operations change');

	await page.getByLabel('Name of role 6 (Legal)').fill('Legal and compliance');
	await page.getByLabel('Name of role 6 (Legal)').press('Tab');
	await expect(names.nth(5)).toContainText('Legal and compliance');

	await page.getByRole('button', { name: 'Delete Design and research' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Delete role' }).click();
	await expect(supply(page).getByRole('row', { name: /^Design and research/ })).toHaveCount(0);
	await expect(
		page.getByRole('grid', { name: 'Demand and cost' }).getByRole('row', { name: /^Design/ })
	).toHaveCount(0);
	await page.getByRole('button', { name: 'Undo', exact: true }).click();
	await expect(cells(supply(page), 'Design and research')).toHaveText(Array(8).fill('3'));
	// The demand came back with the role.
	await expect(
		cells(page.getByRole('grid', { name: 'Demand and cost' }), 'Design and research').nth(3)
	).toHaveText('0.9');
});

test('a block pasted from a spreadsheet lands at the active cell as one undo step', async ({
	page
}) => {
	await openResources(page);
	const ops = cells(supply(page), 'Operations change');
	const budget = cells(supply(page), 'Budget');
	await ops.nth(1).click();
	await pasteText(page, '7\t8\r\n1 200 000\t900000\r\n');
	await expect(ops.nth(1)).toHaveText('7');
	await expect(ops.nth(2)).toHaveText('8');
	await expect(budget.nth(1)).toHaveText('1,200,000');
	await expect(budget.nth(2)).toHaveText('900,000');
	await page.getByRole('button', { name: 'Undo', exact: true }).click();
	await expect(ops.nth(1)).toHaveText('4');
	await expect(budget.nth(2)).toHaveText('1,150,000');

	await ops.nth(6).click();
	await pasteText(page, '1\t2\t3\nlots');
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('Nothing was changed');
	await expect(alert).toContainText('Row 1, column 3: “3” falls right of the last period');
	await expect(alert).toContainText('Row 2, column 1 (Budget × 2028-Q3): “lots” is not a number');
	await expect(ops.nth(6)).toHaveText('4');
});

test('fill right copies a cell to the rest of its row, by Ctrl+R or the button', async ({
	page
}) => {
	await openResources(page);
	const infra = cells(supply(page), 'Infrastructure and security');
	const budget = cells(supply(page), 'Budget');
	await infra.nth(2).click();
	// Ctrl+R while typing saves the value, then fills the rest of the row with it.
	await page.keyboard.type('8');
	await page.keyboard.press('Control+r');
	await expect(infra).toHaveText(['6', '6', '8', '8', '8', '8', '8', '8']);

	await budget.nth(4).click();
	await page.keyboard.type('2000000');
	await page.keyboard.press('Enter');
	await budget.nth(4).click();
	await page
		.getByRole('region', { name: 'Capacity and budget' })
		.getByRole('button', { name: /^Fill right/ })
		.click();
	await expect(budget.nth(3)).toHaveText('1,150,000');
	await expect(budget.nth(7)).toHaveText('2,000,000');
	// One step each: undo takes back the fill, then the typed value.
	await page.getByRole('button', { name: 'Undo', exact: true }).click();
	await expect(budget.nth(7)).toHaveText('1,150,000');
	await expect(budget.nth(4)).toHaveText('2,000,000');
});

test('the demand quick entry spreads FTE and fills cost from the role rates', async ({ page }) => {
	await openResources(page);
	const rate = page.getByLabel('Cost of one FTE of Software engineering for one period (EUR)');
	await rate.fill('30000');
	await rate.press('Enter');
	await page
		.getByLabel('Project to plan')
		.selectOption({ label: '5. Single sign-on and MFA everywhere' });
	const quick = page.getByRole('group', { name: 'Quick entry' });
	await quick.getByLabel('Start').selectOption('2027-Q2');
	await quick.getByLabel('Duration (periods)').fill('2');
	await quick.getByLabel('Software engineering').fill('3');
	// The form says what it replaces before it does.
	await expect(quick.getByText(/2027-Q2 to 2027-Q3 get the FTE below and its cost/)).toBeVisible();
	await expect(quick.getByText(/Its entered cost \(.+ in total\) is replaced/)).toBeVisible();
	// A role without a cost rate is not costed as 0: refused, naming the role.
	await quick.getByLabel('Infrastructure and security').fill('1');
	await quick.getByRole('button', { name: /^Apply to/ }).click();
	await expect(quick.getByRole('alert')).toContainText(
		'Infrastructure and security has no cost rate'
	);
	await quick.getByLabel('Infrastructure and security').fill('');
	await quick.getByRole('button', { name: /^Apply to/ }).click();
	await expect(quick.getByRole('status')).toHaveText(
		'Planned 2027-Q2 to 2027-Q3, with cost from the rates.'
	);
	const demand = page.getByRole('grid', { name: 'Demand and cost' });
	await expect(cells(demand, 'Software engineering')).toHaveText([
		/no value/,
		'3',
		'3',
		/no value/,
		/no value/,
		/no value/,
		/no value/,
		/no value/
	]);
	await expect(cells(demand, 'Infrastructure and security').nth(1)).toContainText('no value');
	await expect(cells(demand, 'Cost').nth(1)).toHaveText('90,000');
	await expect(cells(demand, 'Cost').nth(3)).toContainText('no value');

	// The same grid is in the project editor.
	await goToView(page, 'Projects');
	await page
		.getByRole('button', { name: 'Single sign-on and MFA everywhere', exact: true })
		.click();
	const editor = page.getByRole('dialog');
	await expect(
		cells(editor.getByRole('grid', { name: 'Demand and cost per period' }), 'Cost').nth(2)
	).toHaveText('90,000');
});

test('projects are exported as CSV and imported back with a column mapping', async ({
	page
}, info) => {
	await page.getByRole('button', { name: 'Export CSV' }).click();
	await page.getByRole('radio', { name: /Semicolon/ }).check();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download CSV' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/-projects\.csv$/);
	const text = readFileSync((await file.path())!, 'utf8');
	expect(
		text.startsWith(
			'\uFEFFid;name;description;sponsor;status;decision;decision reason;cost 2027-Q1'
		)
	).toBe(true);

	const rows = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
	const header = rows[0];
	header[header.indexOf('Design and research 2027-Q1')] = 'UX 2027-Q1';
	rows[2][1] = 'Subscription billing v2';
	rows[3][header.indexOf('cost 2027-Q2')] = '12k';
	rows.push(['', 'New analytics hub', 'Added from a spreadsheet']);
	const csv = (r: string[][]) => Buffer.from(Papa.unparse(r, { delimiter: ';' }));

	const importProjects = page.getByRole('button', { name: 'Import projects…' });
	await importProjects.click();
	const dialog = page.getByRole('dialog', { name: 'Import projects' });
	await dialog.getByLabel('Choose a file…').setInputFiles({
		name: 'plan.csv',
		mimeType: 'text/csv',
		buffer: csv(rows)
	});
	const problems = dialog.getByRole('alert');
	await expect(problems).toContainText("row 4, column 'cost 2027-Q2': not a number: '12k'");
	await expect(problems).toContainText(
		"column 'UX 2027-Q1': unknown role 'UX': choose what it holds, or ignore it"
	);
	const importButton = dialog.getByRole('button', { name: /^Import \d+ project/ });
	await expect(importButton).toBeDisabled();
	await expect(new AxeBuilder({ page }).include('dialog[open]').analyze()).resolves.toMatchObject({
		violations: []
	});
	await page.screenshot({ path: info.outputPath('csv-import-errors.png') });

	rows[3][header.indexOf('cost 2027-Q2')] = '12000';
	await dialog.getByLabel('Choose a file…').setInputFiles({
		name: 'plan.csv',
		mimeType: 'text/csv',
		buffer: csv(rows)
	});
	await expect(problems).not.toContainText('12k');
	await dialog
		.getByLabel('Column “UX 2027-Q1” holds')
		.selectOption({ label: 'Design and research (FTE)' });
	await expect(dialog.getByLabel('Period of column “UX 2027-Q1”')).toHaveValue('2027-Q1');
	await expect(dialog.getByRole('alert')).toHaveCount(0);
	const change = (name: string) =>
		dialog
			.getByRole('list', { name: 'Changes to import' })
			.getByRole('listitem')
			.filter({ has: page.getByRole('checkbox', { name: `Import the changes to ${name}` }) });
	await expect(change('New analytics hub')).toContainText('New');
	await expect(change('Subscription billing')).toContainText('Subscription billing v2');
	await importButton.click();
	await expect(dialog).toBeHidden();
	// Focus goes back to the button that opened the dialog.
	await expect(importProjects).toBeFocused();
	await expect(page.getByText(/^Imported plan\.csv: 1 new, \d+ changed/)).toBeVisible();
	await expect(
		page.getByRole('button', { name: 'Subscription billing v2', exact: true })
	).toBeVisible();
	await expect(page.getByRole('button', { name: 'New analytics hub', exact: true })).toBeVisible();

	// One undo takes the whole import back.
	await page.getByRole('button', { name: 'Undo', exact: true }).click();
	await expect(
		page.getByRole('button', { name: 'Subscription billing', exact: true })
	).toBeVisible();
	await expect(page.getByRole('button', { name: 'New analytics hub', exact: true })).toHaveCount(0);
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

	test('a capacity is typed after a double tap, and the import fits', async ({ page }, info) => {
		await openResources(page);
		const pm = cells(supply(page), 'Project management');
		await pm.nth(0).tap();
		await pm.nth(0).tap();
		await expect(pm.nth(0).getByRole('textbox')).toBeFocused();
		await page.keyboard.press('Backspace');
		await page.keyboard.type('7');
		await page.keyboard.press('Enter');
		await expect(pm.nth(0)).toHaveText('7');

		await goToView(page, 'Projects');
		await page.getByRole('button', { name: 'Import projects…' }).click();
		const dialog = page.getByRole('dialog', { name: 'Import projects' });
		await dialog.getByLabel('Choose a file…').setInputFiles({
			name: 'plan.csv',
			mimeType: 'text/csv',
			buffer: Buffer.from('name;Astronomy 2027-Q1;cost 2027-Q1\r\nNew;1;12k\r\n')
		});
		await expect(dialog.getByRole('alert')).toContainText(
			"row 2, column 'cost 2027-Q1': not a number: '12k'"
		);
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		const axe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
		expect(axe.violations.map((v) => v.id)).toEqual([]);
		await page.screenshot({ path: info.outputPath('csv-import-phone.png') });
	});
});
