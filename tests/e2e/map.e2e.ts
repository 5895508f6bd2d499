import type { Locator, Page } from '@playwright/test';
import { northwind30File } from '../helpers/sample30';
import { expect, goToView, test } from './fixtures';

/** The strategy map, as a person uses it. */
class MapPage {
	constructor(readonly page: Page) {}

	async open() {
		await goToView(this.page, 'Map');
		await expect(this.page.getByRole('heading', { name: 'Strategy map', level: 1 })).toBeVisible();
		for (const dismiss of await this.page.getByRole('button', { name: 'Dismiss' }).all()) {
			await dismiss.click();
		}
	}

	canvas() {
		return this.page.getByRole('group', { name: /^Strategy map/ });
	}

	/** The canvas of highlighted links: `data-links` names what its last paint drew. */
	highlightedLinks() {
		return this.page.locator('canvas[data-links]');
	}

	/** The id of a link drawn on the canvases: `p:<project>>o:<objective>`. */
	async linkId(project: Locator, objective: Locator) {
		return `${await project.getAttribute('data-node')}>${await objective.getAttribute('data-node')}`;
	}

	/** A node of the canvas by the start of its accessible name ("Theme: Growth"). */
	node(name: string): Locator {
		return this.canvas().getByRole('button', { name: new RegExp(`^${escape(name)}`) });
	}

	panel() {
		return this.page.getByRole('region', { name: 'Details' });
	}

	async addTheme(title: string) {
		await this.page.getByRole('button', { name: 'Add theme' }).click();
		const field = this.panel().getByLabel('Title');
		await expect(field).toBeFocused();
		await field.fill(title);
		await field.press('Enter');
		await field.blur();
	}
}

