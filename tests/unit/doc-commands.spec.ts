import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addCriterion,
	addDecision,
	addDependency,
	addExclusion,
	addKpi,
	addObjective,
	addPeriod,
	addProject,
	addReview,
	addRisk,
	addRole,
	CommandError,
	createPortfolioDoc,
	deleteCriterion,
	deleteDecision,
	deleteKpi,
	deleteObjective,
	deleteProject,
	deleteReview,
	deleteRisk,
	deleteRole,
	moveCriterion,
	moveDecision,
	moveKpi,
	moveObjective,
	movePeriod,
	moveProject,
	moveRisk,
	moveRole,
	read,
	removeDependency,
	removeExclusion,
	removePeriod,
	renamePeriod,
	renameReview,
	setBudget,
	setCapacity,
	setComparison,
	setDirectWeight,
	setKpiActual,
	setPeriods,
	setPortfolioFields,
	setProjectContribution,
	setProjectCost,
	setProjectDemand,
	setProjectScore,
	setWeightsMethod,
	updateCriterion,
	updateDecision,
	updateKpi,
	updateObjective,
	updateProject,
	updateRisk,
	updateRole
} from '../../src/lib/doc';
import type { Portfolio } from '../../src/lib/domain/types';
import { northwindDoc } from '../helpers/doc-fixtures';

const projectIds = (doc: Y.Doc) => read(doc).projects.map((p) => p.id);
const project = (doc: Y.Doc, id: string) => read(doc).projects.find((p) => p.id === id);
const objective = (doc: Y.Doc, id: string) => read(doc).objectives.find((o) => o.id === id);
const kpi = (doc: Y.Doc, id: string) =>
	read(doc)
		.objectives.flatMap((o) => o.kpis)
		.find((k) => k.id === id);

/** Records every transaction's origin and counts updates, to check one intent = one transaction. */
function watch(doc: Y.Doc) {
	const log = { transactions: [] as unknown[], updates: 0 };
	doc.on('afterTransaction', (tr: Y.Transaction) => log.transactions.push(tr.origin));
	doc.on('update', () => log.updates++);
	return log;
}

/** A refused command throws a CommandError and leaves the doc untouched. */
function expectRefused(doc: Y.Doc, command: () => unknown, message: RegExp): void {
	const before = read(doc);
	const log = watch(doc);
	expect(command).toThrow(CommandError);
	expect(command).toThrow(message);
	expect(log.updates).toBe(0);
	expect(read(doc)).toEqual(before);
}

