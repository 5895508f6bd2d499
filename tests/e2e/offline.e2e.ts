import { expect, test } from './fixtures';

// Offline behaviour needs the service worker (blocked elsewhere: playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

test('a portfolio opens with no network once the app has been loaded', async ({
	home,
	workspace,
	page,
	context
}) => {
	await home.goto();
	// The service worker must control the page before the network goes away.
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await home.openSample();
	await workspace.addProject('Offline proof');
	await workspace.waitUntilSaved();
	const url = page.url();

	await context.setOffline(true);
	await page.goto('about:blank');
	await page.goto(url);
	await expect(page.getByRole('button', { name: 'Offline proof', exact: true })).toBeVisible();
	await expect(workspace.syncStatus()).toHaveText(/Offline – saved on this device/);

	await workspace.addProject('Written on the train');
	await context.setOffline(false);
	await workspace.waitUntilSaved();
});
