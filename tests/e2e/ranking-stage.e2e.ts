import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { northwind30File } from '../helpers/sample30';
import { expect, test, type WorkspacePage } from './fixtures';

/**
 * The ranking stage on a projector, with the Northwind sample grown to 30 projects
 * (funded: ranks 1-7 and ERP finance upgrade at rank 20, forced in; the funding line
 * on rank 8, Demand forecasting): the decision fits the screen at 1080p and 720p in type
 * the back of the room can read, and the line moves when someone else reorders.
 *
 * Set DOCS_SCREENSHOTS=1 to refresh docs/stage-ranking-*.png.
 */

const FUNDED_RANKS = [1, 2, 3, 4, 5, 6, 7, 20];
const LINE_RANK = 8;
const COUNT = 30;

/** A link with the view's path: `…/p/room#key=…` → `…/p/room/view#key=…`. */
function at(link: string, view: string): string {
	return link.replace('#', `/${view}#`);
}

/** The stage's row at a rank (the rank is the row's own first cell). */
function stageRow(page: Page, rank: number): Locator {
	return page.locator(`[data-stage="ranking"] li[data-rank="${rank}"]`);
}

function fundingLine(page: Page): Locator {
	return page.locator('[data-stage="ranking"] li[data-line]');
}

/** Rank of the row right under the funding line. */
async function lineRankOnStage(page: Page): Promise<number> {
	return Number(
		await fundingLine(page).evaluate((line) => line.nextElementSibling?.getAttribute('data-rank'))
	);
}

async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

/** Every visible piece of text on screen smaller than `min` CSS px, with its size. */
async function textSmallerThan(page: Page, min: number): Promise<string[]> {
	return page.evaluate((min) => {
		const small: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const text = node.textContent?.trim();
			const element = node.parentElement;
			if (!text || !element || element.closest('.visually-hidden')) continue;
			if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
			const range = document.createRange();
			range.selectNodeContents(node);
			const box = range.getBoundingClientRect();
			if (box.width < 2 || box.height < 2) continue;
			if (box.bottom <= 0 || box.top >= innerHeight || box.right <= 0 || box.left >= innerWidth)
				continue;
			const size = parseFloat(getComputedStyle(element).fontSize);
			if (size < min) small.push(`${size}px: ${text.slice(0, 40)}`);
		}
		return small;
	}, min);
}

async function openSample30(page: Page, workspace: WorkspacePage): Promise<string> {
	await page.goto('/');
	const chooser = page.waitForEvent('filechooser');
	await page.getByText('Import a file…').click();
	await (await chooser).setFiles(northwind30File());
	await expect(page.getByRole('heading', { name: /^Projects/ })).toBeVisible();
	const { edit } = await workspace.shareLinks();
	if (!edit) throw new Error('the importer gets an edit link');
	await page.goto(at(edit, 'ranking'));
	await expect(page.getByRole('heading', { name: 'Ranking', level: 1 })).toBeVisible();
	return edit;
}

for (const size of [
	{ width: 1920, height: 1080 },
	{ width: 1280, height: 720 }
]) {
	test.describe(`at ${size.width}×${size.height}`, () => {
		test.use({ viewport: size });

		test('the ranking stage shows the decision at once and the line moves when an editor reorders', async ({
			page,
			workspace,
			secondPerson
		}, info) => {
			const edit = await openSample30(page, workspace);
			await page.getByRole('button', { name: 'Present', exact: true }).click();
			await expect(page.getByRole('button', { name: 'Stop presenting' })).toBeVisible();
			await expect(fundingLine(page)).toBeVisible();

			// No navigation: the stage fills the screen.
			for (const nav of await page.getByRole('navigation').all()) await expect(nav).toBeHidden();
			await expect(page.getByRole('link', { name: 'Rank', exact: true })).toBeHidden();

			// The decision in view: every funded row, the line and the five rows below it.
			await expect(fundingLine(page)).toBeInViewport({ ratio: 1 });
			expect(await lineRankOnStage(page)).toBe(LINE_RANK);
			await expect(fundingLine(page)).toContainText('does not fit');
			await expect(fundingLine(page)).toContainText(/of .* budget used/);
			for (const rank of [...FUNDED_RANKS, ...[0, 1, 2, 3, 4].map((i) => LINE_RANK + i)]) {
				await expect(stageRow(page, rank)).toBeInViewport({ ratio: 1 });
			}
			await expect(stageRow(page, 1)).toContainText('Funded');
			await expect(stageRow(page, LINE_RANK)).toContainText('Not funded: does not fit');

			// Whatever is left out is counted.
			const shown = (await page.locator('[data-stage="ranking"] li[data-rank]').all()).length;
			const last = Math.max(
				...(await page
					.locator('[data-stage="ranking"] li[data-rank]')
					.evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-rank')))))
			);
			expect(shown).toBeGreaterThanOrEqual(FUNDED_RANKS.length + 5);
			if (last < COUNT) {
				await expect(page.getByText(`+${COUNT - last} more below`)).toBeInViewport();
			} else {
				await expect(page.getByText(/more below/)).toHaveCount(0);
			}
			// Names stay on one line.
			const nameHeights = await page
				.locator('[data-stage="ranking"] li[data-rank] .name')
				.evaluateAll((names) =>
					names.map(
						(n) => n.getBoundingClientRect().height / parseFloat(getComputedStyle(n).lineHeight)
					)
				);
			expect(Math.max(...nameHeights)).toBeLessThan(1.5);

			// The pointer off the header (Present was where Stop presenting is now).
			await page.mouse.move(size.width / 2, size.height - 10);
			expect(await textSmallerThan(page, 18)).toEqual([]);
			await expectNoAxeViolations(page);
			const shot = process.env.DOCS_SCREENSHOTS
				? `docs/stage-ranking-${size.width}.png`
				: info.outputPath(`stage-ranking-${size.width}.png`);
			await page.screenshot({ path: shot });

			// An editor on another device moves the line's project down one: the project
			// under it takes its place and fits, and the stage's line moves down with it.
			await secondPerson.goto(at(edit, 'ranking'));
			await secondPerson
				.getByRole('button', { name: 'Move Demand forecasting down', exact: true })
				.click();
			await expect(stageRow(page, LINE_RANK)).toContainText('CRM consolidation');
			await expect(stageRow(page, LINE_RANK)).toContainText('Funded');
			await expect.poll(() => lineRankOnStage(page)).toBeGreaterThan(LINE_RANK);
			const editorLine = await secondPerson.getByText(/Funding line at rank \d+/).textContent();
			expect(editorLine).toContain(`rank ${await lineRankOnStage(page)}`);
			await expect(fundingLine(page)).toBeInViewport({ ratio: 1 });
			await expect(page.getByRole('button', { name: 'Stop presenting' })).toBeVisible();
		});
	});
}

test.describe('at 1920×1080', () => {
	test.use({ viewport: { width: 1920, height: 1080 } });

	test('the presenter moves a row with the stage buttons and keeps the focus on it', async ({
		page,
		workspace
	}) => {
		await openSample30(page, workspace);
		await page.getByRole('button', { name: 'Present', exact: true }).click();
		await expect(fundingLine(page)).toBeVisible();
		const up = page.getByRole('button', { name: 'Move CRM consolidation up', exact: true });
		await up.focus();
		await expect(up).toBeVisible();
		await page.keyboard.press('Enter');
		await expect(stageRow(page, LINE_RANK)).toContainText('CRM consolidation');
		await expect(up).toBeFocused();
		await expect(page.getByRole('status', { name: 'Ranking announcements' })).toContainText(
			'Moved CRM consolidation to rank 8'
		);
	});
});
