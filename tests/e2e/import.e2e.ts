import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, goToView, test } from './fixtures';

/**
 * Importing projects from other tools' files into the Northwind sample, through the one
 * import dialog: MS Project XML (and a newer version of it), a Jira CSV export, an Excel
 * workbook and a broken file. The files are tests/fixtures/import (see its README).
 */

const fixture = (name: string) => `tests/fixtures/import/${name}`;

async function openImport(page: Page): Promise<Locator> {
	await page.getByRole('button', { name: 'Import projects…' }).click();
	return page.getByRole('dialog', { name: 'Import projects' });
}

/** A row of the preview, by the project's name (in Cairn, for a changed one). */
function change(dialog: Locator, name: string): Locator {
	return dialog
		.getByRole('list', { name: 'Changes to import' })
		.getByRole('listitem')
		.filter({
			has: dialog.page().getByRole('checkbox', { name: `Import the changes to ${name}` })
		});
}

test.beforeEach(async ({ home }) => {
	await home.goto();
	await home.openSample();
});

test('an MS Project plan is imported, then a newer version of it row by row, and undone', async ({
	page,
	workspace
}) => {
	let dialog = await openImport(page);
	await dialog.getByLabel('Choose a file…').setInputFiles(fixture('plan.mspdi.xml'));
	await expect(dialog.getByLabel('A project in Cairn is')).toHaveValue('1');
	const roles = dialog.getByRole('region', { name: 'Resources → roles' });
	await roles.getByLabel('Role for “Ana Ruiz”').selectOption({ label: 'Project management' });
	for (const name of ['CRM rollout', 'Data warehouse', 'Website refresh'])
		await expect(change(dialog, name)).toContainText('New');
	await dialog.getByRole('button', { name: 'Import 3 projects' }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByRole('button', { name: 'Data warehouse', exact: true })).toBeVisible();
	const crmCost = workspace
		.projectRows()
		.filter({ hasText: 'CRM rollout' })
		.getByRole('cell', { name: /€/ });
	await expect(crmCost).toHaveText('€100,000');

	await goToView(page, 'Decisions');
	await expect(
		page.getByRole('list', { name: 'Decision log, newest first' }).getByRole('heading').first()
	).toContainText('Imported plan.mspdi.xml');

	await goToView(page, 'Projects');
	dialog = await openImport(page);
	await dialog.getByLabel('Choose a file…').setInputFiles(fixture('plan-v2.mspdi.xml'));
	await expect(dialog.getByRole('status')).toContainText('1 new · 2 changed · 1 gone');
	await expect(change(dialog, 'Data warehouse')).toContainText('Changed');
	await expect(change(dialog, 'Data warehouse')).toContainText('Data platform');
	await expect(change(dialog, 'Mobile app')).toContainText('New');
	await expect(change(dialog, 'Website refresh')).toContainText('Gone from the file');
	// A project gone from the file is forced out only when the person ticks it.
	await expect(change(dialog, 'Website refresh').getByRole('checkbox')).not.toBeChecked();
	await change(dialog, 'CRM rollout').getByRole('checkbox').uncheck();
	const axe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
	expect(axe.violations.map((v) => v.id)).toEqual([]);
	await dialog.getByRole('button', { name: 'Import 2 projects' }).click();
	await expect(dialog).toBeHidden();

	await expect(page.getByRole('button', { name: 'Data platform', exact: true })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Mobile app', exact: true })).toBeVisible();
	// The unticked row kept its cost (the file says 110,000).
	await expect(crmCost).toHaveText('€100,000');

	await page.getByRole('button', { name: 'Undo', exact: true }).click();
	await expect(page.getByRole('button', { name: 'Data warehouse', exact: true })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Mobile app', exact: true })).toHaveCount(0);
});

test('a Jira export is read by issue type and rate, with its statuses mapped', async ({ page }) => {
	const dialog = await openImport(page);
	await dialog.getByLabel('Choose a file…').setInputFiles(fixture('jira-cloud.csv'));
	const types = dialog.getByRole('group', { name: 'Issue types that become projects' });
	await expect(types.getByRole('checkbox', { name: /^Epic/ })).toBeChecked();
	await dialog.getByLabel(/^One FTE delivers/).fill('40');
	await dialog.getByLabel(/^One FTE delivers/).press('Tab');
	const statuses = dialog.getByRole('group', { name: 'Jira status → Cairn status' });
	await expect(statuses.getByLabel('Cairn status for “In Progress”')).toBeVisible();
	await expect(change(dialog, 'CRM rollout')).toContainText('New');
	await dialog.getByRole('button', { name: /^Import \d+ projects$/ }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByRole('button', { name: 'CRM rollout', exact: true })).toBeVisible();
});

test('a broken file is refused with a reason, then an Excel sheet is imported once its columns are mapped', async ({
	page,
	workspace
}) => {
	const before = await workspace.projectRows().count();
	const dialog = await openImport(page);
	await dialog.getByLabel('Choose a file…').setInputFiles(fixture('truncated.mspdi.xml'));
	await expect(dialog.getByRole('alert')).toContainText(
		'truncated.mspdi.xml cannot be imported: not an XML file'
	);
	await expect(dialog.getByRole('button', { name: /^Import \d+ project/ })).toBeDisabled();

	await dialog.getByLabel('Choose a file…').setInputFiles(fixture('projects.xlsx'));
	const choices = dialog.getByRole('region', { name: 'Columns that need a choice' });
	for (const period of ['2027-Q1', '2027-Q2'])
		await choices
			.getByLabel(`Column “Engineering ${period}” holds`)
			.selectOption({ label: 'Software engineering (FTE)' });
	await expect(dialog.getByRole('alert')).toHaveCount(0);
	await expect(change(dialog, 'Data platform')).toContainText('New');
	await dialog.getByRole('button', { name: 'Import 2 projects' }).click();
	await expect(dialog).toBeHidden();
	await expect(workspace.projectRows()).toHaveCount(before + 2);
	await expect(page.getByRole('button', { name: 'Data platform', exact: true })).toBeVisible();
});
