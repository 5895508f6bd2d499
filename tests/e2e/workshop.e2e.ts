import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { expect, goToView, test } from './fixtures';

// Offline behaviour needs the service worker (blocked elsewhere: playwright.config.ts).
test.use({ serviceWorkers: 'allow' });

/**
 * A workshop: the presenter on a 1920×1080 screen and participants on emulated
 * phones, each in their own browser context (own storage, own participant).
 */

const PHONE = {
	viewport: { width: 390, height: 844 },
	isMobile: true,
	hasTouch: true,
	deviceScaleFactor: 2
};

test.use({ viewport: { width: 1920, height: 1080 } });

/** Remembers a participant name on this device, as the name prompt would. */
async function nameDevice(page: Page, name: string) {
	await page
		.context()
		.addInitScript(
			([id, name]) => localStorage.setItem('cairn:participant', JSON.stringify({ id, name })),
			[`u-${name.toLowerCase()}`, name]
		);
}

/** A participant on a phone; named unless `name` is null (they will be asked). */
async function phone(browser: Browser, name: string | null): Promise<Page> {
	const context = await browser.newContext(PHONE);
	const page = await context.newPage();
	if (name) await nameDevice(page, name);
	return page;
}

async function dismissToasts(page: Page) {
	for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) {
		await dismiss.click();
	}
}

/** The presenter opens the sample and gets the edit link. */
async function startWorkshop(page: Page): Promise<string> {
	await nameDevice(page, 'Fay');
	await page.goto('/');
	await page.getByRole('button', { name: 'Open sample portfolio' }).click();
	await expect(page.getByRole('heading', { name: /^Projects/ })).toBeVisible();
	await dismissToasts(page);
	await page.getByRole('button', { name: 'Share' }).click();
	const dialog = page.getByRole('dialog', { name: 'Share this portfolio' });
	const edit = await dialog.getByLabel(/Edit link/).inputValue();
	await dialog.getByRole('button', { name: 'Done' }).click();
	return edit;
}

function at(link: string, view: string): string {
	return link.replace('#', `/${view}#`);
}

async function expectNoAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

async function expectNoHorizontalScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

function peoplePanel(page: Page) {
	return page.getByRole('region', { name: 'People in this portfolio' });
}

async function openPeople(page: Page) {
	await page.getByRole('button', { name: /^People:/ }).click();
	await expect(peoplePanel(page)).toBeVisible();
}

function rankOrder(page: Page): Promise<string[]> {
	return page
		.getByRole('list', { name: 'Projects in rank order' })
		.locator(':scope > li[data-id]')
		.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));
}

test.afterEach(async ({ browser }) => {
	for (const context of browser.contexts()) await context.close();
});

