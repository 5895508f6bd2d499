import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

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

for (const screen of screens) {
	test.describe(`on a ${screen.name}`, () => {
		test.use({ viewport: screen.viewport });

		test('every view fits the screen and passes axe', async ({ home, page }, info) => {
			await home.goto();
			await home.openSample();
			// The storage notice toast would cover the screenshots.
			for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) {
				await dismiss.click();
			}
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

			await page.getByRole('link', { name: 'Portfolio', exact: true }).click();
			await expect(page.getByRole('heading', { name: 'Portfolio', level: 1 })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`portfolio-${screen.name}.png`) });

			await page.getByRole('link', { name: 'All portfolios' }).click();
			await expect(page.getByRole('list', { name: 'Portfolios on this device' })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`home-${screen.name}.png`) });
		});

		test('the capacity view fits the screen and passes axe', async ({ home, page }, info) => {
			// The ranking board and a dozen charts: axe takes a while on a busy machine.
			test.slow();
			await home.goto();
			await home.openSample();
			for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) {
				await dismiss.click();
			}
			await page.getByRole('link', { name: 'Capacity', exact: true }).click();
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
