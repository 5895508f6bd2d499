import AxeBuilder from '@axe-core/playwright';
import type { BrowserContextOptions, Page } from '@playwright/test';
import { copyEditLink, dismissToasts, expect, linkTo, namedPerson, test } from './fixtures';

// Offline behaviour needs the service worker (blocked elsewhere: playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

/**
 * A workshop driven by its agenda: a facilitator on a laptop, the shared screen on a
 * projector (presenting), participants on phones, each in their own browser context.
 */

const PHONE: BrowserContextOptions = {
	viewport: { width: 390, height: 844 },
	isMobile: true,
	hasTouch: true,
	deviceScaleFactor: 2
};
const LAPTOP: BrowserContextOptions = { viewport: { width: 1366, height: 768 } };
const PROJECTOR: BrowserContextOptions = { viewport: { width: 1920, height: 1080 } };

const person = namedPerson;
const at = linkTo;

/** The facilitator opens the sample and copies the edit link. */
async function openSample(page: Page): Promise<string> {
	await page.goto('/');
	await page.getByRole('button', { name: 'Open sample portfolio' }).click();
	await expect(page.getByRole('heading', { name: /^Projects/ })).toBeVisible();
	await dismissToasts(page);
	return copyEditLink(page);
}

function stepHeading(page: Page) {
	return page.locator('[data-step-kind]').getByRole('heading', { level: 2 });
}

function stageTitle(page: Page) {
	return page.locator('.stage-head h1');
}

async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

