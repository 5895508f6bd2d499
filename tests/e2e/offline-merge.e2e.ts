import type { Page } from '@playwright/test';
import { expect, test, WorkspacePage } from './fixtures';

// Offline behaviour needs the service worker (blocked elsewhere: playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

/** Records every sync status the page shows, in order. */
async function recordStatuses(page: Page) {
	await page.evaluate(() => {
		const seen: string[] = [];
		(window as unknown as { statuses: string[] }).statuses = seen;
		const note = () => {
			const status = document.querySelector('[data-status]')?.getAttribute('data-status');
			if (status && seen.at(-1) !== status) seen.push(status);
		};
		note();
		new MutationObserver(note).observe(document.body, {
			subtree: true,
			attributes: true,
			attributeFilter: ['data-status'],
			childList: true
		});
	});
}

async function editField(page: Page, project: string, field: string, value: string) {
	await page.getByRole('button', { name: `Edit ${project}` }).click();
	const editor = page.getByRole('dialog', { name: project });
	await editor.getByLabel(field, { exact: true }).fill(value);
	await editor.getByLabel(field, { exact: true }).press('Tab');
	await editor.getByRole('button', { name: 'Close' }).click();
}

test('two people, one cut off, edit one project and move ranks: both end with the merged state', async ({
	home,
	workspace,
	page,
	secondPerson
}) => {
	await home.goto();
	await home.openSample();
	const { edit } = await workspace.shareLinks();

	let cutOff = false;
	await secondPerson.context().routeWebSocket(/\/yjs/, (socket) => {
		if (cutOff) void socket.close({ code: 1006 });
		else socket.connectToServer();
	});
	const other = new WorkspacePage(secondPerson);
	await secondPerson.goto(edit!);
	await other.waitUntilSaved();

	// The relay drops out for the second person only.
	cutOff = true;
	await secondPerson.reload();
	await expect(other.syncStatus()).toHaveAttribute('data-status', 'offline');
	await recordStatuses(secondPerson);

	const project = 'CRM consolidation';
	await editField(page, project, 'Sponsor', 'Chief Revenue Officer');
	await page.getByRole('button', { name: 'Move Subscription billing up' }).click();
	await editField(secondPerson, project, 'Description', 'One CRM for sales and service.');
	await secondPerson.getByRole('button', { name: 'Move EDI modernisation up' }).click();
	await secondPerson.getByRole('button', { name: 'Move EDI modernisation up' }).click();

	cutOff = false;
	await secondPerson.evaluate(() => window.dispatchEvent(new Event('online')));
	await other.waitUntilSaved();
	await workspace.waitUntilSaved();

	const statuses = await secondPerson.evaluate(
		() => (window as unknown as { statuses: string[] }).statuses
	);
	expect(statuses.join(' → ')).toMatch(/offline → .*syncing → saved$/);

	const order = async (p: Page) =>
		new WorkspacePage(p).projectRows().getByRole('rowheader').allInnerTexts();
	await expect
		.poll(async () => (await order(secondPerson)).join('\n'))
		.toBe((await order(page)).join('\n'));
	const ranked = (await order(page)).map((text) => text.split('\n')[0]);
	expect(ranked[0]).toBe('Subscription billing');
	expect(ranked.indexOf('EDI modernisation')).toBe(8);

	for (const person of [page, secondPerson]) {
		const row = new WorkspacePage(person).projectRows().filter({ hasText: project });
		await expect(row).toContainText('Chief Revenue Officer');
		await expect(row).toContainText('One CRM for sales and service.');
	}
});
