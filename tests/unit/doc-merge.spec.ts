import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addDependency,
	addKpi,
	addObjective,
	addPeriod,
	addProject,
	deleteCriterion,
	deleteObjective,
	deleteProject,
	deleteRole,
	moveObjective,
	moveProject,
	read,
	removePeriod,
	setComparison,
	setProjectCost,
	setProjectDemand,
	setProjectScore,
	updateDecision,
	updateProject,
	updateRisk
} from '../../src/lib/doc';
import type { Portfolio } from '../../src/lib/domain/types';
import { northwindDoc, replica, sync } from '../helpers/doc-fixtures';

/** Two peers that start from the same Northwind state, then edit offline. */
function peers(): [Y.Doc, Y.Doc] {
	const a = northwindDoc();
	return [a, replica(a)];
}

/** Syncs both ways and checks that the peers converged; returns the common snapshot. */
function merged(a: Y.Doc, b: Y.Doc): Portfolio {
	sync(a, b);
	const snapshot = read(a);
	expect(read(b)).toEqual(snapshot);
	expect(JSON.stringify(read(b))).toBe(JSON.stringify(snapshot));
	return snapshot;
}

const projectOf = (p: Portfolio, id: string) => p.projects.find((x) => x.id === id);

describe('concurrent edits merge field by field', () => {
	it('keeps both edits to different fields of the same project', () => {
		const [a, b] = peers();
		updateProject(a, 'p-crm', { name: 'CRM 2.0' });
		updateProject(b, 'p-crm', { sponsor: 'CFO', status: 'active' });
		expect(projectOf(merged(a, b), 'p-crm')).toMatchObject({
			name: 'CRM 2.0',
			sponsor: 'CFO',
			status: 'active'
		});
	});

	it('keeps cost edits in different periods of the same project', () => {
		const [a, b] = peers();
		setProjectCost(a, 'p-crm', '2027-Q1', 111);
		setProjectCost(b, 'p-crm', '2027-Q2', 222);
		setProjectDemand(a, 'p-crm', 'r-eng', '2027-Q1', 1);
		setProjectDemand(b, 'p-crm', 'r-eng', '2027-Q2', 2);
		setProjectScore(a, 'p-crm', 'c-roi', 1);
		setProjectScore(b, 'p-crm', 'c-risk', 2);
		const crm = projectOf(merged(a, b), 'p-crm');
		expect(crm?.cost).toMatchObject({ '2027-Q1': 111, '2027-Q2': 222 });
		expect(crm?.demand['r-eng']).toMatchObject({ '2027-Q1': 1, '2027-Q2': 2 });
		expect(crm?.scores).toMatchObject({ 'c-roi': 1, 'c-risk': 2 });
	});

	it('resolves two edits of the same cell to one value on both peers', () => {
		const [a, b] = peers();
		setProjectCost(a, 'p-crm', '2027-Q1', 1);
		setProjectCost(b, 'p-crm', '2027-Q1', 2);
		expect([1, 2]).toContain(projectOf(merged(a, b), 'p-crm')?.cost['2027-Q1']);
	});

	it('keeps one judgement when two people judge the same pair either way round', () => {
		const [a, b] = peers();
		setComparison(a, 'c-growth', 'c-roi', 3);
		setComparison(b, 'c-roi', 'c-growth', 5);
		const weights = merged(a, b).weights;
		if (weights.method !== 'pairwise') throw new Error('expected pairwise');
		const pair = weights.comparisons.filter((c) => [c.a, c.b].sort().join() === 'c-growth,c-roi');
		expect(pair).toHaveLength(1);
		expect(weights.comparisons).toHaveLength(28);
	});

	it('keeps one entry when two people add the same dependency or period', () => {
		const [a, b] = peers();
		addDependency(a, 'p-crm', 'p-iam');
		addDependency(b, 'p-crm', 'p-iam');
		addPeriod(a, '2029-Q1');
		addPeriod(b, '2029-Q1');
		const p = merged(a, b);
		expect(projectOf(p, 'p-crm')?.dependsOn).toEqual(['p-iam']);
		expect(p.periods.filter((x) => x === '2029-Q1')).toHaveLength(1);
	});
});

describe('concurrent rank moves', () => {
	it('never duplicates or loses a project moved by two people to different places', () => {
		const [a, b] = peers();
		moveProject(a, 'p-crm', 0);
		moveProject(b, 'p-crm', { after: 'p-telematics' });
		const ids = merged(a, b).projects.map((p) => p.id);
		expect(ids).toHaveLength(24);
		expect(new Set(ids).size).toBe(24);
		expect([0, 23]).toContain(ids.indexOf('p-crm'));
	});

	it('keeps both projects moved into the same slot, in one order (ties broken by id)', () => {
		const [a, b] = peers();
		moveProject(a, 'p-wms', { before: 'p-portal' });
		moveProject(b, 'p-erp', { before: 'p-portal' });
		const ids = merged(a, b).projects.map((p) => p.id);
		// Same key from both peers: the id decides, p-erp < p-wms.
		expect(ids.slice(0, 3)).toEqual(['p-erp', 'p-wms', 'p-portal']);
		expect(new Set(ids).size).toBe(24);
		// A later insert between the tied two still lands between them.
		const x = addProject(a, { name: 'X' }, { after: 'p-erp' });
		expect(
			merged(a, b)
				.projects.slice(0, 4)
				.map((p) => p.id)
		).toEqual(['p-erp', x, 'p-wms', 'p-portal']);
	});

	it('keeps both projects added at the same place', () => {
		const [a, b] = peers();
		const x = addProject(a, { name: 'X' }, { after: 'p-portal' });
		const y = addProject(b, { name: 'Y' }, { after: 'p-portal' });
		const ids = merged(a, b).projects.map((p) => p.id);
		expect(ids.slice(1, 3).sort()).toEqual([x, y].sort());
		expect(ids).toHaveLength(26);
	});
});

