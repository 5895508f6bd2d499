import { expect, goToView, test } from './fixtures';

/** The governance dashboard, as a PMO lead reads it. */

test.use({ viewport: { width: 1440, height: 900 } });

test.beforeEach(async ({ home, page }) => {
	await home.goto();
	await home.openSample();
	for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) {
		await dismiss.click();
	}
});

test('a KPI actual entered on the map changes its status on the dashboard', async ({ page }) => {
	// A KPI on the map, with a target well above its baseline and a first actual far behind.
	await goToView(page, 'Map');
	await page.getByRole('button', { name: 'Add theme' }).click();
	const panel = page.getByRole('region', { name: 'Details' });
	await panel.getByLabel('Title').fill('Win the north');
	await panel.getByLabel('Title').blur();
	await panel.getByRole('button', { name: 'Add KPI' }).click();
	await panel.getByLabel('Name').fill('Northern customers');
	await panel.getByLabel('Name').blur();
	await panel.getByLabel('Target').fill('80');
	await panel.getByLabel('Target').blur();
	const periodField = panel.getByLabel(/^\d{4}-(Q\d|\d{2})$/).first();
	await periodField.fill('1');
	await periodField.blur();

	await goToView(page, 'Dashboard');
	await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
	const row = page.getByRole('row', { name: /^Northern customers/ });
	await expect(row).toContainText('Off track');
	// The theme rolls up its KPI's status, and the KPI is listed for attention.
	await expect(page.getByRole('row', { name: /^Win the north/ })).toContainText('Off track');
	await expect(page.getByRole('list', { name: 'KPIs that need attention' })).toContainText(
		'Northern customers'
	);

	// A better actual: on track, off the attention list.
	await goToView(page, 'Map');
	await page.getByRole('button', { name: /^KPI: Northern customers/ }).click();
	await panel
		.getByLabel(/^\d{4}-(Q\d|\d{2})$/)
		.first()
		.fill('60');
	await panel
		.getByLabel(/^\d{4}-(Q\d|\d{2})$/)
		.first()
		.blur();
	await goToView(page, 'Dashboard');
	await expect(row).toContainText('On track');
	await expect(page.getByRole('row', { name: /^Win the north/ })).not.toContainText('Off track');
	await expect(page.getByRole('list', { name: 'KPIs that need attention' })).not.toContainText(
		'Northern customers'
	);
});

test('every chart reads as a table too', async ({ page }) => {
	await goToView(page, 'Dashboard');
	for (const title of [
		'Funded value by objective',
		'Spend against budget',
		'Capacity utilisation'
	]) {
		const panel = page.getByRole('region', { name: title });
		await expect(panel.getByRole('table')).toHaveCount(0);
		await panel.getByRole('button', { name: 'View as table' }).click();
		await expect(panel.getByRole('table')).toBeVisible();
		await expect(panel.getByRole('table').getByRole('row')).not.toHaveCount(1);
	}
	const kpis = page.getByRole('region', { name: 'KPIs against their plan' });
	await kpis.getByRole('button', { name: 'View as table' }).click();
	await expect(kpis.getByRole('table', { name: 'KPI actuals and plan per period' })).toBeVisible();
});

test('a new risk’s exposure shows on its project’s ranking row, on the map and on the dashboard', async ({
	page
}) => {
	const route = page.locator('li[data-id="p-route"]');
	const badge = (scope: typeof route) => scope.getByRole('img', { name: /^Risk exposure/ });
	await goToView(page, 'Rank');
	await expect(route).toBeVisible();
	await expect(badge(route)).toHaveCount(0);

	await goToView(page, 'Risks');
	await page.getByRole('button', { name: 'Add risk' }).click();
	const dialog = page.getByRole('dialog', { name: 'Add a risk' });
	await dialog.getByLabel('Title').fill('Key carrier goes bankrupt');
	await dialog.getByLabel('Project').selectOption({ label: 'Delivery route optimisation' });
	await dialog.getByLabel('Likelihood').selectOption('5');
	await dialog.getByLabel('Impact').selectOption('4');
	await dialog.getByRole('button', { name: 'Add risk' }).click();
	await expect(dialog).toBeHidden();

	await goToView(page, 'Rank');
	await expect(badge(route)).toHaveAccessibleName(
		'Risk exposure 20 (worst risk severe, 1 open risk)'
	);
	await expect(badge(route)).toHaveText('⚠ 20 severe');

	await goToView(page, 'Map');
	await expect(
		page.getByRole('button', { name: /^Project: Delivery route optimisation/ })
	).toHaveAccessibleName(/Risk exposure 20 \(worst risk severe, 1 open risk\)/);

	await goToView(page, 'Dashboard');
	await expect(page.getByRole('region', { name: 'Top risks' })).toContainText(
		'Key carrier goes bankrupt'
	);
});

test('the report shows the strategy map and its alignment table', async ({ page }, info) => {
	await goToView(page, 'Report');
	const section = page.getByRole('region', { name: 'Strategy map and alignment' });
	await expect(section.getByRole('img', { name: /^Strategy map: \d+ objectives/ })).toBeVisible();
	const table = section.getByRole('region', { name: 'Alignment by objective' }).getByRole('table');
	await expect(table.getByRole('row').nth(1)).toContainText('Win and keep customers');
	await section.screenshot({ path: info.outputPath('report-map.png') });

	await goToView(page, 'Map');
	await page.screenshot({ path: info.outputPath('map-risk.png') });
});