test('participants see who is here, follow the presenter, and stop following on their own', async ({
	page,
	browser
}) => {
	const edit = await startWorkshop(page);
	const ann = await phone(browser, 'Ann');
	const bob = await phone(browser, 'Bob');
	await ann.goto(edit);
	await bob.goto(edit);

	await expect(page.getByRole('button', { name: /^People:/ })).toHaveAccessibleName(
		'People: 2 other people here. You: Fay'
	);
	await openPeople(page);
	await expect(peoplePanel(page).getByRole('listitem').filter({ hasText: 'Ann' })).toContainText(
		'Projects'
	);
	await peoplePanel(page).getByRole('button', { name: 'Bring everyone to me' }).click();
	await page.keyboard.press('Escape');
	await expect(page.getByRole('status').filter({ hasText: 'Everyone follows you' })).toBeVisible();

	await goToView(page, 'Rank');
	for (const person of [ann, bob]) {
		await expect(person).toHaveURL(/\/ranking$/);
		await expect(person.getByRole('status').filter({ hasText: 'Following Fay' })).toBeVisible();
	}

	// The presenter's selection becomes the followers'; theirs shows in their colour here.
	const subs = (p: Page) => p.locator('li[data-id="p-subs"]');
	await subs(page).getByRole('button', { name: 'Subscription billing', exact: true }).click();
	await expect(
		subs(ann).getByRole('button', { name: 'Subscription billing', exact: true })
	).toHaveAttribute('aria-pressed', 'true');
	await expect(subs(page)).toContainText('selected by Ann');
	await expect(subs(page)).toContainText('selected by Bob');

	// Live pointers on the board, in each person's colour with their name; Ann hides them.
	await subs(page).hover({ position: { x: 40, y: 10 } });
	await page.locator('li[data-id="p-wms"]').hover({ position: { x: 60, y: 10 } });
	const fayPointer = ann.getByTestId('pointers').getByText('Fay', { exact: true });
	await expect(fayPointer).toBeVisible();
	await openPeople(ann);
	await peoplePanel(ann).getByLabel('Show other people’s pointers').uncheck();
	await expect(fayPointer).toHaveCount(0);
	await ann.keyboard.press('Escape');

	// Ann goes her own way: she stops following.
	await goToView(ann, 'Projects');
	await expect(ann.getByText('Following Fay')).toHaveCount(0);

	await goToView(page, 'Agenda');
	await expect(bob).toHaveURL(/\/workshop$/);

	// Bob stops with the chip; the presenter moves on without him.
	await bob.getByRole('status').getByRole('button', { name: 'Stop' }).click();
	await expect(bob.getByText('Following Fay')).toHaveCount(0);
	await goToView(page, 'Vote and comment');
	await openPeople(ann);
	await expect(peoplePanel(ann).getByRole('listitem').filter({ hasText: 'Fay' })).toContainText(
		'Vote and comment'
	);
	await expect(bob).toHaveURL(/\/workshop$/);
	await expect(ann).not.toHaveURL(/\/(workshop|review)$/);
});

test('everyone sees the same time on the shared timer, late joiners included', async ({
	page,
	browser
}) => {
	// Every device's wall clock is held at the same instant and moved by hand (timers
	// keep running, so the page ticks): the time shown comes only from the stored facts.
	const t1 = Date.parse('2027-03-01T09:00:00Z');
	const edit = await startWorkshop(page);
	const ann = await phone(browser, 'Ann');
	await ann.goto(at(edit, 'workshop'));
	await goToView(page, 'Agenda');
	await page.getByRole('button', { name: '5 min', exact: true }).click();
	await expect(
		ann.getByRole('status').filter({ hasText: 'Paused: 5:00 left of 5:00' })
	).toBeVisible();

	for (const person of [page, ann]) await person.clock.setFixedTime(t1);
	await page.getByRole('button', { name: 'Start', exact: true }).click();
	for (const person of [page, ann]) {
		await expect(person.getByText('Running: 5:00 left')).toBeVisible();
	}
	for (const person of [page, ann]) await person.clock.setFixedTime(t1 + 90_000);
	for (const person of [page, ann]) {
		await expect(person.getByText('Running: 3:30 left')).toBeVisible();
		await expect(person.getByRole('link', { name: 'Timer: 3:30 left' })).toBeVisible();
	}

	// Someone joining now computes the same time from the stored start.
	const late = await phone(browser, 'Cy');
	await late.clock.setFixedTime(t1 + 90_000);
	await late.goto(at(edit, 'workshop'));
	await expect(late.getByText('Running: 3:30 left')).toBeVisible();

	for (const person of [page, ann, late]) await person.clock.setFixedTime(t1 + 100_000);
	await page.getByRole('button', { name: 'Pause' }).click();
	for (const person of [ann, late]) {
		await expect(person.getByText('Paused: 3:20 left of 5:00')).toBeVisible();
	}
	// Paused means paused everywhere, however much time passes.
	await late.clock.setFixedTime(t1 + 400_000);
	await late.reload();
	await expect(late.getByText('Paused: 3:20 left of 5:00')).toBeVisible();

	// Resumed and run out: everyone sees that time is up.
	for (const person of [page, ann, late]) await person.clock.setFixedTime(t1 + 500_000);
	await page.getByRole('button', { name: 'Resume' }).click();
	for (const person of [page, ann, late]) await person.clock.setFixedTime(t1 + 500_000 + 200_000);
	for (const person of [page, ann, late]) {
		await expect(person.getByRole('status').filter({ hasText: 'Time is up' })).toBeVisible();
	}
});

