import { describe, expect, it } from 'vitest';
import { project } from '../helpers/projects';
import { emptyPortfolio } from '../../src/lib/domain/format';
import { fundingLine } from '../../src/lib/domain/funding';
import {
	bottlenecks,
	breakdown,
	capacityLoads,
	overBy,
	prepareCapacity,
	whatItTakes
} from '../../src/lib/domain/capacity';
import { capacityPeak, hotCells, isFull } from '../../src/lib/domain/capacity-peak';
import type { Portfolio, Project } from '../../src/lib/domain/types';
import { generatePortfolio, Rng } from '../helpers/generate';

const Q1 = '2027-Q1';
const Q2 = '2027-Q2';
const Q3 = '2027-Q3';

/** Three quarters, budget 100 each, Engineering 4 FTE and Design 2 FTE each. */
function portfolio(projects: Project[], over: Partial<Portfolio> = {}): Portfolio {
	return {
		...emptyPortfolio('Capacity'),
		periods: [Q1, Q2, Q3],
		roles: [
			{ id: 'eng', name: 'Engineering', capacity: { [Q1]: 4, [Q2]: 4, [Q3]: 4 } },
			{ id: 'ux', name: 'Design', capacity: { [Q1]: 2, [Q2]: 2, [Q3]: 2 } }
		],
		budget: { [Q1]: 100, [Q2]: 100, [Q3]: 100 },
		projects,
		...over
	};
}

function loadsOf(p: Portfolio, options: { top?: number; ghosts?: number } = {}) {
	const funding = fundingLine(p);
	const loads = capacityLoads(prepareCapacity(p), {
		order: p.projects.map((x) => x.id),
		funded: funding.funded,
		...options
	});
	return { funding, loads, byKey: new Map(loads.map((l) => [l.info.key, l])) };
}