describe('portfolio fields, periods and budget', () => {
	it('setPortfolioFields edits only the given fields', () => {
		const doc = northwindDoc();
		const before = read(doc);
		setPortfolioFields(doc, { name: 'Northwind 2028', currency: 'USD' });
		const after = read(doc);
		expect(after.name).toBe('Northwind 2028');
		expect(after.currency).toBe('USD');
		expect(after.vision).toBe(before.vision);
	});

	it('setPortfolioFields refuses unknown fields and non-strings', () => {
		const doc = northwindDoc();
		expectRefused(doc, () => setPortfolioFields(doc, { nme: 'x' } as never), /unknown.*nme/);
		expectRefused(doc, () => setPortfolioFields(doc, { name: 3 } as never), /must be a string/);
	});

	it('addPeriod appends or inserts, and refuses duplicates and malformed periods', () => {
		const doc = createPortfolioDoc();
		addPeriod(doc, '2027-Q2');
		addPeriod(doc, '2027-Q3');
		addPeriod(doc, '2027-Q1', { before: '2027-Q2' });
		expect(read(doc).periods).toEqual(['2027-Q1', '2027-Q2', '2027-Q3']);
		expectRefused(doc, () => addPeriod(doc, '2027-Q2'), /already exists/);
		expectRefused(doc, () => addPeriod(doc, '2027-Q5'), /quarter/);
		expectRefused(doc, () => addPeriod(doc, 'r|2027-Q4'), /quarter/);
	});

	it('removePeriod removes every value recorded for the period', () => {
		const doc = northwindDoc();
		setKpiActual(doc, 'k-arr', '2027-Q4', 41);
		removePeriod(doc, '2027-Q4');
		const p = read(doc);
		expect(p.periods).not.toContain('2027-Q4');
		expect('2027-Q4' in p.budget).toBe(false);
		for (const role of p.roles) expect('2027-Q4' in role.capacity).toBe(false);
		for (const pr of p.projects) {
			expect('2027-Q4' in pr.cost).toBe(false);
			for (const cells of Object.values(pr.demand)) expect('2027-Q4' in cells).toBe(false);
		}
		// Re-adding the period does not bring old values back: they were deleted, not hidden.
		addPeriod(doc, '2027-Q4', { after: '2027-Q3' });
		expect(project(doc, 'p-portal')?.cost['2027-Q4']).toBeUndefined();
		expect(kpi(doc, 'k-arr')?.actuals['2027-Q4']).toBeUndefined();
	});

	it('renamePeriod carries all values over to the new name', () => {
		const doc = northwindDoc();
		const before = read(doc);
		renamePeriod(doc, '2028-Q4', '2029-Q1');
		const after = read(doc);
		expect(after.periods.at(-1)).toBe('2029-Q1');
		expect(after.budget['2029-Q1']).toBe(before.budget['2028-Q4']);
		const portal = after.projects.find((p) => p.id === 'p-portal');
		expect(portal?.cost['2029-Q1']).toBe(166000);
		expect(portal?.demand['r-eng']['2029-Q1']).toBe(2.8);
		expect(after.roles[0].capacity['2029-Q1']).toBe(before.roles[0].capacity['2028-Q4']);
		expectRefused(doc, () => renamePeriod(doc, '2027-Q1', '2027-Q2'), /already exists/);
		expectRefused(doc, () => renamePeriod(doc, '2030-Q1', '2030-Q2'), /unknown period/);
	});

	it('movePeriod and setPeriods reorder, add and remove periods', () => {
		const doc = northwindDoc();
		movePeriod(doc, '2027-Q1', { after: '2027-Q2' });
		expect(read(doc).periods.slice(0, 2)).toEqual(['2027-Q2', '2027-Q1']);
		setPeriods(doc, ['2027-Q1', '2027-Q2', '2027-Q3', '2029-Q1']);
		const p = read(doc);
		expect(p.periods).toEqual(['2027-Q1', '2027-Q2', '2027-Q3', '2029-Q1']);
		expect(p.budget).toEqual({ '2027-Q1': 1150000, '2027-Q2': 1150000, '2027-Q3': 1150000 });
		expectRefused(doc, () => setPeriods(doc, ['2027-Q1', '2027-Q1']), /twice/);
	});

	it('setPeriods only inserts new periods when the kept ones keep their order', () => {
		const doc = createPortfolioDoc();
		setPeriods(doc, ['2027-Q1', '2027-Q3']);
		const keys = doc.getMap('periods').toJSON();
		setPeriods(doc, ['2027-Q1', '2027-Q2', '2027-Q3']);
		const after = doc.getMap('periods').toJSON();
		expect(after['2027-Q1']).toBe(keys['2027-Q1']);
		expect(after['2027-Q3']).toBe(keys['2027-Q3']);
		expect(read(doc).periods).toEqual(['2027-Q1', '2027-Q2', '2027-Q3']);
	});

	it('setBudget sets and clears a period, and refuses bad numbers and periods', () => {
		const doc = northwindDoc();
		setBudget(doc, '2027-Q1', 2_000_000);
		expect(read(doc).budget['2027-Q1']).toBe(2_000_000);
		setBudget(doc, '2027-Q1', null);
		expect('2027-Q1' in read(doc).budget).toBe(false);
		expectRefused(doc, () => setBudget(doc, '2027-Q2', -1), /negative/);
		expectRefused(doc, () => setBudget(doc, '2027-Q2', Number.NaN), /finite/);
		expectRefused(doc, () => setBudget(doc, '2027-Q2', Infinity), /finite/);
		expectRefused(doc, () => setBudget(doc, '2031-Q1', 1), /unknown period/);
	});

	it('normalises -0 to 0 so the value survives JSON', () => {
		const doc = northwindDoc();
		setBudget(doc, '2027-Q1', -0);
		expect(Object.is(read(doc).budget['2027-Q1'], 0)).toBe(true);
	});
});

