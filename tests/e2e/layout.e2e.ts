import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, goToView, type HomePage, test } from './fixtures';

const screens = [
	{ name: 'phone', viewport: { width: 390, height: 844 } },
	{ name: 'projector', viewport: { width: 1920, height: 1080 } }
];

async function expectNoHorizontalScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

/** Opens the sample portfolio with the storage notice (it would cover screenshots) gone. */
async function openSample(home: HomePage, page: Page) {
	await home.goto();
	await home.openSample();
	for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) {
		await dismiss.click();
	}
}

for (const screen of screens) {
	test.describe(`on a ${screen.name}`, () => {
		test.use({ viewport: screen.viewport });

		test('projects, the project editor and sharing fit the screen and pass axe', async ({
			home,
			page
		}, info) => {
			await openSample(home, page);
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`projects-${screen.name}.png`) });

			await page
				.getByRole('button', { name: /^(Edit|Open) / })
				.first()
				.click();
			await expect(page.getByRole('dialog')).toBeVisible();
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`editor-${screen.name}.png`) });
			await page.keyboard.press('Escape');

			await page.getByRole('button', { name: 'Share' }).click();
			await page.getByRole('button', { name: 'QR code' }).first().click();
			await expect(page.getByRole('dialog').locator('svg')).toBeVisible();
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`share-${screen.name}.png`) });
			await page.keyboard.press('Escape');
		});

		test('the optimiser fits the screen and passes axe', async ({ home, page }, info) => {
			test.slow();
			await openSample(home, page);
			await goToView(page, 'Optimise');
			await expect(page.getByRole('heading', { name: 'Optimiser', level: 1 })).toBeVisible();
			await page.getByLabel('New scenario name').fill('Hire two engineers');
			await page.getByRole('button', { name: 'Add scenario' }).click();
			await page.getByRole('button', { name: 'Run optimiser' }).click();
			await expect(page.getByRole('button', { name: 'Run again' })).toBeEnabled({
				timeout: 30_000
			});
			await page.getByRole('button', { name: 'Compare scenarios' }).click();
			await expect(
				page.getByRole('table', { name: 'Plan and scenarios side by side' })
			).toBeVisible({
				timeout: 30_000
			});
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({
				path: info.outputPath(`optimize-${screen.name}.png`),
				fullPage: true
			});
		});

		test('the governance views fit the screen and pass axe', async ({ home, page }, info) => {
			test.slow();
			await openSample(home, page);
			// Governance views (issue 9).
			for (const view of [
				{ link: 'Risks', heading: /^Risks/ },
				{ link: 'Gates', heading: 'Gates' },
				{ link: 'Decisions', heading: /^Decisions/ },
				{ link: 'Portfolio reviews', heading: /^Portfolio reviews/ },
				{ link: 'Report', heading: 'Northwind Distribution' }
			]) {
				await goToView(page, view.link);
				await expect(page.getByRole('heading', { name: view.heading, level: 1 })).toBeVisible();
				await expectNoHorizontalScroll(page);
				await expectNoAxeViolations(page);
				await page.screenshot({
					path: info.outputPath(`${view.link.toLowerCase().replace(/ /g, '-')}-${screen.name}.png`),
					fullPage: true
				});
			}
			await goToView(page, 'Risks');
			await page.getByRole('button', { name: 'Add risk' }).click();
			await expect(page.getByRole('dialog')).toBeVisible();
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`risk-editor-${screen.name}.png`) });
			await page.keyboard.press('Escape');
			await goToView(page, 'Gates');
			await page
				.getByRole('button', { name: /^Move / })
				.first()
				.click();
			await expect(page.getByRole('dialog')).toBeVisible();
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`gate-${screen.name}.png`) });
			await page.keyboard.press('Escape');
			await goToView(page, 'Portfolio reviews');
			await page.getByRole('button', { name: 'Start review' }).click();
			await page
				.getByRole('button', { name: /^Open / })
				.first()
				.click();
			await expect(page.getByRole('region', { name: /read-only/ })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({
				path: info.outputPath(`review-open-${screen.name}.png`),
				fullPage: true
			});
		});

		test('portfolio settings and resources fit the screen and pass axe', async ({
			home,
			page
		}, info) => {
			await openSample(home, page);
			await goToView(page, 'Portfolio');
			await expect(page.getByRole('heading', { name: 'Portfolio', level: 1 })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`portfolio-${screen.name}.png`) });

			await goToView(page, 'Resources');
			await expect(page.getByRole('heading', { name: 'Resources', level: 1 })).toBeVisible();
			await expect(page.getByRole('grid', { name: 'Capacity and budget' })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({
				path: info.outputPath(`resources-${screen.name}.png`),
				fullPage: true
			});
		});

		test('the strategy map fits the screen and passes axe', async ({ home, page }, info) => {
			await openSample(home, page);
			await goToView(page, 'Map');
			await expect(page.getByRole('heading', { name: 'Strategy map', level: 1 })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`map-${screen.name}.png`) });
			await page
				.getByRole('button', { name: /^(Theme: )?Win and keep customers/ })
				.first()
				.click();
			await expect(page.getByRole('region', { name: 'Details' })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`map-panel-${screen.name}.png`) });
			await page.getByRole('button', { name: 'View as table' }).click();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`map-table-${screen.name}.png`) });
		});

		test('the home page fits the screen and passes axe', async ({ home, page }, info) => {
			await openSample(home, page);
			await page.getByRole('link', { name: 'All portfolios' }).click();
			await expect(page.getByRole('list', { name: 'Portfolios on this device' })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`home-${screen.name}.png`) });
		});

		test('the capacity view fits the screen and passes axe', async ({ home, page }, info) => {
			// The ranking board and a dozen charts: axe takes a while on a busy machine.
			test.slow();
			await openSample(home, page);
			await goToView(page, 'Capacity');
			await expect(page.getByRole('heading', { name: 'Capacity', level: 1 })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`capacity-${screen.name}.png`) });

			// Ghosts on, one column's breakdown open.
			await page.getByRole('checkbox', { name: /unfunded as ghosts/ }).check();
			await page
				.getByRole('button', { name: /^2028-Q1: funded/ })
				.first()
				.focus();
			await expect(page.locator('.tooltip')).toBeVisible();
			await expectNoHorizontalScroll(page);
			await page.screenshot({ path: info.outputPath(`capacity-ghosts-${screen.name}.png`) });

			await page.getByRole('button', { name: 'View as table' }).click();
			await expect(page.getByRole('table').first()).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({
				path: info.outputPath(`capacity-table-${screen.name}.png`),
				fullPage: true
			});
		});
	});
}

for (const screen of screens) {
	test.describe(`the dashboard on a ${screen.name}`, () => {
		test.use({ viewport: screen.viewport });

		test('fits the screen and passes axe, as charts and as tables', async ({
			home,
			page
		}, info) => {
			await home.goto();
			await home.openSample();
			for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) {
				await dismiss.click();
			}
			await goToView(page, 'Dashboard');
			await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({
				path: info.outputPath(`dashboard-${screen.name}.png`),
				fullPage: true
			});
			for (const toggle of await page.getByRole('button', { name: 'View as table' }).all()) {
				await toggle.click();
			}
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({
				path: info.outputPath(`dashboard-tables-${screen.name}.png`),
				fullPage: true
			});
		});
	});
}