test('poker votes stay hidden until the reveal, then the medians go in as one undoable change', async ({
	page,
	browser
}, info) => {
	// Three people, two rounds and an undo: it needs more than the default minute on 2 busy cores.
	test.slow();
	const edit = await startWorkshop(page);
	const ann = await phone(browser, 'Ann');
	const bob = await phone(browser, null);
	await ann.goto(at(edit, 'workshop'));
	await bob.goto(at(edit, 'workshop'));

	await goToView(page, 'Agenda');
	await page.getByText('Set up a poker round').click();
	await page.getByLabel('Criterion to score').selectOption({ label: 'Financial return (0-10)' });
	const setup = page.getByRole('region', { name: 'Priority poker' });
	await setup.getByRole('button', { name: 'None' }).click();
	await setup.getByLabel('Self-service customer portal').check();
	await setup.getByLabel('Subscription billing').check();
	await page.getByRole('button', { name: 'Start poker round' }).click();

	const vote = async (person: Page, project: string, value: number) =>
		person
			.getByRole('group', { name: project })
			.getByRole('radio', { name: String(value), exact: true })
			.check();
	await vote(ann, 'Self-service customer portal', 8);
	await vote(ann, 'Subscription billing', 7);
	// Bob has no name yet: he is asked first.
	await bob.getByRole('textbox', { name: 'Your name' }).fill('Bob');
	await bob.getByRole('button', { name: 'Continue' }).click();
	// His name reaches the room's presence too.
	await openPeople(page);
	await expect(peoplePanel(page).getByRole('listitem').filter({ hasText: 'Bob' })).toContainText(
		'Agenda'
	);
	await page.keyboard.press('Escape');
	await vote(bob, 'Self-service customer portal', 8);
	await vote(bob, 'Subscription billing', 6);
	await vote(page, 'Self-service customer portal', 1);
	await vote(page, 'Subscription billing', 7);

	for (const person of [page, ann, bob]) {
		await expect(person.getByText('Voted: Ann, Bob, Fay')).toBeVisible();
		await expect(person.getByRole('columnheader', { name: 'Median' })).toHaveCount(0);
		await expect(person.getByText(/(Ann|Bob|Fay): \d/)).toHaveCount(0);
	}
	await expect(ann.getByRole('button', { name: 'Reveal votes' })).toBeVisible();
	await expectNoAxeViolations(bob);
	await expectNoHorizontalScroll(bob);
	await bob.screenshot({ path: info.outputPath('poker-vote-phone.png'), fullPage: true });

	await page.getByRole('button', { name: 'Reveal votes' }).click();
	const row = (person: Page, name: string) => person.getByRole('row').filter({ hasText: name });
	const portal = row(ann, 'Self-service customer portal');
	await expect(portal).toContainText('Fay: 1');
	await expect(portal).toContainText('outlier');
	await expect(portal.getByRole('cell').nth(1)).toHaveText('8');
	await expect(row(ann, 'Subscription billing').getByRole('cell').nth(1)).toHaveText('7');
	await expect(row(ann, 'Subscription billing')).not.toContainText('outlier');
	// Now: the portfolio's scores before accepting.
	await expect(row(page, 'Self-service customer portal').getByRole('cell').last()).toHaveText('6');
	await expect(row(page, 'Subscription billing').getByRole('cell').last()).toHaveText('8');

	await page.getByRole('button', { name: 'Accept medians into scores' }).click();
	await expect(row(ann, 'Self-service customer portal').getByRole('cell').last()).toHaveText('8');
	await expect(row(ann, 'Subscription billing').getByRole('cell').last()).toHaveText('7');

	// The presenter's screen, presenting: large type, no editing chrome, but the
	// facilitator still drives it: poker's accept, and the ranking board below.
	await dismissToasts(page);
	await page.getByRole('button', { name: 'Present', exact: true }).click();
	await expect(page.getByRole('button', { name: 'Stop presenting' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Accept medians into scores' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Undo' })).toHaveCount(0);
	await expect(page.getByLabel('Duration (minutes)')).toHaveCount(0);
	await expectNoAxeViolations(page);
	await expectNoHorizontalScroll(page);
	await page.screenshot({ path: info.outputPath('presenter-1920.png') });

	// Presenting on the ranking view shows its stage: a move there reaches the room.
	await page.getByRole('button', { name: 'Stop presenting' }).click();
	await goToView(page, 'Rank');
	await goToView(bob, 'Rank');
	const before = await rankOrder(bob);
	await page.getByRole('button', { name: 'Present', exact: true }).click();
	// The buttons show on hover or focus, so the room sees a clean list.
	const up = page.locator('.stage-host li[data-rank="3"]').getByRole('button', { name: /up$/ });
	await up.focus();
	await up.click();
	const after = [before[0], before[2], before[1], ...before.slice(3)];
	await expect.poll(() => rankOrder(bob)).toEqual(after);
	await expectNoAxeViolations(page);
	await page.screenshot({ path: info.outputPath('presenter-ranking-1920.png') });

	await page.getByRole('button', { name: 'Stop presenting' }).click();
	// The move is its own undo step.
	await page.getByRole('button', { name: 'Undo' }).click();
	await expect.poll(() => rankOrder(bob)).toEqual(before);
	await goToView(bob, 'Agenda');

	// One change: one undo puts both scores back, on every screen.
	await page.getByRole('button', { name: 'Undo' }).click();
	await expect(row(bob, 'Self-service customer portal').getByRole('cell').last()).toHaveText('6');
	await expect(row(bob, 'Subscription billing').getByRole('cell').last()).toHaveText('8');
	await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
});

