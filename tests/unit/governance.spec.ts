import { describe, expect, it } from 'vitest';
import {
	addGateItem,
	addProject,
	createUndoManager,
	LOCAL,
	deleteGateItem,
	logDecision,
	moveProject,
	moveProjectStage,
	read,
	readGateChecklists,
	readReviewCadence,
	setActor,
	setReviewCadence,
	takeReview,
	updateGateItem,
	updateProject
} from '../../src/lib/doc';
import { heatmapLayout } from '../../src/lib/charts/heatmap';
import { allTables, rankingTable, tableToCsv } from '../../src/lib/domain/report-tables';
import { canTransition, checkGate, nextStage, uncheckedItems } from '../../src/lib/domain/gates';
import { daysBetween, reviewDue } from '../../src/lib/domain/review-cadence';
import { diffPortfolios } from '../../src/lib/domain/review-diff';
import {
	exposure,
	exposureBand,
	exposureByObjective,
	exposureByProject,
	heatmapCells,
	topRisks
} from '../../src/lib/domain/risk';
import type { PortfolioContent, Risk } from '../../src/lib/domain/types';
import { northwindDoc, northwindPortfolio, replica, sync } from '../helpers/doc-fixtures';

function risk(over: Partial<Risk> & { id: string }): Risk {
	return {
		title: over.id,
		projectId: null,
		objectiveId: null,
		likelihood: 3,
		impact: 3,
		owner: '',
		mitigation: '',
		status: 'open',
		...over
	};
}

function content(): PortfolioContent {
	const { reviews: _r, ...c } = northwindPortfolio();
	return c;
}

describe('risk exposure', () => {
	it('is likelihood times impact, banded like a 5×5 matrix', () => {
		expect(exposure({ likelihood: 4, impact: 5 })).toBe(20);
		expect([1, 4, 5, 9, 10, 16, 20, 25].map(exposureBand)).toEqual([
			'low',
			'low',
			'medium',
			'medium',
			'high',
			'high',
			'severe',
			'severe'
		]);
	});

	it('rolls up per project over live risks only, with zeros for projects without risks', () => {
		const portfolio = {
			projects: northwindPortfolio().projects,
			risks: [
				risk({ id: 'a', projectId: 'p-crm', likelihood: 2, impact: 5 }),
				risk({ id: 'b', projectId: 'p-crm', likelihood: 4, impact: 4, status: 'mitigated' }),
				risk({ id: 'c', projectId: 'p-crm', likelihood: 5, impact: 5, status: 'closed' }),
				risk({ id: 'd', projectId: 'p-unknown', likelihood: 5, impact: 5 })
			]
		};
		const byProject = exposureByProject(portfolio);
		expect(byProject.get('p-crm')).toEqual({ count: 2, total: 26, max: 16 });
		expect(byProject.get('p-erp')).toEqual({ count: 0, total: 0, max: 0 });
		expect(byProject.has('p-unknown')).toBe(false);
	});

	it('rolls up per objective through the tree, each risk counted once per ancestor', () => {
		const { objectives } = northwindPortfolio();
		const byObjective = exposureByObjective({
			objectives,
			risks: [
				risk({ id: 'a', objectiveId: 'o-growth', likelihood: 2, impact: 2 }),
				risk({ id: 'b', objectiveId: 'o-customer', likelihood: 3, impact: 1 }),
				risk({ id: 'c', objectiveId: 'o-nps', likelihood: 5, impact: 5, status: 'closed' })
			]
		});
		expect(byObjective.get('o-growth')).toEqual({ count: 1, total: 4, max: 4 });
		expect(byObjective.get('o-customer')).toEqual({ count: 2, total: 7, max: 4 });
		expect(byObjective.get('o-nps')).toEqual({ count: 0, total: 0, max: 0 });
		expect(byObjective.get('o-ops')?.count).toBe(0);
	});

	it('places risks in the 25 heatmap cells, impact 5 on the top row', () => {
		const cells = heatmapCells([
			risk({ id: 'a', likelihood: 1, impact: 5 }),
			risk({ id: 'b', likelihood: 1, impact: 5 }),
			risk({ id: 'c', likelihood: 5, impact: 1 }),
			risk({ id: 'z', likelihood: 5, impact: 1, status: 'closed' })
		]);
		expect(cells).toHaveLength(25);
		expect(cells[0]).toMatchObject({ likelihood: 1, impact: 5, exposure: 5, riskIds: ['a', 'b'] });
		expect(cells[24]).toMatchObject({ likelihood: 5, impact: 1, riskIds: ['c'] });
		expect(
			heatmapCells([risk({ id: 'z', status: 'closed' })], { includeClosed: true })[12].riskIds
		).toEqual(['z']);
	});

	it('lists the top risks worst first, closed ones left out', () => {
		const list = topRisks([
			risk({ id: 'a', likelihood: 2, impact: 3 }),
			risk({ id: 'b', likelihood: 3, impact: 2 }),
			risk({ id: 'c', likelihood: 5, impact: 5, status: 'closed' }),
			risk({ id: 'd', likelihood: 4, impact: 4 })
		]);
		expect(list.map((r) => r.id)).toEqual(['d', 'a', 'b']);
	});
});

