import type * as Y from 'yjs';
import { projectsMap } from '../schema';
import { CommandError } from '../validate';
import { setField } from '../write';
import { addDecision, type DecisionInput } from './decisions';
import { setProjectOrder } from './ranking';
import { entityOf, run, type CommandOptions } from './shared';

/**
 * Applying the optimiser's answer to the plan: a new ranking, or decisions, each as
 * ONE transaction (one undo step) that also logs a decision, so the log says when and
 * why the plan followed the optimum.
 */

/** The reason written on every decision the optimiser sets. */
export const OPTIMISER_REASON = 'optimiser';

/** Ranks the projects in `ids` order (see setProjectOrder) and logs `log`. Returns the log entry's id. */
export function rankByOptimum(
	doc: Y.Doc,
	ids: readonly string[],
	log: DecisionInput,
	opts?: CommandOptions
): string {
	return run(doc, opts, () => {
		setProjectOrder(doc, ids, opts);
		return addDecision(doc, log, opts);
	});
}

/**
 * Sets each listed project's decision (`in` or `out`) with the reason "optimiser" and
 * logs `log`. Checks every id and decision before writing. Returns the log entry's id.
 */
export function setOptimumDecisions(
	doc: Y.Doc,
	decisions: Readonly<Record<string, 'in' | 'out'>>,
	log: DecisionInput,
	opts?: CommandOptions
): string {
	return run(doc, opts, () => {
		const projects = projectsMap(doc);
		const entries = Object.entries(decisions);
		for (const [id, decision] of entries) {
			entityOf(projects, id, 'project');
			if (decision !== 'in' && decision !== 'out')
				throw new CommandError(`setOptimumDecisions: decision of '${id}' must be 'in' or 'out'`);
		}
		const logId = addDecision(doc, log, opts);
		for (const [id, decision] of entries) {
			const entity = projects.get(id)!;
			setField(entity, 'decision', decision);
			setField(entity, 'decisionReason', OPTIMISER_REASON);
		}
		return logId;
	});
}
