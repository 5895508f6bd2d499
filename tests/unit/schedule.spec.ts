import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addProject,
	CommandError,
	createPortfolioDoc,
	createUndoManager,
	read,
	setProjectCost,
	shiftProjectStart
} from '../../src/lib/doc';
import { emptyPortfolio } from '../../src/lib/domain/format';
import { projectSpan, shiftProject, shiftRange } from '../../src/lib/domain/schedule';
import type { Portfolio } from '../../src/lib/domain/types';
import { project } from '../helpers/projects';

const PERIODS = ['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4'];

describe('shiftProject: moving a start by whole periods', () => {
	const crm = project('crm', {
		name: 'CRM',
		cost: { '2027-Q1': 10, '2027-Q2': 20 },
		demand: { eng: { '2027-Q2': 1.5 }, ux: { '2027-Q1': 0.5 } }
	});

	it('moves cost and demand with the start, cell by cell', () => {
		const result = shiftProject(crm, PERIODS, 2);
		expect(result).toEqual({
			ok: true,
			cost: { '2027-Q3': 10, '2027-Q4': 20 },
			demand: { eng: { '2027-Q4': 1.5 }, ux: { '2027-Q3': 0.5 } }
		});
	});

	it('knows its span and how far it can move', () => {
		expect(projectSpan(crm, PERIODS)).toEqual({ first: 0, last: 1 });
		expect(shiftRange(crm, PERIODS)).toEqual({ earliest: 0, latest: 2 });
		expect(shiftRange(project('empty'), PERIODS)).toEqual({ earliest: 0, latest: 0 });
	});

	it('refuses to push demand past either end of the periods, naming the edge', () => {
		const later = shiftProject(crm, PERIODS, 3);
		expect(later.ok).toBe(false);
		if (!later.ok) {
			expect(later.message).toContain('Cannot move “CRM” 3 periods later');
			expect(later.message).toContain('2027-Q4 is the last period');
		}
		const earlier = shiftProject(crm, PERIODS, -1);
		expect(earlier.ok).toBe(false);
		if (!earlier.ok) expect(earlier.message).toContain('2027-Q1 is the first period');
	});

	it('drops only zero cells at an edge, never demand', () => {
		const p = project('z', { cost: { '2027-Q4': 0, '2027-Q1': 5 } });
		expect(shiftProject(p, PERIODS, 1)).toEqual({ ok: true, cost: { '2027-Q2': 5 }, demand: {} });
	});

	it('refuses fractions and a project with nothing to move', () => {
		expect(shiftProject(crm, PERIODS, 0.5).ok).toBe(false);
		const none = shiftProject(project('e', { name: 'Empty' }), PERIODS, 1);
		expect(none.ok === false && none.message).toContain('nothing to move');
	});
});

function doc(): Y.Doc {
	const portfolio: Portfolio = {
		...emptyPortfolio('Shift'),
		periods: PERIODS,
		roles: [{ id: 'eng', name: 'Engineering', capacity: {} }],
		projects: [
			project('crm', {
				name: 'CRM',
				cost: { '2027-Q1': 10, '2027-Q2': 20 },
				demand: { eng: { '2027-Q1': 1, '2027-Q2': 2 } }
			})
		]
	};
	return createPortfolioDoc(portfolio);
}

describe('shiftProjectStart: the doc command', () => {
	it('moves the cells in one undoable transaction', () => {
		const d = doc();
		const undo = createUndoManager(d);
		let transactions = 0;
		d.on('afterTransaction', () => transactions++);
		shiftProjectStart(d, 'crm', 1);
		expect(transactions).toBe(1);
		const crm = read(d).projects[0];
		expect(crm.cost).toEqual({ '2027-Q2': 10, '2027-Q3': 20 });
		expect(crm.demand).toEqual({ eng: { '2027-Q2': 1, '2027-Q3': 2 } });
		undo.undo();
		expect(read(d).projects[0].cost).toEqual({ '2027-Q1': 10, '2027-Q2': 20 });
		expect(read(d).projects[0].demand).toEqual({ eng: { '2027-Q1': 1, '2027-Q2': 2 } });
	});

	it('refuses a move past the last period and writes nothing', () => {
		const d = doc();
		const before = Y.encodeStateVector(d);
		expect(() => shiftProjectStart(d, 'crm', 3)).toThrow(CommandError);
		expect(() => shiftProjectStart(d, 'crm', 3)).toThrow(/last period of the plan/);
		expect(() => shiftProjectStart(d, 'crm', 1.5)).toThrow(/whole number/);
		expect(() => shiftProjectStart(d, 'nope', 1)).toThrow(/unknown project/);
		expect(Y.encodeStateVector(d)).toEqual(before);
	});

	it('merges with a concurrent edit of another project and of an untouched cell', () => {
		const a = doc();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const other = addProject(b, { name: 'Other', cost: { '2027-Q1': 7 } });
		shiftProjectStart(a, 'crm', 1);
		// Q3 gets CRM's Q2 value in a; b edits Q4, which the shift leaves alone.
		setProjectCost(b, 'crm', '2027-Q4', 99);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(read(a)).toEqual(read(b));
		const merged = read(a);
		expect(merged.projects.find((p) => p.id === 'crm')!.cost).toEqual({
			'2027-Q2': 10,
			'2027-Q3': 20,
			'2027-Q4': 99
		});
		expect(merged.projects.find((p) => p.id === other)!.cost).toEqual({ '2027-Q1': 7 });
	});
});
