/**
 * The message protocol of the optimiser's Web Worker: one request per solve, progress
 * messages while it runs (which step: the optimum, then frontier point k of 16), then
 * one result or one error. The handler is plain code with no worker globals, so the
 * worker file only wires it to `self`, and tests call it directly in Node.
 */
import {
	compareWithLine,
	frontier,
	FRONTIER_SCALES,
	optimize,
	type FrontierPoint,
	type Highs,
	type LineComparison,
	type OptimizeResult
} from './optimize';
import type { Portfolio } from './types';

/** Solve the optimum of `portfolio` and, when `frontier` is true, the efficient frontier. */
export interface OptimizeRequest {
	type: 'solve';
	/** Chosen by the caller; every answer carries it back. */
	id: number;
	portfolio: Portfolio;
	frontier: boolean;
	/**
	 * Seconds HiGHS may take for the optimum and for each frontier point; default none.
	 * Stopped early, the best selection found is returned, marked not optimal.
	 */
	timeLimit?: { optimum?: number; point?: number };
}

/** Which step a solve is at. */
export type OptimizeProgress =
	| { step: 'loading' }
	| { step: 'optimum' }
	/** `done` points of `total` solved; 0 is posted when the frontier starts. */
	| { step: 'frontier'; done: number; total: number };

/** What a solve returns (Maps and typed arrays survive structured clone). */
export interface OptimizeAnswer {
	result: OptimizeResult;
	/** Null when the request asked for no frontier. */
	frontier: FrontierPoint[] | null;
	/** The optimum next to the funding line of the same portfolio. */
	comparison: LineComparison;
}

export type OptimizeMessage =
	| { type: 'progress'; id: number; progress: OptimizeProgress }
	| ({ type: 'result'; id: number } & OptimizeAnswer)
	| { type: 'error'; id: number; message: string };

/** How the handler reaches HiGHS: the worker passes a loader that knows the .wasm URL. */
export interface OptimizeHandlerOptions {
	highs: () => Promise<Highs>;
}

function isRequest(value: unknown): value is OptimizeRequest {
	if (typeof value !== 'object' || value === null) return false;
	const r = value as Partial<OptimizeRequest>;
	return (
		r.type === 'solve' &&
		typeof r.id === 'number' &&
		typeof r.frontier === 'boolean' &&
		typeof r.portfolio === 'object' &&
		r.portfolio !== null &&
		Array.isArray(r.portfolio.projects) &&
		Array.isArray(r.portfolio.periods)
	);
}

/**
 * Answers one request through `post`: progress messages, then exactly one `result` or
 * `error` (a malformed request gets an error with id -1 when it has no usable id).
 * Never throws; a failure of HiGHS becomes an error message naming it.
 */
export async function handleOptimizeRequest(
	request: unknown,
	post: (message: OptimizeMessage) => void,
	options: OptimizeHandlerOptions
): Promise<void> {
	if (!isRequest(request)) {
		const id = (request as { id?: unknown } | null)?.id;
		post({
			type: 'error',
			id: typeof id === 'number' ? id : -1,
			message: 'not an optimiser request: expected { type: "solve", id, portfolio, frontier }'
		});
		return;
	}
	const { id, portfolio } = request;
	try {
		post({ type: 'progress', id, progress: { step: 'loading' } });
		const highs = await options.highs();
		post({ type: 'progress', id, progress: { step: 'optimum' } });
		const limit = request.timeLimit ?? {};
		const result = await optimize(portfolio, { highs, timeLimit: limit.optimum });
		let points: FrontierPoint[] | null = null;
		if (request.frontier) {
			const total = FRONTIER_SCALES.length;
			post({ type: 'progress', id, progress: { step: 'frontier', done: 0, total } });
			points = await frontier(portfolio, {
				highs,
				timeLimit: limit.point,
				optimum: result,
				onPoint: (done, total) =>
					post({ type: 'progress', id, progress: { step: 'frontier', done, total } })
			});
		}
		post({
			type: 'result',
			id,
			result,
			frontier: points,
			comparison: compareWithLine(portfolio, result)
		});
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		post({ type: 'error', id, message: `The optimiser failed: ${message}` });
	}
}
