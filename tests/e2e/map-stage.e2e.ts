import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { northwind30, northwind30File } from '../helpers/sample30';
import { expect, goToView, test, type HomePage } from './fixtures';
import { smallStageText } from './stage-checks';

/**
 * The strategy map on the shared screen, with the sample grown to 30 projects: every
 * objective on screen, every project named or counted under each objective it serves,
 * no text under 18 CSS px, and the room's edits on the stage as they happen.
 */

const sample = northwind30();
const objectives = sample.objectives as { id: string }[];

/** Projects (taking part) serving each objective directly: what its card names or counts. */
const servingCount = new Map<string, number>(
	objectives.map((o) => [
		o.id,
		sample.projects.filter(
			(p) => ![`done`, `cancelled`].includes(p.status) && [1, 2, 3].includes(p.contributions[o.id])
		).length
	])
);
const nameOf = new Map<string, string>(sample.projects.map((p) => [p.id, p.name]));

async function importSample(home: HomePage, page: Page) {
	await home.goto();
	await home.importFile(northwind30File());
	await expect(page.getByRole('heading', { name: /^Projects/ })).toBeVisible();
}

/** Presents the map from an open portfolio. */
async function presentMap(page: Page) {
	await goToView(page, 'Map');
	await expect(page.getByRole('heading', { name: 'Strategy map', level: 1 })).toBeVisible();
	for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) {
		await dismiss.click();
	}
	await page.getByRole('button', { name: 'Present', exact: true }).click();
	await expect(page.getByRole('button', { name: 'Stop presenting' })).toBeVisible();
	await expect(page.locator('[data-objective]')).toHaveCount(servingCount.size);
	// The pointer stays where Present was, over Stop presenting: move it off, as a presenter would.
	await page.mouse.move(0, page.viewportSize()!.height / 2);
}

async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

for (const viewport of [
	{ width: 1920, height: 1080 },
	{ width: 1280, height: 720 }
]) {
	test.describe(`presenting the map at ${viewport.width}×${viewport.height}`, () => {
		test.use({ viewport });

		test('every objective is on screen, every project named or counted, no text under 18 px', async ({
			home,
			page
		}, info) => {
			await importSample(home, page);
			await presentMap(page);
			await expect(page.getByRole('navigation')).toHaveCount(0);
			await expect(page.getByRole('link', { name: 'Projects', exact: true })).toHaveCount(0);
			await expect(page.getByText(sample.vision as string)).toBeVisible();

			for (const [id, count] of servingCount) {
				const card = page.locator(`[data-objective="${id}"]`);
				await expect(card).toBeInViewport({ ratio: 1 });
				const box = (await card.boundingBox())!;
				expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
				expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
				// Nothing spills out of the card (it clips, so a spill would be cut off).
				expect(await card.evaluate((el) => el.scrollHeight - el.clientHeight)).toBeLessThanOrEqual(
					1
				);
				const chips = card.locator('[data-project]');
				const named = await chips.evaluateAll((els) =>
					els.map((el) => [
						el.getAttribute('data-project')!,
						el.querySelector('.name')!.textContent!
					])
				);
				for (const [projectId, text] of named) expect(text).toBe(nameOf.get(projectId));
				const more = card.locator('[data-more]');
				const counted = (await more.count()) ? Number(await more.getAttribute('data-more')) : 0;
				if (counted > 0) await expect(more).toHaveText(`+${counted} more`);
				expect(named.length + counted, `projects serving ${id}`).toBe(count);
				// The strongest is always named.
				if (count > 0) expect(named.length).toBeGreaterThan(0);
				for (const chip of await chips.all()) await expect(chip).toBeInViewport({ ratio: 1 });
			}

			// `SCREENSHOTS=docs` writes the pictures under docs/ (as stages.e2e.ts does).
			const shot = `stage-map-${viewport.width}.png`;
			await page.screenshot({
				path: process.env.SCREENSHOTS === 'docs' ? `docs/${shot}` : info.outputPath(shot)
			});
			expect(await smallStageText(page)).toEqual([]);
			await expectNoAxeViolations(page);
		});
	});
}

test.describe('presenting the map', () => {
	test.use({ viewport: { width: 1920, height: 1080 } });

	test('shows an edit from another device as it happens', async ({
		home,
		page,
		workspace,
		secondPerson
	}, info) => {
		await importSample(home, page);
		const { edit } = await workspace.shareLinks();
		await presentMap(page);

		await secondPerson.goto(edit!.replace('#', '/map#'));
		const node = secondPerson
			.getByRole('group', { name: /^Strategy map/ })
			.getByRole('button', { name: /^Objective: Cut cost to serve/ });
		await node.click();
		const title = secondPerson.getByRole('region', { name: 'Details' }).getByLabel('Title');
		await title.fill('Cut the cost to serve by a fifth');
		await title.press('Enter');
		await title.blur();

		const card = page.locator('[data-objective="o-cost"]');
		await expect(card.getByRole('heading')).toHaveText('Cut the cost to serve by a fifth');
		await expect(card).toBeInViewport({ ratio: 1 });

		// A new theme, which nothing serves yet: on the stage with its badge, in view.
		await secondPerson.getByRole('button', { name: 'Add theme' }).click();
		const field = secondPerson.getByRole('region', { name: 'Details' }).getByLabel('Title');
		await expect(field).toBeFocused();
		await field.fill('Expand to the Nordics');
		await field.press('Enter');
		await field.blur();
		const theme = page.getByRole('region', { name: 'Expand to the Nordics' });
		await expect(theme).toBeInViewport({ ratio: 1 });
		await expect(theme.getByText('No project serves it')).toBeVisible();
		await expect(page.locator('[data-objective]')).toHaveCount(servingCount.size + 1);
		for (const id of servingCount.keys()) {
			await expect(page.locator(`[data-objective="${id}"]`)).toBeInViewport({ ratio: 1 });
		}
		expect(await smallStageText(page)).toEqual([]);
		await page.screenshot({ path: info.outputPath('stage-map-edited.png') });
	});
});