test('the facilitator shapes the agenda and steps through it; the screen and phones follow, the log keeps each outcome', async ({
	browser
}, info) => {
	test.setTimeout(180_000);
	const fay = await person(browser, 'Fay', LAPTOP);
	const edit = await openSample(fay);
	await fay.goto(at(edit, 'workshop'));

	// Shape the agenda: drop the map, move Decide before Optimise, shorten scoring.
	const editor = fay.getByRole('form', { name: 'Agenda' });
	await editor.getByRole('button', { name: 'Remove Strategy map' }).click();
	await editor.getByRole('button', { name: 'Move Decide earlier' }).click();
	await expect(editor.getByRole('button', { name: 'Move Decide earlier' })).toBeFocused();
	await editor.getByLabel('Minutes for Scoring').fill('abc');
	await editor.getByRole('button', { name: 'Start workshop' }).click();
	await expect(editor.getByRole('alert')).toHaveText(
		'Step 2 (Scoring): minutes must be a whole number from 0 to 180.'
	);
	await editor.getByLabel('Minutes for Scoring').fill('7');
	await editor.getByRole('button', { name: 'Start workshop' }).click();

	await expect(stepHeading(fay)).toHaveText('Criteria and weights');
	const agenda = fay.getByRole('list', { name: 'Agenda' });
	await expect(agenda.getByRole('button')).toHaveText([
		/Criteria and weights/,
		/Scoring\s*7 min/,
		/Ranking and the funding line/,
		/Capacity fit/,
		/Decide/,
		/Optimise and scenarios/
	]);
	await expect(fay.getByText('15:00 left (paused)')).toBeVisible();

	// The shared screen: another device with the edit link, presenting.
	const screen = await person(browser, 'Screen', PROJECTOR);
	await screen.goto(at(edit, 'ranking'));
	await screen.getByRole('button', { name: 'Present' }).click();
	await expect(stageTitle(screen)).toHaveText('Criteria and weights');
	await expect(screen.locator('.stage-head')).toContainText('Step 1 of 6');
	await expect(screen.getByRole('navigation')).toHaveCount(0);

	// A participant opens the link on a phone: she lands on the step, with its input.
	const gus = await person(browser, 'Gus', PHONE);
	await gus.goto(edit);
	await expect(gus).toHaveURL(/\/workshop/);
	await expect(stepHeading(gus)).toHaveText('Criteria and weights');
	const mine = gus.getByRole('region', { name: 'Your own judgements, one pair at a time' });
	const radio = mine.getByRole('radio', { name: /^3× Revenue growth moderately more important/ });
	await radio.check();
	await expect(screen.getByText(/The room's judgement \(1 person\)/)).toBeVisible();
	await expectNoAxeViolations(gus);
	await gus.screenshot({ path: info.outputPath('participant-weights-phone.png') });

	await fay.getByRole('button', { name: 'Adopt the group result' }).click();
	await dismissToasts(fay);
	await fay.getByRole('button', { name: 'Close step and log outcome' }).click();

	// Everyone moves on: the phone (still on the workshop page) and the screen.
	await expect(stepHeading(gus)).toHaveText('Scoring');
	await expect(stageTitle(screen)).toHaveText('Scoring');
	await expect(screen.locator('.stage-head')).toContainText('Step 2 of 6');
	await expect(screen.locator('.stage-head')).toContainText('7:00');

	// Scoring: a poker round from the console, Gus votes, revealed and accepted.
	await fay.getByText('Set up a poker round').click();
	await fay.getByLabel('Criterion to score').selectOption({ label: 'Financial return (0-10)' });
	const setup = fay.getByRole('region', { name: 'Priority poker' });
	await setup.getByRole('button', { name: 'None' }).click();
	await setup.getByLabel('Subscription billing').check();
	await fay.getByRole('button', { name: 'Start poker round' }).click();
	await gus
		.getByRole('group', { name: 'Subscription billing' })
		.getByRole('radio', { name: '4', exact: true })
		.check();
	await expect(screen.getByText('Voted: Gus')).toBeVisible();
	await fay.getByRole('button', { name: 'Reveal votes' }).click();
	await fay.getByRole('button', { name: 'Accept medians into scores' }).click();
	await dismissToasts(fay);
	await fay.getByRole('button', { name: 'Close step and log outcome' }).click();
	await expect(stepHeading(gus)).toHaveText('Ranking and the funding line');
	await expect(stageTitle(screen)).toHaveText('Ranking and the funding line');

	// A late joiner lands on the current step.
	const hal = await person(browser, 'Hal', PHONE);
	await hal.goto(edit);
	await expect(stepHeading(hal)).toHaveText('Ranking and the funding line');
	await expect(hal.getByText('Step 3 of 6')).toBeVisible();

	// Gus looks around, then comes back with one tap.
	await gus.goto(at(edit, 'risks'));
	const banner = gus.getByRole('region', { name: 'Workshop in progress' });
	await expect(banner).toContainText('Step 3 of 6: Ranking and the funding line');
	await banner.getByRole('link', { name: 'Back to the step' }).click();
	await expect(stepHeading(gus)).toHaveText('Ranking and the funding line');

	// Hal wanders off; the facilitator brings everyone back.
	await hal.goto(at(edit, 'risks'));
	await expect(hal.getByRole('region', { name: 'Workshop in progress' })).toBeVisible();
	await fay.getByRole('button', { name: 'Bring everyone here' }).click();
	await expect(hal).toHaveURL(/\/workshop/);
	await expect(stepHeading(hal)).toHaveText('Ranking and the funding line');
	// The shared screen stays on its stage.
	await expect(stageTitle(screen)).toHaveText('Ranking and the funding line');

	// Close the rest; the last close ends the workshop.
	for (const next of ['Capacity fit', 'Decide', 'Optimise and scenarios']) {
		await fay.getByRole('button', { name: 'Close step and log outcome' }).click();
		await expect(stepHeading(fay)).toHaveText(next);
		await expect(stageTitle(screen)).toHaveText(next);
	}
	await fay.getByRole('button', { name: 'Close step and end workshop' }).click();
	await expect(fay.getByRole('heading', { name: 'Run a workshop' })).toBeVisible();
	await expect(gus.getByText('No workshop is running.')).toHaveCount(0);
	await expect(gus.getByRole('heading', { name: 'Run a workshop' })).toBeVisible();

	// The decision log holds each step's outcome, in order.
	await fay.goto(at(edit, 'decisions'));
	// Newest first; the assertion waits for the log to load.
	await expect(fay.getByRole('heading', { level: 3, name: /^Workshop: / })).toHaveText([
		'Workshop: Optimise and scenarios',
		'Workshop: Decide',
		'Workshop: Capacity fit',
		'Workshop: Ranking and the funding line',
		'Workshop: Scoring',
		'Workshop: Criteria and weights'
	]);
	await expect(fay.getByText(/Weights adopted: /)).toBeVisible();
	await expect(fay.getByText(/Ranking agreed: 1\. /)).toBeVisible();
	await expect(fay.getByText(/Peak load: /)).toBeVisible();

	for (const page of [fay, screen, gus, hal]) await page.context().close();
});

test('a second facilitator takes over; a presenter who loses the relay keeps presenting, then catches up', async ({
	browser
}) => {
	const fay = await person(browser, 'Fay', LAPTOP);
	const edit = await openSample(fay);
	await fay.goto(at(edit, 'workshop'));
	await fay.getByRole('button', { name: 'Start workshop' }).click();
	await expect(stepHeading(fay)).toHaveText('Strategy map');

	// The shared screen, whose relay connection the test can cut.
	const screen = await person(browser, 'Screen', PROJECTOR);
	let cutOff = false;
	const sockets: { close: (options: { code: number }) => Promise<void> }[] = [];
	await screen.context().routeWebSocket(/\/yjs/, (socket) => {
		if (cutOff) void socket.close({ code: 1006 });
		else {
			socket.connectToServer();
			sockets.push(socket);
		}
	});
	await screen.goto(at(edit, 'workshop'));
	await expect(stepHeading(screen)).toHaveText('Strategy map');
	await screen.getByRole('button', { name: 'Present on this device' }).click();
	await expect(stageTitle(screen)).toHaveText('Strategy map');

	// Ivy, another editor on her phone, takes over and drives the room from her console.
	const ivy = await person(browser, 'Ivy', PHONE);
	await ivy.goto(at(edit, 'workshop'));
	await expect(ivy.getByText('Fay is facilitating.')).toBeVisible();
	await expect(ivy.getByRole('button', { name: 'Next →' })).toHaveCount(0);
	await ivy.getByRole('button', { name: 'Take over as facilitator' }).click();
	await expect(fay.getByText('Ivy is facilitating.')).toBeVisible();
	await ivy.getByRole('button', { name: 'Next →' }).click();
	await expect(stageTitle(screen)).toHaveText('Criteria and weights');
	await expect(stepHeading(fay)).toHaveText('Criteria and weights');
	await expect(ivy.getByRole('button', { name: /Criteria and weights/ })).toHaveAttribute(
		'aria-current',
		'step'
	);

	// The screen loses the relay: it keeps presenting its stage.
	cutOff = true;
	await Promise.all(sockets.map((socket) => socket.close({ code: 1006 })));
	await ivy.getByRole('button', { name: 'Next →' }).click();
	await expect(stepHeading(ivy)).toHaveText('Scoring');
	await expect(stageTitle(screen)).toHaveText('Criteria and weights');
	await expect(screen.getByRole('button', { name: 'Stop presenting' })).toBeVisible();

	// Back online, it catches up with the room.
	cutOff = false;
	await expect(stageTitle(screen)).toHaveText('Scoring', { timeout: 30_000 });

	for (const page of [fay, screen, ivy]) await page.context().close();
});
