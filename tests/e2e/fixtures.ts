import {
	test as base,
	expect,
	type Browser,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { SECTIONS } from '../../src/lib/components/workspace/views';

/** The home page, as a person uses it. */
export class HomePage {
	constructor(readonly page: Page) {}

	async goto() {
		await this.page.goto('/');
		await expect(this.page.getByRole('heading', { name: 'Cairn', level: 1 })).toBeVisible();
	}

	async createPortfolio(name: string) {
		await this.page.getByLabel('New portfolio name').fill(name);
		await this.page.getByRole('button', { name: 'Create portfolio' }).click();
		await expect(this.page.getByLabel('Portfolio name')).toHaveValue(name);
	}

	async openSample() {
		await this.page.getByRole('button', { name: 'Open sample portfolio' }).click();
		await expect(this.page.getByRole('heading', { name: /^Projects/ })).toBeVisible();
	}

	async importFile(file: { name: string; mimeType: string; buffer: Buffer }) {
		const chooser = this.page.waitForEvent('filechooser');
		await this.page.getByText('Import a file…').click();
		await (await chooser).setFiles(file);
	}
}

/** An open portfolio. */
export class WorkspacePage {
	constructor(readonly page: Page) {}

	syncStatus() {
		return this.page.locator('[data-status]');
	}

	projectRows() {
		return this.page
			.getByRole('table')
			.getByRole('row')
			.filter({ has: this.page.getByRole('rowheader') });
	}

	async addProject(name: string) {
		await this.page.getByLabel('New project name').fill(name);
		await this.page.getByRole('button', { name: 'Add project' }).click();
		await expect(this.page.getByRole('button', { name, exact: true })).toBeVisible();
	}

	async shareLinks(): Promise<{ edit: string | null; view: string }> {
		await this.page.getByRole('button', { name: 'Share' }).click();
		const dialog = this.page.getByRole('dialog', { name: 'Share this portfolio' });
		const view = await dialog.getByLabel(/View link/).inputValue();
		const editField = dialog.getByLabel(/Edit link/);
		const edit = (await editField.count()) ? await editField.inputValue() : null;
		await dialog.getByRole('button', { name: 'Done' }).click();
		return { edit, view };
	}

	async waitUntilSaved() {
		await expect(this.syncStatus()).toHaveAttribute('data-status', 'saved');
	}
}

/**
 * Goes to a view as a person would: by its section and then its name on a laptop, through
 * the Menu on a phone. `name` is a view ("Map", "Capacity") or an option of one ("Rank",
 * the ranked list shown for ranking).
 */
export async function goToView(page: Page, name: string) {
	const place = SECTIONS.flatMap((section) =>
		section.views.flatMap((view) => [
			{ section, view, option: undefined as string | undefined, path: view.path },
			...(view.options ?? []).map((o) => ({ section, view, option: o.label, path: o.path }))
		])
	).find((p) => (p.option ?? p.view.label) === name);
	if (!place) throw new Error(`No view named ${name}`);
	const nav = page.getByRole('navigation', { name: 'Views' });
	const link = nav.getByRole('link', { name: place.view.label, exact: true });
	const menu = nav.getByRole('button', { name: 'Menu' });
	if (await menu.isVisible()) {
		if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
		await link.click();
	} else {
		// The section opens on its first view: no second click when that is the one.
		if (!(await link.isVisible())) {
			await nav.getByRole('link', { name: place.section.label, exact: true }).click();
			await expect(link).toBeVisible();
		}
		if ((await link.getAttribute('aria-current')) !== 'page') await link.click();
	}
	if (place.option) {
		await page
			.getByRole('navigation', { name: 'Show projects as' })
			.getByRole('link', { name: place.option, exact: true })
			.click();
	}
	await expect(page).toHaveURL(new RegExp(`/p/[^/]+${place.path}$`));
}

/** Dispatches a paste of `text` on the focused element, as a spreadsheet copy would. */
export async function pasteText(page: Page, text: string) {
	await page.evaluate((text) => {
		const data = new DataTransfer();
		data.setData('text/plain', text);
		const event = new ClipboardEvent('paste', {
			clipboardData: data,
			bubbles: true,
			cancelable: true
		});
		(document.activeElement ?? document.body).dispatchEvent(event);
	}, text);
}

/** A named person on their own device (browser context), as the name prompt remembers them. */
export async function namedPerson(
	browser: Browser,
	name: string,
	options: BrowserContextOptions = {}
): Promise<Page> {
	const context = await browser.newContext(options);
	await context.addInitScript(
		([id, name]) => localStorage.setItem('cairn:participant', JSON.stringify({ id, name })),
		[`u-${name.toLowerCase()}`, name]
	);
	return context.newPage();
}

/** Closes every toast; one that left on its own meanwhile is no failure. */
export async function dismissToasts(page: Page) {
	const dismiss = page.getByRole('button', { name: 'Dismiss' });
	while ((await dismiss.count()) > 0)
		await dismiss
			.first()
			.click({ timeout: 2000 })
			.catch(() => {});
}

/** The Share dialog's edit link of the open portfolio. */
export async function copyEditLink(page: Page): Promise<string> {
	await page.getByRole('button', { name: 'Share' }).click();
	const dialog = page.getByRole('dialog', { name: 'Share this portfolio' });
	const edit = await dialog.getByLabel(/Edit link/).inputValue();
	await dialog.getByRole('button', { name: 'Done' }).click();
	return edit;
}

/** A share link opened on one view: `/p/<room>#key` → `/p/<room>/<view>#key`. */
export function linkTo(link: string, view: string): string {
	return link.replace('#', `/${view}#`);
}

interface Fixtures {
	/** Fails the test when its page reports a Content Security Policy violation. */
	cspViolations: string[];
	home: HomePage;
	workspace: WorkspacePage;
	/** A second person: their own browser context (own storage), same browser. */
	secondPerson: Page;
}

async function newPerson(browser: Browser): Promise<Page> {
	const context = await browser.newContext();
	return context.newPage();
}

export const test = base.extend<Fixtures>({
	cspViolations: [
		async ({ page }, use) => {
			const violations: string[] = [];
			page.on('console', (message) => {
				if (message.text().includes('Content Security Policy')) violations.push(message.text());
			});
			await use(violations);
			expect(violations, 'Content Security Policy violations in the console').toEqual([]);
		},
		{ auto: true }
	],
	home: async ({ page }, use) => use(new HomePage(page)),
	workspace: async ({ page }, use) => use(new WorkspacePage(page)),
	secondPerson: async ({ browser }, use) => {
		const page = await newPerson(browser);
		await use(page);
		await page.context().close();
	}
});

export { expect };