describe('capacityLoads: demand stacked by funded project', () => {
	it('stacks funded projects in rank order and leaves unfunded ones out', () => {
		const p = portfolio([
			project('a', { demand: { eng: { [Q1]: 2, [Q2]: 1 } }, cost: { [Q1]: 30 } }),
			project('b', { demand: { eng: { [Q1]: 1.5 } }, cost: { [Q1]: 40 } }),
			project('c', { demand: { eng: { [Q1]: 3 } } }), // does not fit: the line
			project('d', { demand: { ux: { [Q2]: 1 } } }) // below the line
		]);
		const { funding, byKey } = loadsOf(p);
		expect(funding.line).toBe('c');
		const eng = byKey.get('role:eng')!;
		expect(eng.info.name).toBe('Engineering');
		expect(eng.total).toEqual([3.5, 1, 0]);
		expect(eng.capacity).toEqual([4, 4, 4]);
		expect(eng.over).toEqual([0, 0, 0]);
		expect(eng.series.map((s) => [s.id, s.kind])).toEqual([
			['a', 'funded'],
			['b', 'funded']
		]);
		expect(eng.series[0].values).toEqual([2, 1, 0]);
		const budget = byKey.get('budget')!;
		expect(budget.total).toEqual([70, 0, 0]);
		expect(budget.capacity).toEqual([100, 100, 100]);
		// d is unfunded: Design carries nothing.
		expect(byKey.get('role:ux')!.total).toEqual([0, 0, 0]);
	});

	it('groups all but the largest funded projects of each resource into one band, totals exact', () => {
		const projects = Array.from({ length: 6 }, (_, i) =>
			project(`p${i}`, { demand: { eng: { [Q1]: 0.1 * (i + 1) } } })
		);
		const p = portfolio(projects);
		const { byKey } = loadsOf(p, { top: 2 });
		const eng = byKey.get('role:eng')!;
		// The two largest (p5: 0.6, p4: 0.5) drawn one by one, in rank order, above the rest.
		expect(eng.series.map((s) => s.id)).toEqual(['other', 'p4', 'p5']);
		expect(eng.series[0].count).toBe(4);
		expect(eng.series[0].name).toBe('4 other funded projects');
		const stacked = eng.series.reduce((sum, s) => sum + s.values[0], 0);
		expect(stacked).toBeCloseTo(2.1, 12);
		expect(eng.total[0]).toBeCloseTo(2.1, 12);
	});

	it('marks the part above capacity, which only forced-in projects can cause', () => {
		const p = portfolio([
			project('a', { decision: 'in', demand: { eng: { [Q1]: 3 } } }),
			project('b', { decision: 'in', demand: { eng: { [Q1]: 2.5, [Q2]: 1 } } }),
			project('c', { demand: { ux: { [Q2]: 1 } } })
		]);
		const { funding, byKey } = loadsOf(p);
		// Forced-in projects alone break Engineering in Q1, so no auto project fits.
		expect(funding.line).toBe('c');
		const eng = byKey.get('role:eng')!;
		expect(eng.over[0]).toBeCloseTo(1.5, 12);
		expect(eng.over.slice(1)).toEqual([0, 0]);
	});

	it('does not call a total over capacity when decimals sum to the capacity exactly', () => {
		expect(overBy(0.1 + 0.2, 0.3)).toBe(0);
		expect(overBy(4.000001, 4)).toBeCloseTo(0.000001, 12);
		const p = portfolio([
			project('a', { decision: 'in', demand: { ux: { [Q1]: 0.1 } } }),
			project('b', { decision: 'in', demand: { ux: { [Q1]: 0.2 } } })
		]);
		const { byKey } = loadsOf(p, {});
		const ux = byKey.get('role:ux')!;
		expect(ux.total[0]).toBeCloseTo(0.3, 12);
		const tight = portfolio(p.projects, {
			roles: [{ id: 'ux', name: 'Design', capacity: { [Q1]: 0.3 } }]
		});
		expect(loadsOf(tight).byKey.get('role:ux')!.over[0]).toBe(0);
	});

	it('shows no budget limit when the portfolio has no budget', () => {
		const p = portfolio([project('a', { cost: { [Q1]: 1e9 } })], { budget: {} });
		const budget = loadsOf(p).byKey.get('budget')!;
		expect(budget.capacity).toEqual([null, null, null]);
		expect(budget.over).toEqual([0, 0, 0]);
		expect(budget.total[0]).toBe(1e9);
	});

	it('stacks the next unfunded auto projects as ghosts, first below the line first', () => {
		const p = portfolio([
			project('a', { demand: { eng: { [Q1]: 3 } } }),
			project('b', { demand: { eng: { [Q1]: 2 } } }), // the line
			project('x', { decision: 'out', demand: { eng: { [Q1]: 1 } } }), // forced out: no ghost
			project('c', { demand: { eng: { [Q2]: 1 } } }),
			project('d', { demand: { eng: { [Q3]: 1 } } })
		]);
		const { byKey } = loadsOf(p, { ghosts: 2 });
		const eng = byKey.get('role:eng')!;
		expect(eng.series.filter((s) => s.kind === 'ghost').map((s) => s.id)).toEqual(['b', 'c']);
		expect(eng.ghostTotal).toEqual([2, 1, 0]);
		// Ghosts never count as funded demand.
		expect(eng.total).toEqual([3, 0, 0]);
	});

	it('follows a previewed order: a project moved above the line is stacked, the other not', () => {
		const p = portfolio([
			project('a', { demand: { eng: { [Q1]: 3 } } }),
			project('b', { demand: { eng: { [Q1]: 2 } } })
		]);
		const model = prepareCapacity(p);
		const moved = fundingLine(p, { order: ['b', 'a'] });
		const eng = capacityLoads(model, { order: ['b', 'a'], funded: moved.funded })[1];
		expect(eng.series.map((s) => s.id)).toEqual(['b']);
		expect(eng.total[0]).toBe(2);
	});

	it('leaves done and cancelled projects out even when named as funded', () => {
		const p = portfolio([
			project('a', { status: 'done', decision: 'in', demand: { eng: { [Q1]: 3 } } }),
			project('b', { demand: { eng: { [Q1]: 1 } } })
		]);
		const eng = capacityLoads(prepareCapacity(p), {
			order: ['a', 'b'],
			funded: new Set(['a', 'b'])
		})[1];
		expect(eng.total[0]).toBe(1);
	});
});

