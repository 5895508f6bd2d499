import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, goToView, type HomePage, test, WorkspacePage } from './fixtures';

/** The Criteria view, as a person uses it. */
class CriteriaPage {
	constructor(readonly page: Page) {}

	async open() {
		await goToView(this.page, 'Criteria');
		await expect(
			this.page.getByRole('heading', { name: 'Criteria and weights', level: 1 })
		).toBeVisible();
	}

	/** The portfolio's own pairwise editor (one pair at a time). */
	portfolioPair(): Locator {
		return this.page.getByRole('region', { name: 'Portfolio judgements, one pair at a time' });
	}

	/** This participant's own judgements in the group section. */
	myPair(): Locator {
		return this.page.getByRole('region', { name: 'Your own judgements, one pair at a time' });
	}

	weight(list: 'Portfolio weights' | 'Group weights', criterion: string): Locator {
		return this.page
			.getByRole('list', { name: list })
			.getByRole('listitem')
			.filter({ hasText: criterion });
	}

	verdict(): Locator {
		return this.page.locator('.consistency [data-verdict]');
	}

	/** Chooses a step of the scale with the keyboard, as a radio group is used. */
	async choose(editor: Locator, step: RegExp) {
		const radio = editor.getByRole('radio', { name: step });
		await radio.focus();
		await this.page.keyboard.press('Space');
		await expect(radio).toBeChecked();
	}

	async enterName(name: string) {
		await this.page.getByLabel('Your name').fill(name);
		await this.page.getByRole('button', { name: 'Start judging' }).click();
		await expect(this.page.getByText(`Judging as ${name}`)).toBeVisible();
	}
}

async function openSampleCriteria(home: HomePage, page: Page): Promise<CriteriaPage> {
	await home.goto();
	await home.openSample();
	const criteria = new CriteriaPage(page);
	await criteria.open();
	return criteria;
}

test('a pair judged with the keyboard moves the weights and the consistency verdict', async ({
	home,
	page
}) => {
	const criteria = await openSampleCriteria(home, page);
	const editor = criteria.portfolioPair();
	await expect(editor.getByText('Pair 1 of 28')).toBeVisible();
	await expect(criteria.verdict()).toHaveText(/Consistent enough \(CR 0\.01 ≤ 0\.10\)/);
	const growth = criteria.weight('Portfolio weights', 'Revenue growth');
	await expect(growth).toContainText('20.3%');

	// The sample says "Revenue growth 2× more important"; arrow keys walk the scale to
	// the other end, "Customer satisfaction extremely more important".
	const current = editor.getByRole('radio', { checked: true });
	await expect(current).toHaveAccessibleName(/^2× Revenue growth/);
	await current.focus();
	for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight');
	await expect(editor.getByRole('radio', { checked: true })).toHaveAccessibleName(
		/^9× Customer satisfaction extremely more important/
	);
	await expect(growth).toContainText('13.9%');
	await expect(criteria.verdict()).toHaveText(
		/Inconsistent: revisit these judgements \(CR 0\.11 > 0\.10\)/
	);

	// The judgement to revisit is named, with its triad, and opens its pair.
	await editor.getByRole('button', { name: 'Next pair' }).click();
	await expect(editor.getByText('Pair 2 of 28')).toBeVisible();
	const revisit = page.getByRole('button', {
		name: 'Revisit pair 1: Revenue growth vs Customer satisfaction'
	});
	await expect(
		page.getByText(/Customer satisfaction over Revenue growth 9×/).first()
	).toBeVisible();
	await revisit.click();
	await expect(editor.getByText('Pair 1 of 28')).toBeVisible();
	await expect(editor.getByRole('radio', { checked: true })).toBeFocused();

	// The matrix shows the same judgement, marks it, and edits it too.
	await page.getByRole('radio', { name: 'Full matrix' }).check({ force: true });
	const cell = page.getByRole('combobox', {
		name: 'Revenue growth compared with Customer satisfaction (revisit)'
	});
	await expect(cell).toHaveValue('16');
	await cell.selectOption({ label: '2' });
	await expect(criteria.verdict()).toHaveText(/Consistent enough/);
	await expect(growth).toContainText('20.3%');

	await page.getByRole('button', { name: 'Undo', exact: true }).click();
	await expect(criteria.verdict()).toHaveText(/Inconsistent/);
});

test('criteria are added, linked, reordered and deleted with undo', async ({ home, page }) => {
	const criteria = await openSampleCriteria(home, page);
	await page.getByLabel('New criterion name').fill('Innovation');
	await page.getByRole('button', { name: 'Add criterion' }).click();
	const item = page
		.getByRole('listitem')
		.filter({ has: page.getByRole('button', { name: 'Delete Innovation' }) });
	await expect(page.getByRole('button', { name: 'Move Innovation down' })).toBeDisabled();

	await item.getByLabel('Kind').selectOption('cost');
	await expect(item).toContainText('a high score counts against the project');
	await item.getByLabel('Scored by').selectOption('o-people');
	await expect(item).toContainText('contributions to “Grow our people”');

	await page.getByRole('button', { name: 'Move Innovation up' }).focus();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('button', { name: 'Move Innovation down' })).toBeEnabled();

	await page.getByRole('button', { name: 'Delete Innovation' }).click();
	await expect(page.getByRole('button', { name: 'Delete Innovation' })).toHaveCount(0);
	await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
	await expect(page.getByRole('button', { name: 'Delete Innovation' })).toBeVisible();
	await expect(criteria.weight('Portfolio weights', 'Innovation')).toBeVisible();
});

