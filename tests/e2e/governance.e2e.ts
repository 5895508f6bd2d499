import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, goToView, test } from './fixtures';

const sample = JSON.parse(readFileSync('src/lib/fixtures/northwind.cairn.json', 'utf8'));

async function openView(
	page: Page,
	name: string,
	heading: string | RegExp = new RegExp(`^${name}`)
) {
	await goToView(page, name);
	await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
}

function riskTitles(page: Page) {
	return page.getByRole('list', { name: 'Risks' }).getByRole('heading', { level: 3 });
}

test('a new risk lands in its heatmap cell, and the cells filter the register', async ({
	home,
	page
}) => {
	await home.goto();
	await home.openSample();
	await openView(page, 'Risks');
	await expect(riskTitles(page)).toHaveCount(sample.risks.length);

	await page.getByRole('button', { name: 'Add risk' }).click();
	const dialog = page.getByRole('dialog', { name: 'Add a risk' });
	await dialog.getByRole('button', { name: 'Add risk' }).click();
	await expect(dialog.getByText('Give the risk a title.')).toBeVisible();
	await dialog.getByLabel('Title').fill('Key carrier goes bankrupt');
	await dialog.getByLabel('Project').selectOption({ label: 'Delivery route optimisation' });
	await dialog.getByLabel('Likelihood').selectOption('5');
	await dialog.getByLabel('Impact').selectOption('4');
	await dialog.getByLabel('Owner').fill('COO');
	await dialog.getByRole('button', { name: 'Add risk' }).click();
	await expect(dialog).toBeHidden();
	await expect(riskTitles(page)).toHaveCount(sample.risks.length + 1);

	const cell = page.getByRole('button', { name: 'Likelihood 5, impact 4: 1 risk' });
	await cell.click();
	await expect(riskTitles(page)).toHaveText(['Key carrier goes bankrupt']);
	await expect(cell).toHaveAttribute('aria-pressed', 'true');

	// Keyboard: another cell with Enter replaces the filter.
	await page.getByRole('button', { name: 'Likelihood 3, impact 5: 1 risk' }).focus();
	await page.keyboard.press('Enter');
	await expect(riskTitles(page)).toHaveText(['WMS cut-over during peak season']);

	// The same filter from the table view.
	await page.getByRole('button', { name: 'View as table' }).click();
	await page.getByRole('button', { name: 'Likelihood 5, impact 4: 1 risk' }).click();
	await expect(riskTitles(page)).toHaveText(['Key carrier goes bankrupt']);
	await page.getByRole('button', { name: 'Clear filter' }).click();
	await expect(riskTitles(page)).toHaveCount(sample.risks.length + 1);

	// Closing a risk takes it out of the matrix and the live list.
	await page.getByRole('button', { name: 'Close Key carrier goes bankrupt' }).click();
	await expect(riskTitles(page)).toHaveCount(sample.risks.length);
	await expect(page.getByRole('button', { name: 'Likelihood 5, impact 4: 0 risks' })).toBeVisible();
});

test('a review freezes the portfolio and the diff shows what changed since', async ({
	home,
	workspace,
	page
}) => {
	await home.goto();
	await home.openSample();
	await openView(page, 'Portfolio reviews');
	await page.getByLabel('Review cadence').selectOption({ label: 'Monthly (30 days)' });
	await openView(page, 'Projects');
	await expect(
		page.getByRole('status').filter({ hasText: 'A portfolio review is due' })
	).toBeVisible();

	await openView(page, 'Portfolio reviews');
	await page.getByLabel('Review name').fill('Q1 steering');
	await page.getByRole('button', { name: 'Start review' }).click();
	await expect(page.getByRole('heading', { name: 'Q1 steering', level: 3 })).toBeVisible();
	await expect(page.getByText(/Next review due/)).toBeVisible();

	// Change things: a new project, a decision flipped (that one also goes to the log).
	await openView(page, 'Projects');
	await expect(page.getByText('A portfolio review is due')).toBeHidden();
	await workspace.addProject('Drone delivery pilot');
	await page.getByRole('button', { name: 'Edit ERP finance upgrade' }).click();
	await page
		.getByRole('dialog')
		.getByRole('combobox', { name: 'Decision', exact: true })
		.selectOption('out');
	await page.keyboard.press('Escape');

	await openView(page, 'Portfolio reviews');
	const diff = page.getByRole('region', { name: 'Changes from “Q1 steering” to now' });
	await expect(diff).toContainText('Added Drone delivery pilot');
	await expect(diff).toContainText('ERP finance upgrade: decision Forced in → Forced out');
	await expect(diff).toContainText('ERP finance upgrade: no longer funded');

	// The review opens read-only, as it was.
	await page.getByRole('button', { name: 'Open Q1 steering' }).click();
	const frozen = page.getByRole('region', { name: 'Review Q1 steering (read-only)' });
	await expect(frozen.getByRole('rowheader', { name: 'Drone delivery pilot' })).toHaveCount(0);
	await expect(frozen.getByRole('rowheader', { name: 'ERP finance upgrade' })).toBeVisible();
	await expect(frozen.getByRole('button', { name: /CSV/ })).toHaveCount(0);

	await openView(page, 'Decisions');
	const log = page.getByRole('list', { name: 'Decision log, newest first' });
	await expect(log.getByRole('heading', { level: 3 }).first()).toHaveText(
		'ERP finance upgrade: Forced in → Forced out'
	);
	await expect(log).toContainText('Review taken: Q1 steering');

	// Undo removes the change and its log entry together.
	await page.getByRole('button', { name: 'Undo' }).first().click();
	await expect(log).not.toContainText('ERP finance upgrade: Forced in → Forced out');
});