describe('stage gates', () => {
	const checklists = {
		approved: [{ id: 'g1', stage: 'approved' as const, text: 'Business case' }],
		active: [],
		done: []
	};

	it('allows the main path and holds, refuses skipping a stage', () => {
		expect(canTransition('proposed', 'approved')).toBe(true);
		expect(canTransition('proposed', 'active')).toBe(false);
		expect(canTransition('active', 'on-hold')).toBe(true);
		expect(canTransition('on-hold', 'active')).toBe(true);
		expect(canTransition('done', 'cancelled')).toBe(false);
		expect(nextStage('approved')).toBe('active');
		expect(nextStage('done')).toBeNull();
	});

	it('refuses a gate with unchecked items unless waived', () => {
		expect(checkGate({ from: 'proposed', to: 'approved', checklists, confirmed: [] })).toEqual({
			kind: 'unchecked',
			items: checklists.approved
		});
		expect(
			checkGate({ from: 'proposed', to: 'approved', checklists, confirmed: ['g1'] })
		).toBeNull();
		expect(
			checkGate({ from: 'proposed', to: 'approved', checklists, confirmed: [], waived: true })
		).toBeNull();
		expect(uncheckedItems(checklists, 'on-hold', [])).toEqual([]);
	});
});

describe('review diff', () => {
	it('is empty between a portfolio and itself', () => {
		const diff = diffPortfolios(content(), content());
		expect(diff.empty).toBe(true);
		expect(diff.totals.projects).toEqual({ before: 24, after: 24 });
	});

	it('names projects added and removed, rank moves, decision and funding changes', () => {
		const before = content();
		const after = content();
		after.projects = after.projects.filter((p) => p.id !== 'p-intranet');
		const [first, second] = after.projects;
		after.projects.splice(0, 2, second, first);
		after.projects.push({ ...first, id: 'p-new', name: 'New thing', cost: {}, demand: {} });
		const erp = after.projects.find((p) => p.id === 'p-erp')!;
		const erpIndex = after.projects.indexOf(erp);
		after.projects[erpIndex] = { ...erp, decision: 'out' };

		const diff = diffPortfolios(before, after);
		expect(diff.added.map((p) => p.id)).toEqual(['p-new']);
		expect(diff.removed.map((p) => p.id)).toEqual(['p-intranet']);
		const byId = new Map(diff.changed.map((c) => [c.id, c]));
		expect(byId.get(first.id)?.rank).toEqual({ before: 1, after: 2 });
		expect(byId.get(second.id)?.rank).toEqual({ before: 2, after: 1 });
		expect(byId.get('p-erp')?.decision).toEqual({ before: 'in', after: 'out' });
		expect(byId.get('p-erp')?.funded).toEqual({ before: true, after: false });
		expect(diff.empty).toBe(false);
	});

	it('reports weight changes, KPI movement, risks and new log entries', () => {
		const before = content();
		const after = content();
		after.weights = {
			method: 'direct',
			values: Object.fromEntries(after.criteria.map((c, i) => [c.id, i === 0 ? 2 : 1]))
		};
		const arr = after.objectives.find((o) => o.id === 'o-growth')!.kpis[0];
		arr.actuals = { ...arr.actuals, '2027-Q2': 41.5 };
		after.risks = [...after.risks.slice(1), risk({ id: 'x-new', likelihood: 5, impact: 4 })];
		after.risks[0] = { ...after.risks[0], likelihood: 1 };
		after.decisions = [
			...after.decisions,
			{ id: 'd-new', at: '2027-04-01', by: 'Ana', title: 'Go', rationale: '', projectIds: [] }
		];

		const diff = diffPortfolios(before, after);
		expect(diff.weights.map((w) => w.id)).toEqual(after.criteria.map((c) => c.id));
		const growth = diff.weights[0];
		expect(growth.after! - growth.before!).not.toBe(0);
		expect(diff.kpis).toEqual([
			expect.objectContaining({
				kpiId: 'k-arr',
				latest: {
					before: { period: '2027-Q1', value: 39.7 },
					after: { period: '2027-Q2', value: 41.5 }
				},
				periods: [{ period: '2027-Q2', before: null, after: 41.5 }]
			})
		]);
		const risks = new Map(diff.risks.map((r) => [r.id, r]));
		expect(risks.get('x-new')?.exposure).toEqual({ before: null, after: 20 });
		expect(risks.get('x-wms-cutover')?.exposure).toEqual({ before: 15, after: null });
		expect(risks.get('x-data-skills')?.exposure).toEqual({ before: 12, after: 3 });
		expect(diff.newDecisions.map((d) => d.id)).toEqual(['d-new']);
	});

	it('says when a review is due for a cadence', () => {
		expect(daysBetween('2027-01-01', '2027-01-31T12:00:00Z')).toBe(30);
		expect(reviewDue(null, ['2020-01-01'], '2027-01-01').due).toBe(false);
		expect(reviewDue(30, [], '2027-01-01').due).toBe(true);
		const due = reviewDue(30, ['2027-01-01T00:00:00Z', '2026-06-01'], '2027-01-20T00:00:00Z');
		expect(due).toMatchObject({ due: false, daysSince: 19, dueAt: '2027-01-31T00:00:00.000Z' });
		expect(reviewDue(30, ['2027-01-01T00:00:00Z'], '2027-02-01T00:00:00Z').due).toBe(true);
	});
});