test('dot voting keeps each person to their budget and tallies after the reveal', async ({
	page,
	browser
}, info) => {
	const edit = await startWorkshop(page);
	const ann = await phone(browser, 'Ann');
	const bob = await phone(browser, 'Bob');
	await ann.goto(at(edit, 'workshop'));
	await bob.goto(at(edit, 'workshop'));

	await goToView(page, 'Agenda');
	await page.getByText('Set up dot voting').click();
	await page.getByLabel('Dots per person').fill('2');
	await page
		.getByRole('region', { name: 'Dot voting' })
		.getByRole('button', { name: 'Top 8' })
		.click();
	await page.getByRole('button', { name: 'Start dot voting' }).click();

	await ann.getByRole('button', { name: 'Add a dot to Subscription billing' }).click();
	await ann.getByRole('button', { name: 'Add a dot to Subscription billing' }).click();
	await expect(ann.getByText('0 of 2 dots left')).toBeVisible();
	await expect(
		ann.getByRole('button', { name: 'Add a dot to Self-service customer portal' })
	).toBeDisabled();
	await ann.getByRole('button', { name: 'Take a dot back from Subscription billing' }).click();
	await expect(ann.getByText('1 of 2 dots left')).toBeVisible();
	await ann.getByRole('button', { name: 'Add a dot to Delivery route optimisation' }).click();
	await bob.getByRole('button', { name: 'Add a dot to Subscription billing' }).click();
	await expect(page.getByText('2 people have placed dots.')).toBeVisible();
	await expectNoAxeViolations(ann);
	await ann.screenshot({ path: info.outputPath('dots-phone.png'), fullPage: true });

	await page.getByRole('button', { name: 'Reveal dots' }).click();
	const tally = ann.getByRole('list', { name: 'Dot tally' }).getByRole('listitem');
	await expect(tally.nth(0)).toContainText('Subscription billing');
	await expect(tally.nth(0)).toContainText('2 dots');
	await expect(tally.nth(1)).toContainText('Delivery route optimisation');
	await expect(tally.nth(1)).toContainText('1 dot');
	// Anonymous by default: the tally names nobody.
	await expect(ann.getByRole('list', { name: 'Dot tally' })).not.toContainText('Ann');
	await expect(ann.getByRole('button', { name: /^Add a dot/ })).toHaveCount(0);
});

