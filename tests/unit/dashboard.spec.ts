import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/lib/charts/sparkline';
import type { PeriodLoad } from '../../src/lib/domain/analysis-types';
import {
	buildDashboard,
	capacityUtilisation,
	fundedValueByObjective,
	kpiRows,
	objectiveStatuses,
	spendAgainstBudget,
	worstStatus
} from '../../src/lib/domain/dashboard';
import type { Kpi, Objective } from '../../src/lib/domain/types';
import { analyzeAlignment } from '../../src/lib/domain/alignment';
import { alignmentTable } from '../../src/lib/domain/report-tables';
import {
	contributorWords,
	keptOutWords,
	peakWords
} from '../../src/lib/components/capacity/format';
import { northwindPortfolio } from '../helpers/doc-fixtures';
import { project } from '../helpers/projects';

function objective(id: string, parentId: string | null, kpis: Kpi[] = []): Objective {
	return { id, parentId, title: id, description: '', owner: '', kpis };
}

function kpi(id: string, actuals: Record<string, number>, over: Partial<Kpi> = {}): Kpi {
	return {
		id,
		name: id,
		unit: '',
		baseline: 0,
		target: 100,
		direction: 'increase',
		actuals,
		...over
	};
}

const PERIODS = ['Q1', 'Q2', 'Q3', 'Q4'];

describe('funded value by objective', () => {
	const objectives = [
		objective('theme', null),
		objective('sub', 'theme'),
		objective('other', null)
	];

	it('splits a funded project’s value by contribution weight and rolls it up the tree', () => {
		const projects = [
			// weight 3 to sub, 1 to other: 3/4 and 1/4 of 8
			project('a', { contributions: { sub: 3, other: 1 } }),
			project('b', { contributions: { theme: 2 } }),
			project('c', { contributions: {} }),
			project('unfunded', { contributions: { theme: 3 } })
		];
		const values = new Map([
			['a', 8],
			['b', 5],
			['c', 2],
			['unfunded', 100]
		]);
		const result = fundedValueByObjective(
			{ objectives, projects },
			values,
			new Set(['a', 'b', 'c'])
		);
		const byId = new Map(result.objectives.map((o) => [o.objectiveId, o]));
		expect(byId.get('sub')).toMatchObject({ direct: 6, total: 6, depth: 2 });
		expect(byId.get('theme')).toMatchObject({ direct: 5, total: 11, depth: 1 });
		expect(byId.get('other')).toMatchObject({ direct: 2, total: 2 });
		expect(result.unaligned).toBe(2);
		expect(result.funded).toBe(15);
		// Tree order: a theme, then its sub-objectives.
		expect(result.objectives.map((o) => o.objectiveId)).toEqual(['theme', 'sub', 'other']);
	});

	it('leaves out done and cancelled projects', () => {
		const projects = [project('a', { status: 'done', contributions: { theme: 1 } })];
		const result = fundedValueByObjective(
			{ objectives, projects },
			new Map([['a', 4]]),
			new Set(['a'])
		);
		expect(result.funded).toBe(0);
		expect(result.objectives[0].total).toBe(0);
	});
});

describe('spend and capacity', () => {
	const load = (period: string, cost: number, budget: number | null, dev: [number, number]) =>
		({ period, cost, budget, roles: { dev: { demand: dev[0], capacity: dev[1] } } }) as PeriodLoad;
	const periods = [
		load('Q1', 80, 100, [2, 4]),
		load('Q2', 120, 100, [5, 4]),
		load('Q3', 10, null, [0, 0])
	];

	it('compares funded cost with the budget per period', () => {
		expect(spendAgainstBudget(periods)).toEqual([
			{ period: 'Q1', cost: 80, budget: 100, share: 0.8, over: false },
			{ period: 'Q2', cost: 120, budget: 100, share: 1.2, over: true },
			{ period: 'Q3', cost: 10, budget: null, share: null, over: false }
		]);
	});

	it('rolls demand against capacity per role and flags over-allocated periods', () => {
		const [dev, ops] = capacityUtilisation(
			{
				roles: [
					{ id: 'dev', name: 'Developers', capacity: {} },
					{ id: 'ops', name: 'Ops', capacity: { Q1: 2 } }
				]
			},
			periods
		);
		expect(dev).toMatchObject({ demand: 7, capacity: 8, utilisation: 7 / 8 });
		expect(dev.overPeriods).toEqual(['Q2']);
		expect(dev.peak).toEqual({ period: 'Q2', utilisation: 1.25 });
		// A role the funding has no entry for: its capacity, no demand.
		expect(ops).toMatchObject({ demand: 0, capacity: 2, utilisation: 0, overPeriods: [] });
	});
});