test('a project passes a gate with its checklist and the move is logged', async ({
	home,
	page
}) => {
	await home.goto();
	await home.openSample();
	await openView(page, 'Gates');
	await page.getByLabel('New checklist item for Approved').fill('Business case signed off');
	await page.getByLabel('New checklist item for Approved').press('Enter');
	await expect(page.getByLabel('Checklist item for Approved', { exact: true })).toHaveValue(
		'Business case signed off'
	);

	await page.getByRole('button', { name: 'Move Cloud data warehouse' }).click();
	const dialog = page.getByRole('dialog', { name: 'Move “Cloud data warehouse”' });
	await expect(dialog.getByLabel('Pass the gate to Approved')).toBeChecked();
	await dialog.getByRole('button', { name: 'Move to Approved' }).click();
	await expect(dialog.getByRole('alert')).toContainText('Confirm every item of the checklist');
	await dialog.getByLabel('Business case signed off').check();
	await dialog.getByLabel('Why').fill('Steering committee approved on 3 March');
	await dialog.getByRole('button', { name: 'Move to Approved' }).click();
	await expect(dialog).toBeHidden();
	await expect(
		page.getByRole('region', { name: /^Approved/ }).getByText('Cloud data warehouse')
	).toBeVisible();

	await openView(page, 'Decisions');
	await page
		.getByRole('combobox', { name: 'Filter by project' })
		.selectOption({ label: 'Cloud data warehouse' });
	const entry = page
		.getByRole('list', { name: 'Decision log, newest first' })
		.getByRole('listitem')
		.first();
	await expect(entry.getByRole('heading')).toHaveText(
		'Cloud data warehouse: Passed the gate to Approved'
	);
	await expect(entry).toContainText('Steering committee approved on 3 March');
	await expect(entry).toContainText('✓ Business case signed off');

	// A manual entry, filtered by its project.
	await page.getByLabel('What was decided').fill('Pause the data lake for good');
	await page.getByLabel('Why').fill('Superseded by the warehouse');
	await page.getByRole('checkbox', { name: 'Data lake (superseded)' }).check();
	await page.getByRole('button', { name: 'Add to the log' }).click();
	await expect(page.getByRole('list', { name: 'Decision log, newest first' })).not.toContainText(
		'Pause the data lake'
	);
	await page
		.getByRole('combobox', { name: 'Filter by project' })
		.selectOption({ label: 'Data lake (superseded)' });
	await expect(
		page.getByRole('list', { name: 'Decision log, newest first' }).getByRole('heading')
	).toHaveText(['Pause the data lake for good', 'Data lake stopped']);
});

test('the report prints to a PDF with pages', async ({ home, page }) => {
	await home.goto();
	await home.openSample();
	await openView(page, 'Report', sample.name);
	await expect(page.getByRole('heading', { name: 'Ranked list and funding line' })).toBeVisible();
	await expect(page.getByRole('row', { name: /Funding line/ })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeVisible();

	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation', { name: 'Views' })).toBeHidden();
	await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeHidden();
	const pdf = await page.pdf({ format: 'A4', printBackground: true });
	expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
	const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
	// The summary and the ranked list start on page 1; the other sections follow without
	// forced breaks, so the sample still takes several pages.
	expect(pages.length).toBeGreaterThanOrEqual(3);
});

test('the XLSX export has a sheet per view and reads back', async ({ home, page }) => {
	await home.goto();
	await home.openSample();
	await openView(page, 'Report', sample.name);
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download XLSX' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/\.xlsx$/);

	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.readFile((await file.path())!);
	expect(workbook.worksheets.map((s) => s.name)).toEqual([
		'Projects',
		'Ranking',
		'Scores',
		'Criteria',
		'Objectives and KPIs',
		'Alignment',
		'Budget and capacity',
		'Risks',
		'Decisions',
		'Reviews'
	]);
	const ranking = workbook.getWorksheet('Ranking')!;
	expect(ranking.rowCount).toBe(sample.projects.length + 1);
	expect(ranking.getRow(1).getCell(2).value).toBe('Project');
	expect(ranking.getRow(2).getCell(2).value).toBe(sample.projects[0].name);
	expect(typeof ranking.getRow(2).getCell(3).value).toBe('number');
	const alignment = workbook.getWorksheet('Alignment')!;
	expect(alignment.rowCount).toBe(sample.objectives.length + 1);
	expect(alignment.getRow(1).getCell(1).value).toBe('Objective');
	expect(typeof alignment.getRow(2).getCell(5).value).toBe('number');
	const risks = workbook.getWorksheet('Risks')!;
	expect(risks.getRow(2).getCell(1).value).toBe(sample.risks[0].title);
	expect(risks.getRow(2).getCell(5).value).toBe(
		sample.risks[0].likelihood * sample.risks[0].impact
	);

	// And a CSV per table.
	const csvDownload = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Download Risks as CSV' }).click();
	const csv = readFileSync((await (await csvDownload).path())!, 'utf8');
	expect(csv.split('\r\n')[0]).toBe(
		'\ufeffRisk,About,Likelihood,Impact,Exposure,Owner,Mitigation,Status'
	);
	expect(csv).toContain(sample.risks[0].title);
});