test('a phone votes from the review cards, comments offline, and the facilitator gets both', async ({
	page,
	browser
}, info) => {
	const edit = await startWorkshop(page);
	await goToView(page, 'Agenda');
	await page.getByText('Set up dot voting').click();
	await page.getByLabel('Dots per person').fill('2');
	await page
		.getByRole('region', { name: 'Dot voting' })
		.getByRole('button', { name: 'Top 8' })
		.click();
	await page.getByRole('button', { name: 'Start dot voting' }).click();
	await page.getByText('Set up a poker round').click();
	await page.getByLabel('Criterion to score').selectOption({ label: 'Financial return (0-10)' });
	const setup = page.getByRole('region', { name: 'Priority poker' });
	await setup.getByRole('button', { name: 'None' }).click();
	await setup.getByLabel('Subscription billing').check();
	await page.getByRole('button', { name: 'Start poker round' }).click();

	// Ann's phone reaches the relay through a switch the test can open.
	const ann = await phone(browser, 'Ann');
	let cutOff = false;
	const sockets: { close: () => Promise<void> }[] = [];
	await ann.context().routeWebSocket(/\/yjs/, (socket) => {
		if (cutOff) void socket.close({ code: 1006 });
		else {
			socket.connectToServer();
			sockets.push(socket);
		}
	});
	await ann.goto(at(edit, 'review'));
	const status = ann.locator('[data-status]');
	await expect(status).toHaveAttribute('data-status', 'saved');

	// Dots from the cards: the budget holds across cards.
	const bar = ann.getByRole('region', { name: 'Open vote' });
	await expect(bar).toContainText('2 of 2 dots left');
	await ann.getByRole('button', { name: 'Add a dot to Subscription billing' }).click();
	await ann.getByRole('button', { name: 'Add a dot to Subscription billing' }).click();
	await expect(bar).toContainText('0 of 2 dots left');
	await expect(ann.getByLabel('2 dots on Subscription billing')).toBeVisible();
	await expect(
		ann.getByRole('button', { name: 'Add a dot to Delivery route optimisation' })
	).toBeDisabled();
	await expect(ann.getByRole('button', { name: /^Add a dot/ }).first()).toBeDisabled();
	await ann.getByRole('button', { name: 'Take a dot back from Subscription billing' }).click();
	await expect(bar).toContainText('1 of 2 dots left');

	// Poker on the card of the round only, by keyboard: focus the score, arrow to the next.
	const score = ann.getByRole('group', { name: /^Your score for Subscription billing:/ });
	await score.getByRole('radio', { name: '6', exact: true }).check();
	await ann.keyboard.press('ArrowRight');
	await expect(score.getByRole('radio', { name: '7', exact: true })).toBeChecked();
	await expect(
		ann.getByRole('group', { name: /^Your score for Delivery route optimisation:/ })
	).toHaveCount(0);
	await expect(bar).toContainText('1 of 1 scored');
	await expect(page.getByText('Voted: Ann')).toBeVisible();
	await expect(page.getByText(/Ann: \d/)).toHaveCount(0);

	await expectNoAxeViolations(ann);
	await expectNoHorizontalScroll(ann);
	const targets = await ann
		.locator('.vote button, .vote label')
		.evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
	expect(Math.min(...targets)).toBeGreaterThanOrEqual(44);
	await ann.screenshot({ path: info.outputPath('review-vote-phone.png'), fullPage: false });

	// The relay drops out for Ann only; she keeps voting and comments.
	cutOff = true;
	for (const socket of sockets.splice(0)) await socket.close();
	await expect(status).toHaveAttribute('data-status', 'offline');
	await ann.getByRole('button', { name: 'Add a dot to Delivery route optimisation' }).click();
	await expect(bar).toContainText('0 of 2 dots left');
	await ann.getByText('Delivery route optimisation').first().click();
	await ann
		.getByLabel('Comment on Delivery route optimisation')
		.fill('Pilot it in one depot first');
	await ann.getByRole('button', { name: 'Post comment' }).click();
	await expect(ann.getByText('Pilot it in one depot first')).toBeVisible();
	await expect(page.getByText('1 person has placed dots.')).toBeVisible();
	await ann.screenshot({ path: info.outputPath('review-offline-phone.png'), fullPage: false });

	cutOff = false;
	await ann.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(status).toHaveAttribute('data-status', 'saved');

	await goToView(page, 'Vote and comment');
	await page.getByText('Delivery route optimisation').first().click();
	await expect(page.getByText('Pilot it in one depot first')).toBeVisible();
	await page.screenshot({ path: info.outputPath('review-vote-presenter.png'), fullPage: false });
	await goToView(page, 'Agenda');
	await page.getByRole('button', { name: 'Reveal dots' }).click();
	const tally = page.getByRole('list', { name: 'Dot tally' }).getByRole('listitem');
	await expect(tally.filter({ hasText: 'Subscription billing' })).toContainText('1 dot');
	await expect(tally.filter({ hasText: 'Delivery route optimisation' })).toContainText('1 dot');
	await expect(ann.getByRole('button', { name: /^Add a dot/ })).toHaveCount(0);
});

