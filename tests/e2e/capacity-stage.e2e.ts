import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { parsePortfolio } from '../../src/lib/domain/format';
import { fundingLine } from '../../src/lib/domain/funding';
import type { Portfolio } from '../../src/lib/domain/types';
import { northwind30, northwind30File } from '../helpers/sample30';
import { expect, test, type HomePage } from './fixtures';

/**
 * The capacity stage on a projector, with the sample grown to 30 projects: the budget
 * and every role at once inside the screen, a legend that names every funded project
 * with load, the full cells in words, nothing under 18 CSS px, and axe clean. The
 * dashboard names the same peak.
 */

const parsed = parsePortfolio(northwind30());
if (!parsed.ok) throw new Error('the 30-project sample does not parse');
const portfolio: Portfolio = parsed.portfolio;

/** Funded projects with any cost or demand in a period of the plan: what the legend must name. */
function fundedWithLoad(): string[] {
	const { funded } = fundingLine(portfolio);
	const inPlan = (cells: Record<string, number>) =>
		portfolio.periods.some((period) => (cells[period] ?? 0) !== 0);
	return portfolio.projects
		.filter((p) => funded.has(p.id))
		.filter((p) => inPlan(p.cost) || Object.values(p.demand).some((d) => inPlan(d)))
		.map((p) => p.name);
}

async function openCapacity(home: HomePage, page: Page) {
	await home.goto();
	await home.importFile(northwind30File());
	await expect(page.getByRole('heading', { name: /^Projects/ })).toBeVisible();
	const url = new URL(page.url());
	url.pathname = `${url.pathname.replace(/\/$/, '')}/capacity`;
	await page.goto(url.toString());
	await expect(page.getByRole('heading', { name: 'Capacity', level: 1 })).toBeVisible();
}

/** Every visible element with text of its own whose computed font size is under `min`. */
async function smallText(page: Page, min: number): Promise<string[]> {
	return page.evaluate((min) => {
		const root = document.querySelector('.stage-host') ?? document.body;
		const out: string[] = [];
		for (const el of root.querySelectorAll<HTMLElement | SVGElement>('*')) {
			const own = [...el.childNodes].some(
				(n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== ''
			);
			if (!own || el.getClientRects().length === 0) continue;
			const style = getComputedStyle(el);
			if (style.visibility === 'hidden' || style.display === 'none') continue;
			if (el.closest('.visually-hidden')) continue;
			const rect = el.getBoundingClientRect();
			if (rect.width <= 1 || rect.height <= 1) continue;
			const size = parseFloat(style.fontSize);
			if (size < min) out.push(`${el.tagName} "${el.textContent?.trim().slice(0, 40)}" ${size}px`);
		}
		return out;
	}, min);
}

for (const size of [
	{ width: 1920, height: 1080 },
	{ width: 1280, height: 720 }
]) {
	test(`the capacity stage at ${size.width}×${size.height} shows every role and the budget and names every funded project`, async ({
		home,
		page
	}) => {
		await page.setViewportSize(size);
		await openCapacity(home, page);
		await page.getByRole('button', { name: 'Present', exact: true }).click();
		const stage = page.locator('[data-stage="capacity"]');
		await expect(stage).toBeVisible();
		await expect(stage.getByRole('list', { name: 'Funded projects by colour' })).toBeVisible();
		// The pointer rests on the header, off the charts' columns and the header's button.
		await page.mouse.move(2, 2);
		// No navigation: the stage is all there is.
		await expect(page.getByRole('navigation')).toHaveCount(0);
		await expect(page.getByRole('link', { name: 'Rank', exact: true })).toHaveCount(0);

		// The budget and every role, each chart wholly inside the screen.
		const charts = stage.getByRole('figure');
		await expect(charts).toHaveCount(1 + portfolio.roles.length);
		for (const name of ['Budget', ...portfolio.roles.map((r) => r.name)]) {
			const chart = stage.getByRole('figure', { name, exact: true });
			await expect(chart).toBeInViewport({ ratio: 1 });
			await expect(chart.locator('svg')).toBeInViewport({ ratio: 1 });
		}
		const scrolls = await page.evaluate(() =>
			[...document.querySelectorAll('.stage-host *')].some(
				(el) => el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY === 'auto'
			)
		);
		expect(scrolls).toBe(false);

		// The legend names every funded project that has load, and only those.
		const legend = stage.getByRole('list', { name: 'Funded projects by colour' });
		await expect(legend).toBeInViewport({ ratio: 1 });
		const expected = fundedWithLoad();
		expect(expected.length).toBeGreaterThanOrEqual(8);
		await expect(legend.getByRole('listitem')).toHaveText(
			expected.map((name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
			{ useInnerText: true }
		);
		// Full cells in words, with the projects that fill them and those kept out.
		const words = stage.getByRole('list', { name: 'Full or over capacity' });
		await expect(words).toContainText('Data and analytics in 2027-Q4: 100 % (5 of 5 FTE), full.');
		await expect(words).toContainText('Keeps out');

		expect(await smallText(page, 18)).toEqual([]);
		const axe = await new AxeBuilder({ page }).include('.stage-host').analyze();
		expect(
			axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
		).toEqual([]);
		await page.screenshot({ path: `docs/stage-capacity-${size.width}.png` });
	});
}

test('the dashboard names the peak cell and the projects that fill it', async ({ home, page }) => {
	await openCapacity(home, page);
	const url = new URL(page.url());
	url.pathname = url.pathname.replace(/\/capacity$/, '/dashboard');
	await page.goto(url.toString());
	const panel = page.getByRole('region', { name: 'Capacity utilisation' });
	await expect(panel).toContainText(
		'Peak: Data and analytics in 2027-Q4: 100 % (5 of 5 FTE), full'
	);
	await expect(panel).not.toContainText('No role is over-allocated');
	await expect(panel).toContainText('Keeps out');
});
