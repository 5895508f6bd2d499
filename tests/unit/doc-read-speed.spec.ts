import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addProject, importPortfolio, moveProject, read } from '../../src/lib/doc';
import { generatePortfolio, LARGE } from '../helpers/generate';

/**
 * A quick check of `read` at DESIGN's scale (1,000 projects × 20 criteria × 12 roles ×
 * 24 periods). It prints timings instead of asserting them: timing asserts flake on a
 * busy machine; `npm run bench` owns the budgets. It does assert that the big read is
 * right.
 */
describe('read at scale', () => {
	it('reads 1,000 projects × 20 criteria × 12 roles × 24 periods', () => {
		const portfolio = generatePortfolio(42, LARGE);
		let t = performance.now();
		const doc = importPortfolio(new Y.Doc(), portfolio);
		const importMs = performance.now() - t;
		const update = Y.encodeStateAsUpdate(doc);
		const loads: number[] = [];
		const colds: number[] = [];
		let reloaded = new Y.Doc();
		for (let i = 0; i < 3; i++) {
			// A cold read: a freshly loaded doc, nothing memoised (opening a portfolio).
			reloaded = new Y.Doc();
			t = performance.now();
			Y.applyUpdate(reloaded, update);
			loads.push(performance.now() - t);
			t = performance.now();
			read(reloaded);
			colds.push(performance.now() - t);
		}
		const loadMs = Math.min(...loads);

		for (let i = 0; i < 3; i++) read(doc); // warm up the JIT
		const runs: number[] = [];
		for (let i = 0; i < 10; i++) {
			t = performance.now();
			read(doc);
			runs.push(performance.now() - t);
		}
		runs.sort((a, b) => a - b);
		const moveRuns: number[] = [];
		const ids = portfolio.projects.map((p) => p.id);
		for (let i = 0; i < 10; i++) {
			t = performance.now();
			moveProject(doc, ids[i], 500);
			read(doc);
			moveRuns.push(performance.now() - t);
		}
		moveRuns.sort((a, b) => a - b);
		console.log(
			`[read speed] import ${importMs.toFixed(0)} ms, load ${loadMs.toFixed(0)} ms, ` +
				`encoded ${(update.byteLength / 1024).toFixed(0)} KiB, cold read ${colds.map((c) => c.toFixed(0)).join('/')} ms, ` +
				`warm read median ${runs[5].toFixed(1)} ms ` +
				`(min ${runs[0].toFixed(1)}, max ${runs[9].toFixed(1)}), move+read median ${moveRuns[5].toFixed(1)} ms`
		);
		const snapshot = read(reloaded);
		expect(snapshot.projects).toHaveLength(1000);
		expect(snapshot).toEqual(portfolio);
		// The memoised read of the edited doc equals a cold read of the same state.
		const fresh = new Y.Doc();
		Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
		expect(read(doc)).toEqual(read(fresh));
		addProject(doc, { name: 'one more' });
		expect(read(doc).projects).toHaveLength(1001);
	});
});
