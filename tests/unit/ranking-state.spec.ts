import { describe, expect, it } from 'vitest';
import {
	createUndoManager,
	moveProject,
	read,
	setProjectOrder,
	updateProject,
	type PortfolioUndoManager
} from '../../src/lib/doc';
import { fundingLine } from '../../src/lib/domain/funding';
import { projectValues } from '../../src/lib/domain/scoring';
import type { Portfolio } from '../../src/lib/domain/types';
import { explainReason, RankingState } from '../../src/lib/state/ranking.svelte';
import { northwindDoc, northwindPortfolio } from '../helpers/doc-fixtures';

/** A board over a real doc, as the view wires it (snapshot re-read after each update). */
function board(options: { canEdit?: boolean } = {}) {
	const doc = northwindDoc();
	const undo: PortfolioUndoManager = createUndoManager(doc);
	let snapshot: Portfolio = read(doc);
	doc.on('update', () => (snapshot = read(doc)));
	const writes: string[] = [];
	const state = new RankingState({
		portfolio: () => snapshot,
		canEdit: () => options.canEdit ?? true,
		commands: {
			move: (id, index) => {
				writes.push(`move ${id} ${index}`);
				moveProject(doc, id, index);
			},
			setOrder: (ids) => {
				writes.push('setOrder');
				undo.stopCapturing();
				setProjectOrder(doc, ids);
			},
			setDecision: (id, patch) => {
				writes.push(`decision ${id}`);
				updateProject(doc, id, patch);
			}
		}
	});
	const ids = () => read(doc).projects.map((p) => p.id);
	const rankOf = (id: string) => state.rows.find((r) => r.project.id === id)?.rank;
	return { doc, undo, state, writes, ids, rankOf };
}

