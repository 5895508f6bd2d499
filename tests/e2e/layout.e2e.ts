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
			// One test walks every view with axe; on a busy machine that passes a minute.
			test.setTimeout(180_000);
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

			await page.getByRole('link', { name: 'Map', exact: true }).click();
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

			await page.getByRole('link', { name: 'All portfolios' }).click();
			await expect(page.getByRole('list', { name: 'Portfolios on this device' })).toBeVisible();
			await expectNoHorizontalScroll(page);
			await expectNoAxeViolations(page);
			await page.screenshot({ path: info.outputPath(`home-${screen.name}.png`) });
		});
	});
}
