import AxeBuilder from '@axe-core/playwright';
import type { BrowserContextOptions, Page } from '@playwright/test';
import { AGENDA_KINDS, AGENDA_TITLE } from '../../src/lib/domain/agenda';
import { northwind30File } from '../helpers/sample30';
import { copyEditLink, expect, linkTo, namedPerson, test } from './fixtures';
import { smallStageText } from './stage-checks';

/**
 * Every stage of the agenda on a projector at 1920×1080 and 1280×720, with the sample
 * grown to 30 projects, driven from the facilitator's laptop: no navigation, no text
 * under 18 CSS px, axe clean; and each step's input on a participant's phone.
 * `SCREENSHOTS=docs npx playwright test stages` writes the pictures under docs/.
 */

const LAPTOP: BrowserContextOptions = { viewport: { width: 1366, height: 768 } };
const PHONE: BrowserContextOptions = {
	viewport: { width: 390, height: 844 },
	isMobile: true,
	hasTouch: true,
	deviceScaleFactor: 2
};

function shotPath(info: { outputPath: (name: string) => string }, name: string): string {
	return process.env.SCREENSHOTS === 'docs' ? `docs/${name}` : info.outputPath(name);
}

const person = namedPerson;

/** Imports the 30-project sample and returns its edit link. */
async function openThirty(page: Page): Promise<string> {
	await page.goto('/');
	const chooser = page.waitForEvent('filechooser');
	await page.getByText('Import a file…').click();
	await (await chooser).setFiles(northwind30File());
	await expect(page.getByRole('heading', { name: /^Projects/ })).toBeVisible();
	return copyEditLink(page);
}

const at = linkTo;

for (const size of [
	{ width: 1920, height: 1080 },
	{ width: 1280, height: 720 }
]) {
	test(`every agenda stage fits a ${size.width}×${size.height} projector, readable and accessible`, async ({
		browser
	}, info) => {
		test.setTimeout(240_000);
		const fay = await person(browser, 'Fay', LAPTOP);
		const edit = await openThirty(fay);
		await fay.goto(at(edit, 'workshop'));
		await fay.getByRole('button', { name: 'Start workshop' }).click();

		const screen = await person(browser, 'Screen', { viewport: size });
		await screen.goto(at(edit, 'workshop'));
		await screen.getByRole('button', { name: 'Present on this device' }).click();
		const phone = size.width === 1920 ? await person(browser, 'Gus', PHONE) : null;
		await phone?.goto(at(edit, 'workshop'));

		for (const kind of AGENDA_KINDS) {
			await fay
				.getByRole('list', { name: 'Agenda' })
				.getByRole('button', { name: new RegExp(AGENDA_TITLE[kind]) })
				.click();
			await expect(screen.locator('.stage-head h1')).toHaveText(AGENDA_TITLE[kind]);
			await expect(screen.locator(`.stage-host[data-stage="${kind}"]`)).toBeVisible();
			// Let charts and layouts settle before reading sizes.
			await screen.waitForTimeout(500);
			await expect(screen.getByRole('navigation')).toHaveCount(0);
			expect(await smallStageText(screen), `${kind}: text under 18 px`).toEqual([]);
			const axe = await new AxeBuilder({ page: screen }).analyze();
			expect(
				axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`),
				`${kind}: axe`
			).toEqual([]);
			await screen.screenshot({ path: shotPath(info, `stage-${kind}-${size.width}.png`) });
			if (phone) {
				await expect(phone.locator('[data-step-kind]')).toHaveAttribute('data-step-kind', kind);
				await phone.screenshot({ path: shotPath(info, `participant-${kind}-390.png`) });
			}
		}
		for (const page of [fay, screen, phone]) await page?.context().close();
	});
}
