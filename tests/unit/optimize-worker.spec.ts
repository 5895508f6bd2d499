import { describe, expect, it } from 'vitest';
import { emptyPortfolio } from '../../src/lib/domain/format';
import { FRONTIER_SCALES, loadHighs, optimize } from '../../src/lib/domain/optimize';
import {
	handleOptimizeRequest,
	type OptimizeMessage,
	type OptimizeRequest
} from '../../src/lib/domain/optimize-job';
import type { Portfolio, Project } from '../../src/lib/domain/types';
import { optimumDecisions, optimumOrder } from '../../src/lib/domain/optimize-apply';
import {
	CancelledError,
	describeProgress,
	OptimizeClient,
	type WorkerLike
} from '../../src/lib/state/optimize-client';
import { OptimizerState } from '../../src/lib/state/optimizer.svelte';
import { northwindPortfolio } from '../helpers/doc-fixtures';

const Q1 = '2027-Q1';

function project(id: string, score: number, over: Partial<Project> = {}): Project {
	return {
		id,
		name: id.toUpperCase(),
		description: '',
		sponsor: '',
		status: 'proposed',
		decision: 'auto',
		decisionReason: '',
		cost: {},
		demand: {},
		scores: { v: score },
		contributions: {},
		dependsOn: [],
		excludes: [],
		...over
	};
}

/** Budget 10: a (6) alone is worth less than b + c (5 + 5). */
function knapsack(over: Partial<Portfolio> = {}): Portfolio {
	return {
		...emptyPortfolio('Knapsack'),
		periods: [Q1],
		criteria: [{ id: 'v', name: 'V', kind: 'benefit', objectiveId: null }],
		weights: { method: 'direct', values: { v: 1 } },
		budget: { [Q1]: 10 },
		projects: [
			project('a', 6, { cost: { [Q1]: 6 } }),
			project('b', 5, { cost: { [Q1]: 5 } }),
			project('c', 5, { cost: { [Q1]: 5 } })
		],
		...over
	};
}

const options = { highs: () => loadHighs() };

async function answer(request: unknown): Promise<OptimizeMessage[]> {
	const messages: OptimizeMessage[] = [];
	await handleOptimizeRequest(request, (m) => messages.push(structuredClone(m)), options);
	return messages;
}

describe('handleOptimizeRequest (the worker protocol)', () => {
	it('reports each step, then the optimum, the frontier and the comparison with the line', async () => {
		const messages = await answer({ type: 'solve', id: 7, portfolio: knapsack(), frontier: true });
		const progress = messages.filter((m) => m.type === 'progress').map((m) => m.progress);
		expect(progress.slice(0, 2)).toEqual([{ step: 'loading' }, { step: 'optimum' }]);
		expect(progress.slice(2)).toEqual(
			[0, ...FRONTIER_SCALES.map((_, k) => k + 1)].map((done) => ({
				step: 'frontier',
				done,
				total: 16
			}))
		);
		const last = messages.at(-1)!;
		expect(messages.filter((m) => m.type === 'result')).toHaveLength(1);
		if (last.type !== 'result') throw new Error(`expected a result, got ${last.type}`);
		expect(last.id).toBe(7);
		expect(last.result.selected).toEqual(['b', 'c']);
		expect(last.result.explanations.get('a')?.kind).toBe('does-not-fit');
		expect(last.frontier?.map((p) => p.scale)).toEqual(FRONTIER_SCALES);
		expect(last.comparison).toMatchObject({ onlyOptimum: ['b', 'c'], onlyLine: ['a'] });
	});

	it('answers the same optimum as the domain called directly (Northwind)', async () => {
		const portfolio = northwindPortfolio();
		const direct = await optimize(portfolio);
		const messages = await answer({ type: 'solve', id: 1, portfolio, frontier: false });
		const last = messages.at(-1)!;
		if (last.type !== 'result') throw new Error('expected a result');
		expect(last.result.selected).toEqual(direct.selected);
		expect(last.result.value).toBe(direct.value);
		expect(last.frontier).toBeNull();
	});

	it('reports an infeasible optimum with the broken constraints', async () => {
		const portfolio = knapsack({
			projects: [project('a', 6, { cost: { [Q1]: 12 }, decision: 'in' })]
		});
		const messages = await answer({ type: 'solve', id: 2, portfolio, frontier: false });
		const last = messages.at(-1)!;
		if (last.type !== 'result') throw new Error('expected a result');
		expect(last.result.feasible).toBe(false);
		expect(last.result.broken).toEqual([expect.stringContaining('budget 2027-Q1')]);
	});

	it('answers a malformed request with an error, never a throw', async () => {
		expect(await answer({ type: 'solve', id: 3 })).toEqual([
			{ type: 'error', id: 3, message: expect.stringContaining('not an optimiser request') }
		]);
		expect(await answer(null)).toEqual([{ type: 'error', id: -1, message: expect.any(String) }]);
	});

	it('turns a solver that fails to load into an error message', async () => {
		const messages: OptimizeMessage[] = [];
		const request: OptimizeRequest = {
			type: 'solve',
			id: 4,
			portfolio: knapsack(),
			frontier: false
		};
		await handleOptimizeRequest(request, (m) => messages.push(m), {
			highs: () => Promise.reject(new Error('no wasm'))
		});
		expect(messages.at(-1)).toEqual({
			type: 'error',
			id: 4,
			message: 'The optimiser failed: no wasm'
		});
	});
});

