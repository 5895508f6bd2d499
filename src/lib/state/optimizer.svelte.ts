import type { FrontierPoint } from '$lib/domain/optimize';
import type {
	OptimizeAnswer,
	OptimizeMessage,
	OptimizeProgress,
	OptimizeRequest
} from '$lib/domain/optimize-job';
import { projectValues } from '$lib/domain/scoring';
import type { Portfolio, Project } from '$lib/domain/types';

/**
 * The optimiser's bridge between the view and its Web Worker: one solve at a time with
 * a progress state, Cancel (the worker is terminated, so even a long HiGHS run stops at
 * once; the next run starts a fresh one), the answer, the frontier point being
 * previewed, and what applying the optimum would write. No DOM: the worker is created
 * by the factory it is given, so node tests use a fake.
 */

/** What the state needs of a Worker. */
export interface WorkerLike {
	postMessage(message: OptimizeRequest): void;
	terminate(): void;
	onmessage: ((event: MessageEvent<OptimizeMessage>) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
}

/** A solve stopped by `cancel()`. */
export class CancelledError extends Error {
	constructor() {
		super('Cancelled');
		this.name = 'CancelledError';
	}
}

interface Pending {
	resolve: (answer: OptimizeAnswer) => void;
	reject: (error: Error) => void;
	onProgress?: (progress: OptimizeProgress) => void;
}

/**
 * Requests to one worker, answered in order; `cancel` terminates the worker and
 * rejects whatever is pending with a CancelledError.
 */
export class OptimizeClient {
	#spawn: () => WorkerLike;
	#worker: WorkerLike | null = null;
	#pending = new Map<number, Pending>();
	#next = 1;

	constructor(spawn: () => WorkerLike) {
		this.#spawn = spawn;
	}

	/** Solves the optimum (and the frontier) of `portfolio` in the worker. */
	solve(
		portfolio: Portfolio,
		options: {
			frontier: boolean;
			onProgress?: (progress: OptimizeProgress) => void;
			timeLimit?: OptimizeRequest['timeLimit'];
		}
	): Promise<OptimizeAnswer> {
		const worker = this.#ensureWorker();
		const id = this.#next++;
		return new Promise((resolve, reject) => {
			this.#pending.set(id, { resolve, reject, onProgress: options.onProgress });
			worker.postMessage({
				type: 'solve',
				id,
				portfolio,
				frontier: options.frontier,
				timeLimit: options.timeLimit
			});
		});
	}

