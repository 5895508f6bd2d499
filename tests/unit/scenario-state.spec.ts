import { describe, expect, it } from 'vitest';
import { addScenario, read, setScenarioCapacity, updateScenario } from '../../src/lib/doc';
import { loadHighs } from '../../src/lib/domain/optimize';
import {
	handleOptimizeRequest,
	type OptimizeMessage,
	type OptimizeRequest
} from '../../src/lib/domain/optimize-job';
import { OptimizeClient, type WorkerLike } from '../../src/lib/state/optimize-client';
import { ScenarioState } from '../../src/lib/state/scenarios.svelte';
import { northwindDoc } from '../helpers/doc-fixtures';

/** A worker that runs the protocol's handler in this thread. */
class InlineWorker implements WorkerLike {
	onmessage: WorkerLike['onmessage'] = null;
	onerror: WorkerLike['onerror'] = null;
	postMessage(message: OptimizeRequest): void {
		void handleOptimizeRequest(
			message,
			(m) => this.onmessage?.({ data: m } as MessageEvent<OptimizeMessage>),
			{ highs: () => loadHighs() }
		);
	}
	terminate(): void {}
}

describe('ScenarioState', () => {
	it('evaluates the plan and each scenario with the line and the optimum, and notices edits', async () => {
		const doc = northwindDoc();
		const state = new ScenarioState({
			doc,
			portfolio: () => read(doc),
			client: new OptimizeClient(() => new InlineWorker())
		});
		const lean = addScenario(doc, { name: 'Lean' });
		updateScenario(doc, lean, { budgetPercent: -50 });
		const hire = addScenario(doc, { name: 'Hire' });
		setScenarioCapacity(doc, hire, { roleId: 'r-data', period: null, fte: 3 });
		expect(state.list.map((s) => s.name)).toEqual(['Lean', 'Hire']);

		await state.evaluate();
		const [plan, cut, grow] = state.evaluations!;
		expect([plan.name, cut.name, grow.name]).toEqual(['Plan', 'Lean', 'Hire']);
		expect(plan.optimum!.value).toBeCloseTo(569.7, 1);
		expect(cut.optimum!.value).toBeLessThan(plan.optimum!.value);
		expect(grow.optimum!.value).toBeGreaterThanOrEqual(plan.optimum!.value);
		// The optimum never over-allocates; the value per objective adds up to the total.
		for (const e of state.evaluations!) {
			expect(e.optimum!.overAllocations).toEqual([]);
			const sum = e.optimum!.valueByObjective.reduce((s, v) => s + v.value, 0);
			expect(sum).toBeCloseTo(e.optimum!.value, 6);
		}
		expect(state.stale).toBe(false);

		updateScenario(doc, hire, { budgetPercent: 5 });
		expect(state.stale).toBe(true);
		state.destroy();
	});
});