describe('breakdown and bottlenecks', () => {
	const overloaded = () =>
		portfolio([
			project('a', { decision: 'in', demand: { eng: { [Q1]: 3 } } }),
			project('b', { decision: 'in', demand: { eng: { [Q1]: 2, [Q2]: 1 } } }),
			project('c', { decision: 'in', demand: { eng: { [Q1]: 0.5 } } }),
			project('d', { demand: { eng: { [Q2]: 1 } } })
		]);

	it('breakdown lists each funded project with the part of its band above capacity', () => {
		const p = overloaded();
		const funding = fundingLine(p);
		const parts = breakdown(prepareCapacity(p), {
			order: p.projects.map((x) => x.id),
			funded: funding.funded,
			resource: 1,
			period: 0
		});
		// Stacked a (0-3), b (3-5), c (5-5.5) against 4: b has 1 above, c all 0.5.
		expect(parts.map((c) => [c.projectId, c.amount, c.above])).toEqual([
			['a', 3, 0],
			['b', 2, 1],
			['c', 0.5, 0.5]
		]);
		expect(parts.every((c) => c.forced)).toBe(true);
	});

	it('bottlenecks name the periods over capacity, the projects causing them and those kept out', () => {
		const p = overloaded();
		const funding = fundingLine(p);
		const found = bottlenecks(prepareCapacity(p), {
			order: p.projects.map((x) => x.id),
			funding
		});
		const first = found[0];
		expect([first.info.name, first.period, first.capacity, first.demand, first.over]).toEqual([
			'Engineering',
			Q1,
			4,
			5.5,
			1.5
		]);
		expect(first.causes.map((c) => [c.projectId, c.above])).toEqual([
			['b', 1],
			['c', 0.5]
		]);
		// d is kept out by the same Engineering Q1 (forced-in projects already over).
		expect(first.blocks).toEqual(['d']);
		expect(found).toHaveLength(1);
	});

	it('a full resource that keeps a project out is a bottleneck without excess', () => {
		const p = portfolio([
			project('a', { demand: { ux: { [Q2]: 1.5 } } }),
			project('b', { demand: { ux: { [Q2]: 1 } } }),
			project('c', { demand: { ux: { [Q2]: 0.8 } } })
		]);
		const funding = fundingLine(p);
		const found = bottlenecks(prepareCapacity(p), { order: ['a', 'b', 'c'], funding });
		expect(found.map((b) => [b.info.name, b.period, b.over, b.blocks])).toEqual([
			['Design', Q2, 0, ['b', 'c']]
		]);
	});
});