test('undo undoes only my own changes, in the projects list and on the ranking board', async ({
	page,
	browser
}) => {
	const edit = await startWorkshop(page);
	const ann = await phone(browser, 'Ann');
	await ann.goto(edit);

	await page.getByLabel('New project name').fill('From Fay');
	await page.getByRole('button', { name: 'Add project' }).click();
	await ann.getByLabel('New project name').fill('From Ann');
	await ann.getByRole('button', { name: 'Add project' }).click();
	for (const person of [page, ann]) {
		await expect(person.getByRole('button', { name: 'From Ann', exact: true })).toBeVisible();
		await expect(person.getByRole('button', { name: 'From Fay', exact: true })).toBeVisible();
	}
	await page.getByRole('button', { name: 'Undo' }).click();
	for (const person of [page, ann]) {
		await expect(person.getByRole('button', { name: 'From Fay', exact: true })).toHaveCount(0);
		await expect(person.getByRole('button', { name: 'From Ann', exact: true })).toBeVisible();
	}

	await goToView(page, 'Rank');
	await goToView(ann, 'Rank');
	const before = await rankOrder(page);
	await page.getByRole('button', { name: 'Move Delivery route optimisation to top' }).click();
	await expect
		.poll(() => rankOrder(ann))
		.toEqual(['p-route', ...before.filter((id) => id !== 'p-route')]);
	await ann.getByRole('button', { name: 'Move Self-service customer portal down' }).click();
	const both = [
		'p-route',
		'p-subs',
		'p-portal',
		...before.filter((id) => !['p-route', 'p-portal', 'p-subs'].includes(id))
	];
	await expect.poll(() => rankOrder(page)).toEqual(both);

	// Ann's undo takes back her move only; Fay's stays.
	await ann.keyboard.press('Control+z');
	const fayOnly = ['p-route', ...before.filter((id) => id !== 'p-route')];
	await expect.poll(() => rankOrder(page)).toEqual(fayOnly);
	await expect.poll(() => rankOrder(ann)).toEqual(fayOnly);
	// And Fay's undo takes back hers, not Ann's undone one.
	await page.getByRole('button', { name: 'Undo' }).click();
	await expect.poll(() => rankOrder(ann)).toEqual(before);
});