describe('objectives and KPIs', () => {
	it('addObjective adds a root or a child with a short random id', () => {
		const doc = northwindDoc();
		const root = addObjective(doc, { title: 'Expand abroad' });
		const child = addObjective(doc, { title: 'Enter Poland', parentId: root, owner: 'CEO' });
		expect(root).toMatch(/^o-[0-9a-z]{8}$/);
		expect(objective(doc, root)).toMatchObject({ parentId: null, title: 'Expand abroad' });
		expect(objective(doc, child)).toMatchObject({ parentId: root, owner: 'CEO', kpis: [] });
		expect(read(doc).objectives.at(-1)?.id).toBe(child);
		expectRefused(
			doc,
			() => addObjective(doc, { title: 'x', parentId: 'o-nope' }),
			/unknown objective/
		);
		expectRefused(doc, () => addObjective(doc, { id: 'o-growth', title: 'x' }), /already taken/);
		expectRefused(doc, () => addObjective(doc, { id: '__proto__', title: 'x' }), /reserved/);
	});

	it('updateObjective edits fields', () => {
		const doc = northwindDoc();
		updateObjective(doc, 'o-growth', { title: 'Grow ARR', owner: 'CRO' });
		expect(objective(doc, 'o-growth')).toMatchObject({ title: 'Grow ARR', owner: 'CRO' });
		expectRefused(doc, () => updateObjective(doc, 'o-nope', { title: 'x' }), /unknown objective/);
		expectRefused(
			doc,
			() => updateObjective(doc, 'o-growth', { parentId: null } as never),
			/unknown/
		);
	});

	it('moveObjective re-parents and re-orders, and refuses a cycle', () => {
		const doc = northwindDoc();
		moveObjective(doc, 'o-growth', { parentId: 'o-ops' });
		expect(objective(doc, 'o-growth')?.parentId).toBe('o-ops');
		moveObjective(doc, 'o-people', { before: 'o-customer' });
		expect(read(doc).objectives[0].id).toBe('o-people');
		moveObjective(doc, 'o-growth', { parentId: null });
		expect(objective(doc, 'o-growth')?.parentId).toBeNull();
		expectRefused(doc, () => moveObjective(doc, 'o-ops', { parentId: 'o-cost' }), /cycle/);
		expectRefused(doc, () => moveObjective(doc, 'o-ops', { parentId: 'o-ops' }), /cycle/);
		expectRefused(doc, () => moveObjective(doc, 'o-ops', { parentId: 'o-nope' }), /unknown/);
		// A bad neighbour refuses the whole move, the re-parent included.
		expectRefused(
			doc,
			() => moveObjective(doc, 'o-nps', { parentId: 'o-ops', after: 'o-nope' }),
			/unknown neighbour/
		);
	});

	it('deleteObjective lifts its children to its parent and unlinks everything that named it', () => {
		const doc = northwindDoc();
		const sub = addObjective(doc, { title: 'Sub', parentId: 'o-growth' });
		addRisk(doc, { id: 'x-growth', title: 'Churn', objectiveId: 'o-growth' });
		deleteObjective(doc, 'o-growth');
		const p = read(doc);
		expect(p.objectives.map((o) => o.id)).not.toContain('o-growth');
		expect(p.objectives.find((o) => o.id === sub)?.parentId).toBe('o-customer');
		expect(p.criteria.find((c) => c.id === 'c-growth')?.objectiveId).toBeNull();
		expect(p.risks.find((r) => r.id === 'x-growth')?.objectiveId).toBeNull();
		for (const pr of p.projects) expect('o-growth' in pr.contributions).toBe(false);
		expect(p.objectives.flatMap((o) => o.kpis).map((k) => k.id)).not.toContain('k-arr');
		// The cleanup is in the doc itself, not only hidden by read.
		const portal = doc.getMap('projects').get('p-portal') as Y.Map<unknown>;
		expect((portal.get('contributions') as Y.Map<number>).has('o-growth')).toBe(false);
	});

	it('deleting a root objective makes its children roots', () => {
		const doc = northwindDoc();
		deleteObjective(doc, 'o-ops');
		expect(objective(doc, 'o-cost')?.parentId).toBeNull();
		expect(objective(doc, 'o-resilience')?.parentId).toBeNull();
	});

	it('manages KPIs: add, update, move, actuals, delete', () => {
		const doc = northwindDoc();
		const id = addKpi(doc, 'o-nps', {
			name: 'Complaints',
			unit: 'per month',
			baseline: 120,
			target: 60,
			direction: 'decrease'
		});
		expect(id).toMatch(/^k-[0-9a-z]{8}$/);
		expect(objective(doc, 'o-nps')?.kpis.map((k) => k.id)).toEqual(['k-nps', 'k-otif', id]);
		moveKpi(doc, id, 0);
		expect(objective(doc, 'o-nps')?.kpis[0].id).toBe(id);
		updateKpi(doc, id, { target: 50, baseline: -5 });
		expect(kpi(doc, id)).toMatchObject({ target: 50, baseline: -5 });
		setKpiActual(doc, id, '2027-Q1', 110);
		setKpiActual(doc, id, '2027-Q2', -3);
		expect(kpi(doc, id)?.actuals).toEqual({ '2027-Q1': 110, '2027-Q2': -3 });
		setKpiActual(doc, id, '2027-Q1', null);
		expect(kpi(doc, id)?.actuals).toEqual({ '2027-Q2': -3 });
		expectRefused(doc, () => setKpiActual(doc, id, '2031-Q1', 1), /unknown period/);
		expectRefused(doc, () => updateKpi(doc, id, { direction: 'up' as never }), /one of/);
		expectRefused(
			doc,
			() => addKpi(doc, 'o-growth', { id: 'k-nps', name: 'dup' }),
			/already taken/
		);
		expectRefused(doc, () => addKpi(doc, 'o-nope', { name: 'x' }), /unknown objective/);
		deleteKpi(doc, id);
		expect(kpi(doc, id)).toBeUndefined();
		expectRefused(doc, () => deleteKpi(doc, id), /unknown KPI/);
	});
});