describe('automatic decision-log entries', () => {
	const log = (doc: ReturnType<typeof northwindDoc>) => read(doc).decisions;

	it('log a decision change with who and why, and one undo removes both', () => {
		const doc = northwindDoc();
		setActor(doc, () => 'Ana');
		const undo = createUndoManager(doc);
		const before = read(doc);
		updateProject(doc, 'p-crm', { decision: 'in', decisionReason: 'Board mandate' });
		const entry = log(doc).at(-1)!;
		expect(entry).toMatchObject({
			title: 'CRM consolidation: Auto → Forced in',
			rationale: 'Board mandate',
			by: 'Ana',
			projectIds: ['p-crm']
		});
		expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
		undo.undo();
		expect(read(doc)).toEqual(before);
	});

	it('do not log an edit that leaves the decision and status as they were', () => {
		const doc = northwindDoc();
		const count = log(doc).length;
		updateProject(doc, 'p-crm', { decisionReason: 'x', name: 'CRM' });
		updateProject(doc, 'p-crm', { decision: 'auto' });
		moveProject(doc, 'p-crm', 0);
		expect(log(doc)).toHaveLength(count);
	});

	it('log a status change made in the editor, and by the given name over the actor', () => {
		const doc = northwindDoc();
		setActor(doc, () => 'Ana');
		updateProject(doc, 'p-dw', { status: 'on-hold' }, { by: 'Ben' });
		expect(log(doc).at(-1)).toMatchObject({
			title: 'Cloud data warehouse: status Proposed → On hold',
			by: 'Ben'
		});
	});

	it('log a review with the review, the snapshot not holding its own entry', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const count = log(doc).length;
		const id = takeReview(doc, { name: 'Q1 steering', at: '2027-03-31' }, { by: 'Chair' });
		const { reviews, decisions } = read(doc);
		expect(decisions).toHaveLength(count + 1);
		expect(decisions.at(-1)).toMatchObject({ title: 'Review taken: Q1 steering', by: 'Chair' });
		expect(reviews.find((r) => r.id === id)?.snapshot.decisions).toHaveLength(count);
		undo.undo();
		expect(read(doc).reviews).toHaveLength(0);
		expect(log(doc)).toHaveLength(count);
	});

	it('let other features log inside their own transaction (one undo step)', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const before = read(doc);
		doc.transact(() => {
			addProject(doc, { id: 'p-opt', name: 'Optimised' });
			logDecision(
				doc,
				{ title: 'Optimiser result accepted', projectIds: ['p-opt'] },
				{ by: 'Eve' }
			);
		}, LOCAL);
		expect(log(doc).at(-1)).toMatchObject({ by: 'Eve', projectIds: ['p-opt'] });
		undo.undo();
		expect(read(doc)).toEqual(before);
	});
});

