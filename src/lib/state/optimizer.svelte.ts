import type { FrontierPoint } from '$lib/domain/optimize';
import type { OptimizeAnswer, OptimizeProgress } from '$lib/domain/optimize-job';
import type { Portfolio } from '$lib/domain/types';
import { CancelledError, sameProblem, type OptimizeClient } from './optimize-client';

/**
 * The optimiser view's state: one solve at a time through the worker client with a
 * progress state, Cancel (the worker is terminated, so even a long HiGHS run stops at
 * once; the next run starts a fresh one), the answer, whether it is stale, and the
 * frontier point being previewed. No DOM, so node tests drive it with a fake worker.
 */

/**
 * How long the view lets HiGHS search (seconds): small portfolios are proven optimal
 * in well under a second; a hard one stops with the best selection found, said so
 * with its gap, rather than keep the room waiting. Cancel stops sooner.
 */
export const VIEW_TIME_LIMIT = Object.freeze({ optimum: 10, point: 2 });

export type RunStatus = 'idle' | 'running' | 'done' | 'error' | 'cancelled';

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