function escape(text: string) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test.describe('on a laptop', () => {
	test.use({ viewport: { width: 1440, height: 900 } });

	test.beforeEach(async ({ home }) => {
		await home.goto();
		await home.openSample();
	});

	test('creates a theme with a sub-objective and a KPI', async ({ page }) => {
		const map = new MapPage(page);
		await map.open();
		await map.addTheme('Expand to the Nordics');
		await expect(map.node('Theme: Expand to the Nordics')).toBeVisible();

		await map.panel().getByRole('button', { name: 'Add sub-objective' }).click();
		const title = map.panel().getByLabel('Title');
		await title.fill('Open a Stockholm office');
		await title.blur();
		await expect(map.node('Objective: Open a Stockholm office')).toBeVisible();
		await expect(map.panel().getByLabel('Parent')).toHaveValue(/.+/);

		await map.panel().getByRole('button', { name: 'Add KPI' }).click();
		await map.panel().getByLabel('Name').fill('Nordic customers');
		await map.panel().getByLabel('Name').blur();
		await map.panel().getByLabel('Target').fill('40');
		await map.panel().getByLabel('Target').blur();
		await map.panel().getByLabel('2027-Q1').fill('12');
		await map.panel().getByLabel('2027-Q1').blur();
		await expect(map.node('KPI: Nordic customers')).toBeVisible();
		// 12 of 40 after one quarter of eight: far ahead of the straight-line plan.
		await expect(map.panel().getByText(/On track/)).toBeVisible();
		// A new objective nobody serves is flagged, with a glyph and words, not colour alone.
		await map.node('Objective: Open a Stockholm office').click();
		await expect(map.panel().getByText('No project serves it')).toBeVisible();
	});

	test('links a project with the keyboard picker and by dragging it onto an objective', async ({
		page
	}) => {
		const map = new MapPage(page);
		await map.open();
		await map.node('Theme: Grow our people').click();
		const picker = map.panel().getByRole('group', { name: 'Link a project' });
		await picker.getByLabel('Project').selectOption({ label: 'Carbon reporting' });
		await picker.getByLabel('Contribution').selectOption({ label: 'Strong' });
		await picker.getByRole('button', { name: 'Link project' }).click();
		await expect(map.panel().getByLabel('Contribution of Carbon reporting')).toHaveValue('3');
		// The new link is painted, strong, among the selected theme's highlighted links.
		const carbon = await map.linkId(
			map.node('Project: Carbon reporting'),
			map.node('Theme: Grow our people')
		);
		await expect(map.highlightedLinks()).toHaveAttribute(
			'data-links',
			new RegExp(`(^| )${escape(carbon)}=3( |$)`)
		);

		// Drag "Returns automation" onto "Grow our people": a new link starts moderate.
		await map.page.getByRole('button', { name: 'Fit to screen' }).click();
		// With the whole map in view every link is painted, on the layer of its weight: the
		// sample's 13 weak, 12 moderate and 11 strong links, and the new strong one.
		const layer = (weight: number) => page.locator(`canvas[data-weight="${weight}"]`);
		await expect(layer(1)).toHaveAttribute('data-drawn', '13 0 0');
		await expect(layer(2)).toHaveAttribute('data-drawn', '0 12 0');
		await expect(layer(3)).toHaveAttribute('data-drawn', '0 0 12');
		// Both ends of the drag in sight, as a person would scroll them.
		await map.canvas().evaluate((canvas) => canvas.scrollIntoView({ block: 'start' }));
		const project = map.node('Project: Returns automation');
		const target = map.node('Theme: Grow our people');
		const from = (await project.boundingBox())!;
		const to = (await target.boundingBox())!;
		// Escape in the middle of a drag cancels it: the drop then links nothing.
		await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
		await page.mouse.down();
		await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
		await page.keyboard.press('Escape');
		await page.mouse.up();
		await expect(page.getByRole('status', { name: 'Map announcements' })).toContainText(
			'Drag cancelled: nothing changed.'
		);
		await expect(layer(2)).toHaveAttribute('data-drawn', '0 12 0');
		await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
		await page.mouse.down();
		await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 - 20, {
			steps: 4
		});
		await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 10 });
		await page.mouse.up();
		await expect(page.getByRole('status', { name: 'Map announcements' })).toContainText(
			'“Returns automation” serves “Grow our people”: moderate.'
		);
		await expect(
			map.panel().getByLabel('Contribution to Grow our people', { exact: true })
		).toHaveValue('2');
		const returns = await map.linkId(project, target);
		const drawn = new RegExp(`(^| )${escape(returns)}=2( |$)`);
		await expect(map.highlightedLinks()).toHaveAttribute('data-links', drawn);

		// Unlink from the picker of the project: the link is no longer painted.
		await map.panel().getByLabel('Contribution to Grow our people').selectOption('0');
		await expect(map.panel().getByText('Objectives it serves')).toBeVisible();
		await expect(map.panel().getByLabel('Contribution to Grow our people')).toHaveCount(0);
		await expect(map.highlightedLinks()).not.toHaveAttribute('data-links', drawn);
	});

	test('re-parents an objective and never offers a cycle', async ({ page }) => {
		const map = new MapPage(page);
		await map.open();
		await map.node('Theme: Win and keep customers').click();
		const parent = map.panel().getByLabel('Parent');
		// Its own sub-objectives are not offered.
		await expect(parent.getByRole('option', { name: /Grow recurring revenue/ })).toHaveCount(0);
		await expect(parent.getByRole('option', { name: 'Win and keep customers' })).toHaveCount(0);
		await parent.selectOption({ label: 'Grow our people' });
		await expect(map.node('Objective: Win and keep customers')).toBeVisible();

		// Its former child now sits two levels down; and it cannot go under its own child.
		await map.node('Objective: Grow recurring revenue').click();
		await expect(map.panel().getByLabel('Parent')).toHaveValue('o-customer');
		await map.node('Objective: Win and keep customers').click();
		await expect(
			map
				.panel()
				.getByLabel('Parent')
				.getByRole('option', { name: /Grow recurring revenue/ })
		).toHaveCount(0);
	});

	test('re-parents an objective by dragging it, refuses its own sub-objective, and undoes', async ({
		page
	}) => {
		const map = new MapPage(page);
		await map.open();
		await map.page.getByRole('button', { name: 'Fit to screen' }).click();
		await map.canvas().evaluate((canvas) => canvas.scrollIntoView({ block: 'start' }));
		const status = page.getByRole('status', { name: 'Map announcements' });
		/** Drags one node onto another with the mouse, as a person would. */
		async function dragOnto(from: Locator, to: Locator) {
			const a = (await from.boundingBox())!;
			const b = (await to.boundingBox())!;
			await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
			await page.mouse.down();
			await page.mouse.move(a.x + a.width / 2 + 20, a.y + a.height / 2 + 20, { steps: 4 });
			await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
			return b;
		}
		const outlineParent = async (title: string) => {
			await page.getByRole('button', { name: 'Outline', exact: true }).click();
			const item = page
				.getByRole('listitem')
				.filter({ has: page.getByRole('button', { name: new RegExp(`^${escape(title)}`) }) });
			// The innermost item holding it is its own; the one around that is its parent's.
			const parent = await item.nth(-2).locator(':scope > .row > .node').textContent();
			await page.getByRole('button', { name: 'Map', exact: true }).click();
			return parent?.trim();
		};

		// Onto its own sub-objective: not highlighted, refused with the reason, nothing moves.
		const theme = map.node('Theme: Win and keep customers');
		const child = map.node('Objective: Grow recurring revenue');
		await dragOnto(theme, child);
		await expect(child.locator('rect').first()).not.toHaveAttribute('stroke-width', '5');
		await page.mouse.up();
		await expect(status).toContainText(
			'“Win and keep customers” cannot move under itself or one of its sub-objectives'
		);
		await expect(map.node('Theme: Win and keep customers')).toBeVisible();
		expect(await outlineParent('Grow recurring revenue')).toMatch(/^Win and keep customers/);

		// Onto another theme: highlighted while over it, then moved there in one step.
		const cost = map.node('Objective: Cut cost to serve');
		const people = map.node('Theme: Grow our people');
		await dragOnto(cost, people);
		await expect(people.locator('rect').first()).toHaveAttribute('stroke-width', '5');
		await page.mouse.up();
		await expect(status).toContainText('“Cut cost to serve” moved under “Grow our people”.');
		expect(await outlineParent('Cut cost to serve')).toMatch(/^Grow our people/);

		// Undo in the toast puts it back under its former theme.
		await page
			.getByRole('group', { name: 'Notification' })
			.filter({ hasText: 'moved under' })
			.getByRole('button', { name: 'Undo' })
			.click();
		expect(await outlineParent('Cut cost to serve')).toMatch(/^Run a lean, resilient/);

		// Onto the vision: it becomes a theme.
		await dragOnto(map.node('Objective: Cut cost to serve'), map.node('Vision:'));
		await page.mouse.up();
		await expect(status).toContainText('“Cut cost to serve” is now a theme.');
		await expect(map.node('Theme: Cut cost to serve')).toBeVisible();
	});

	test('deletes an objective and brings it back with Undo', async ({ page }) => {
		const map = new MapPage(page);
		await map.open();
		await map.node('Objective: Cut cost to serve').click();
		await map.panel().getByRole('button', { name: 'Delete objective' }).click();
		await expect(map.node('Objective: Cut cost to serve')).toHaveCount(0);
		await page
			.getByRole('group', { name: 'Notification' })
			.getByRole('button', { name: 'Undo' })
			.click();
		await expect(map.node('Objective: Cut cost to serve')).toBeVisible();
		await expect(map.node('KPI: Cost to serve per order')).toBeVisible();
	});

	test('moves between nodes with the arrow keys and edits with Enter', async ({ page }) => {
		const map = new MapPage(page);
		await map.open();
		await map.node('Vision:').focus();
		const focused = page.locator(':focus');
		await page.keyboard.press('ArrowDown');
		await expect(focused).toHaveAttribute('aria-label', /^Theme: /);
		const first = await focused.getAttribute('aria-label');
		await page.keyboard.press('ArrowRight');
		await expect(focused).toHaveAttribute('aria-label', /^Theme: /);
		const second = (await focused.getAttribute('aria-label'))!;
		expect(second).not.toBe(first);
		const title = second.replace(/^Theme: /, '').replace(/\. .*$/, '');
		await page.keyboard.press('Enter');
		await expect(map.panel().getByLabel('Title')).toBeFocused();
		await expect(map.panel().getByLabel('Title')).toHaveValue(title);
		await page.keyboard.press('Escape');
		await expect(map.node(`Theme: ${title}`)).toBeFocused();
	});

	test('edits the vision on the map, and Undo takes it back', async ({ page }) => {
		const map = new MapPage(page);
		await map.open();
		const before = (await map.node('Vision:').getAttribute('aria-label'))!;
		await map.node('Vision:').click();
		await expect(map.panel().getByRole('heading', { name: 'Vision' })).toBeVisible();
		const vision = map.panel().getByRole('textbox', { name: 'Vision' });
		await vision.fill('The distributor our customers recommend.');
		await vision.blur();
		await expect(map.node('Vision: The distributor our customers recommend.')).toBeVisible();
		await map.panel().getByLabel('Mission').fill('Deliver on time, every time.');
		await map.panel().getByLabel('Mission').blur();
		await goToView(page, 'Portfolio');
		await expect(page.getByLabel('Vision')).toHaveValue('The distributor our customers recommend.');
		await expect(page.getByLabel('Mission')).toHaveValue('Deliver on time, every time.');
		await map.open();
		await page.getByRole('button', { name: 'Undo', exact: true }).click();
		await page.getByRole('button', { name: 'Undo', exact: true }).click();
		await expect(map.node('Vision:')).toHaveAttribute('aria-label', before);
	});

	test('shows alignment as a table and exports the map', async ({ page }) => {
		const map = new MapPage(page);
		await map.open();
		await page.getByRole('button', { name: 'View as table' }).click();
		const table = page.getByRole('table', { name: /Alignment by objective/ });
		await expect(table.getByRole('row')).toHaveCount(8);
		await expect(page.getByRole('heading', { name: 'Orphan projects (0)' })).toBeVisible();

		const svgDownload = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export SVG' }).click();
		const svg = await svgDownload;
		expect(svg.suggestedFilename()).toMatch(/-map\.svg$/);
		const text = await (await svg.createReadStream()).toArray();
		const content = Buffer.concat(text).toString('utf8');
		expect(content).toContain('Northwind');
		expect(content).toContain('Strategy map ·');
		expect(content).toContain('Grow recurring revenue');
		// The contribution links (painted on a canvas in the app) are in the file as one
		// path per weight: the sample's 13 weak (dashed), 12 moderate and 11 strong links.
		const curves = (weight: number) => {
			const path = new RegExp(`<path [^>]*data-weight="${weight}"[^>]*>`).exec(content)?.[0];
			return {
				curves: path?.match(/C/g)?.length ?? 0,
				dashed: /stroke-dasharray/.test(path ?? '')
			};
		};
		expect(curves(1)).toEqual({ curves: 13, dashed: true });
		expect(curves(2)).toEqual({ curves: 12, dashed: false });
		expect(curves(3)).toEqual({ curves: 11, dashed: false });

		const pngDownload = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export PNG' }).click();
		const png = await pngDownload;
		expect(png.suggestedFilename()).toMatch(/-map\.png$/);
		const bytes = Buffer.concat(await (await png.createReadStream()).toArray());
		expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
	});

	test('shows another person’s edits live', async ({ page, workspace, secondPerson }) => {
		const map = new MapPage(page);
		await map.open();
		const { edit } = await workspace.shareLinks();
		await secondPerson.goto(edit!);
		const other = new MapPage(secondPerson);
		await other.open();
		await map.addTheme('Shared theme');
		await expect(other.node('Theme: Shared theme')).toBeVisible();
	});
});