describe('KPI status roll-up', () => {
	it('takes the worst status, with "no data" only when nothing has data', () => {
		expect(worstStatus(['on-track', 'off-track', 'at-risk'])).toBe('off-track');
		expect(worstStatus(['no-data', 'on-track'])).toBe('on-track');
		expect(worstStatus(['no-data'])).toBe('no-data');
		expect(worstStatus([])).toBe('no-data');
	});

	it('rolls each objective up from its KPIs and its sub-objectives', () => {
		const objectives = [
			objective('theme', null, [kpi('good', { Q1: 30 })]),
			objective('sub', 'theme', [kpi('bad', { Q2: 10 })]),
			objective('quiet', null, [kpi('none', {})]),
			objective('empty', null)
		];
		const rows = kpiRows({ objectives, periods: PERIODS });
		const statusOf = new Map(rows.map((r) => [r.kpi.id, r.assessment.status]));
		expect(Object.fromEntries(statusOf)).toEqual({
			good: 'on-track',
			bad: 'off-track',
			none: 'no-data'
		});
		const rolled = objectiveStatuses({ objectives }, statusOf);
		expect(rolled.map((o) => [o.objectiveId, o.status])).toEqual([
			['theme', 'off-track'],
			['sub', 'off-track'],
			['quiet', 'no-data'],
			['empty', 'no-data']
		]);
		expect(rolled[0].own['on-track']).toBe(1);
		expect(rolled[0].own['off-track']).toBe(0);
	});

	it('gives each KPI its actuals against the straight-line plan', () => {
		const [row] = kpiRows({
			objectives: [objective('o', null, [kpi('k', { Q2: 40, Q9: 5 })])],
			periods: PERIODS
		});
		expect(row.series).toEqual([
			{ period: 'Q1', actual: null, planned: 25 },
			{ period: 'Q2', actual: 40, planned: 50 },
			{ period: 'Q3', actual: null, planned: 75 },
			{ period: 'Q4', actual: null, planned: 100 }
		]);
		// 40 of the planned 50: 80 % of the expected progress.
		expect(row.assessment.status).toBe('at-risk');
	});
});

describe('buildDashboard', () => {
	it('reads the sample portfolio: objectives, periods, roles and KPIs all present', () => {
		const portfolio = northwindPortfolio();
		const dash = buildDashboard(portfolio);
		expect(dash.value.objectives).toHaveLength(portfolio.objectives.length);
		expect(dash.spend.map((s) => s.period)).toEqual(portfolio.periods);
		expect(dash.capacity.map((r) => r.roleId)).toEqual(portfolio.roles.map((r) => r.id));
		const kpiCount = portfolio.objectives.reduce((n, o) => n + o.kpis.length, 0);
		expect(dash.kpis).toHaveLength(kpiCount);
		expect(dash.risks.length).toBeLessThanOrEqual(5);
		for (const row of dash.attention) {
			expect(['off-track', 'at-risk']).toContain(row.assessment.status);
		}
	});

	it('names the full quarter as the peak even when the average use is low', () => {
		const portfolio = {
			...northwindPortfolio(),
			periods: ['Q1', 'Q2', 'Q3', 'Q4'],
			budget: {},
			roles: [
				{ id: 'dev', name: 'Engineers', capacity: { Q1: 10, Q2: 10, Q3: 10, Q4: 10 } },
				{ id: 'ops', name: 'Ops', capacity: { Q1: 4, Q2: 4, Q3: 4, Q4: 4 } }
			],
			projects: [
				project('portal', { name: 'Portal', demand: { dev: { Q2: 6 }, ops: { Q1: 1 } } }),
				project('wms', { name: 'WMS', demand: { dev: { Q2: 4 } } }),
				project('chat', { name: 'Chat', demand: { dev: { Q2: 1 } } }),
				project('edi', { name: 'EDI', demand: { dev: { Q2: 0.5, Q3: 1 } } })
			]
		};
		const dash = buildDashboard(portfolio);
		const dev = dash.capacity.find((r) => r.roleId === 'dev')!;
		// A quarter of the year: the average alone would say all is well.
		expect(dev.utilisation).toBe(0.25);
		expect(dev.overPeriods).toEqual([]);
		expect(dash.peak).toMatchObject({ period: 'Q2', load: 10, capacity: 10, share: 1 });
		expect(dash.peak!.info.name).toBe('Engineers');
		expect(dash.peak!.state).toBe('full');
		expect(dash.peak!.contributors.map((c) => c.name)).toEqual(['Portal', 'WMS']);
		expect(dash.peak!.keepsOut.map((k) => k.name)).toEqual(['Chat', 'EDI']);
		expect(dash.hot.map((c) => [c.info.name, c.period, c.state])).toEqual([
			['Engineers', 'Q2', 'full']
		]);
		// In words, as the dashboard and the stage say it.
		expect(peakWords(dash.peak!, 'EUR')).toBe('Engineers in Q2: 100 % (10 of 10 FTE)');
		expect(contributorWords(dash.peak!, 'EUR', 1)).toBe('Portal 6, 1 more (4)');
		expect(keptOutWords(dash.peak!)).toBe('Chat and EDI');
	});

	it('names the worst over-allocated cell when forced-in projects break a limit', () => {
		const portfolio = {
			...northwindPortfolio(),
			periods: ['Q1', 'Q2'],
			budget: {},
			roles: [{ id: 'dev', name: 'Engineers', capacity: { Q1: 10, Q2: 10 } }],
			projects: [
				project('portal', { name: 'Portal', decision: 'in', demand: { dev: { Q1: 7.2 } } }),
				project('wms', { name: 'WMS', decision: 'in', demand: { dev: { Q1: 4 } } })
			]
		};
		const dash = buildDashboard(portfolio);
		expect(dash.peak).toMatchObject({ period: 'Q1', state: 'over' });
		expect(dash.peak!.share).toBeCloseTo(1.12);
		expect(peakWords(dash.peak!, 'EUR')).toBe('Engineers in Q1: 112 % (11.2 of 10 FTE)');
		expect(dash.hot).toHaveLength(1);
	});

	it('lists a KPI as off track once an actual falls behind the plan', () => {
		const portfolio = northwindPortfolio();
		const target = portfolio.objectives.find((o) => o.kpis.length > 0)!.kpis[0];
		const last = portfolio.periods.at(-1)!;
		target.actuals = { [last]: target.baseline };
		const dash = buildDashboard(portfolio);
		expect(dash.attention.map((r) => r.kpi.id)).toContain(target.id);
		target.actuals = { [last]: target.target };
		expect(buildDashboard(portfolio).attention.map((r) => r.kpi.id)).not.toContain(target.id);
	});
});

