import { describe, expect, it } from 'vitest';
import { analyzeAlignment, projectLoad } from '../../src/lib/domain/alignment';
import { emptyPortfolio } from '../../src/lib/domain/format';
import type { Objective, Portfolio, Project } from '../../src/lib/domain/types';
import { project } from '../helpers/projects';

const Q1 = '2027-Q1';
const Q2 = '2027-Q2';

function objective(id: string, parentId: string | null = null): Objective {
	return { id, parentId, title: id, description: '', owner: '', kpis: [] };
}

/** growth → { upsell, retention }, ops; budget 100 per quarter, one role with 10 FTE. */
function portfolio(projects: Project[], over: Partial<Portfolio> = {}): Portfolio {
	return {
		...emptyPortfolio('Alignment'),
		periods: [Q1, Q2],
		budget: { [Q1]: 100, [Q2]: 100 },
		roles: [{ id: 'eng', name: 'Engineering', capacity: { [Q1]: 10, [Q2]: 10 } }],
		objectives: [
			objective('growth'),
			objective('upsell', 'growth'),
			objective('retention', 'growth'),
			objective('ops')
		],
		projects,
		...over
	};
}

describe('analyzeAlignment', () => {
	it('lists projects that serve no objective as orphans, leaving out done and cancelled ones', () => {
		const a = analyzeAlignment(
			portfolio([
				project('linked', { contributions: { upsell: 2 } }),
				project('none'),
				project('zero', { contributions: { upsell: 0 } }),
				project('ghost', { contributions: { deleted: 3 } }),
				project('done', { status: 'done' }),
				project('cancelled', { status: 'cancelled' })
			])
		);
		expect(a.orphans).toEqual(['none', 'zero', 'ghost']);
	});

	it('finds objectives no project serves, directly or through a sub-objective', () => {
		const a = analyzeAlignment(
			portfolio([
				project('a', { contributions: { upsell: 1 } }),
				project('old', { status: 'done', contributions: { ops: 3 } })
			])
		);
		expect(a.uncovered).toEqual(['retention', 'ops']);
		expect(a.byObjective.get('growth')?.coverage).toBe('funded');
		expect(a.byObjective.get('growth')?.subtreeProjects).toBe(1);
	});

	it('counts each project once in an objective’s subtree, however many of its objectives it serves', () => {
		const a = analyzeAlignment(
			portfolio([
				// Serves the theme and both its sub-objectives: one project for the theme.
				project('wide', {
					cost: { [Q1]: 10 },
					contributions: { growth: 1, upsell: 2, retention: 3 }
				}),
				project('upsell-only', { cost: { [Q1]: 10 }, contributions: { upsell: 3 } }),
				project('too-big', { cost: { [Q1]: 150 }, contributions: { retention: 1 } })
			])
		);
		const count = (id: string) => {
			const entry = a.byObjective.get(id)!;
			return [entry.subtreeProjects, entry.subtreeFunded];
		};
		expect(count('growth')).toEqual([3, 2]);
		expect(count('upsell')).toEqual([2, 2]);
		expect(count('retention')).toEqual([2, 1]);
		expect(count('ops')).toEqual([0, 0]);
	});

	it('tells objectives served only by unfunded projects from funded ones', () => {
		const a = analyzeAlignment(
			portfolio([
				project('small', { cost: { [Q1]: 10 }, contributions: { upsell: 1 } }),
				project('big', { cost: { [Q1]: 150 }, contributions: { ops: 3 } })
			])
		);
		expect(a.funded.has('big')).toBe(false);
		expect(a.byObjective.get('ops')?.coverage).toBe('unfunded');
		expect(a.byObjective.get('upsell')?.coverage).toBe('funded');
		expect(a.uncovered).toEqual(['retention']);
	});

	it('splits a funded project’s cost and FTE over its objectives by contribution weight', () => {
		const p = project('p', {
			cost: { [Q1]: 40, [Q2]: 40 },
			demand: { eng: { [Q1]: 2, [Q2]: 6 } },
			contributions: { upsell: 3, ops: 1 }
		});
		const a = analyzeAlignment(portfolio([p]));
		const upsell = a.byObjective.get('upsell')!;
		const ops = a.byObjective.get('ops')!;
		// 80 in total, 4 FTE on average: 3/4 on upsell, 1/4 on ops.
		expect(upsell.direct).toEqual({ cost: 60, fte: 3 });
		expect(ops.direct).toEqual({ cost: 20, fte: 1 });
		expect(upsell.byWeight[3]).toEqual({ cost: 60, fte: 3 });
		expect(upsell.byWeight[1]).toEqual({ cost: 0, fte: 0 });
		expect(ops.byWeight[1]).toEqual({ cost: 20, fte: 1 });
		// Parents add their sub-objectives' share.
		expect(a.byObjective.get('growth')?.total).toEqual({ cost: 60, fte: 3 });
		expect(a.byObjective.get('growth')?.direct).toEqual({ cost: 0, fte: 0 });
	});

	it('counts only funded projects in cost and FTE, yet lists every project that serves', () => {
		const a = analyzeAlignment(
			portfolio([
				project('in', { cost: { [Q1]: 60 }, contributions: { ops: 2 } }),
				project('over', { cost: { [Q1]: 60 }, contributions: { ops: 2 } })
			])
		);
		const ops = a.byObjective.get('ops')!;
		expect(ops.projectIds).toEqual(['in', 'over']);
		expect(ops.fundedCount).toBe(1);
		expect(ops.direct.cost).toBe(60);
	});

	it('conserves the funded cost of linked projects across objectives', () => {
		const projects = [
			project('a', { cost: { [Q1]: 30 }, contributions: { upsell: 1, retention: 2, ops: 3 } }),
			project('b', { cost: { [Q1]: 20, [Q2]: 5 }, contributions: { retention: 2 } })
		];
		const a = analyzeAlignment(portfolio(projects));
		const sum = [...a.byObjective.values()].reduce((s, e) => s + e.direct.cost, 0);
		expect(sum).toBeCloseTo(55);
		const byWeight = [...a.byObjective.values()].reduce(
			(s, e) => s + e.byWeight[1].cost + e.byWeight[2].cost + e.byWeight[3].cost,
			0
		);
		expect(byWeight).toBeCloseTo(55);
	});

	it('assesses every KPI of every objective', () => {
		const p = portfolio([]);
		p.objectives[3].kpis = [
			{
				id: 'k',
				name: 'Incidents',
				unit: '',
				baseline: 10,
				target: 0,
				direction: 'decrease',
				actuals: { [Q1]: 5 }
			}
		];
		const a = analyzeAlignment(p);
		expect(a.byObjective.get('ops')?.kpis).toEqual([
			{ kpiId: 'k', assessment: expect.objectContaining({ status: 'on-track', progress: 0.5 }) }
		]);
	});

	it('loads a project over the portfolio periods only', () => {
		const p = project('p', {
			cost: { [Q1]: 10, '2030-Q1': 99 },
			demand: { eng: { [Q1]: 4 }, qa: { [Q2]: 2 } }
		});
		expect(projectLoad(p, [Q1, Q2])).toEqual({ cost: 10, fte: 3 });
	});
});