for (const viewport of [
	{ width: 1280, height: 720 },
	{ width: 1920, height: 1080 }
]) {
	test.describe(`on a ${viewport.width}×${viewport.height} screen`, () => {
		test.use({ viewport });

		test('Fit to screen shows every node whole, however much of the canvas is below the fold', async ({
			home,
			page
		}) => {
			await home.goto();
			await home.importFile(northwind30File());
			await expect(page.getByRole('heading', { name: /^Projects/ })).toBeVisible();
			const map = new MapPage(page);
			await map.open();
			await page.getByRole('button', { name: 'Fit to screen' }).click();
			const nodes = map.canvas().locator('[data-node]');
			// The vision, 7 objectives, 6 KPIs and 30 projects.
			await expect(nodes).toHaveCount(1 + 7 + 6 + 30);
			await expect
				.poll(() =>
					nodes.evaluateAll((els) =>
						els
							.filter((el) => {
								const box = el.getBoundingClientRect();
								const canvas = el.closest('svg')!.getBoundingClientRect();
								return (
									box.top < Math.max(0, canvas.top) ||
									box.left < canvas.left ||
									box.right > canvas.right ||
									box.bottom > Math.min(innerHeight, canvas.bottom)
								);
							})
							.map((el) => el.getAttribute('data-node'))
					)
				)
				.toEqual([]);
		});
	});
}

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

	test('shows an outline with the same editing', async ({ home, page }) => {
		await home.goto();
		await home.openSample();
		const map = new MapPage(page);
		await map.open();
		await expect(page.getByRole('button', { name: 'Outline', pressed: true })).toBeVisible();
		await expect(map.canvas()).toHaveCount(0);

		await page.getByRole('button', { name: 'Collapse Win and keep customers' }).tap();
		await expect(page.getByRole('button', { name: /^Grow recurring revenue/ })).toHaveCount(0);
		await page.getByRole('button', { name: 'Expand Win and keep customers' }).tap();
		await page.getByRole('button', { name: /^Grow recurring revenue/ }).tap();
		await map.panel().getByRole('button', { name: 'Add sub-objective' }).tap();
		await map.panel().getByLabel('Title').fill('Upsell to key accounts');
		await map.panel().getByLabel('Title').blur();
		await expect(page.getByRole('button', { name: /^Upsell to key accounts/ })).toBeVisible();

		await map.panel().getByRole('button', { name: 'Delete objective' }).tap();
		await expect(page.getByRole('button', { name: /^Upsell to key accounts/ })).toHaveCount(0);
		await page
			.getByRole('group', { name: 'Notification' })
			.getByRole('button', { name: 'Undo' })
			.tap();
		await expect(page.getByRole('button', { name: /^Upsell to key accounts/ })).toBeVisible();
	});
});

