import { expect, test } from './fixtures';

test('a new portfolio keeps its projects across a reload', async ({ home, workspace, page }) => {
	await home.goto();
	await home.createPortfolio('Strategy 2027');
	await workspace.addProject('Customer portal');
	await workspace.addProject('Warehouse robots');
	await workspace.waitUntilSaved();

	await page.reload();
	await expect(workspace.projectRows()).toHaveCount(2);
	await expect(workspace.projectRows().nth(0)).toContainText('Customer portal');
	await expect(workspace.projectRows().nth(1)).toContainText('Warehouse robots');

	await page.goto('/');
	await expect(page.getByRole('link', { name: 'Strategy 2027' })).toBeVisible();
});

test('every field of a project can be edited and a delete can be undone', async ({
	home,
	workspace,
	page
}) => {
	await home.goto();
	await home.openSample();
	const first = workspace.projectRows().first();
	const name = (await first.getByRole('rowheader').getByRole('button').textContent())!.trim();

	await first.getByRole('button', { name: `Edit ${name}` }).click();
	const editor = page.getByRole('dialog', { name });
	await editor.getByLabel('Sponsor').fill('Chief Digital Officer');
	await editor.getByLabel('Sponsor').press('Tab');
	// The status moves through its gate (the gate dialog, logged), never by a plain select.
	await editor.getByRole('button', { name: 'Move through a gate…' }).click();
	const gate = page.getByRole('dialog', { name: `Move “${name}”` });
	await gate.getByRole('radio', { name: 'Pass the gate to Approved' }).check();
	await gate.getByRole('button', { name: 'Move to Approved' }).click();
	await expect(gate).toHaveCount(0);
	await expect(editor.getByText('Approved', { exact: true })).toBeVisible();
	await editor.getByRole('combobox', { name: /^Decision/ }).selectOption('in');
	await editor.getByLabel('Reason for the decision').fill('Board mandate');
	await editor.getByLabel('Reason for the decision').press('Tab');
	const cost = editor
		.getByRole('grid', { name: 'Demand and cost per period' })
		.getByRole('row', { name: /^Cost/ })
		.getByRole('gridcell');
	await cost.nth(0).click();
	await page.keyboard.type('-5');
	await page.keyboard.press('Enter');
	await expect(editor.getByRole('alert')).toContainText('Cost, 2027-Q1: “-5” must not be negative');
	await page.keyboard.press('Escape');
	await page.keyboard.type('125000');
	await page.keyboard.press('Enter');
	await expect(editor.getByRole('alert')).toHaveCount(0);
	await expect(cost.nth(0)).toHaveText('125,000');
	await editor.getByRole('button', { name: 'Close' }).click();

	await expect(first).toContainText('Chief Digital Officer');
	await expect(first).toContainText('Approved');
	await expect(first).toContainText('Forced in');

	await first.getByRole('button', { name: `Delete ${name}` }).click();
	await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
	await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
	await expect(workspace.projectRows().first()).toContainText(name);
	await expect(workspace.projectRows().first()).toContainText('Chief Digital Officer');
});

test('the edit key leaves the address bar once the device remembers it', async ({ home, page }) => {
	await home.goto();
	await home.openSample();
	await expect.poll(() => page.url()).not.toContain('#key=');
	await page.reload();
	await expect(page.getByLabel('Portfolio name')).toHaveValue(/Northwind/);
});

test('a dependency that would make a cycle is refused and the box stays unticked', async ({
	home,
	workspace,
	page
}) => {
	await home.goto();
	await home.createPortfolio('Cycles');
	await workspace.addProject('Alpha');
	await workspace.addProject('Beta');

	await page.getByRole('button', { name: 'Edit Alpha' }).click();
	let editor = page.getByRole('dialog', { name: 'Alpha' });
	await editor.getByRole('group', { name: 'Depends on' }).getByLabel('Beta').check();
	await editor.getByRole('button', { name: 'Close' }).click();

	await page.getByRole('button', { name: 'Edit Beta' }).click();
	editor = page.getByRole('dialog', { name: 'Beta' });
	const box = editor.getByRole('group', { name: 'Depends on' }).getByLabel('Alpha');
	await box.click();
	await expect(editor.getByRole('alert')).toContainText('cycle');
	await expect(box).not.toBeChecked();
});

test.describe('when the network drops before a part of the app was loaded', () => {
	// No service worker: its precache would serve the parts this test makes unreachable.
	test.use({ serviceWorkers: 'block' });

	test('the project editor and the import say they could not load, and close', async ({
		home,
		page
	}) => {
		await home.goto();
		await home.openSample();
		await expect(page.getByRole('table')).toBeVisible();
		await page.route('**/*.js', (route) => route.abort('internetdisconnected'));

		await page.getByRole('button', { name: 'Edit Self-service customer portal' }).click();
		const editorError = page.getByRole('alert').filter({ hasText: 'project editor could not' });
		await expect(editorError).toBeVisible();
		await editorError.getByRole('button', { name: 'Close' }).click();
		await expect(editorError).toHaveCount(0);

		await page.getByRole('button', { name: 'Import projects…' }).click();
		const importError = page.getByRole('alert').filter({ hasText: 'import could not' });
		await expect(importError).toBeVisible();
		await importError.getByRole('button', { name: 'Close' }).click();
		await expect(importError).toHaveCount(0);

		// Back online, both open.
		await page.unroute('**/*.js');
		await page.getByRole('button', { name: 'Import projects…' }).click();
		await expect(page.getByRole('dialog', { name: 'Import projects' })).toBeVisible();
	});
});
