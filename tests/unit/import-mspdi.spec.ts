import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	MPP_MESSAGE,
	isMppBytes,
	parseMspdi,
	readMspdi,
	type MspdiFile
} from '../../src/lib/domain/import/mspdi';
import { exportMspdi, guidOf } from '../../src/lib/domain/import/mspdi-export';
import { granularityOf, periodBounds, type Granularity } from '../../src/lib/domain/import/source';
import type { PerPeriod, Portfolio } from '../../src/lib/domain/types';
import { Rng, generatePortfolio } from '../helpers/generate';
import { generateMspdi } from '../helpers/mspdi-gen';

function fixture(name: string): string {
	return readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');
}

function parsed(text: string): MspdiFile {
	const result = parseMspdi(text);
	if (!result.ok) throw new Error(result.problem.message);
	return result.file;
}

function read(text: string, granularity: Granularity = 'month', level: number | 'file' = 1) {
	return readMspdi(parsed(text), { granularity, level });
}

const plan = () => read(fixture('plan.mspdi.xml'));
const byName = (r: ReturnType<typeof read>, name: string) => {
	const project = r.projects.find((p) => p.name === name);
	if (!project) throw new Error(`no project ${name}`);
	return project;
};

/** A small MSPDI document around some tasks (no calendars unless given). */
function mini(tasks: string, extra = ''): string {
	return `<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project"><Title>Mini</Title>${extra}<Tasks>${tasks}</Tasks></Project>`;
}

function task(uid: number, name: string, level: number, start: string, finish: string, more = '') {
	return `<Task><UID>${uid}</UID><ID>${uid}</ID><Name>${name}</Name><OutlineLevel>${level}</OutlineLevel><Start>${start}T08:00:00</Start><Finish>${finish}T17:00:00</Finish>${more}</Task>`;
}

