import { describe, expect, it } from 'vitest';
import { moveProject, read, shiftProjectStart, updateProject } from '../../src/lib/doc';
import type { Portfolio } from '../../src/lib/domain/types';
import { CapacityState, GHOSTS } from '../../src/lib/state/capacity.svelte';
import { RankingState } from '../../src/lib/state/ranking.svelte';
import { northwindDoc } from '../helpers/doc-fixtures';

/** A ranking board and the capacity view over a real doc, wired as the view wires them. */
function view() {
	const doc = northwindDoc();
	let snapshot: Portfolio = read(doc);
	doc.on('update', () => (snapshot = read(doc)));
	const ranking = new RankingState({
		portfolio: () => snapshot,
		canEdit: () => true,
		commands: {
			move: (id, index) => moveProject(doc, id, index),
			setOrder: () => {},
			setDecision: (id, patch) => updateProject(doc, id, patch)
		}
	});
	const capacity = new CapacityState({
		source: () => ranking,
		commands: { shift: (id, delta) => shiftProjectStart(doc, id, delta) }
	});
	return { doc, ranking, capacity };
}

const load = (capacity: CapacityState, name: string) =>
	capacity.loads.find((l) => l.info.name === name)!;

describe('CapacityState', () => {
	it('follows the order previewed during a drag, and the committed one after', () => {
		const { ranking, capacity } = view();
		const eng = () => load(capacity, 'Software engineering').total[0];
		expect(eng()).toBeCloseTo(1.2, 9);
		// Demand forecasting (the line, 8th) two places down: CRM consolidation gets in.
		expect(ranking.pickUp('p-forecast', 'keyboard')).toBe(true);
		ranking.moveBy(2);
		expect(eng()).toBeCloseTo(2.4, 9);
		ranking.cancel();
		expect(eng()).toBeCloseTo(1.2, 9);
	});

	it('restacks only when what it shows changes (memoised per funded set)', () => {
		const { capacity } = view();
		const first = capacity.loads;
		expect(capacity.loads).toBe(first);
		capacity.ghosts = true;
		const withGhosts = capacity.loads;
		expect(withGhosts).not.toBe(first);
		const ghostNames = withGhosts[1].series.filter((s) => s.kind === 'ghost');
		expect(ghostNames.length).toBeLessThanOrEqual(GHOSTS);
		expect(capacity.loads).toBe(withGhosts);
	});

	it('keeps the loads through drag steps that move no funded project and no ghost', () => {
		const { ranking, capacity } = view();
		capacity.ghosts = true;
		const first = capacity.loads;
		const order = ranking.order;
		// The last project, two places up: far below the line and the ghosts.
		const last = order.at(-1)!;
		const ghosts = first.flatMap((l) =>
			l.series.filter((s) => s.kind === 'ghost').map((s) => s.id)
		);
		expect(ghosts).not.toContain(last);
		expect(ranking.funding.funded.has(last)).toBe(false);
		ranking.pickUp(last, 'keyboard');
		ranking.moveBy(-1);
		ranking.moveBy(-1);
		expect(ranking.order).not.toEqual(order);
		expect(capacity.loads).toBe(first);
		// Up to the line: it takes a ghost's place, and the stack changes.
		ranking.moveTo(order.indexOf(ranking.funding.line!));
		expect(capacity.loads).not.toBe(first);
		ranking.cancel();
	});

	it('shows one resource in focus, or all of them', () => {
		const { capacity } = view();
		expect(capacity.shown).toHaveLength(capacity.loads.length);
		capacity.focus = 'role:r-data';
		expect(capacity.shown.map((l) => l.info.name)).toEqual(['Data and analytics']);
		capacity.focus = 'role:gone';
		expect(capacity.shown).toHaveLength(capacity.loads.length);
	});

	it('previews a shifted start in the charts and writes it only on commit', () => {
		const { doc, capacity } = view();
		const data = () => load(capacity, 'Data and analytics').total;
		const before = data();
		const q2 = read(doc).periods.indexOf('2027-Q2');
		capacity.previewShift('p-dw', 1);
		// The warehouse's Data and analytics left 2027-Q2 in the preview, not in the doc.
		expect(data()[q2]).toBe(0);
		expect(read(doc).projects.find((p) => p.id === 'p-dw')!.cost['2027-Q2']).toBeGreaterThan(0);
		capacity.cancelShift();
		expect(data()).toEqual(before);
		capacity.previewShift('p-dw', 1);
		expect(capacity.commitShift()).toBeNull();
		expect(capacity.preview).toBeNull();
		expect(read(doc).projects.find((p) => p.id === 'p-dw')!.cost['2027-Q2']).toBeUndefined();
		expect(data()[q2]).toBe(0);
	});

	it('says why a shift is refused and writes nothing', () => {
		const { doc, capacity } = view();
		const before = read(doc);
		const refused = capacity.shift('p-forecast', 1);
		expect(refused).toMatch(/2028-Q4 is the last period of the plan/);
		expect(capacity.message).toBe(refused);
		expect(read(doc)).toEqual(before);
	});

	it('names what it takes to fund the line project, and follows a decision', () => {
		const { doc, capacity } = view();
		expect(capacity.whatItTakes?.project.name).toBe('Demand forecasting');
		expect(capacity.whatItTakes?.additions.map((a) => [a.info.name, a.period])).toEqual([
			['Data and analytics', '2028-Q1']
		]);
		updateProject(doc, 'p-forecast', { decision: 'out' });
		expect(capacity.whatItTakes?.project.name).not.toBe('Demand forecasting');
	});
});

describe('CapacityState during a drag', () => {
	it('keeps the load of every resource a step does not change, so its chart skips it', () => {
		const { ranking, capacity } = view();
		const before = capacity.loads;
		// Self-service customer portal one place down: still funded, the stack order of
		// its roles changes, the budget's and the roles it does not use do not.
		ranking.pickUp('p-portal', 'keyboard');
		ranking.moveBy(1);
		const after = capacity.loads;
		expect(after).not.toBe(before);
		const kept = after.filter((l, i) => l === before[i]).map((l) => l.info.name);
		const changed = after.filter((l, i) => l !== before[i]).map((l) => l.info.name);
		expect(kept).toContain('Data and analytics');
		expect(changed).toContain('Software engineering');
		ranking.cancel();
	});
});

describe('CapacityState bottlenecks', () => {
	it('follow a drag on its drop, not on every step', () => {
		const { ranking, capacity } = view();
		const before = capacity.whatItTakes;
		expect(before?.project.name).toBe('Demand forecasting');
		ranking.pickUp('p-forecast', 'keyboard');
		ranking.moveBy(2);
		// The charts already show the step; the panel still shows the committed state.
		expect(capacity.whatItTakes).toBe(before);
		ranking.drop();
		expect(capacity.whatItTakes?.project.name).toBe('Customer service chat and bot');
	});
});