describe('gate checklists and lifecycle moves', () => {
	it('keeps items per stage in order, edits and deletes them', () => {
		const doc = northwindDoc();
		const a = addGateItem(doc, 'approved', 'Business case signed off');
		const b = addGateItem(doc, 'approved', ' Sponsor named ');
		const c = addGateItem(doc, 'done', 'Benefits review booked');
		updateGateItem(doc, a, 'Business case approved');
		expect(readGateChecklists(doc)).toEqual({
			approved: [
				{ id: a, stage: 'approved', text: 'Business case approved' },
				{ id: b, stage: 'approved', text: 'Sponsor named' }
			],
			active: [],
			done: [{ id: c, stage: 'done', text: 'Benefits review booked' }]
		});
		deleteGateItem(doc, b);
		expect(readGateChecklists(doc).approved.map((i) => i.id)).toEqual([a]);
		expect(() => addGateItem(doc, 'approved', '  ')).toThrow(/must not be empty/);
		expect(() => addGateItem(doc, 'on-hold' as 'approved', 'x')).toThrow(/gateItem.stage/);
	});

	it('passes a gate with its checklist into the log, one undo removing both', () => {
		const doc = northwindDoc();
		setActor(doc, () => 'Ana');
		const item = addGateItem(doc, 'approved', 'Business case signed off');
		const undo = createUndoManager(doc);
		const before = read(doc);
		expect(() => moveProjectStage(doc, 'p-dw', { to: 'approved' })).toThrow(/unchecked items/);
		expect(() => moveProjectStage(doc, 'p-dw', { to: 'done' })).toThrow(/cannot move/);
		expect(read(doc)).toEqual(before);
		moveProjectStage(doc, 'p-dw', { to: 'approved', confirmed: [item], reason: 'Steering OK' });
		const p = read(doc);
		expect(p.projects.find((x) => x.id === 'p-dw')?.status).toBe('approved');
		expect(p.decisions.at(-1)).toMatchObject({
			title: 'Cloud data warehouse: Passed the gate to Approved',
			rationale: 'Steering OK\n✓ Business case signed off',
			by: 'Ana',
			projectIds: ['p-dw']
		});
		undo.undo();
		expect(read(doc)).toEqual(before);
	});

	it('waives a gate only with a reason, and lists what was waived', () => {
		const doc = northwindDoc();
		addGateItem(doc, 'approved', 'Architecture review');
		expect(() => moveProjectStage(doc, 'p-dw', { to: 'approved', waived: true })).toThrow(
			/why the gate is waived/
		);
		moveProjectStage(doc, 'p-dw', { to: 'approved', waived: true, reason: 'Urgent' });
		expect(read(doc).decisions.at(-1)?.rationale).toBe('Urgent\n✗ (waived) Architecture review');
	});

	it('stores a review cadence and refuses a bad one', () => {
		const doc = northwindDoc();
		expect(readReviewCadence(doc)).toBeNull();
		setReviewCadence(doc, 90);
		expect(readReviewCadence(doc)).toBe(90);
		expect(() => setReviewCadence(doc, 0)).toThrow(/1 to 366/);
		expect(() => setReviewCadence(doc, 2.5)).toThrow(/whole number/);
		setReviewCadence(doc, null);
		expect(readReviewCadence(doc)).toBeNull();
	});

	it('merges checklist items two people add at once', () => {
		const a = northwindDoc();
		const b = replica(a);
		addGateItem(a, 'active', 'Team staffed');
		addGateItem(b, 'active', 'Kick-off held');
		sync(a, b);
		expect(readGateChecklists(a)).toEqual(readGateChecklists(b));
		expect(readGateChecklists(a).active).toHaveLength(2);
	});
});

describe('heatmapLayout', () => {
	it('puts likelihood 1 on the left and impact 5 on top, square cells inside the size', () => {
		const layout = heatmapLayout([risk({ id: 'a', likelihood: 5, impact: 5 })], 300);
		const top = layout.cells.find((c) => c.likelihood === 5 && c.impact === 5)!;
		const corner = layout.cells.find((c) => c.likelihood === 1 && c.impact === 1)!;
		expect(top.riskIds).toEqual(['a']);
		expect(top.x).toBeGreaterThan(corner.x);
		expect(top.y).toBeLessThan(corner.y);
		expect(top.x + layout.cellSize).toBeLessThanOrEqual(300);
		expect(corner.y + layout.cellSize).toBeLessThanOrEqual(layout.height - layout.margin.bottom);
		expect(layout.xTicks.map((t) => t.level)).toEqual([1, 2, 3, 4, 5]);
	});
});

describe('report tables', () => {
	it('give the ranked list with the line, a sheet per view, and safe CSV', () => {
		const portfolio = northwindPortfolio();
		const ranking = rankingTable(portfolio);
		expect(ranking.rows).toHaveLength(portfolio.projects.length);
		expect(ranking.rows.map((r) => r[1])).toEqual(portfolio.projects.map((p) => p.name));
		const lineRows = ranking.rows.filter((r) => r[6] === 'line');
		expect(lineRows).toHaveLength(1);
		expect(lineRows[0][5]).toBe(false);
		expect(allTables(portfolio).map((t) => t.id)).toEqual([
			'projects',
			'ranking',
			'scores',
			'criteria',
			'objectives',
			'alignment',
			'capacity',
			'risks',
			'decisions',
			'reviews'
		]);
		const csv = tableToCsv({
			id: 't',
			name: 'T',
			columns: ['a', 'b'],
			rows: [
				['x, "y"', 2],
				['=HYPERLINK("evil")', null],
				[true, 'line\nbreak']
			]
		});
		expect(csv).toBe('a,b\r\n"x, ""y""",2\r\n"\'=HYPERLINK(""evil"")",\r\nyes,"line\nbreak"\r\n');
	});
});