describe('hot cells and the peak: cells, never an average', () => {
	/**
	 * Engineering is used a third of the year on average (4 of 12 FTE-quarters), but Q2 is
	 * exactly full (a 2.5 + b 1.5 = 4) and keeps c and d out; Design has room.
	 */
	const fullQuarter = () =>
		portfolio([
			project('a', { name: 'Portal', demand: { eng: { [Q2]: 2.5 }, ux: { [Q1]: 0.5 } } }),
			project('b', { name: 'Warehouse', demand: { eng: { [Q2]: 1.5 } } }),
			project('c', { name: 'Chat', demand: { eng: { [Q2]: 0.5 } } }),
			project('d', { name: 'Pricing', demand: { eng: { [Q2]: 1 } } }),
			project('e', { name: 'Mobile', demand: { ux: { [Q3]: 0.5 } } })
		]);

	it('isFull is true at the limit within the funding tolerance, and false for no load', () => {
		expect(isFull(4, 4)).toBe(true);
		expect(isFull(0.1 + 0.2, 0.3)).toBe(true);
		expect(isFull(3.9, 4)).toBe(false);
		expect(isFull(0, 0)).toBe(false);
	});

	it('the peak is the full cell even when the average use is low', () => {
		const p = fullQuarter();
		const funding = fundingLine(p);
		const peak = capacityPeak(prepareCapacity(p), { order: p.projects.map((x) => x.id), funding });
		expect(peak).not.toBeNull();
		expect([peak!.info.name, peak!.period, peak!.load, peak!.capacity, peak!.share]).toEqual([
			'Engineering',
			Q2,
			4,
			4,
			1
		]);
		expect(peak!.state).toBe('full');
		expect(peak!.contributors.map((c) => [c.name, c.amount])).toEqual([
			['Portal', 2.5],
			['Warehouse', 1.5]
		]);
		expect(peak!.keepsOut.map((k) => k.name)).toEqual(['Chat', 'Pricing']);
	});

	it('hot cells list full cells before those that only keep a project out', () => {
		const p = portfolio([
			project('b', { name: 'Portal', demand: { eng: { [Q2]: 4 } } }),
			project('c', { name: 'Chat', demand: { eng: { [Q3]: 3 } } }),
			project('d', { name: 'Pricing', demand: { eng: { [Q3]: 2 } } })
		]);
		const funding = fundingLine(p);
		const hot = hotCells(prepareCapacity(p), { order: ['b', 'c', 'd'], funding });
		expect(hot.map((c) => [c.info.name, c.period, c.state, c.load])).toEqual([
			['Engineering', Q2, 'full', 4],
			['Engineering', Q3, 'blocking', 3]
		]);
		expect(hot[1].keepsOut.map((k) => k.name)).toEqual(['Pricing']);
	});

	it('a cell over capacity comes first and keeps every auto project out', () => {
		const p = portfolio([
			project('a', { name: 'ERP', decision: 'in', demand: { ux: { [Q1]: 3 } } }),
			project('b', { name: 'Portal', demand: { eng: { [Q2]: 4 } } })
		]);
		const funding = fundingLine(p);
		const hot = hotCells(prepareCapacity(p), { order: ['a', 'b'], funding });
		expect(hot.map((c) => [c.info.name, c.period, c.state, c.share])).toEqual([
			['Design', Q1, 'over', 1.5]
		]);
		expect(hot[0].contributors.map((c) => [c.name, c.above])).toEqual([['ERP', 1]]);
		expect(hot[0].keepsOut.map((k) => k.name)).toEqual(['Portal']);
	});

	it('a peak with room left says so and still names its projects', () => {
		const p = portfolio([project('a', { name: 'Portal', demand: { eng: { [Q1]: 1, [Q2]: 3 } } })]);
		const funding = fundingLine(p);
		const peak = capacityPeak(prepareCapacity(p), { order: ['a'], funding });
		expect([peak!.period, peak!.share, peak!.state]).toEqual([Q2, 0.75, 'room']);
		expect(peak!.contributors.map((c) => c.name)).toEqual(['Portal']);
	});

	it('no peak when no funded project needs any role', () => {
		const p = portfolio([project('a', { cost: { [Q1]: 10 } })]);
		expect(capacityPeak(prepareCapacity(p), { order: ['a'], funding: fundingLine(p) })).toBeNull();
	});

	it('rolesOnly leaves the budget out', () => {
		const p = portfolio([project('a', { decision: 'in', cost: { [Q1]: 150 } })]);
		const options = { order: ['a'], funding: fundingLine(p) };
		expect(hotCells(prepareCapacity(p), options).map((c) => c.info.name)).toEqual(['Budget']);
		expect(hotCells(prepareCapacity(p), { ...options, rolesOnly: true })).toEqual([]);
	});
});