test.describe('in a workshop', () => {
	test.use({ viewport: { width: 1440, height: 900 } });

	/** Remembers a participant name on this device, as the name prompt would. */
	async function nameDevice(page: Page, name: string) {
		await page
			.context()
			.addInitScript(
				([id, name]) => localStorage.setItem('cairn:participant', JSON.stringify({ id, name })),
				[`u-${name.toLowerCase()}`, name]
			);
	}

	test('shows who has selected what and where their pointer is, on the map and the outline', async ({
		home,
		page,
		workspace,
		secondPerson
	}) => {
		await nameDevice(page, 'Ann');
		await nameDevice(secondPerson, 'Bob');
		await home.goto();
		await home.openSample();
		const ann = new MapPage(page);
		await ann.open();
		const { edit } = await workspace.shareLinks();
		await secondPerson.goto(edit!);
		const bob = new MapPage(secondPerson);
		await bob.open();

		// Ann selects a theme: Bob sees it outlined in her colour with her name.
		const annMark = bob.canvas().locator('[data-remote="Ann"]');
		await expect(annMark).toHaveCount(0);
		await ann.node('Theme: Win and keep customers').click();
		await expect(annMark).toBeVisible();
		await expect(annMark).toContainText('Ann');
		// It sits on that theme's node: the mark and the node share their position.
		const nodeAt = await bob
			.node('Theme: Win and keep customers')
			.evaluate((g) => g.getAttribute('transform'));
		expect(await annMark.getAttribute('transform')).toBe(nodeAt);

		// The outline shows the same, by name.
		await secondPerson.getByRole('button', { name: 'Outline' }).click();
		await expect(secondPerson.locator('.remote', { hasText: 'Ann' })).toBeVisible();
		await secondPerson.getByRole('button', { name: 'Map', exact: true }).click();

		// Ann's pointer over the map shows on Bob's, until Bob hides pointers.
		const box = (await ann.node('Theme: Win and keep customers').boundingBox())!;
		await page.mouse.move(box.x + 20, box.y + 20);
		await page.mouse.move(box.x + 30, box.y + 25);
		const pointer = bob.canvas().locator('[data-pointer="Ann"]');
		await expect(pointer).toHaveCount(1);
		await secondPerson.getByRole('button', { name: /^People:/ }).click();
		await secondPerson.getByLabel('Show other people’s pointers').uncheck();
		await expect(pointer).toHaveCount(0);
		await secondPerson.keyboard.press('Escape');

		// Ann presents: Bob follows her selection on the map.
		await page.getByRole('button', { name: /^People:/ }).click();
		await page.getByRole('button', { name: 'Bring everyone to me' }).click();
		await page.keyboard.press('Escape');
		await expect(
			secondPerson.getByRole('status').filter({ hasText: 'Following Ann' })
		).toBeVisible();
		await ann.node('Objective: Cut cost to serve').click();
		await expect(bob.node('Objective: Cut cost to serve')).toHaveAttribute('aria-pressed', 'true');
		await expect(bob.panel()).toBeVisible();

		// Ann deselects: the mark goes, and Bob's selection follows.
		await ann.panel().getByRole('button', { name: 'Close details' }).click();
		await expect(annMark).toHaveCount(0);
		await expect(bob.node('Objective: Cut cost to serve')).toHaveAttribute('aria-pressed', 'false');
	});
});
