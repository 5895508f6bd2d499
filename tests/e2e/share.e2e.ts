import { expect, test, WorkspacePage } from './fixtures';

// Offline behaviour needs the service worker (blocked elsewhere: playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

test('a second person opening the edit link sees edits live and can edit back', async ({
	home,
	workspace,
	secondPerson
}) => {
	await home.goto();
	await home.openSample();
	const { edit } = await workspace.shareLinks();
	expect(edit).toMatch(/\/p\/[\w-]{22}#key=[\w-]{22}$/);

	const other = new WorkspacePage(secondPerson);
	await secondPerson.goto(edit!);
	await expect(other.projectRows()).toHaveCount(24);
	await other.waitUntilSaved();

	await workspace.addProject('Live from the facilitator');
	await expect(
		secondPerson.getByRole('button', { name: 'Live from the facilitator', exact: true })
	).toBeVisible({
		timeout: 1000
	});

	await other.addProject('Reply from a laptop');
	await expect(
		workspace.page.getByRole('button', { name: 'Reply from a laptop', exact: true })
	).toBeVisible({
		timeout: 1000
	});
});

test('the view link shows everything live but offers no editing', async ({
	home,
	workspace,
	secondPerson
}) => {
	await home.goto();
	await home.openSample();
	const { view } = await workspace.shareLinks();

	const viewer = new WorkspacePage(secondPerson);
	await secondPerson.goto(view);
	await expect(viewer.projectRows()).toHaveCount(24);
	await expect(secondPerson.getByText('View only')).toBeVisible();
	await expect(secondPerson.getByLabel('New project name')).toHaveCount(0);
	await expect(secondPerson.getByRole('button', { name: /^Delete / })).toHaveCount(0);

	await workspace.addProject('Seen by the board');
	await expect(
		secondPerson.getByRole('button', { name: 'Seen by the board', exact: true })
	).toBeVisible({
		timeout: 1000
	});
	const links = await viewer.shareLinks();
	expect(links.edit).toBeNull();
});

test('a link with a key of another portfolio is refused', async ({ page }) => {
	await page.goto('/p/AAAAAAAAAAAAAAAAAAAAAA#key=BBBBBBBBBBBBBBBBBBBBBB');
	await expect(
		page.getByRole('heading', { name: 'This link cannot open the portfolio' })
	).toBeVisible();
	await expect(page.getByText('does not belong to this portfolio')).toBeVisible();
});

test('two tabs of one browser sync with each other even without the relay', async ({
	home,
	workspace,
	page,
	context
}) => {
	await home.goto();
	await home.openSample();
	await workspace.waitUntilSaved();
	const url = page.url();

	// Cut both tabs off the relay: what reaches the second tab comes from the first directly.
	await context.routeWebSocket(/\/yjs/, (socket) => void socket.close({ code: 1006 }));
	await page.reload();
	const second = new WorkspacePage(await context.newPage());
	await second.page.goto(url);
	await expect(second.syncStatus()).toHaveAttribute('data-status', 'offline');

	await workspace.addProject('Typed in the first tab');
	await expect(
		second.page.getByRole('button', { name: 'Typed in the first tab', exact: true })
	).toBeVisible({ timeout: 2000 });
});
