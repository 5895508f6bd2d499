import type { Locator, Page } from '@playwright/test';
import { expect, goToView, test, WorkspacePage } from './fixtures';

// Offline behaviour needs the service worker (blocked elsewhere: playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

/**
 * The optimiser on the Northwind sample. Its optimum (value 569.7, 17 projects) takes
 * CRM consolidation, which the current ranking's funding line leaves out, and leaves
 * out ISO 27001 certification, which the line funds; ERP finance upgrade is forced in,
 * Data lake (superseded) forced out.
 */

async function openOptimiser(page: Page) {
	await goToView(page, 'Optimise');
	await expect(page.getByRole('heading', { name: 'Optimiser', level: 1 })).toBeVisible();
}

async function run(page: Page) {
	await page.getByRole('button', { name: /^(Run optimiser|Run again)$/ }).click();
	await expect(page.getByRole('button', { name: 'Run again' })).toBeEnabled({ timeout: 30_000 });
	await expect(
		page.getByRole('status').filter({ hasText: /Solving|frontier|Loading/ })
	).toHaveCount(0);
}

function whyRow(page: Page, project: string): Locator {
	return page
		.getByRole('table', { name: 'Why the optimum takes or leaves each project' })
		.getByRole('row')
		.filter({ has: page.getByRole('rowheader', { name: project, exact: true }) });
}

function onlyOptimum(page: Page): Locator {
	return page
		.getByRole('heading', { name: 'Taken by the optimum, below the line' })
		.locator('xpath=following-sibling::ul');
}