describe('RankingState', () => {
	it('shows the ranking with values, value ranks and the funding line', () => {
		const { state } = board();
		const portfolio = northwindPortfolio();
		const values = projectValues(portfolio);
		const funding = fundingLine(portfolio);
		expect(state.rows.map((r) => r.project.id)).toEqual(portfolio.projects.map((p) => p.id));
		expect(state.rows[0].value).toBeCloseTo(values.get(portfolio.projects[0].id)!);
		expect(state.funding.line).toBe(funding.line);
		expect(state.rows.filter((r) => r.isLine).map((r) => r.project.id)).toEqual([funding.line]);
		expect(state.lineRank).toBe(portfolio.projects.findIndex((p) => p.id === funding.line) + 1);
		const best = [...values.entries()].sort((a, b) => b[1] - a[1])[0][0];
		const row = state.rows.find((r) => r.project.id === best)!;
		expect(row.valueRank).toBe(1);
		expect(row.gap).toBe(row.rank - 1);
	});

	it('previews a keyboard move and announces each step, writing only on drop', () => {
		const { state, writes, ids, rankOf } = board();
		expect(rankOf('p-crm')).toBe(9);
		expect(state.pickUp('p-crm', 'keyboard')).toBe(true);
		expect(state.announcement).toBe('Picked up CRM consolidation, rank 9 of 24.');
		state.moveBy(-1);
		state.moveBy(-1);
		state.moveBy(-1);
		expect(state.announcement).toMatch(/^Moved to rank 6\. (Funded|Not funded)\.$/);
		expect(rankOf('p-crm')).toBe(6);
		expect(state.rows.find((r) => r.project.id === 'p-crm')?.dragging).toBe(true);
		expect(ids().indexOf('p-crm')).toBe(8);
		expect(writes).toEqual([]);
		state.drop();
		expect(writes).toEqual(['move p-crm 5']);
		expect(ids().indexOf('p-crm')).toBe(5);
		expect(state.announcement).toMatch(/^Dropped at rank 6\./);
		expect(state.drag).toBeNull();
	});

	it('recomputes the funding line over the previewed order during a drag', () => {
		const { state } = board();
		const line = state.funding.line!;
		const lineIndex = state.order.indexOf(line);
		// Dragging the line's project to the bottom lets the next ones be walked first.
		state.pickUp(line, 'pointer');
		state.moveTo(23);
		const expected = fundingLine(northwindPortfolio(), { order: state.order });
		expect(state.order.at(-1)).toBe(line);
		expect(state.funding.line).toBe(expected.line);
		expect([...state.funding.funded].sort()).toEqual([...expected.funded].sort());
		state.cancel();
		expect(state.order.indexOf(line)).toBe(lineIndex);
		expect(state.funding.line).toBe(line);
	});

	it('cancels without writing and says where the project stays', () => {
		const { state, writes } = board();
		state.pickUp('p-crm', 'keyboard');
		state.moveBy(-3);
		state.cancel();
		expect(writes).toEqual([]);
		expect(state.announcement).toBe('Cancelled. CRM consolidation stays at rank 9.');
		expect(state.order.indexOf('p-crm')).toBe(8);
	});

	it('stops at the ends of the list', () => {
		const { state } = board();
		state.pickUp('p-portal', 'keyboard');
		state.moveBy(-1);
		expect(state.announcement).toMatch(/already first/);
		state.moveTo(99);
		expect(state.order.at(-1)).toBe('p-portal');
		state.drop();
	});

	it('drops nothing when the project was put back where it was', () => {
		const { state, writes } = board();
		state.pickUp('p-crm', 'pointer');
		state.moveTo(3);
		state.moveTo(8);
		state.drop();
		expect(writes).toEqual([]);
	});

	it('ends the drag when the dragged project is deleted by someone else', () => {
		const { state, doc } = board();
		state.pickUp('p-crm', 'pointer');
		state.moveTo(0);
		doc.getMap('projects').delete('p-crm');
		expect(state.drag).toBeNull();
		expect(state.order).not.toContain('p-crm');
		expect(state.pickUp('p-portal', 'keyboard')).toBe(true);
	});

	it('moves with the buttons: up, down and to the top', () => {
		const { state, ids } = board();
		state.moveUp('p-crm');
		expect(ids().indexOf('p-crm')).toBe(7);
		state.moveDown('p-crm');
		expect(ids().indexOf('p-crm')).toBe(8);
		state.moveToTop('p-crm');
		expect(ids()[0]).toBe('p-crm');
		expect(state.announcement).toMatch(/^Moved CRM consolidation to rank 1\./);
		expect(state.rows[0].project.id).toBe('p-crm');
	});

	it('sorts by value as one undoable change', () => {
		const { state, undo, ids, writes } = board();
		const before = ids();
		state.sortByValue();
		expect(writes).toEqual(['setOrder']);
		const values = projectValues(read(northwindDoc()));
		const after = ids();
		for (let i = 1; i < after.length; i++) {
			expect(values.get(after[i - 1])!).toBeGreaterThanOrEqual(values.get(after[i])!);
		}
		expect(state.sortedByValue).toBe(true);
		expect(state.rows.every((r) => r.gap === 0)).toBe(true);
		undo.undo();
		expect(ids()).toEqual(before);
		expect(state.sortedByValue).toBe(false);
	});

	it('edits the decision and its reason only when they change', () => {
		const { state, writes, doc } = board();
		state.setDecision('p-crm', 'auto');
		expect(writes).toEqual([]);
		state.setDecision('p-crm', 'in');
		state.setDecisionReason('p-crm', 'Board mandate');
		const crm = read(doc).projects.find((p) => p.id === 'p-crm')!;
		expect(crm.decision).toBe('in');
		expect(crm.decisionReason).toBe('Board mandate');
		expect(state.rows.find((r) => r.project.id === 'p-crm')?.reason).toEqual({ kind: 'forced-in' });
	});

	it('lets a viewer see everything but move and edit nothing', () => {
		const { state, writes } = board({ canEdit: false });
		expect(state.rows).toHaveLength(24);
		expect(state.pickUp('p-crm', 'keyboard')).toBe(false);
		state.moveToTop('p-crm');
		state.sortByValue();
		state.setDecision('p-crm', 'in');
		expect(writes).toEqual([]);
		state.toggleSelected('p-crm');
		expect(state.selected).toBe('p-crm');
		state.toggleSelected('p-crm');
		expect(state.selected).toBeNull();
	});

	it('keeps the DOM order of the rows during a keyboard move, each row saying its rank', () => {
		const { state, ids } = board();
		const committed = ids();
		const names = (rows: { project: { id: string } }[]) => rows.map((r) => r.project.id);
		state.pickUp('p-crm', 'keyboard');
		for (let step = 0; step < 12; step++) {
			state.moveBy(step < 9 ? -1 : 1);
			for (const [start, end] of [
				[0, 24],
				[2, 10],
				[5, 7],
				[10, 20]
			]) {
				const drawn = state.rowsInDomOrder(start, end);
				const shownSlice = state.rows.slice(start, end);
				// The same rows as the window of the order shown…
				expect(names(drawn).sort()).toEqual(names(shownSlice).sort());
				// …in committed order, so no element moves…
				const inCommitted = [...names(drawn)].sort(
					(a, b) => committed.indexOf(a) - committed.indexOf(b)
				);
				expect(names(drawn)).toEqual(inCommitted);
				// …and by rank (CSS order) exactly the order shown.
				expect(names([...drawn].sort((a, b) => a.rank - b.rank))).toEqual(names(shownSlice));
			}
		}
		state.cancel();
		// A pointer drag draws the order shown as it is.
		state.pickUp('p-crm', 'pointer');
		state.moveTo(2);
		expect(state.rowsInDomOrder(0, 24)).toEqual(state.rows);
		state.cancel();
	});

	it('reuses the prepared funding data across drag steps of one snapshot', () => {
		const { state } = board();
		const rows = state.rows;
		expect(state.rows).toBe(rows);
		state.pickUp('p-crm', 'pointer');
		state.moveTo(2);
		const moved = state.rows;
		expect(moved).not.toBe(rows);
		expect(state.rows).toBe(moved);
		state.cancel();
	});
});

describe('explainReason', () => {
	const portfolio = northwindPortfolio();
	const project = portfolio.projects.find((p) => p.id === 'p-dw')!;
	const context = { portfolio, project };

	it('says what does not fit, where, and by how much', () => {
		expect(
			explainReason(
				{ kind: 'capacity', roleId: 'r-eng', period: '2027-Q3', needed: 15.5, available: 14 },
				context
			)
		).toBe('Software engineering 2027-Q3: needs 15.5 FTE, 14 available');
		expect(
			explainReason(
				{ kind: 'budget', period: '2028-Q1', needed: 1_300_000, available: 1_150_000 },
				context
			)
		).toMatch(/^Budget 2028-Q1: needs .*1\.3.*, .*1\.15.* available$/);
	});

	it('names dependencies and exclusions both ways', () => {
		expect(explainReason({ kind: 'dependency', projectId: 'p-iam' }, context)).toBe(
			'Depends on Single sign-on and MFA everywhere (not funded)'
		);
		expect(explainReason({ kind: 'exclusion', projectId: 'p-lake' }, context)).toBe(
			'Excludes Data lake (superseded) (funded)'
		);
		const other = { portfolio, project: portfolio.projects.find((p) => p.id === 'p-crm')! };
		expect(explainReason({ kind: 'exclusion', projectId: 'p-dw' }, other)).toBe(
			'Excluded by Cloud data warehouse (funded)'
		);
	});
});
