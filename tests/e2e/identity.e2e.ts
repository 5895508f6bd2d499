import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * One identity per device: a person gives their name once, the first time something
 * needs it, and every part of the workshop (presence, poker, dots, comments) uses it;
 * they change it in one place, the "You" row of the people list, and the room follows.
 */

test.use({ viewport: { width: 1280, height: 800 } });

test.afterEach(async ({ browser }) => {
	for (const context of browser.contexts()) await context.close();
});

function at(link: string, view: string): string {
	return link.replace('#', `/${view}#`);
}

/** The facilitator, named on this device, opens the sample and starts poker and dots. */
async function startRounds(page: Page): Promise<string> {
	await page
		.context()
		.addInitScript(() =>
			localStorage.setItem('cairn:participant', JSON.stringify({ id: 'u-fay', name: 'Fay' }))
		);
	await page.goto('/');
	await page.getByRole('button', { name: 'Open sample portfolio' }).click();
	await expect(page.getByRole('heading', { name: /^Projects/ })).toBeVisible();
	await page.getByRole('button', { name: 'Share' }).click();
	const dialog = page.getByRole('dialog', { name: 'Share this portfolio' });
	const edit = await dialog.getByLabel(/Edit link/).inputValue();
	await dialog.getByRole('button', { name: 'Done' }).click();

	await page.goto(at(edit, 'workshop'));
	await page.getByText('Set up a poker round').click();
	await page.getByLabel('Criterion to score').selectOption({ label: 'Financial return (0-10)' });
	const poker = page.getByRole('region', { name: 'Priority poker' });
	await poker.getByRole('button', { name: 'None' }).click();
	await poker.getByLabel('Subscription billing').check();
	await page.getByRole('button', { name: 'Start poker round' }).click();
	await page.getByText('Set up dot voting').click();
	await page.getByLabel('Dots per person').fill('2');
	await page
		.getByRole('region', { name: 'Dot voting' })
		.getByRole('button', { name: 'Top 8' })
		.click();
	await page.getByRole('button', { name: 'Start dot voting' }).click();
	return edit;
}

async function newcomer(browser: Browser): Promise<Page> {
	return (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
}

function people(page: Page) {
	return page.getByRole('region', { name: 'People in this portfolio' });
}

async function openPeople(page: Page) {
	await page.getByRole('button', { name: /^People:/ }).click();
	await expect(people(page)).toBeVisible();
}

test('a name given once shows everywhere, and a rename in one place reaches the room', async ({
	page,
	browser
}) => {
	const edit = await startRounds(page);
	const bob = await newcomer(browser);
	await bob.goto(at(edit, 'workshop'));

	// Asked once, when his first vote needs it.
	const nameBox = bob.getByRole('textbox', { name: 'Your name' });
	await expect(nameBox).toHaveCount(1);
	await nameBox.fill('Bob');
	await bob.getByRole('button', { name: 'Continue' }).click();
	await bob
		.getByRole('group', { name: 'Subscription billing' })
		.getByRole('radio', { name: '7', exact: true })
		.check();
	await expect(page.getByText('Voted: Bob')).toBeVisible();

	// Dots: not asked again.
	await expect(bob.getByRole('textbox', { name: 'Your name' })).toHaveCount(0);
	await bob.getByRole('button', { name: 'Add a dot to Subscription billing' }).click();
	await expect(page.getByText('1 person has placed dots.')).toBeVisible();

	// Presence, on his own device and in the room.
	await openPeople(bob);
	await expect(people(bob)).toContainText('You: Bob');
	await bob.keyboard.press('Escape');
	await openPeople(page);
	await expect(people(page).getByRole('listitem').filter({ hasText: 'Bob' })).toHaveCount(1);
	await page.keyboard.press('Escape');

	// Comments: not asked again, signed with his name.
	await bob.goto(at(edit, 'review'));
	await bob.getByText('Delivery route optimisation').first().click();
	await expect(bob.getByRole('textbox', { name: 'Your name' })).toHaveCount(0);
	await bob.getByLabel('Comment on Delivery route optimisation').fill('Start with one depot');
	await bob.getByRole('button', { name: 'Post comment' }).click();
	const comment = bob.getByRole('listitem').filter({ hasText: 'Start with one depot' });
	await expect(comment.first()).toContainText('Bob');

	// The one place to change it: the "You" row of the people list.
	await openPeople(bob);
	await people(bob).getByRole('button', { name: 'Change name' }).click();
	await people(bob).getByRole('textbox', { name: 'Your name' }).fill('Robert');
	await people(bob).getByRole('button', { name: 'Save' }).click();
	await expect(people(bob)).toContainText('You: Robert');

	// The room follows at once, and his vote stays his under the new name.
	await openPeople(page);
	await expect(people(page).getByRole('listitem').filter({ hasText: 'Robert' })).toHaveCount(1);
	await expect(people(page).getByRole('listitem').filter({ hasText: 'Bob' })).toHaveCount(0);
	await page.keyboard.press('Escape');
	await expect(page.getByText('Voted: Robert')).toBeVisible();
});
