import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePortfolioText } from '../../src/lib/domain/format';
import { exportMspdi } from '../../src/lib/domain/import/mspdi-export';
import { cairn } from '../helpers/cli';
import { ROOT } from '../helpers/server';
import { northwindPortfolio } from '../helpers/doc-fixtures';

/** `cairn convert`: the import pipeline headless, run as a user would. */

const fixture = (name: string) => join(ROOT, 'tests/fixtures/import', name);

function portfolioOf(stdout: string) {
	const parsed = parsePortfolioText(stdout);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	return parsed.portfolio;
}

describe('cairn convert', () => {
	it('turns an MS Project plan into a valid portfolio: projects, costs, roles, links, baseline', async () => {
		const run = await cairn(['convert', fixture('plan.mspdi.xml')]);
		expect(run.code).toBe(0);
		const p = portfolioOf(run.stdout);
		expect(p.projects.map((x) => x.name)).toEqual([
			'CRM rollout',
			'Data warehouse',
			'Website refresh'
		]);
		const crm = p.projects[0];
		expect(crm.baselineCost).toBe(90000);
		expect(crm.source).toMatchObject({ system: 'mspdi' });
		expect(p.projects[1].dependsOn).toEqual([crm.id]);
		expect(p.roles.map((r) => r.name)).toContain('Dev team');
		expect(run.stderr).toMatch(/note: 'Contractor pool' has no calendar of its own/);
	});

	it('maps resources to role names and takes the mapping file’s granularity', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'cairn-convert-'));
		const map = join(dir, 'map.json');
		writeFileSync(
			map,
			JSON.stringify({
				granularity: 'month',
				resources: { '1': 'Engineering', '2': 'Engineering' }
			})
		);
		const run = await cairn(['convert', fixture('plan.mspdi.xml'), '--mapping', map]);
		expect(run.code, run.stderr).toBe(0);
		const p = portfolioOf(run.stdout);
		expect(p.periods[0]).toMatch(/^\d{4}-\d{2}$/);
		expect(p.roles.filter((r) => r.name === 'Engineering')).toHaveLength(1);
	});

	it('reads a Jira export and an Excel sheet', async () => {
		const jira = await cairn(['convert', fixture('jira-cloud.csv')]);
		expect(jira.code, jira.stderr).toBe(0);
		const fromJira = portfolioOf(jira.stdout);
		expect(fromJira.projects.length).toBeGreaterThan(0);
		expect(fromJira.projects.every((x) => x.source?.system === 'jira-csv')).toBe(true);
		const xlsx = await cairn(['convert', fixture('projects.xlsx')]);
		expect(xlsx.code, xlsx.stderr).toBe(0);
		expect(portfolioOf(xlsx.stdout).projects.length).toBeGreaterThan(0);
	});

	it('an MSPDI export of Northwind converts back to the same funded plan', async () => {
		const northwind = northwindPortfolio();
		const dir = mkdtempSync(join(tmpdir(), 'cairn-convert-'));
		const file = join(dir, 'northwind.xml');
		writeFileSync(
			file,
			exportMspdi(
				northwind,
				northwind.projects.map((p) => p.id)
			)
		);
		const run = await cairn(['convert', file]);
		expect(run.code, run.stderr).toBe(0);
		const back = portfolioOf(run.stdout);
		expect(back.projects.map((p) => p.name)).toEqual(northwind.projects.map((p) => p.name));
		for (const [i, project] of northwind.projects.entries()) {
			for (const [period, value] of Object.entries(project.cost)) {
				expect(back.projects[i].cost[period]).toBeCloseTo(value, 6);
			}
		}
	});

	it('names every problem and prints nothing on stdout (exit 1); a bad --from is a usage error', async () => {
		const cycle = await cairn(['convert', fixture('cycle.mspdi.xml')]);
		expect(cycle.code).toBe(1);
		expect(cycle.stdout).toBe('');
		expect(cycle.stderr).toMatch(/cycle among the projects 'Alpha', 'Beta' and 'Gamma'/);
		const truncated = await cairn(['convert', fixture('truncated.mspdi.xml')]);
		expect(truncated.code).toBe(1);
		expect(truncated.stderr).toMatch(/not an XML file: .*line \d+/);
		const usage = await cairn(['convert', fixture('plan.mspdi.xml'), '--from', 'mpp']);
		expect(usage.code).toBe(2);
		expect(usage.stderr).toMatch(/--from must be mspdi, jira-csv, xlsx or csv/);
	});
});