test('direct weights are set by slider or number and always shown in %', async ({ home, page }) => {
	const criteria = await openSampleCriteria(home, page);
	await page.getByRole('radio', { name: /^Direct/ }).check({ force: true });
	// Switching starts from the current weights.
	await expect(criteria.weight('Portfolio weights', 'Revenue growth')).toContainText('20.3%');
	await page.getByLabel('Revenue growth weight in %').fill('40');
	await page.getByLabel('Revenue growth weight in %').press('Tab');
	await expect(criteria.weight('Portfolio weights', 'Revenue growth')).toContainText('40.0%');
	const urgency = criteria.weight('Portfolio weights', 'Urgency');
	const before = (await urgency.textContent())!;
	await page.getByRole('slider', { name: 'Urgency' }).focus();
	await page.keyboard.press('ArrowRight');
	await expect(urgency).not.toHaveText(before);
	const adjusted = (await criteria.weight('Portfolio weights', 'Revenue growth').textContent())!;

	// Going to pairwise and back keeps the direct weights that were set.
	await page.getByRole('radio', { name: /^Pairwise/ }).check({ force: true });
	await expect(criteria.weight('Portfolio weights', 'Revenue growth')).toContainText('20.3%');
	await page.getByRole('radio', { name: /^Direct/ }).check({ force: true });
	await expect(criteria.weight('Portfolio weights', 'Revenue growth')).toHaveText(adjusted);
});

test('two participants judge, the group result is adopted in one undoable step', async ({
	home,
	workspace,
	page,
	secondPerson
}) => {
	const ann = await openSampleCriteria(home, page);
	const { edit } = await workspace.shareLinks();
	await secondPerson.goto(edit!.replace('#', '/criteria#'));
	const bob = new CriteriaPage(secondPerson);
	await expect(
		secondPerson.getByRole('heading', { name: 'Criteria and weights', level: 1 })
	).toBeVisible();

	await ann.enterName('Ann');
	await bob.enterName('Bob');
	await ann.choose(ann.myPair(), /^3× Revenue growth moderately more important/);
	await bob.choose(bob.myPair(), /^3× Customer satisfaction moderately more important/);

	// Both see both, and the pair where they disagree.
	for (const person of [page, secondPerson]) {
		await expect(person.getByText('2 participants')).toBeVisible();
		await expect(
			person.getByText('High disagreement: Revenue growth vs Customer satisfaction')
		).toBeVisible();
	}
	// Geometric mean of 3 and 1/3 is 1: with no other pair judged, all weights are equal.
	await expect(ann.weight('Group weights', 'Revenue growth')).toContainText('12.5%');

	await page.getByRole('button', { name: 'Adopt the group result' }).click();
	await expect(ann.weight('Portfolio weights', 'Revenue growth')).toContainText('12.5%');
	await expect(bob.weight('Portfolio weights', 'Revenue growth')).toContainText('12.5%');

	await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
	await expect(ann.weight('Portfolio weights', 'Revenue growth')).toContainText('20.3%');
	await expect(bob.weight('Portfolio weights', 'Revenue growth')).toContainText('20.3%');
	// Undo took back the adoption only: everyone's judgements are still there.
	await expect(page.getByText('2 participants')).toBeVisible();
});

test('a viewer follows weights and the group result without controls', async ({
	home,
	workspace,
	page,
	secondPerson
}) => {
	await openSampleCriteria(home, page);
	const { view } = await workspace.shareLinks();
	await secondPerson.goto(view.replace('#', '/criteria#'));
	const viewer = new CriteriaPage(secondPerson);
	await expect(viewer.weight('Portfolio weights', 'Revenue growth')).toContainText('20.3%');
	await expect(secondPerson.getByLabel('New criterion name')).toHaveCount(0);
	await expect(secondPerson.getByRole('button', { name: /^Delete / })).toHaveCount(0);
	await expect(secondPerson.getByRole('button', { name: 'Adopt the group result' })).toHaveCount(0);
	for (const radio of await viewer.portfolioPair().getByRole('radio').all()) {
		await expect(radio).toBeDisabled();
	}
	await expect(secondPerson.getByText(/View-only link/).first()).toBeVisible();
	await expect(new WorkspacePage(secondPerson).syncStatus()).toBeVisible();
});

const screens = [
	{ name: 'phone', viewport: { width: 390, height: 844 } },
	{ name: 'projector', viewport: { width: 1920, height: 1080 } }
];

for (const screen of screens) {
	test.describe(`on a ${screen.name}`, () => {
		test.use({ viewport: screen.viewport });

		test('the criteria view fits the screen and passes axe', async ({ home, page }, info) => {
			const criteria = await openSampleCriteria(home, page);
			await expectFits(page);
			await page.screenshot({
				path: info.outputPath(`criteria-${screen.name}.png`),
				fullPage: true
			});

			await page.getByRole('radio', { name: 'Full matrix' }).check({ force: true });
			await expect(page.getByRole('region', { name: 'Pairwise judgement matrix' })).toBeVisible();
			await expectFits(page);
			await page.screenshot({ path: info.outputPath(`matrix-${screen.name}.png`), fullPage: true });

			await criteria.enterName('Ann');
			await criteria.choose(criteria.myPair(), /^5× Revenue growth strongly more important/);
			await page.getByText(/^Every pair/).click();
			await expectFits(page);
			await page.screenshot({ path: info.outputPath(`group-${screen.name}.png`), fullPage: true });

			await page.getByRole('radio', { name: /^Direct/ }).check({ force: true });
			await expect(page.getByRole('slider', { name: 'Revenue growth' })).toBeVisible();
			await expectFits(page);
			await page.screenshot({ path: info.outputPath(`direct-${screen.name}.png`), fullPage: true });
		});
	});
}

async function expectFits(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}