	/** Stops every solve now. */
	cancel(): void {
		this.#worker?.terminate();
		this.#worker = null;
		const pending = [...this.#pending.values()];
		this.#pending.clear();
		for (const p of pending) p.reject(new CancelledError());
	}

	#ensureWorker(): WorkerLike {
		if (this.#worker) return this.#worker;
		const worker = this.#spawn();
		worker.onmessage = (event) => this.#receive(event.data);
		worker.onerror = (event) => {
			event.preventDefault?.();
			const error = new Error(`The optimiser stopped: ${event.message || 'worker error'}`);
			this.#worker?.terminate();
			this.#worker = null;
			const pending = [...this.#pending.values()];
			this.#pending.clear();
			for (const p of pending) p.reject(error);
		};
		this.#worker = worker;
		return worker;
	}

	#receive(message: OptimizeMessage): void {
		const pending = this.#pending.get(message.id);
		if (!pending) return;
		if (message.type === 'progress') {
			pending.onProgress?.(message.progress);
			return;
		}
		this.#pending.delete(message.id);
		if (message.type === 'error') pending.reject(new Error(message.message));
		else
			pending.resolve({
				result: message.result,
				frontier: message.frontier,
				comparison: message.comparison
			});
	}
}

/**
 * How long the view lets HiGHS search (seconds): small portfolios are proven optimal
 * in well under a second; a hard one stops with the best selection found, said so
 * with its gap, rather than keep the room waiting. Cancel stops sooner.
 */
export const VIEW_TIME_LIMIT = Object.freeze({ optimum: 10, point: 2 });

export type RunStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

/**
 * True when two snapshots give the optimiser the same problem: read memoises unchanged
 * projects, so identity settles most of them at once; the others and the small rest are
 * compared by value. Edits elsewhere (a comment, a scenario) do not make a result stale.
 */
export function sameProblem(a: Portfolio, b: Portfolio): boolean {
	if (a === b) return true;
	if (a.projects.length !== b.projects.length) return false;
	for (let i = 0; i < a.projects.length; i++) {
		const [p, q] = [a.projects[i], b.projects[i]];
		// A project re-read after an edit that was undone is equal but not identical.
		if (p !== q && JSON.stringify(p) !== JSON.stringify(q)) return false;
	}
	const rest = (p: Portfolio) =>
		JSON.stringify([p.periods, p.roles, p.budget, p.criteria, p.weights, p.objectives.length]);
	return rest(a) === rest(b);
}

/**
 * The ranking "Rank by the optimum" writes: the selected projects first, by value (ties
 * keep the current order), each one preceded by the selected projects it depends on
 * (the funding line funds a project only once its dependencies are funded); then every
 * other project in its current order. With this ranking the funding line funds the optimum.
 */
export function optimumOrder(portfolio: Portfolio, selected: readonly string[]): string[] {
	const values = projectValues(portfolio);
	const chosen = new Set(selected);
	const byId = new Map(portfolio.projects.map((p) => [p.id, p]));
	const byValue = portfolio.projects
		.filter((p) => chosen.has(p.id))
		.map((p, i) => ({ p, i, value: values.get(p.id) ?? 0 }))
		.sort((x, y) => y.value - x.value || x.i - y.i)
		.map(({ p }) => p);
	const placed = new Set<string>();
	const first: string[] = [];
	// A project brings the selected projects it depends on along, just above itself.
	const place = (p: Project) => {
		if (placed.has(p.id)) return;
		placed.add(p.id);
		for (const d of p.dependsOn) {
			const dep = byId.get(d);
			if (dep && chosen.has(d)) place(dep);
		}
		first.push(p.id);
	};
	for (const p of byValue) place(p);
	const rest = portfolio.projects.filter((p) => !chosen.has(p.id)).map((p) => p.id);
	return [...first, ...rest];
}

/**
 * The decisions "Set decisions" writes: every `auto` project that takes part goes `in`
 * when selected and `out` otherwise. Forced projects keep their decision and reason.
 */
export function optimumDecisions(
	portfolio: Portfolio,
	selected: readonly string[]
): Record<string, 'in' | 'out'> {
	const chosen = new Set(selected);
	const out: Record<string, 'in' | 'out'> = {};
	for (const p of portfolio.projects) {
		if (p.decision !== 'auto' || p.status === 'done' || p.status === 'cancelled') continue;
		out[p.id] = chosen.has(p.id) ? 'in' : 'out';
	}
	return out;
}

export interface OptimizerOptions {
	portfolio: () => Portfolio;
	client: OptimizeClient;
}

/** The optimiser view's state: run, progress, cancel, the answer and the frontier preview. */
export class OptimizerState {
	#options: OptimizerOptions;
	status = $state<RunStatus>('idle');
	progress = $state.raw<OptimizeProgress | null>(null);
	answer = $state.raw<OptimizeAnswer | null>(null);
	/** The snapshot the answer was computed for. */
	solvedFor = $state.raw<Portfolio | null>(null);
	error = $state<string | null>(null);
	/** The frontier point whose selection is previewed; null shows the optimum. */
	previewScale = $state<number | null>(null);

	constructor(options: OptimizerOptions) {
		this.#options = options;
	}

	/** Solves the optimum and the frontier of the current portfolio. */
	async run(): Promise<void> {
		if (this.status === 'running') return;
		const portfolio = this.#options.portfolio();
		this.status = 'running';
		this.error = null;
		this.progress = null;
		try {
			const answer = await this.#options.client.solve(portfolio, {
				frontier: true,
				timeLimit: VIEW_TIME_LIMIT,
				onProgress: (progress) => (this.progress = progress)
			});
			this.answer = answer;
			this.solvedFor = portfolio;
			this.previewScale = null;
			this.status = 'done';
		} catch (error) {
			if (error instanceof CancelledError) {
				// The previous answer, if any, is still shown.
				this.status = this.answer ? 'done' : 'cancelled';
			} else {
				this.error = error instanceof Error ? error.message : String(error);
				this.status = 'error';
			}
		} finally {
			this.progress = null;
		}
	}

	/** Stops a run; the previous answer (if any) stays. */
	cancel(): void {
		this.#options.client.cancel();
	}

	/** True when the portfolio changed since the answer was computed. */
	get stale(): boolean {
		return this.solvedFor !== null && !sameProblem(this.solvedFor, this.#options.portfolio());
	}

	/** The frontier point previewed, if any. */
	get preview(): FrontierPoint | null {
		const scale = this.previewScale;
		if (scale === null) return null;
		return this.answer?.frontier?.find((p) => p.scale === scale) ?? null;
	}

	/** The selection shown: the previewed point's, else the optimum's. */
	get shownSelection(): string[] {
		return this.preview?.selected ?? this.answer?.result.selected ?? [];
	}
}

/** The progress in words: "Loading the solver…", "Efficient frontier: 3 of 16 points solved…". */
export function describeProgress(progress: OptimizeProgress): string {
	switch (progress.step) {
		case 'loading':
			return 'Loading the solver…';
		case 'optimum':
			return 'Solving the optimum…';
		case 'frontier':
			return `Efficient frontier: ${progress.done} of ${progress.total} points solved…`;
	}
}
