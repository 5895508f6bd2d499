import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import { readScenarios } from '$lib/doc';
import type { OptimizeProgress } from '$lib/domain/optimize-job';
import {
	applyScenarioWithNotes,
	lineSummary,
	summarizeSelection,
	type Scenario,
	type SelectionSummary
} from '$lib/domain/scenario';
import type { Portfolio } from '$lib/domain/types';
import { CancelledError, sameProblem, type OptimizeClient } from './optimize-client';
import { VIEW_TIME_LIMIT } from './optimizer.svelte';

/**
 * Scenarios for the view: the live list from the doc (every peer's edits show at
 * once), and their evaluation with the funding line and the optimum (in the worker),
 * side by side with the plan itself.
 */

/** One column of the comparison: the plan or a scenario, with the line and the optimum. */
export interface Evaluation {
	/** null for the plan as it is. */
	scenarioId: string | null;
	name: string;
	line: SelectionSummary;
	/** null when the forced projects alone break a constraint: see `broken`. */
	optimum: SelectionSummary | null;
	broken: string[];
	/** The scenario's start shifts that no longer fit the plan, so were not applied. */
	notApplied: string[];
}

export interface ScenarioStateOptions {
	doc: Y.Doc;
	portfolio: () => Portfolio;
	client: OptimizeClient;
}

export class ScenarioState {
	#options: ScenarioStateOptions;
	#list: Scenario[] | null = null;
	#subscribe: () => void;
	#onUpdate = () => (this.#list = null);

	evaluations = $state.raw<Evaluation[] | null>(null);
	/** The scenarios and plan the evaluations were made for. */
	#evaluatedFor: { portfolio: Portfolio; scenarios: string } | null = null;
	running = $state(false);
	progress = $state('');
	error = $state<string | null>(null);

	constructor(options: ScenarioStateOptions) {
		this.#options = options;
		const doc = options.doc;
		doc.on('update', this.#onUpdate);
		this.#subscribe = createSubscriber((update) => {
			doc.on('update', update);
			return () => doc.off('update', update);
		});
	}

	/** Stops following the doc. */
	destroy(): void {
		this.#options.doc.off('update', this.#onUpdate);
	}

	/** Every scenario, in order; re-read after any change to the doc. */
	get list(): Scenario[] {
		this.#subscribe();
		this.#list ??= readScenarios(this.#options.doc);
		return this.#list;
	}

	/** True when the plan or a scenario changed since the evaluation. */
	get stale(): boolean {
		const at = this.#evaluatedFor;
		if (!at || !this.evaluations) return false;
		return (
			!sameProblem(at.portfolio, this.#options.portfolio()) ||
			at.scenarios !== JSON.stringify(this.list)
		);
	}

	/** Stops an evaluation (the optimiser's worker is shared, so a run there stops too). */
	cancel(): void {
		this.#options.client.cancel();
	}

	/** Evaluates the plan and every scenario: funding line, then the optimum in the worker. */
	async evaluate(): Promise<void> {
		if (this.running) return;
		const portfolio = this.#options.portfolio();
		const scenarios = this.list;
		this.running = true;
		this.error = null;
		const columns: {
			scenarioId: string | null;
			name: string;
			portfolio: Portfolio;
			notApplied: string[];
		}[] = [
			{ scenarioId: null, name: 'Plan', portfolio, notApplied: [] },
			...scenarios.map((s) => {
				const applied = applyScenarioWithNotes(portfolio, s);
				return {
					scenarioId: s.id,
					name: s.name,
					portfolio: applied.portfolio,
					notApplied: applied.notApplied.map((n) => n.message)
				};
			})
		];
		try {
			const out: Evaluation[] = [];
			for (const [i, column] of columns.entries()) {
				this.progress = `Evaluating ${column.name} (${i + 1} of ${columns.length})…`;
				const answer = await this.#options.client.solve(column.portfolio, {
					frontier: false,
					timeLimit: VIEW_TIME_LIMIT,
					onProgress: (p: OptimizeProgress) => {
						if (p.step === 'loading') this.progress = 'Loading the solver…';
					}
				});
				out.push({
					scenarioId: column.scenarioId,
					name: column.name,
					line: lineSummary(column.portfolio),
					optimum: answer.result.feasible
						? summarizeSelection(column.portfolio, answer.result.selected)
						: null,
					broken: answer.result.broken,
					notApplied: column.notApplied
				});
			}
			this.evaluations = out;
			this.#evaluatedFor = { portfolio, scenarios: JSON.stringify(scenarios) };
		} catch (error) {
			if (!(error instanceof CancelledError))
				this.error = error instanceof Error ? error.message : String(error);
		} finally {
			this.running = false;
			this.progress = '';
		}
	}
}
