import type * as Y from 'yjs';
import type { DecisionEntry } from '../../domain/types';
import { newId } from '../ids';
import type { Position } from '../order';
import { decisionsMap, projectsMap } from '../schema';
import { checkPatch, CommandError, isoDate, text } from '../validate';
import { setField, writeDecision } from '../write';
import {
	checkIds,
	entityOf,
	idFor,
	keyAt,
	moveIn,
	positionOf,
	recordOf,
	run,
	syncIdList,
	type CommandOptions,
	type PlaceOptions
} from './shared';

/** The decision log: when, who, what, why, and which projects it concerns. */

export type DecisionInput = Partial<Omit<DecisionEntry, 'title'>> & { title: string };
export type DecisionPatch = Partial<Omit<DecisionEntry, 'id'>>;

const TEXT_FIELDS = { at: isoDate, by: text, title: text, rationale: text };

/** Logs a decision and returns its id; `at` defaults to now. */
export function addDecision(doc: Y.Doc, input: DecisionInput, opts?: PlaceOptions): string {
	return run(doc, opts, () => {
		const decisions = decisionsMap(doc);
		const projects = projectsMap(doc);
		const fields = Object.fromEntries(
			checkPatch(
				{
					at: input?.at ?? new Date().toISOString(),
					by: input.by ?? '',
					title: input.title,
					rationale: input.rationale ?? ''
				},
				TEXT_FIELDS,
				'decision'
			)
		) as Pick<DecisionEntry, 'at' | 'by' | 'title' | 'rationale'>;
		if (typeof input.title !== 'string') throw new CommandError('decision.title must be a string');
		const projectIds = checkIds(input.projectIds, (id) => projects.has(id), 'decision.projectIds');
		const taken = (id: string) => decisions.has(id);
		const id = idFor(input.id, taken, () => newId('d', taken), 'decision');
		writeDecision(decisions, id, keyAt(decisions, positionOf(opts), 'decision'), {
			...fields,
			projectIds
		});
		return id;
	});
}

/**
 * Edits a decision. A new `projectIds` list replaces the old one with minimal writes,
 * so a project linked concurrently by someone else is only lost if this list drops it.
 */
export function updateDecision(
	doc: Y.Doc,
	id: string,
	patch: DecisionPatch,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = entityOf(decisionsMap(doc), id, 'decision');
		const { projectIds, ...rest } = patch ?? {};
		const fields = checkPatch(rest, TEXT_FIELDS, 'decision');
		const ids =
			projectIds === undefined
				? undefined
				: checkIds(projectIds, (p) => projectsMap(doc).has(p), 'decision.projectIds');
		for (const [field, value] of fields) setField(entity, field, value);
		if (ids) syncIdList(recordOf<string>(entity, 'projectIds'), ids, 'decision.projectIds');
	});
}

/** Re-orders the log. */
export function moveDecision(
	doc: Y.Doc,
	id: string,
	position: Position,
	opts?: CommandOptions
): void {
	run(doc, opts, () => moveIn(decisionsMap(doc), id, position, 'decision'));
}

/** Deletes a decision; nothing refers to decisions. */
export function deleteDecision(doc: Y.Doc, id: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		entityOf(decisionsMap(doc), id, 'decision');
		decisionsMap(doc).delete(id);
	});
}