describe('concurrent re-parents', () => {
	it('never makes a cycle or loses a node when two objectives are put under each other', () => {
		const [a, b] = peers();
		moveObjective(a, 'o-customer', { parentId: 'o-ops' });
		moveObjective(b, 'o-ops', { parentId: 'o-customer' });
		const p = merged(a, b);
		expect(p.objectives).toHaveLength(7);
		const parent = new Map(p.objectives.map((o) => [o.id, o.parentId]));
		// The smallest id of the cycle becomes a root.
		expect(parent.get('o-customer')).toBeNull();
		expect(parent.get('o-ops')).toBe('o-customer');
		for (const o of p.objectives) {
			const seen = new Set<string>();
			for (let id: string | null = o.id; id !== null; id = parent.get(id) ?? null) {
				expect(seen.has(id), `cycle through ${id}`).toBe(false);
				seen.add(id);
			}
		}
	});

	it('breaks a three-way cycle made by three peers', () => {
		const a = northwindDoc();
		const b = replica(a);
		const c = replica(a);
		moveObjective(a, 'o-growth', { parentId: 'o-cost' });
		moveObjective(b, 'o-cost', { parentId: 'o-people' });
		moveObjective(c, 'o-people', { parentId: 'o-growth' });
		sync(a, b);
		sync(b, c);
		sync(a, b);
		const p = read(a);
		expect(read(b)).toEqual(p);
		expect(read(c)).toEqual(p);
		const parent = new Map(p.objectives.map((o) => [o.id, o.parentId]));
		expect(parent.get('o-cost')).toBeNull();
		expect(parent.get('o-people')).toBe('o-growth');
		expect(parent.get('o-growth')).toBe('o-cost');
	});

	it('makes a child a root when its parent was deleted concurrently', () => {
		const [a, b] = peers();
		deleteObjective(a, 'o-growth');
		const child = addObjective(b, { title: 'Upsell', parentId: 'o-growth' });
		const kpi = addKpi(b, 'o-growth', { name: 'Lost KPI' });
		const p = merged(a, b);
		expect(p.objectives.find((o) => o.id === child)?.parentId).toBeNull();
		expect(p.objectives.flatMap((o) => o.kpis).map((k) => k.id)).not.toContain(kpi);
	});
});

describe('concurrent delete and edit', () => {
	it('a project deleted on one peer stays deleted when another edits it', () => {
		const [a, b] = peers();
		deleteProject(a, 'p-crm');
		setProjectCost(b, 'p-crm', '2027-Q1', 5);
		updateProject(b, 'p-crm', { name: 'Still here?' });
		expect(merged(a, b).projects.map((p) => p.id)).not.toContain('p-crm');
	});

	it('drops references created concurrently to a deleted project', () => {
		const [a, b] = peers();
		deleteProject(a, 'p-iam');
		addDependency(b, 'p-crm', 'p-iam');
		updateRisk(b, 'x-vendor', { projectId: 'p-iam' });
		updateDecision(b, 'd-erp', { projectIds: ['p-erp', 'p-iam'] });
		const p = merged(a, b);
		expect(projectOf(p, 'p-crm')?.dependsOn).toEqual([]);
		expect(projectOf(p, 'p-soc2')?.dependsOn).toEqual([]);
		expect(p.risks.find((r) => r.id === 'x-vendor')?.projectId).toBeNull();
		expect(p.decisions.find((d) => d.id === 'd-erp')?.projectIds).toEqual(['p-erp']);
	});

	it('drops scores, judgements and demand for a criterion or role deleted concurrently', () => {
		const [a, b] = peers();
		deleteCriterion(a, 'c-roi');
		deleteRole(a, 'r-ux');
		setProjectScore(b, 'p-crm', 'c-roi', 4);
		setComparison(b, 'c-roi', 'c-growth', 7);
		setProjectDemand(b, 'p-crm', 'r-ux', '2027-Q1', 1);
		const p = merged(a, b);
		expect('c-roi' in (projectOf(p, 'p-crm')?.scores ?? {})).toBe(false);
		expect('r-ux' in (projectOf(p, 'p-crm')?.demand ?? {})).toBe(false);
		if (p.weights.method !== 'pairwise') throw new Error('expected pairwise');
		expect(p.weights.comparisons.some((c) => c.a === 'c-roi' || c.b === 'c-roi')).toBe(false);
	});

	it('hides values written concurrently into a removed period', () => {
		const [a, b] = peers();
		removePeriod(a, '2027-Q1');
		setProjectCost(b, 'p-crm', '2027-Q1', 9);
		const p = merged(a, b);
		expect(p.periods).not.toContain('2027-Q1');
		expect('2027-Q1' in (projectOf(p, 'p-crm')?.cost ?? {})).toBe(false);
	});

	it('breaks a dependency cycle made concurrently: the higher-ranked project keeps its dependency', () => {
		const [a, b] = peers();
		addDependency(a, 'p-portal', 'p-subs');
		addDependency(b, 'p-subs', 'p-portal');
		const p = merged(a, b);
		// p-portal is ranked above p-subs.
		expect(projectOf(p, 'p-portal')?.dependsOn).toEqual(['p-subs']);
		expect(projectOf(p, 'p-subs')?.dependsOn).toEqual([]);
		// Moving p-subs above p-portal flips which one keeps it, on every peer.
		moveProject(b, 'p-subs', 0);
		const q = merged(a, b);
		expect(projectOf(q, 'p-subs')?.dependsOn).toEqual(['p-portal']);
		expect(projectOf(q, 'p-portal')?.dependsOn).toEqual([]);
	});
});
