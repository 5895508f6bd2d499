import { describe, expect, it } from 'vitest';
import { TINY } from '../bench/profiles';
import { budgetRows, renderMarkdown } from '../bench/report';
import { runBench } from '../bench/run';

/**
 * The bench (`npm run bench`, tests/bench/) at a tiny size: it must produce a
 * well-formed result and report. No timing is asserted: `npm run bench` owns the budgets.
 */
describe('bench smoke', () => {
	it('produces a well-formed result for a tiny relay, document, optimiser and import run', async () => {
		const result = await runBench({
			profile: TINY,
			parts: ['doc', 'relay', 'optimizer', 'import'],
			build: false,
			command: 'vitest',
			log: () => {}
		});
		expect(result.errors).toEqual([]);
		expect(result.meta.machine.cores).toBeGreaterThan(0);

		const [run] = result.relay ?? [];
		expect(run.kind).toBe('ours-memory');
		expect(run.sent).toBeGreaterThan(0);
		// Every update reaches the other client of its room.
		expect(run.delivered).toBe(run.expected);
		expect(run.latency.count).toBe(run.delivered);
		expect(Number.isFinite(run.latency.p99)).toBe(true);
		expect(Number.isFinite(run.cpuPercent)).toBe(true);

		const doc = result.doc!;
		expect(doc.ours.bytes).toBeGreaterThan(0);
		expect(doc.reference.bytes).toBeGreaterThan(0);
		expect(doc.ours.load.count).toBe(TINY.doc.loads);

		const verdicts = new Set(result.budgets.map((r) => r.verdict));
		expect(verdicts.has('met') || verdicts.has('not met')).toBe(false); // tiny: nothing judged
		const optimizer = result.optimizer!;
		expect(optimizer.node).toHaveLength(TINY.optimizer.runs);
		expect(optimizer.node[0].selected).toBeGreaterThan(0);
		expect(optimizer.worker).toBeNull();
		const optimizerRows = result.budgets.filter((r) =>
			/^(Optimum|Efficient frontier)/.test(r.area)
		);
		expect(optimizerRows.map((r) => r.verdict)).toEqual([
			'not judged',
			'not judged',
			'not measured'
		]);
		// Import: the in-process pipelines only (no build, so no CLI or browser runs).
		const imp = result.import!;
		expect(imp.mspdi.projects).toBeGreaterThan(0);
		expect(imp.mspdi.counts.new).toBe(imp.mspdi.projects);
		expect(imp.csv.counts.new).toBe(TINY.import.tasks);
		expect(imp.mspdi.total.count).toBe(TINY.import.runs);
		expect(imp.convert.count).toBe(TINY.import.runs);
		expect(imp.cli).toBeNull();
		expect(imp.browser).toBeNull();
		const importRows = result.budgets.filter((r) => /MS Project file/.test(r.area));
		expect(importRows.map((r) => r.verdict)).toEqual([
			'not measured',
			'not judged',
			'not measured'
		]);
		expect(budgetRows(result, TINY)).toEqual(result.budgets);
		expect(renderMarkdown(result, TINY)).toContain('## Budgets');
		expect(renderMarkdown(result, TINY)).toContain('### Import (issue 16)');
	});
});