test('a view link watches: in presence, with no votes or comments, and the phone review reads well', async ({
	page,
	browser
}, info) => {
	const edit = await startWorkshop(page);
	await page.getByRole('button', { name: 'Share' }).click();
	const dialog = page.getByRole('dialog', { name: 'Share this portfolio' });
	const view = await dialog.getByLabel(/View link/).inputValue();
	await dialog.getByRole('button', { name: 'Done' }).click();

	await goToView(page, 'Agenda');
	await page.getByText('Set up dot voting').click();
	await page
		.getByRole('region', { name: 'Dot voting' })
		.getByRole('button', { name: 'Top 8' })
		.click();
	await page.getByRole('button', { name: 'Start dot voting' }).click();

	const viewer = await phone(browser, 'Vic');
	await viewer.goto(at(view, 'workshop'));
	await expect(
		viewer.getByText('You opened a view link: you can watch, not vote or comment.')
	).toBeVisible();
	await expect(viewer.getByRole('button', { name: /^Add a dot/ })).toHaveCount(0);
	await expect(viewer.getByRole('button', { name: 'Reveal dots' })).toHaveCount(0);
	await openPeople(page);
	await expect(peoplePanel(page).getByRole('listitem').filter({ hasText: 'Vic' })).toContainText(
		'viewer'
	);

	// The phone review: ranked cards with the funding line; a participant comments.
	const ann = await phone(browser, 'Ann');
	await ann.goto(at(edit, 'review'));
	await expect(ann.getByRole('heading', { name: 'Vote and comment', level: 1 })).toBeVisible();
	await expect(ann.getByText('Funding line', { exact: true })).toBeVisible();
	await ann.getByText('Subscription billing').first().click();
	await ann.getByLabel('Comment on Subscription billing').fill('Can we phase it?');
	await ann.getByRole('button', { name: 'Post comment' }).click();

	await viewer.goto(at(view, 'review'));
	await viewer.getByText('Subscription billing').first().click();
	await expect(viewer.getByText('Can we phase it?')).toBeVisible();
	await expect(viewer.getByLabel('Comment on Subscription billing')).toHaveCount(0);
	// A dot round is open, but a view link gets no voting controls on the cards.
	await expect(viewer.getByText(/Dot voting/)).toBeVisible();
	await expect(viewer.getByRole('button', { name: /^Add a dot/ })).toHaveCount(0);
	await expect(viewer.getByRole('button', { name: 'Resolve' })).toHaveCount(0);

	await ann.getByRole('button', { name: 'Resolve' }).click();
	await expect(viewer.getByText('Resolved (1)')).toBeVisible();
	await expectNoAxeViolations(ann);
	await expectNoHorizontalScroll(ann);
	await ann.screenshot({ path: info.outputPath('review-phone.png'), fullPage: false });
});

test('accepting a half median says it rounds, before and in the decision log', async ({
	page,
	browser
}) => {
	const edit = await startWorkshop(page);
	const ann = await phone(browser, 'Ann');
	await ann.goto(at(edit, 'workshop'));
	await goToView(page, 'Agenda');
	await page.getByText('Set up a poker round').click();
	await page.getByLabel('Criterion to score').selectOption({ label: 'Financial return (0-10)' });
	const setup = page.getByRole('region', { name: 'Priority poker' });
	await setup.getByRole('button', { name: 'None' }).click();
	await setup.getByLabel('Subscription billing').check();
	await page.getByRole('button', { name: 'Start poker round' }).click();
	const vote = (person: Page, value: number) =>
		person
			.getByRole('group', { name: 'Subscription billing' })
			.getByRole('radio', { name: String(value), exact: true })
			.check();
	await vote(page, 6);
	await vote(ann, 7);
	await expect(page.getByText('Voted: Ann, Fay')).toBeVisible();
	await page.getByRole('button', { name: 'Reveal votes' }).click();

	const row = page.getByRole('row').filter({ hasText: 'Subscription billing' });
	await expect(row.getByRole('cell').nth(1)).toHaveText('6.5 → 7 (rounded)');
	const accept = page.getByRole('button', { name: 'Accept medians into scores' });
	await expect(accept).toHaveAccessibleDescription(/rounds one median half up/);
	await accept.click();
	await expect(row.getByRole('cell').last()).toHaveText('7');

	await goToView(page, 'Decisions');
	await expect(page.getByText(/Subscription billing 6\.5 → 7 \(rounded\)/)).toBeVisible();
});