describe('sparkline', () => {
	it('draws the plan from the baseline and breaks the actual line at gaps', () => {
		const series = [
			{ period: 'Q1', actual: 10, planned: 25 },
			{ period: 'Q2', actual: null, planned: 50 },
			{ period: 'Q3', actual: 60, planned: 75 },
			{ period: 'Q4', actual: 70, planned: 100 }
		];
		const s = sparkline(series, 0, { width: 100, height: 20, pad: 0 });
		expect(s.planned.match(/[ML]/g)).toHaveLength(5);
		// Two segments: Q1 alone, then Q3-Q4.
		expect(s.actual.match(/M/g)).toHaveLength(2);
		expect(s.dots.map((d) => d.period)).toEqual(['Q1', 'Q3', 'Q4']);
		// The target (100, the highest value) is at the top, the baseline at the bottom.
		expect(s.planned.startsWith('M0,20')).toBe(true);
		expect(s.planned.endsWith('100,0')).toBe(true);
	});

	it('copes with a flat series', () => {
		const s = sparkline([{ period: 'Q1', actual: 5, planned: 5 }], 5);
		expect(s.dots[0].y).toBeGreaterThan(0);
		expect(s.planned).toMatch(/^M/);
	});
});

describe('the alignment table (report and XLSX)', () => {
	it('has a row per objective with its funded cost, KPI roll-up and risk exposure', () => {
		const portfolio = northwindPortfolio();
		const table = alignmentTable(portfolio);
		expect(table.rows).toHaveLength(portfolio.objectives.length);
		const alignment = analyzeAlignment(portfolio);
		const column = (name: string) => table.columns.findIndex((c) => c.startsWith(name));
		const sub = portfolio.objectives.find((o) => o.parentId !== null)!;
		const theme = portfolio.objectives.find((o) => o.id === sub.parentId)!;
		const row = table.rows.find((r) => r[0] === `${theme.title} › ${sub.title}`)!;
		expect(row).toBeDefined();
		expect(row[column('Funded cost')]).toBeCloseTo(
			alignment.byObjective.get(sub.id)!.direct.cost,
			1
		);
		// The theme's KPI status is the worst of its subtree's.
		const dash = buildDashboard(portfolio);
		const themeRow = table.rows.find((r) => r[0] === theme.title)!;
		const rolled = dash.objectives.find((o) => o.objectiveId === theme.id)!.status;
		expect(themeRow[column('KPI status')]).toBe(
			{
				'on-track': 'On track',
				'at-risk': 'At risk',
				'off-track': 'Off track',
				'no-data': 'No data'
			}[rolled]
		);
		const exposures = table.rows.map((r) => r[column('Risk exposure')]);
		expect(exposures.every((e) => typeof e === 'number')).toBe(true);
	});
});