describe('whatItTakes: funding the first project below the line', () => {
	it('adds exactly the FTE and budget the line project lacks', () => {
		const p = portfolio([
			project('a', { demand: { eng: { [Q1]: 3 } }, cost: { [Q2]: 80 } }),
			project('b', { demand: { eng: { [Q1]: 2, [Q2]: 1 } }, cost: { [Q2]: 50 } })
		]);
		const funding = fundingLine(p);
		expect(funding.line).toBe('b');
		const take = whatItTakes(prepareCapacity(p), funding)!;
		expect(take.project.id).toBe('b');
		expect(take.blockers).toEqual([]);
		expect(take.additions.map((a) => [a.info.name, a.period, a.add])).toEqual([
			['Budget', Q2, 30],
			['Engineering', Q1, 1]
		]);
		expect(take.fte).toBe(1);
		expect(take.budget).toBe(30);
	});

	it('needs nothing where decimals fit exactly (the tolerance of formula 4)', () => {
		const p = portfolio(
			[
				project('a', { demand: { ux: { [Q1]: 0.1 } } }),
				project('b', { demand: { ux: { [Q1]: 0.2 }, eng: { [Q1]: 5 } } })
			],
			{
				roles: [
					{ id: 'eng', name: 'Engineering', capacity: { [Q1]: 4 } },
					{ id: 'ux', name: 'Design', capacity: { [Q1]: 0.3 } }
				]
			}
		);
		const take = whatItTakes(prepareCapacity(p), fundingLine(p))!;
		expect(take.additions.map((a) => [a.info.name, a.add])).toEqual([['Engineering', 1]]);
	});

	it('includes limits that forced-in projects already break, since then nothing auto fits', () => {
		const p = portfolio([
			project('f', { decision: 'in', demand: { ux: { [Q3]: 2.5 } } }),
			project('b', { demand: { eng: { [Q1]: 1 } } })
		]);
		const funding = fundingLine(p);
		expect(funding.line).toBe('b');
		const take = whatItTakes(prepareCapacity(p), funding)!;
		expect(take.additions.map((a) => [a.info.name, a.period, a.add])).toEqual([
			['Design', Q3, 0.5]
		]);
	});

	it('says when a dependency or an exclusion, not capacity, keeps it out', () => {
		const p = portfolio([
			project('a', { demand: { eng: { [Q1]: 1 } }, excludes: ['c'] }),
			project('c', { dependsOn: ['z'], demand: { eng: { [Q1]: 1 } } }),
			project('z', { demand: { eng: { [Q1]: 1 } } })
		]);
		const funding = fundingLine(p);
		expect(funding.line).toBe('c');
		const take = whatItTakes(prepareCapacity(p), funding)!;
		expect(take.additions).toEqual([]);
		expect(take.blockers.map((b) => [b.kind, b.projectId, b.why])).toEqual([
			['dependency', 'z', 'is not funded (ranked below it)'],
			['exclusion', 'a', 'is funded (ranked above it)']
		]);
	});

	it('is null when there is no line', () => {
		const p = portfolio([project('a', { demand: { eng: { [Q1]: 1 } } })]);
		expect(whatItTakes(prepareCapacity(p), fundingLine(p))).toBeNull();
	});

	it('raising the limits by its additions funds the line project (generated portfolios)', () => {
		const rng = new Rng(61);
		let checked = 0;
		for (let seed = 0; seed < 60; seed++) {
			const p = generatePortfolio(rng.int(1, 1_000_000));
			const funding = fundingLine(p);
			const take = whatItTakes(prepareCapacity(p), funding);
			if (!take || take.blockers.length > 0) continue;
			const raised = structuredClone(p) as Portfolio;
			for (const a of take.additions) {
				if (a.info.resource.kind === 'budget') {
					raised.budget[a.period] = (raised.budget[a.period] ?? 0) + a.add;
				} else {
					const id = a.info.resource.roleId;
					const role = raised.roles.find((r) => r.id === id)!;
					role.capacity[a.period] = (role.capacity[a.period] ?? 0) + a.add;
				}
			}
			const after = fundingLine(raised);
			expect(after.funded.has(take.project.id), `seed ${seed}`).toBe(true);
			// Everything funded before stays funded.
			for (const id of funding.funded) expect(after.funded.has(id), `seed ${seed}`).toBe(true);
			checked++;
		}
		expect(checked).toBeGreaterThan(5);
	});
});
