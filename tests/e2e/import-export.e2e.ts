import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const fixtureText = readFileSync('src/lib/fixtures/northwind.cairn.json', 'utf8');
const fixture = JSON.parse(fixtureText);

test('importing the sample and exporting it gives the same content', async ({
	home,
	workspace,
	page
}) => {
	await home.goto();
	await home.importFile({
		name: 'northwind.cairn.json',
		mimeType: 'application/json',
		buffer: Buffer.from(fixtureText)
	});
	await expect(page.getByLabel('Portfolio name')).toHaveValue(fixture.name);
	await expect(workspace.projectRows()).toHaveCount(fixture.projects.length);

	await page.goto('/');
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: `Export ${fixture.name}` }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/\.cairn\.json$/);
	const exported = JSON.parse(readFileSync((await file.path())!, 'utf8'));
	expect(exported).toEqual(fixture);
});

test('a bad file is refused with the path of each problem and nothing is added', async ({
	home,
	page
}) => {
	await home.goto();
	const bad = structuredClone(fixture);
	bad.projects[3].demand['r-ghost'] = { '2027-Q1': 1 };
	bad.projects[5].scores['c-roi'] = 12;
	await home.importFile({
		name: 'broken.cairn.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(bad))
	});
	const errors = page.getByRole('list', { name: 'Import errors' });
	await expect(errors).toContainText('projects[3].demand');
	await expect(errors).toContainText('projects[5].scores');
	await expect(errors).toContainText("role 'r-ghost' is not one of the portfolio's roles");
	await expect(errors).toContainText(
		`project '${bad.projects[5].name}' (projects[5]), score for criterion`
	);
	await expect(page.getByRole('alert')).toContainText('Nothing was changed');
	await expect(page.getByRole('list', { name: 'Portfolios on this device' })).toHaveCount(0);
});

test('a file with many problems lists the first 20 and counts the rest', async ({ home, page }) => {
	await home.goto();
	const bad = structuredClone(fixture);
	for (const project of bad.projects) project.cost['2027-Q1'] = -1;
	await home.importFile({
		name: 'negative.cairn.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(bad))
	});
	await expect(page.getByRole('alert')).toContainText(`${bad.projects.length} problems`);
	await expect(page.getByRole('list', { name: 'Import errors' }).getByRole('listitem')).toHaveCount(
		20
	);
	await expect(page.getByRole('alert')).toContainText(`and ${bad.projects.length - 20} more`);
});

test('a file that is not UTF-8 is refused, not imported with replacement characters', async ({
	home,
	page
}) => {
	await home.goto();
	const latin1 = fixtureText.replace('"Northwind', '"Nörthwind');
	await home.importFile({
		name: 'latin1.cairn.json',
		mimeType: 'application/json',
		buffer: Buffer.from(latin1, 'latin1')
	});
	await expect(page.getByRole('list', { name: 'Import errors' })).toContainText(
		'not UTF-8: the text at line 3'
	);
	await expect(page.getByRole('list', { name: 'Portfolios on this device' })).toHaveCount(0);
});