describe('criteria and weights', () => {
	it('adds, updates, moves and links criteria', () => {
		const doc = northwindDoc();
		const id = addCriterion(doc, { name: 'Strategic fit', kind: 'benefit' }, { after: 'c-growth' });
		expect(
			read(doc)
				.criteria.map((c) => c.id)
				.slice(0, 2)
		).toEqual(['c-growth', id]);
		updateCriterion(doc, id, { objectiveId: 'o-people', kind: 'cost' });
		expect(read(doc).criteria[1]).toEqual({
			id,
			name: 'Strategic fit',
			kind: 'cost',
			objectiveId: 'o-people'
		});
		moveCriterion(doc, id, { after: 'c-risk' });
		expect(read(doc).criteria.at(-1)?.id).toBe(id);
		expectRefused(
			doc,
			() => updateCriterion(doc, id, { objectiveId: 'o-nope' }),
			/unknown objective/
		);
		expectRefused(doc, () => updateCriterion(doc, id, { kind: 'gain' as never }), /one of/);
	});

	it('deleteCriterion removes its scores, judgements and direct weight', () => {
		const doc = northwindDoc();
		setDirectWeight(doc, 'c-roi', 0.4);
		deleteCriterion(doc, 'c-roi');
		const p = read(doc);
		expect(p.criteria.map((c) => c.id)).not.toContain('c-roi');
		for (const pr of p.projects) expect('c-roi' in pr.scores).toBe(false);
		if (p.weights.method !== 'pairwise') throw new Error('expected pairwise');
		expect(p.weights.comparisons.some((c) => c.a === 'c-roi' || c.b === 'c-roi')).toBe(false);
		expect(p.weights.comparisons).toHaveLength(21);
		expect(doc.getMap('directWeights').has('c-roi')).toBe(false);
	});

	it('one judgement per pair, whichever way round it is set', () => {
		const doc = northwindDoc();
		setComparison(doc, 'c-risk', 'c-growth', 5);
		const weights = read(doc).weights;
		if (weights.method !== 'pairwise') throw new Error('expected pairwise');
		const pair = weights.comparisons.filter((c) => [c.a, c.b].sort().join() === 'c-growth,c-risk');
		expect(pair).toEqual([{ a: 'c-risk', b: 'c-growth', value: 5 }]);
		// It keeps its place in the list.
		expect(weights.comparisons.findIndex((c) => c.a === 'c-risk' && c.b === 'c-growth')).toBe(6);
		setComparison(doc, 'c-growth', 'c-risk', null);
		const after = read(doc).weights;
		expect(after.method === 'pairwise' && after.comparisons).toHaveLength(27);
	});

	it('setComparison refuses self-comparison, unknown criteria and values off the Saaty scale', () => {
		const doc = northwindDoc();
		expectRefused(doc, () => setComparison(doc, 'c-roi', 'c-roi', 3), /itself/);
		expectRefused(doc, () => setComparison(doc, 'c-roi', 'c-nope', 3), /unknown criterion/);
		expectRefused(doc, () => setComparison(doc, 'c-roi', 'c-risk', 10), /1\/9 and 9/);
		expectRefused(doc, () => setComparison(doc, 'c-roi', 'c-risk', 0.1), /1\/9 and 9/);
		setComparison(doc, 'c-roi', 'c-risk', 1 / 9);
		setComparison(doc, 'c-roi', 'c-urgency', 1 / 3);
	});

	it('switching the weights method keeps the other method’s data', () => {
		const doc = northwindDoc();
		setWeightsMethod(doc, 'direct');
		setDirectWeight(doc, 'c-growth', 0.6);
		setDirectWeight(doc, 'c-roi', 0.4);
		expect(read(doc).weights).toEqual({
			method: 'direct',
			values: { 'c-growth': 0.6, 'c-roi': 0.4 }
		});
		setWeightsMethod(doc, 'pairwise');
		const w = read(doc).weights;
		expect(w.method === 'pairwise' && w.comparisons).toHaveLength(28);
		setWeightsMethod(doc, 'direct');
		setDirectWeight(doc, 'c-roi', null);
		expect(read(doc).weights).toEqual({ method: 'direct', values: { 'c-growth': 0.6 } });
		expectRefused(doc, () => setWeightsMethod(doc, 'ahp' as never), /one of/);
		expectRefused(doc, () => setDirectWeight(doc, 'c-roi', -0.1), /negative/);
	});

	it('never leaves every direct weight at 0; a doc that holds it reads as equal weights', () => {
		const doc = northwindDoc();
		setWeightsMethod(doc, 'direct');
		setDirectWeight(doc, 'c-growth', 1);
		setDirectWeight(doc, 'c-roi', 0);
		expectRefused(
			doc,
			() => setDirectWeight(doc, 'c-growth', 0),
			/weights\.values\.c-growth: every direct weight would be 0/
		);
		expectRefused(doc, () => setDirectWeight(doc, 'c-growth', null), /would be 0/);
		// Clearing every value is fine: no values, equal weights.
		setDirectWeight(doc, 'c-roi', null);
		setDirectWeight(doc, 'c-growth', null);
		expect(read(doc).weights).toEqual({ method: 'direct', values: {} });
		// Deleting the criterion with the last weight above 0 leaves zeros behind.
		setDirectWeight(doc, 'c-growth', 1);
		setDirectWeight(doc, 'c-roi', 0);
		deleteCriterion(doc, 'c-growth');
		expect(read(doc).weights).toEqual({ method: 'direct', values: {} });
	});
});

describe('roles', () => {
	it('adds, renames, moves, sets capacity and deletes roles with their demand', () => {
		const doc = northwindDoc();
		const id = addRole(doc, { name: 'Legal', capacity: { '2027-Q1': 1.5 } }, { before: 'r-eng' });
		expect(read(doc).roles[0]).toEqual({ id, name: 'Legal', capacity: { '2027-Q1': 1.5 } });
		updateRole(doc, id, { name: 'Legal & compliance' });
		moveRole(doc, id, 3);
		expect(read(doc).roles[3].name).toBe('Legal & compliance');
		setCapacity(doc, id, '2027-Q2', 2);
		setCapacity(doc, id, '2027-Q1', null);
		expect(read(doc).roles[3].capacity).toEqual({ '2027-Q2': 2 });
		expectRefused(doc, () => setCapacity(doc, id, '2027-Q2', -2), /negative/);
		expectRefused(doc, () => setCapacity(doc, 'r-nope', '2027-Q2', 2), /unknown role/);
		expectRefused(doc, () => addRole(doc, { name: 'x', capacity: { '2031-Q1': 1 } }), /unknown id/);

		deleteRole(doc, 'r-eng');
		const p = read(doc);
		expect(p.roles.map((r) => r.id)).not.toContain('r-eng');
		for (const pr of p.projects) expect('r-eng' in pr.demand).toBe(false);
		const portal = doc.getMap('projects').get('p-portal') as Y.Map<unknown>;
		const cells = Array.from((portal.get('demand') as Y.Map<number>).keys());
		expect(cells.some((key) => key.startsWith('r-eng|'))).toBe(false);
		expect(cells.some((key) => key.startsWith('r-ux|'))).toBe(true);
	});
});