test('runs the optimum in the worker, explains it, and shows the frontier', async ({
	home,
	page
}) => {
	await home.goto();
	await home.openSample();
	await openOptimiser(page);
	await run(page);

	const optimum = page.getByRole('region', { name: 'Optimum', exact: true });
	await expect(optimum).toContainText('17 of 24 projects');
	await expect(optimum).toContainText('Total value 569.7');
	await expect(whyRow(page, 'ERP finance upgrade')).toContainText('Forced in');
	await expect(whyRow(page, 'Data lake (superseded)')).toContainText('Forced out');
	await expect(whyRow(page, 'ISO 27001 certification')).toContainText(
		/Does not fit: .*Infrastructure and security 2027-Q3/
	);
	await expect(onlyOptimum(page)).toContainText('CRM consolidation');

	// The frontier: a point previews its selection; the table says the same.
	const frontier = page.getByRole('group', { name: /Efficient frontier/ });
	const half = frontier.getByRole('button', { name: /^Budget × 0\.5/ });
	await half.click();
	await expect(page.getByRole('heading', { name: 'Preview: budget × 0.5' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Rank by the optimum' })).toBeDisabled();
	// Keyboard: the chosen point is the tab stop; arrows move, Enter previews.
	await half.focus();
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { name: 'Preview: budget × 0.6' })).toBeVisible();
	await page.getByRole('button', { name: 'Back to the optimum' }).click();
	await page.getByRole('button', { name: 'View as table' }).click();
	await expect(page.getByRole('table', { name: 'Efficient frontier' })).toContainText('569.7');
});

test('ranks by the optimum as one undoable change, then sets decisions', async ({ home, page }) => {
	await home.goto();
	await home.openSample();
	await openOptimiser(page);
	await run(page);
	await expect(onlyOptimum(page)).toContainText('CRM consolidation');

	await page.getByRole('button', { name: 'Rank by the optimum' }).click();
	await expect(page.getByText('The portfolio has changed since this run')).toBeVisible();
	await run(page);
	await expect(
		page.getByText(/^The optimum funds exactly what the current ranking.s funding line funds/)
	).toBeVisible();

	await page.getByRole('group', { name: 'History' }).getByRole('button', { name: 'Undo' }).click();
	await run(page);
	await expect(onlyOptimum(page)).toContainText('CRM consolidation');

	await page.getByRole('button', { name: 'Set decisions' }).click();
	await run(page);
	await expect(whyRow(page, 'CRM consolidation')).toContainText('Forced in');
	await expect(whyRow(page, 'ISO 27001 certification')).toContainText('Forced out');

	// The project editor shows the optimiser's reason.
	await goToView(page, 'Projects');
	await page.getByRole('button', { name: 'ISO 27001 certification', exact: true }).click();
	await expect(page.getByRole('dialog').getByLabel('Reason for the decision')).toHaveValue(
		'optimiser'
	);
});

test('names the broken constraints when forced projects alone do not fit', async ({
	home,
	page
}) => {
	await home.goto();
	await home.openSample();
	await goToView(page, 'Portfolio');
	const q1 = page.getByLabel('2027-Q1', { exact: true });
	await q1.fill('50000');
	await q1.press('Enter');
	await q1.blur();
	await openOptimiser(page);
	await run(page);
	const alert = page.getByRole('alert').filter({ hasText: 'No portfolio meets every constraint' });
	await expect(alert).toContainText('budget 2027-Q1: forced-in projects need');
	await expect(page.getByRole('button', { name: 'Rank by the optimum' })).toHaveCount(0);
});

test('scenarios: the room sees them live, compares them and promotes one', async ({
	home,
	page,
	secondPerson
}) => {
	await home.goto();
	await home.openSample();
	const workspace = new WorkspacePage(page);
	await workspace.waitUntilSaved();
	const { edit } = await workspace.shareLinks();
	await openOptimiser(page);

	await page.getByLabel('New scenario name').fill('Hire data engineers');
	await page.getByRole('button', { name: 'Add scenario' }).click();
	const card = page.getByRole('article', { name: 'Hire data engineers' });
	await expect(card).toBeVisible();

	// A second person in the room sees it appear.
	await secondPerson.goto(edit!);
	await openOptimiser(secondPerson);
	await expect(secondPerson.getByRole('article', { name: 'Hire data engineers' })).toBeVisible();

	await card.getByText('Edit Hire data engineers').click();
	const budget = card.getByLabel('Budget change (%)');
	await budget.fill('-200');
	await budget.press('Enter');
	await expect(card.getByRole('alert')).toContainText('Budget change (%)');
	await budget.fill('10');
	await budget.press('Enter');
	await card.getByLabel('Role').selectOption({ label: 'Data and analytics' });
	await card.getByLabel('FTE (±)').fill('2');
	await card.getByRole('button', { name: 'Add capacity change' }).click();
	await expect(card).toContainText('budget +10 %; Data and analytics +2 FTE in every period');
	// A start shift past the last period is refused (never clipped), saying why.
	const shift = card.locator('form').filter({ hasText: 'Add shift' });
	await shift.getByLabel('Project').selectOption({ label: 'Warehouse management system upgrade' });
	await shift.getByLabel('Periods (± whole)').fill('1');
	await shift.getByRole('button', { name: 'Add shift' }).click();
	await expect(card.getByRole('alert')).toContainText('2028-Q4 is the last period of the plan');
	await expect(card).toContainText('No shifts.');
	// The second person sees the edit live too.
	await expect(secondPerson.getByRole('article', { name: 'Hire data engineers' })).toContainText(
		'Data and analytics +2 FTE in every period'
	);

	await page.getByRole('button', { name: 'Compare scenarios' }).click();
	const compare = page.getByRole('table', { name: 'Plan and scenarios side by side' });
	await expect(compare).toBeVisible({ timeout: 30_000 });
	await expect(compare.getByRole('columnheader')).toHaveText(['Plan', 'Hire data engineers']);
	const optimumValue = compare.getByRole('row', { name: /^Total value/ }).first();
	await expect(optimumValue.getByRole('cell').first()).toHaveText('569.7');
	const scenarioValue = await optimumValue.getByRole('cell').nth(1).textContent();
	expect(Number(scenarioValue)).toBeGreaterThan(569.7);

	await card.getByRole('button', { name: 'Promote to plan' }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Promote to plan' }).click();
	await expect(card).toHaveCount(0);
	await expect(secondPerson.getByRole('article', { name: 'Hire data engineers' })).toHaveCount(0);
	await page.getByRole('button', { name: 'Compare again' }).click();
	await expect(compare.getByRole('columnheader')).toHaveText(['Plan']);
	await expect(
		compare
			.getByRole('row', { name: /^Total value/ })
			.first()
			.getByRole('cell')
			.first()
	).toHaveText(scenarioValue!);
});

test('solves with no network once the app has been loaded (worker and solver precached)', async ({
	home,
	page,
	context
}) => {
	await home.goto();
	// The service worker (and so its precache) must be active before the network goes away.
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await home.openSample();
	const url = page.url();

	await context.setOffline(true);
	await page.goto('about:blank');
	await page.goto(url);
	await openOptimiser(page);
	await run(page);
	await expect(page.getByRole('region', { name: 'Optimum', exact: true })).toContainText(
		'Total value 569.7'
	);
});
