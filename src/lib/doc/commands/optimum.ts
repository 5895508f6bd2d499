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
 * logs `log`. Checks every id and decision before writing. The log entry names every
 * project whose decision this writes, in and out: its `projectIds` are exactly those,
 * and its rationale (after `log.rationale`) lists them as "In: …; out: …". Returns the
 * log entry's id.
 */
export function setOptimumDecisions(
	doc: Y.Doc,
	decisions: Readonly<Record<string, 'in' | 'out'>>,
	log: Omit<DecisionInput, 'projectIds'>,
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
		const written = entries.filter(([id, decision]) => {
			const entity = projects.get(id)!;
			return (
				entity.get('decision') !== decision || entity.get('decisionReason') !== OPTIMISER_REASON
			);
		});
		const names = (want: 'in' | 'out') =>
			written
				.filter(([, decision]) => decision === want)
				.map(([id]) => {
					const name = projects.get(id)!.get('name');
					return typeof name === 'string' && name !== '' ? name : id;
				})
				.join(', ') || 'none';
		const listed = `In: ${names('in')}; out: ${names('out')}.`;
		const logId = addDecision(
			doc,
			{
				...log,
				rationale: log.rationale ? `${log.rationale} ${listed}` : listed,
				projectIds: written.map(([id]) => id)
			},
			opts
		);
		for (const [id, decision] of written) {
			const entity = projects.get(id)!;
			setField(entity, 'decision', decision);
			setField(entity, 'decisionReason', OPTIMISER_REASON);
		}
		return logId;
	});
}