describe('projects', () => {
	it('addProject appends at the end by default, or before/after another', () => {
		const doc = northwindDoc();
		const last = addProject(doc, { name: 'Last' });
		const first = addProject(doc, { name: 'First' }, { before: 'p-portal' });
		const third = addProject(doc, { name: 'Third' }, { after: 'p-subs' });
		const ids = projectIds(doc);
		expect(last).toMatch(/^p-[0-9a-z]{8}$/);
		expect(ids.at(-1)).toBe(last);
		expect(ids.slice(0, 4)).toEqual([first, 'p-portal', 'p-subs', third]);
		expect(project(doc, last)).toEqual({
			id: last,
			name: 'Last',
			description: '',
			sponsor: '',
			status: 'proposed',
			decision: 'auto',
			decisionReason: '',
			cost: {},
			demand: {},
			scores: {},
			contributions: {},
			dependsOn: [],
			excludes: []
		});
		expectRefused(
			doc,
			() => addProject(doc, { name: 'x' }, { after: 'p-nope' }),
			/unknown neighbour/
		);
	});

	it('addProject writes a complete input', () => {
		const doc = northwindDoc();
		const id = addProject(doc, {
			id: 'p-new',
			name: 'New',
			status: 'approved',
			decision: 'in',
			cost: { '2027-Q1': 1000 },
			demand: { 'r-eng': { '2027-Q1': 1, '2027-Q2': 0.5 } },
			scores: { 'c-roi': 7.5 },
			contributions: { 'o-growth': 2 },
			dependsOn: ['p-iam'],
			excludes: ['p-dw']
		});
		expect(id).toBe('p-new');
		expect(project(doc, 'p-new')).toMatchObject({
			status: 'approved',
			decision: 'in',
			cost: { '2027-Q1': 1000 },
			demand: { 'r-eng': { '2027-Q1': 1, '2027-Q2': 0.5 } },
			scores: { 'c-roi': 7.5 },
			contributions: { 'o-growth': 2 },
			dependsOn: ['p-iam'],
			excludes: ['p-dw']
		});
	});

	it('addProject refuses bad input before writing anything', () => {
		const doc = northwindDoc();
		expectRefused(doc, () => addProject(doc, { name: 'x', scores: { 'c-roi': 11 } }), /0 and 10/);
		expectRefused(doc, () => addProject(doc, { name: 'x', scores: { 'c-nope': 1 } }), /unknown id/);
		expectRefused(doc, () => addProject(doc, { name: 'x', cost: { '2027-Q1': -5 } }), /negative/);
		expectRefused(doc, () => addProject(doc, { name: 'x', cost: { '2027-Q1': NaN } }), /finite/);
		expectRefused(
			doc,
			() => addProject(doc, { name: 'x', demand: { 'r-nope': {} } }),
			/unknown role/
		);
		expectRefused(
			doc,
			() => addProject(doc, { name: 'x', contributions: { 'o-growth': 1.5 } }),
			/0, 1, 2 or 3/
		);
		expectRefused(doc, () => addProject(doc, { name: 'x', dependsOn: ['p-nope'] }), /unknown id/);
		expectRefused(
			doc,
			() => addProject(doc, { name: 'x', dependsOn: ['p-iam', 'p-iam'] }),
			/twice/
		);
		expectRefused(doc, () => addProject(doc, { name: 'x', status: 'started' as never }), /one of/);
		expectRefused(doc, () => addProject(doc, { id: 'p-crm', name: 'x' }), /already taken/);
		expectRefused(doc, () => addProject(doc, { id: 'constructor', name: 'x' }), /reserved/);
		expectRefused(doc, () => addProject(doc, {} as never), /name must be a string/);
	});

	it('updateProject patches fields and writes nothing for a no-op patch', () => {
		const doc = northwindDoc();
		updateProject(doc, 'p-crm', {
			sponsor: 'CFO',
			status: 'active',
			decision: 'out',
			decisionReason: 'later'
		});
		expect(project(doc, 'p-crm')).toMatchObject({
			sponsor: 'CFO',
			status: 'active',
			decision: 'out',
			decisionReason: 'later'
		});
		const log = watch(doc);
		updateProject(doc, 'p-crm', { sponsor: 'CFO' });
		expect(log.updates).toBe(0);
		expectRefused(
			doc,
			() => updateProject(doc, 'p-crm', { cost: {} } as never),
			/unknown or read-only field 'cost'/
		);
		expectRefused(doc, () => updateProject(doc, 'p-crm', { decision: 'maybe' as never }), /one of/);
		expectRefused(doc, () => updateProject(doc, 'p-nope', { name: 'x' }), /unknown project/);
	});

	it('moveProject moves to an index, before or after another, and changes only its own key', () => {
		const doc = northwindDoc();
		const keys = () => {
			const out: Record<string, unknown> = {};
			doc.getMap('projects').forEach((p, id) => (out[id] = (p as Y.Map<unknown>).get('order')));
			return out;
		};
		const before = keys();
		moveProject(doc, 'p-telematics', 0);
		expect(projectIds(doc)[0]).toBe('p-telematics');
		const after = keys();
		const changed = Object.keys(after).filter((id) => after[id] !== before[id]);
		expect(changed).toEqual(['p-telematics']);
		moveProject(doc, 'p-portal', { after: 'p-wms' });
		expect(projectIds(doc).slice(0, 4)).toEqual(['p-telematics', 'p-subs', 'p-wms', 'p-portal']);
		moveProject(doc, 'p-subs', { before: 'p-telematics' });
		expect(projectIds(doc)[0]).toBe('p-subs');
		moveProject(doc, 'p-subs', 999);
		expect(projectIds(doc).at(-1)).toBe('p-subs');
		expect(projectIds(doc)).toHaveLength(24);
		expect(new Set(projectIds(doc)).size).toBe(24);
		expectRefused(doc, () => moveProject(doc, 'p-nope', 0), /unknown project/);
		expectRefused(doc, () => moveProject(doc, 'p-subs', 1.5), /integer/);
		expectRefused(doc, () => moveProject(doc, 'p-subs', { before: 'p-nope' }), /unknown neighbour/);
	});

	it('moving between two projects that share an order key re-keys them and still lands between', () => {
		const doc = createPortfolioDoc();
		const a = addProject(doc, { id: 'p-a', name: 'A' });
		const b = addProject(doc, { id: 'p-b', name: 'B' });
		const c = addProject(doc, { id: 'p-c', name: 'C' });
		// Simulate two peers that generated the same key concurrently.
		const map = doc.getMap('projects');
		(map.get(b) as Y.Map<unknown>).set('order', (map.get(a) as Y.Map<unknown>).get('order'));
		expect(projectIds(doc)).toEqual([a, b, c]);
		moveProject(doc, c, { after: a });
		expect(projectIds(doc)).toEqual([a, c, b]);
		const x = addProject(doc, { name: 'X' }, { before: c });
		expect(projectIds(doc)).toEqual([a, x, c, b]);
	});

	it('sets and clears cost, demand, scores and contributions per cell', () => {
		const doc = northwindDoc();
		setProjectCost(doc, 'p-crm', '2027-Q1', 5000);
		setProjectDemand(doc, 'p-crm', 'r-ux', '2027-Q2', 0.5);
		setProjectScore(doc, 'p-crm', 'c-roi', 9);
		setProjectContribution(doc, 'p-crm', 'o-people', 1);
		let crm = project(doc, 'p-crm');
		expect(crm?.cost['2027-Q1']).toBe(5000);
		expect(crm?.demand['r-ux']).toEqual({ '2027-Q2': 0.5 });
		expect(crm?.scores['c-roi']).toBe(9);
		expect(crm?.contributions['o-people']).toBe(1);
		setProjectCost(doc, 'p-crm', '2027-Q1', null);
		setProjectDemand(doc, 'p-crm', 'r-ux', '2027-Q2', null);
		setProjectScore(doc, 'p-crm', 'c-roi', null);
		setProjectContribution(doc, 'p-crm', 'o-people', null);
		crm = project(doc, 'p-crm');
		expect('2027-Q1' in (crm?.cost ?? {})).toBe(false);
		expect('r-ux' in (crm?.demand ?? {})).toBe(false);
		expect('c-roi' in (crm?.scores ?? {})).toBe(false);
		expect('o-people' in (crm?.contributions ?? {})).toBe(false);
	});

	it('refuses out-of-range values and unknown ids in the cell setters', () => {
		const doc = northwindDoc();
		expectRefused(doc, () => setProjectScore(doc, 'p-crm', 'c-roi', 10.5), /0 and 10/);
		expectRefused(doc, () => setProjectScore(doc, 'p-crm', 'c-roi', -1), /negative/);
		expectRefused(doc, () => setProjectScore(doc, 'p-crm', 'c-nope', 1), /unknown criterion/);
		expectRefused(doc, () => setProjectContribution(doc, 'p-crm', 'o-people', 4), /0, 1, 2 or 3/);
		expectRefused(
			doc,
			() => setProjectContribution(doc, 'p-crm', 'o-nope', 1),
			/unknown objective/
		);
		expectRefused(doc, () => setProjectCost(doc, 'p-crm', '2027-Q1', -1), /negative/);
		expectRefused(doc, () => setProjectCost(doc, 'p-nope', '2027-Q1', 1), /unknown project/);
		expectRefused(
			doc,
			() => setProjectDemand(doc, 'p-crm', 'r-nope', '2027-Q1', 1),
			/unknown role/
		);
		expectRefused(
			doc,
			() => setProjectDemand(doc, 'p-crm', 'r-eng', '2040-Q1', 1),
			/unknown period/
		);
		expectRefused(
			doc,
			() => setProjectDemand(doc, 'p-crm', 'r-eng', '2027-Q1', Infinity),
			/finite/
		);
	});

	it('dependencies: add once, remove, refuse self, unknown and cycles', () => {
		const doc = northwindDoc();
		addDependency(doc, 'p-crm', 'p-iam');
		addDependency(doc, 'p-crm', 'p-dw');
		addDependency(doc, 'p-crm', 'p-iam');
		expect(project(doc, 'p-crm')?.dependsOn).toEqual(['p-iam', 'p-dw']);
		expectRefused(doc, () => addDependency(doc, 'p-crm', 'p-crm'), /itself/);
		expectRefused(doc, () => addDependency(doc, 'p-crm', 'p-nope'), /unknown project/);
		// p-forecast → p-dw already; p-dw → p-forecast would close a cycle.
		expectRefused(doc, () => addDependency(doc, 'p-dw', 'p-forecast'), /cycle/);
		// p-crm → p-dw now, so p-dw → p-crm would close a cycle too.
		expectRefused(doc, () => addDependency(doc, 'p-dw', 'p-crm'), /cycle/);
		removeDependency(doc, 'p-crm', 'p-iam');
		removeDependency(doc, 'p-crm', 'p-iam');
		expect(project(doc, 'p-crm')?.dependsOn).toEqual(['p-dw']);
	});

	it('exclusions work both ways: one entry per pair, removal from either side', () => {
		const doc = northwindDoc();
		addExclusion(doc, 'p-crm', 'p-mobile');
		addExclusion(doc, 'p-mobile', 'p-crm');
		expect(project(doc, 'p-crm')?.excludes).toEqual(['p-mobile']);
		expect(project(doc, 'p-mobile')?.excludes).toEqual([]);
		removeExclusion(doc, 'p-mobile', 'p-crm');
		expect(project(doc, 'p-crm')?.excludes).toEqual([]);
		// Northwind lists p-dw/p-lake on both sides; one removal clears both.
		removeExclusion(doc, 'p-dw', 'p-lake');
		expect(project(doc, 'p-dw')?.excludes).toEqual([]);
		expect(project(doc, 'p-lake')?.excludes).toEqual([]);
		expectRefused(doc, () => addExclusion(doc, 'p-crm', 'p-crm'), /itself/);
		expectRefused(doc, () => addExclusion(doc, 'p-crm', 'p-nope'), /unknown project/);
	});

	it('deleteProject removes every reference to it in the same transaction', () => {
		const doc = northwindDoc();
		const log = watch(doc);
		deleteProject(doc, 'p-dw');
		expect(log.transactions).toHaveLength(1);
		const p = read(doc);
		expect(p.projects.map((x) => x.id)).not.toContain('p-dw');
		expect(p.projects.find((x) => x.id === 'p-forecast')?.dependsOn).toEqual([]);
		expect(p.projects.find((x) => x.id === 'p-lake')?.excludes).toEqual([]);
		expect(p.decisions.find((d) => d.id === 'd-lake')?.projectIds).toEqual(['p-lake']);
		deleteProject(doc, 'p-wms');
		expect(read(doc).risks.find((r) => r.id === 'x-wms-cutover')?.projectId).toBeNull();
		// In the doc itself, not only hidden by read:
		const forecast = doc.getMap('projects').get('p-forecast') as Y.Map<unknown>;
		expect((forecast.get('dependsOn') as Y.Map<string>).size).toBe(0);
		expectRefused(doc, () => deleteProject(doc, 'p-dw'), /unknown project/);
	});
});