/** A worker that runs the handler in this thread, answering asynchronously like a real one. */
class FakeWorker implements WorkerLike {
	onmessage: WorkerLike['onmessage'] = null;
	onerror: WorkerLike['onerror'] = null;
	terminated = false;
	postMessage(message: OptimizeRequest): void {
		void handleOptimizeRequest(
			message,
			(m) => {
				if (!this.terminated) this.onmessage?.({ data: m } as MessageEvent<OptimizeMessage>);
			},
			options
		);
	}
	terminate(): void {
		this.terminated = true;
	}
}

describe('OptimizeClient and OptimizerState', () => {
	it('runs through the worker, shows progress, and keeps the answer', async () => {
		const workers: FakeWorker[] = [];
		const client = new OptimizeClient(() => {
			const w = new FakeWorker();
			workers.push(w);
			return w;
		});
		const portfolio = knapsack();
		const state = new OptimizerState({ portfolio: () => portfolio, client });
		const seen: string[] = [];
		const run = client.solve(portfolio, {
			frontier: true,
			onProgress: (p) => seen.push(describeProgress(p))
		});
		const first = await run;
		expect(seen[0]).toBe('Loading the solver…');
		expect(seen.at(-1)).toBe('Efficient frontier: 16 of 16 points solved…');
		expect(first.result.selected).toEqual(['b', 'c']);

		await state.run();
		expect(state.status).toBe('done');
		expect(state.answer?.result.value).toBeCloseTo(10 * 10, 9);
		expect(state.stale).toBe(false);
		state.previewScale = 0.5;
		expect(state.shownSelection).toEqual(state.preview!.selected);
		expect(workers).toHaveLength(1);
	});

	it('cancel terminates the worker, rejects the solve, and the next run starts a new worker', async () => {
		const workers: FakeWorker[] = [];
		const client = new OptimizeClient(() => {
			const w = new FakeWorker();
			workers.push(w);
			return w;
		});
		const portfolio = knapsack();
		const state = new OptimizerState({ portfolio: () => portfolio, client });
		const running = state.run();
		expect(state.status).toBe('running');
		state.cancel();
		await running;
		expect(state.status).toBe('cancelled');
		expect(workers[0].terminated).toBe(true);
		await expect(
			(() => {
				const p = client.solve(portfolio, { frontier: false });
				client.cancel();
				return p;
			})()
		).rejects.toBeInstanceOf(CancelledError);
		await state.run();
		expect(state.status).toBe('done');
		expect(workers.length).toBe(3);
	});

	it('says the answer is stale once a project changes', async () => {
		let portfolio = knapsack();
		const state = new OptimizerState({
			portfolio: () => portfolio,
			client: new OptimizeClient(() => new FakeWorker())
		});
		await state.run();
		portfolio = { ...portfolio, name: 'Renamed' };
		expect(state.stale).toBe(false);
		portfolio = { ...portfolio, projects: [...portfolio.projects.slice(1)] };
		expect(state.stale).toBe(true);
	});
});

describe('what applying the optimum writes', () => {
	it('ranks the selected projects first by value, then the rest in their order', () => {
		expect(optimumOrder(knapsack(), ['c', 'b'])).toEqual(['b', 'c', 'a']);
	});
	it('sets undecided projects in or out and leaves forced and finished ones alone', () => {
		const p = knapsack({
			projects: [
				project('a', 6, { decision: 'in' }),
				project('b', 5),
				project('c', 5),
				project('d', 5, { status: 'done' })
			]
		});
		expect(optimumDecisions(p, ['a', 'b'])).toEqual({ b: 'in', c: 'out' });
	});
});

describe('optimumOrder and the funding line', () => {
	it('ranks by value but brings a selected dependency along, just above its dependent', () => {
		const p = knapsack({
			projects: [
				project('base', 1, { cost: { [Q1]: 2 } }),
				project('top', 9, { cost: { [Q1]: 2 }, dependsOn: ['base'] }),
				project('mid', 5, { cost: { [Q1]: 2 } })
			]
		});
		expect(optimumOrder(p, ['base', 'top', 'mid'])).toEqual(['base', 'top', 'mid']);
	});

	it('makes the funding line fund exactly the optimum (Northwind)', async () => {
		const { fundingLine } = await import('../../src/lib/domain/funding');
		const portfolio = northwindPortfolio();
		const result = await optimize(portfolio);
		const order = optimumOrder(portfolio, result.selected);
		const byId = new Map(portfolio.projects.map((q) => [q.id, q]));
		const ranked = { ...portfolio, projects: order.map((id) => byId.get(id)!) };
		expect([...fundingLine(ranked).funded].sort()).toEqual([...result.selected].sort());
	});
});
