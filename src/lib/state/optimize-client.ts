import type {
	OptimizeAnswer,
	OptimizeMessage,
	OptimizeProgress,
	OptimizeRequest
} from '$lib/domain/optimize-job';
import type { Portfolio } from '$lib/domain/types';

/**
 * The main thread's side of the optimiser's worker protocol (`domain/optimize-job.ts`):
 * requests answered in order, progress passed on, Cancel by terminating the worker. No
 * runes and no DOM: the worker comes from the factory given, so node tests use a fake.
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