/** Working days Mon–Fri (or the weekdays given, 0 = Sunday) of a month, minus some dates. */
function countDays(
	from: string,
	to: string,
	weekdays = [1, 2, 3, 4, 5],
	off: string[] = []
): number {
	let n = 0;
	for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`);) {
		const iso = d.toISOString().slice(0, 10);
		if (weekdays.includes(d.getUTCDay()) && !off.includes(iso)) n++;
		d = new Date(d.getTime() + 86_400_000);
	}
	return n;
}

describe('parseMspdi', () => {
	it('names a file that is not XML, with the line', () => {
		const result = parseMspdi('\n\nUID;Name\n1;CRM');
		expect(result).toEqual({
			ok: false,
			problem: { where: null, message: 'not an XML file: it does not begin with a tag at line 3' }
		});
	});

	it('says where a truncated file ends', () => {
		const text = fixture('truncated.mspdi.xml');
		const result = parseMspdi(text);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const lines = text.split('\n').length;
		expect(result.problem.message).toBe(
			`not an XML file: it ends inside <Name>, as if cut short, at line ${lines}`
		);
	});

	it('gives the line of a broken tag', () => {
		const result = parseMspdi(
			'<Project xmlns="http://schemas.microsoft.com/project">\n<Tasks>\n<Task></Tsk>\n</Tasks></Project>'
		);
		expect(!result.ok && result.problem.message).toMatch(/^not an XML file: .* at line 3$/);
	});

	it('names the root of XML that is not MS Project XML', () => {
		const result = parseMspdi(fixture('not-mspdi.xml'));
		expect(!result.ok && result.problem.message).toBe(
			'an XML file, but not MS Project XML: its root is <rss>'
		);
	});

	it('does not take a build file with a <Project> root for MS Project XML', () => {
		const result = parseMspdi('<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup/></Project>');
		expect(!result.ok && result.problem.message).toMatch(/^an XML file, but not MS Project XML/);
	});

	it('says so when the file holds no task below the project summary', () => {
		const result = parseMspdi(mini('<Task><UID>0</UID><OutlineLevel>0</OutlineLevel></Task>'));
		expect(!result.ok && result.problem.message).toBe(
			'MS Project XML without tasks: there is no task below the project summary'
		);
	});

	it('recognises a binary .mpp file by its OLE2 signature and says how to save it as XML', () => {
		expect(isMppBytes(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe(true);
		expect(isMppBytes(new TextEncoder().encode('<?xml version="1.0"?>'))).toBe(false);
		expect(MPP_MESSAGE).toContain('File › Save As › XML (*.xml)');
	});

	it('reads currency in hundredths as currency units', () => {
		const file = parsed(fixture('plan.mspdi.xml'));
		expect(file.tasks.find((t) => t.uid === '1')?.cost).toBe(100_000);
	});
});

describe('readMspdi', () => {
	it('reads each level-1 summary task as a project keyed by its GUID, with notes and dates', () => {
		const crm = byName(plan(), 'CRM rollout');
		expect(crm).toMatchObject({
			key: '3F9A0001-2B7C-E711-9C2D-4CEDDE6E5B57',
			where: "task 'CRM rollout' (UID 1)",
			description: 'Replace the legacy CRM & move <all> contacts by Q2',
			start: '2027-01-04',
			finish: '2027-03-31'
		});
		expect(plan().kind).toBe('mspdi');
	});

	it('keys a task without a GUID by its UID', () => {
		const r = read(mini(task(1, 'Solo', 1, '2027-01-04', '2027-01-08', '<Cost>100</Cost>')));
		expect(r.projects[0].key).toBe('UID 1');
	});

	it('spreads a task cost over its working days, skipping weekends', () => {
		// Thu 29 Jul – Wed 4 Aug: 2 working days in July, 3 in August (by calendar days 3 and 4).
		expect(byName(plan(), 'Website refresh').cost).toEqual({ '2027-07': 2000, '2027-08': 3000 });
	});

	it('does not spread cost onto the calendar exceptions', () => {
		// DW ingest: 40,000 over Apr (22), May (21 less the 3 May holiday) and Jun (22);
		// DW reports: 9,000 over 26 Apr – 7 May, 5 days in April and 4 in May.
		expect(byName(plan(), 'Data warehouse').cost).toEqual({
			'2027-04': 13_750 + 5000,
			'2027-05': 12_500 + 4000,
			'2027-06': 13_750
		});
	});

	it('prefers timephased work to spreading the assignment Work', () => {
		// CRM build: 320 h from 1 Feb to 31 Mar, timephased as 200 h in Feb and 120 h in Mar.
		const work = byName(plan(), 'CRM rollout').work?.['1'] ?? {};
		expect(work['2027-02']).toBeCloseTo(200 / (8 * 20), 9);
		expect(work['2027-03']).toBeCloseTo(120 / (8 * 23), 9);
	});

	it('lets an assignment cost follow its timephased work and spreads the rest by working days', () => {
		// CRM build costs 80,000: 32,000 on the timephased assignment, 48,000 fixed.
		const cost = byName(plan(), 'CRM rollout').cost ?? {};
		expect(cost['2027-01']).toBeCloseTo(20_000, 6);
		expect(cost['2027-02']).toBeCloseTo((32_000 * 200) / 320 + (48_000 * 20) / 43, 6);
		expect(cost['2027-03']).toBeCloseTo((32_000 * 120) / 320 + (48_000 * 23) / 43, 6);
	});

	it('counts FTE as hours over the working hours of the period', () => {
		// CRM design: 160 h in January 2027, which has 21 working days of 8 h.
		expect(byName(plan(), 'CRM rollout').work?.['1']['2027-01']).toBeCloseTo(160 / 168, 9);
	});

	it("spreads work over the resource's own working days", () => {
		// Ana Ruiz works Monday to Thursday; the 3 May holiday comes from Standard.
		const off = ['2027-05-03'];
		const ana = (from: string, to: string) => countDays(from, to, [1, 2, 3, 4], off);
		const all = ana('2027-04-01', '2027-06-30');
		const fte = byName(plan(), 'Data warehouse').work?.['2'] ?? {};
		const months: [string, string, string][] = [
			['2027-04', '2027-04-01', '2027-04-30'],
			['2027-05', '2027-05-01', '2027-05-31'],
			['2027-06', '2027-06-01', '2027-06-30']
		];
		for (const [period, from, to] of months) {
			const hours = (300 * ana(from, to)) / all;
			expect(fte[period]).toBeCloseTo(hours / (8 * countDays(from, to, undefined, off)), 9);
		}
	});

	it("uses the project's MinutesPerDay for FTE when the file has no calendar", () => {
		const text = mini(
			task(1, 'P', 1, '2027-02-01', '2027-02-26'),
			'<MinutesPerDay>420</MinutesPerDay>'
		).replace(
			'</Tasks>',
			'</Tasks><Resources><Resource><UID>1</UID><Name>Dev</Name><Type>1</Type></Resource></Resources>' +
				'<Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Work>PT140H0M0S</Work></Assignment></Assignments>'
		);
		expect(read(text).projects[0].work).toEqual({ '1': { '2027-02': 140 / (7 * 20) } });
	});

	it('reads level 2 as the projects when asked, and their links become dependencies', () => {
		const r = read(fixture('plan.mspdi.xml'), 'quarter', 2);
		expect(r.projects.map((p) => p.name)).toEqual([
			'CRM design',
			'CRM build',
			'DW ingest',
			'DW reports',
			'Web launch',
			'Go live'
		]);
		const key = (name: string) => byName(r, name).key;
		expect(byName(r, 'CRM build').dependsOn).toEqual([key('CRM design')]);
		expect(byName(r, 'DW reports').dependsOn).toEqual([key('CRM build')]);
		expect(byName(r, 'CRM build').cost).toEqual({ '2027-Q1': 80_000 });
	});

	it('notes the tasks above the chosen level that have no subtasks, and skips inactive tasks', () => {
		const r = read(
			mini(
				task(1, 'Lonely', 1, '2027-01-04', '2027-01-08', '<Cost>100000</Cost>') +
					task(2, 'Programme', 1, '2027-01-04', '2027-01-29') +
					task(3, 'Kept', 2, '2027-01-04', '2027-01-08', '<Cost>50000</Cost>') +
					task(
						4,
						'Shelved',
						2,
						'2027-01-04',
						'2027-01-08',
						'<Active>0</Active><Cost>70000</Cost>'
					) +
					'<Task><UID>5</UID><ID>5</ID><IsNull>1</IsNull></Task>'
			),
			'month',
			2
		);
		expect(r.projects.map((p) => [p.name, p.cost])).toEqual([
			['Kept', { '2027-01': 500 }],
			['Shelved', {}]
		]);
		expect(r.notes).toEqual(['1 task above level 2 with no subtasks is left out']);
	});

	it("reads the whole file as one project named after the project's title", () => {
		const r = read(fixture('plan.mspdi.xml'), 'quarter', 'file');
		expect(r.projects).toHaveLength(1);
		expect(r.projects[0]).toMatchObject({
			name: 'Portfolio plan 2027',
			where: 'the whole file',
			start: '2027-01-04',
			finish: '2027-08-04',
			dependsOn: []
		});
		const cost = r.projects[0].cost ?? {};
		expect(cost['2027-Q1']).toBeCloseTo(100_000, 6);
		expect(cost['2027-Q2']).toBeCloseTo(49_000, 6);
		expect(cost['2027-Q3']).toBeCloseTo(5_000, 6);
	});

	it('makes a link between two projects a dependency and ignores links inside one project', () => {
		const r = plan();
		// Data warehouse waits for CRM rollout twice over (summary link, DW reports ← CRM build).
		expect(byName(r, 'Data warehouse').dependsOn).toEqual([byName(r, 'CRM rollout').key]);
		// CRM build ← CRM design and Go live ← Web launch stay inside their projects.
		expect(byName(r, 'CRM rollout').dependsOn).toEqual([]);
		expect(byName(r, 'Website refresh').dependsOn).toEqual([]);
	});

	it('reads the baseline cost from baseline 0 of the summary task', () => {
		expect(byName(plan(), 'CRM rollout').baselineCost).toBe(90_000);
		expect(byName(plan(), 'Data warehouse').baselineCost).toBeUndefined();
	});

	it('offers the work resources with their max units (1 = one FTE)', () => {
		expect(plan().resources).toEqual([
			{ key: '1', name: 'Dev team', maxUnits: 3 },
			{ key: '2', name: 'Ana Ruiz', maxUnits: 1 },
			{ key: '3', name: 'Contractor pool', maxUnits: 2 }
		]);
	});

	it("reads a resource without a calendar with the project's calendar and names it in a note", () => {
		const r = plan();
		expect(r.problems).toEqual([]);
		expect(r.notes).toEqual([
			"'Contractor pool' has no calendar of its own: read with the project's calendar"
		]);
		// 40 h from Thu 29 Jul to Wed 4 Aug on Mon–Fri: 16 h in July, 24 h in August.
		expect(byName(r, 'Website refresh').work?.['3']).toEqual({
			'2027-07': 16 / (8 * 22),
			'2027-08': 24 / (8 * 22)
		});
	});

	it('makes a cycle of links among projects one problem naming the projects', () => {
		const r = read(fixture('cycle.mspdi.xml'));
		expect(r.problems).toEqual([
			{
				where: "task 'Alpha' (UID 1)",
				message:
					"predecessor links make a cycle among the projects 'Alpha', 'Beta' and 'Gamma': each waits for another",
				count: 3
			}
		]);
	});

	it('makes tasks that finish before they start one problem, counted', () => {
		const r = read(
			mini(
				task(1, 'P', 1, '2027-01-04', '2027-03-31') +
					task(2, 'Backwards', 2, '2027-03-10', '2027-03-01') +
					task(3, 'Also backwards', 2, '2027-02-10', '2027-02-01')
			)
		);
		expect(r.problems).toEqual([
			{
				where: "task 'Backwards' (UID 2)",
				message: 'finishes (2027-03-01) before it starts (2027-03-10), and so does 1 more task',
				count: 2
			}
		]);
	});

	it('notes a link to a task that is not in the file', () => {
		const r = read(
			mini(
				task(
					1,
					'P',
					1,
					'2027-01-04',
					'2027-01-08',
					'<PredecessorLink><PredecessorUID>99</PredecessorUID><Type>1</Type></PredecessorLink>'
				)
			)
		);
		expect(r.problems).toEqual([]);
		expect(r.notes).toEqual([
			'1 predecessor link names a task that is not in the file (UID 99): left out'
		]);
		expect(r.projects[0].dependsOn).toEqual([]);
	});

	it('offers the outline levels with their counts and lists the periods holding amounts', () => {
		const r = read(fixture('plan.mspdi.xml'), 'quarter');
		expect(r.offers?.levels).toEqual([
			{ level: 1, count: 3 },
			{ level: 2, count: 6 }
		]);
		expect(r.periods).toEqual(['2027-Q1', '2027-Q2', '2027-Q3']);
	});

	it('keeps the keys of the same plan a month later, so that a re-import can match them', () => {
		const before = plan();
		const after = read(fixture('plan-v2.mspdi.xml'));
		const keys = (r: typeof before) => r.projects.map((p) => p.key);
		expect(keys(after)[0]).toBe(keys(before)[0]);
		expect(byName(after, 'CRM rollout').cost?.['2027-02']).not.toBeCloseTo(
			byName(before, 'CRM rollout').cost?.['2027-02'] ?? 0
		);
		expect(byName(after, 'Data platform').key).toBe(byName(before, 'Data warehouse').key);
		expect(byName(after, 'Data platform').start).toBe('2027-05-03');
		expect(keys(after)).not.toContain(byName(before, 'Website refresh').key);
		expect(keys(before)).not.toContain(byName(after, 'Mobile app').key);
	});

	it('reads 2,000 and 10,000 tasks without a problem (their speed is in npm run bench)', () => {
		const r = read(generateMspdi(2000, 7), 'quarter');
		expect(r.problems).toEqual([]);
		expect(r.projects.length).toBeGreaterThan(100);

		const big = read(generateMspdi(10_000, 8), 'month');
		expect(big.problems).toEqual([]);
		expect(big.offers?.levels?.reduce((s, l) => s + l.count, 0)).toBe(10_000);
	});
});

/** Sums FTE per role name per period, as a name can belong to more than one role. */
function demandByRoleName(portfolio: Portfolio, projectIndex: number): Record<string, PerPeriod> {
	const out: Record<string, PerPeriod> = {};
	const project = portfolio.projects[projectIndex];
	for (const [roleId, cells] of Object.entries(project.demand)) {
		const name = portfolio.roles.find((r) => r.id === roleId)?.name ?? roleId;
		for (const [period, fte] of Object.entries(cells)) {
			if (fte > 0) (out[name] ??= {})[period] = (out[name]?.[period] ?? 0) + fte;
		}
	}
	return out;
}

function expectSamePerPeriod(actual: PerPeriod, expected: PerPeriod, label: string): void {
	const periods = new Set([...Object.keys(actual), ...Object.keys(expected)]);
	for (const period of periods) {
		const a = actual[period] ?? 0;
		const e = expected[period] ?? 0;
		if (Math.abs(a - e) > 1e-6) {
			throw new Error(`${label} ${period}: read ${a}, expected ${e}`);
		}
	}
}

describe('exportMspdi', () => {
	it('round-trips names, cost and FTE per period and dependencies through reading at level 1', () => {
		for (let seed = 1; seed <= 30; seed++) {
			const rng = new Rng(seed * 7919);
			const portfolio = generatePortfolio(seed, {
				projects: rng.int(1, 12),
				roles: rng.int(0, 4),
				periods: rng.int(1, 8)
			});
			const ids = portfolio.projects.map((p) => p.id);
			const r = read(exportMspdi(portfolio, ids), granularityOf(portfolio.periods), 1);
			const label = `seed ${seed}`;
			try {
				expect(r.problems).toEqual([]);
				expect(r.projects.map((p) => p.name)).toEqual(portfolio.projects.map((p) => p.name));
				const resourceName = new Map(r.resources.map((res) => [res.key, res.name]));
				const nameOfKey = new Map(r.projects.map((p) => [p.key, p.name]));
				const nameOfId = new Map(portfolio.projects.map((p) => [p.id, p.name]));
				portfolio.projects.forEach((project, i) => {
					const back = r.projects[i];
					const positive = Object.fromEntries(
						Object.entries(project.cost).filter(([, v]) => v > 0)
					);
					expectSamePerPeriod(back.cost ?? {}, positive, `${label} cost of ${project.name}`);
					const work: Record<string, PerPeriod> = {};
					for (const [key, cells] of Object.entries(back.work ?? {})) {
						const name = resourceName.get(key) ?? key;
						for (const [period, fte] of Object.entries(cells)) {
							(work[name] ??= {})[period] = (work[name]?.[period] ?? 0) + fte;
						}
					}
					const demand = demandByRoleName(portfolio, i);
					for (const name of new Set([...Object.keys(work), ...Object.keys(demand)])) {
						expectSamePerPeriod(work[name] ?? {}, demand[name] ?? {}, `${label} ${name}`);
					}
					const deps = (back.dependsOn ?? []).map((k) => nameOfKey.get(k)).sort();
					const expected = project.dependsOn.map((id) => nameOfId.get(id)).sort();
					expect(deps).toEqual(expected);
				});
			} catch (error) {
				throw new Error(`${label}: ${(error as Error).message}`, { cause: error });
			}
		}
	});

	it('writes only the chosen projects, in the order given, linking only exported projects', () => {
		const portfolio = generatePortfolio(11, { projects: 6, roles: 2, periods: 4 });
		const chosen = portfolio.projects.filter((p) => p.dependsOn.length > 0).slice(0, 1);
		const withDeps = chosen[0];
		if (!withDeps) throw new Error('seed 11 should have a project with a dependency');
		const r = read(exportMspdi(portfolio, [withDeps.id]), granularityOf(portfolio.periods));
		expect(r.projects.map((p) => p.name)).toEqual([withDeps.name]);
		expect(r.projects[0].dependsOn).toEqual([]);

		const reversed = [...portfolio.projects].reverse().map((p) => p.id);
		const back = read(exportMspdi(portfolio, reversed), granularityOf(portfolio.periods));
		expect(back.projects.map((p) => p.name)).toEqual(
			[...portfolio.projects].reverse().map((p) => p.name)
		);
	});

	it('escapes text, drops control characters, writes currency in hundredths, spans whole periods and keeps a stable GUID', () => {
		const portfolio = generatePortfolio(5, { projects: 1, roles: 1, periods: 2 });
		const project = portfolio.projects[0];
		project.name = 'R&D <pilot>\u0007';
		project.description = 'Costs "a lot" & more';
		project.cost = { [portfolio.periods[0]]: 1234.5 };
		const xml = exportMspdi(portfolio, [project.id]);
		expect(xml).toContain('<Name>R&amp;D &lt;pilot&gt;</Name>');
		expect(xml).toContain('<Cost>123450</Cost>');
		expect(xml).toContain(`<GUID>${guidOf(project.id)}</GUID>`);
		expect(guidOf(project.id)).toMatch(
			/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/
		);
		expect(exportMspdi(portfolio, [project.id])).toBe(xml);
		const back = read(xml, granularityOf(portfolio.periods));
		expect(back.projects[0]).toMatchObject({
			name: 'R&D <pilot>',
			description: 'Costs "a lot" & more',
			key: guidOf(project.id),
			start: periodBounds(portfolio.periods[0]).first,
			finish: periodBounds(portfolio.periods[0]).last
		});
	});
});