describe('risks, decisions and reviews', () => {
	it('manages risks', () => {
		const doc = northwindDoc();
		const id = addRisk(doc, {
			title: 'Key person leaves',
			projectId: 'p-crm',
			likelihood: 2,
			impact: 4
		});
		expect(id).toMatch(/^x-[0-9a-z]{8}$/);
		expect(read(doc).risks.at(-1)).toEqual({
			id,
			title: 'Key person leaves',
			projectId: 'p-crm',
			objectiveId: null,
			likelihood: 2,
			impact: 4,
			owner: '',
			mitigation: '',
			status: 'open'
		});
		updateRisk(doc, id, { status: 'mitigated', objectiveId: 'o-people', projectId: null });
		expect(read(doc).risks.at(-1)).toMatchObject({
			status: 'mitigated',
			objectiveId: 'o-people',
			projectId: null
		});
		moveRisk(doc, id, 0);
		expect(read(doc).risks[0].id).toBe(id);
		expectRefused(doc, () => updateRisk(doc, id, { likelihood: 6 }), /1 to 5/);
		expectRefused(doc, () => updateRisk(doc, id, { impact: 2.5 }), /1 to 5/);
		expectRefused(doc, () => updateRisk(doc, id, { projectId: 'p-nope' }), /unknown project/);
		deleteRisk(doc, id);
		expect(read(doc).risks.map((r) => r.id)).not.toContain(id);
	});

	it('manages the decision log', () => {
		const doc = northwindDoc();
		const id = addDecision(doc, {
			title: 'Fund CRM',
			at: '2027-01-10',
			by: 'ExCo',
			projectIds: ['p-crm', 'p-erp']
		});
		expect(read(doc).decisions.at(-1)).toEqual({
			id,
			title: 'Fund CRM',
			at: '2027-01-10',
			by: 'ExCo',
			rationale: '',
			projectIds: ['p-crm', 'p-erp']
		});
		updateDecision(doc, id, { projectIds: ['p-erp', 'p-wms', 'p-crm'], rationale: 'Board call' });
		expect(read(doc).decisions.at(-1)).toMatchObject({
			projectIds: ['p-erp', 'p-wms', 'p-crm'],
			rationale: 'Board call'
		});
		updateDecision(doc, id, { projectIds: ['p-erp', 'p-crm'] });
		expect(read(doc).decisions.at(-1)?.projectIds).toEqual(['p-erp', 'p-crm']);
		moveDecision(doc, id, 0);
		expect(read(doc).decisions[0].id).toBe(id);
		expectRefused(doc, () => updateDecision(doc, id, { at: 'yesterday' }), /ISO date/);
		expectRefused(doc, () => updateDecision(doc, id, { projectIds: ['p-nope'] }), /unknown id/);
		expect(addDecision(doc, { title: 'Now' })).toMatch(/^d-/);
		expect(read(doc).decisions.at(-1)?.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		deleteDecision(doc, id);
		expect(read(doc).decisions.map((d) => d.id)).not.toContain(id);
	});

	it('addReview freezes the current content; later edits do not change it', () => {
		const doc = northwindDoc();
		const id = addReview(doc, { name: 'Q1 review', at: '2027-03-31' });
		const { reviews: _r, ...content } = read(doc);
		updateProject(doc, 'p-crm', { name: 'Renamed' });
		deleteProject(doc, 'p-erp');
		const review = read(doc).reviews.find((r) => r.id === id);
		expect(review).toEqual({ id, name: 'Q1 review', at: '2027-03-31', snapshot: content });
		expect(Object.isFrozen(review?.snapshot)).toBe(true);
		renameReview(doc, id, 'Q1 review (final)');
		expect(read(doc).reviews[0].name).toBe('Q1 review (final)');
		expectRefused(doc, () => addReview(doc, { name: 'x', at: 'soon' }), /ISO date/);
		deleteReview(doc, id);
		expect(read(doc).reviews).toEqual([]);
	});

	it('addReview stores a given snapshot as is', () => {
		const doc = northwindDoc();
		const { reviews: _r, ...snapshot }: Portfolio = read(doc);
		const id = addReview(doc, {
			name: 'Imported',
			at: '2026-12-01T09:30:00Z',
			snapshot: { ...snapshot, name: 'Old' }
		});
		expect(read(doc).reviews.find((r) => r.id === id)?.snapshot.name).toBe('Old');
	});
});

describe('transactions and origins', () => {
	it('every command is one transaction tagged local by default, or with the given origin', () => {
		const doc = northwindDoc();
		const log = watch(doc);
		const id = addProject(doc, { name: 'X', cost: { '2027-Q1': 1 }, dependsOn: ['p-iam'] });
		moveProject(doc, id, 0, { origin: { source: 'local', user: 'ann' } });
		deleteObjective(doc, 'o-growth', { origin: { source: 'local', user: 'bob' } });
		expect(log.transactions).toEqual([
			{ source: 'local' },
			{ source: 'local', user: 'ann' },
			{ source: 'local', user: 'bob' }
		]);
		expect(log.updates).toBe(3);
	});

	it('refuses an origin that is not one of ours', () => {
		const doc = northwindDoc();
		expectRefused(
			doc,
			() => addProject(doc, { name: 'X' }, { origin: { source: 'me' } as never }),
			/origin/
		);
	});

	it('reads stay consistent with the doc after each command (memoised reads are fresh)', () => {
		const doc = northwindDoc();
		read(doc);
		setProjectCost(doc, 'p-crm', '2027-Q1', 1234);
		expect(project(doc, 'p-crm')?.cost['2027-Q1']).toBe(1234);
		setProjectDemand(doc, 'p-crm', 'r-eng', '2027-Q1', 7);
		expect(project(doc, 'p-crm')?.demand['r-eng']['2027-Q1']).toBe(7);
		removePeriod(doc, '2027-Q1');
		expect(project(doc, 'p-crm')?.cost['2027-Q1']).toBeUndefined();
		// Inside an outer transaction, a read sees the writes made so far.
		doc.transact(() => {
			setProjectScore(doc, 'p-crm', 'c-roi', 1);
			expect(project(doc, 'p-crm')?.scores['c-roi']).toBe(1);
			const id = addProject(doc, { name: 'Inner' });
			expect(project(doc, id)?.name).toBe('Inner');
			updateProject(doc, id, { name: 'Inner 2' });
			expect(project(doc, id)?.name).toBe('Inner 2');
		});
		expect(read(doc).projects.at(-1)?.name).toBe('Inner 2');
	});

	it('reads made from update, afterTransaction and observer handlers see the change', () => {
		const doc = northwindDoc();
		const seen: Record<string, unknown> = {};
		const costOf = () => project(doc, 'p-crm')?.cost['2027-Q1'];
		doc.getMap('projects').observeDeep(() => (seen.observer = costOf()));
		doc.on('afterTransaction', () => (seen.afterTransaction = costOf()));
		doc.on('update', () => (seen.update = costOf()));
		read(doc);
		setProjectCost(doc, 'p-crm', '2027-Q1', 4321);
		expect(seen).toEqual({ observer: 4321, afterTransaction: 4321, update: 4321 });
		// A remote update through applyUpdate, too.
		const remote = northwindDoc();
		Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
		setProjectCost(remote, 'p-crm', '2027-Q1', 99);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
		expect(seen).toEqual({ observer: 99, afterTransaction: 99, update: 99 });
	});

	it('keeps unchanged projects identical between reads (cheap equality for views)', () => {
		const doc = northwindDoc();
		const before = read(doc);
		setProjectCost(doc, 'p-crm', '2027-Q1', 1);
		moveProject(doc, 'p-erp', 0);
		const after = read(doc);
		const byId = new Map(before.projects.map((p) => [p.id, p]));
		for (const p of after.projects) {
			if (p.id === 'p-crm') expect(p).not.toBe(byId.get(p.id));
			else expect(p, p.id).toBe(byId.get(p.id));
		}
		expect(Object.isFrozen(after.projects[0])).toBe(true);
		// A new role changes the context every project is read in: all are rebuilt.
		addRole(doc, { name: 'New' });
		expect(read(doc).projects[0]).not.toBe(after.projects[0]);
	});
});
