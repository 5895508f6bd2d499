import type * as Y from 'yjs';
import { allDirectWeightsZero } from '../../domain/ahp';
import { CRITERION_KINDS, type CriterionKind, type Weights } from '../../domain/types';
import { newId } from '../ids';
import type { Position } from '../order';
import {
	childMap,
	comparisonsMap,
	criteriaMap,
	directWeightsMap,
	judgementsMap,
	metaMap,
	objectivesMap,
	pairKey,
	projectsMap
} from '../schema';
import { amount, checkPatch, CommandError, idOrNull, oneOf, pairwise, text } from '../validate';
import { setField, writeCriterion } from '../write';
import {
	entityOf,
	idFor,
	keyAt,
	moveIn,
	positionOf,
	run,
	setNumber,
	type CommandOptions,
	type PlaceOptions
} from './shared';

/** Criteria (business drivers) and their weights: pairwise judgements or direct values. */

export interface CriterionInput {
	id?: string;
	name: string;
	kind?: CriterionKind;
	objectiveId?: string | null;
}

export interface CriterionPatch {
	name?: string;
	kind?: CriterionKind;
	objectiveId?: string | null;
}

function checkObjective(doc: Y.Doc, value: unknown, what: string): string | null {
	const id = idOrNull(value ?? null, what);
	if (id !== null && !objectivesMap(doc).has(id)) {
		throw new CommandError(`${what}: unknown objective '${id}'`);
	}
	return id;
}

/** Adds a criterion (at the end by default) and returns its id. */
export function addCriterion(doc: Y.Doc, input: CriterionInput, opts?: PlaceOptions): string {
	return run(doc, opts, () => {
		const criteria = criteriaMap(doc);
		const name = text(input?.name, 'criterion.name');
		const kind = oneOf(CRITERION_KINDS)(input.kind ?? 'benefit', 'criterion.kind');
		const objectiveId = checkObjective(doc, input.objectiveId, 'criterion.objectiveId');
		const taken = (id: string) => criteria.has(id);
		const id = idFor(input.id, taken, () => newId('c', taken), 'criterion');
		writeCriterion(criteria, id, keyAt(criteria, positionOf(opts), 'criterion'), {
			name,
			kind,
			objectiveId
		});
		return id;
	});
}

/** Edits a criterion; linking it to an objective makes contributions its score. */
export function updateCriterion(
	doc: Y.Doc,
	id: string,
	patch: CriterionPatch,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = entityOf(criteriaMap(doc), id, 'criterion');
		const fields = {
			name: text,
			kind: oneOf(CRITERION_KINDS),
			objectiveId: (value: unknown, what: string) => checkObjective(doc, value, what)
		};
		for (const [field, value] of checkPatch(patch, fields, 'criterion')) {
			setField(entity, field, value);
		}
	});
}

/** Re-orders the criteria (the order of the weights table and the score columns). */
export function moveCriterion(
	doc: Y.Doc,
	id: string,
	position: Position,
	opts?: CommandOptions
): void {
	run(doc, opts, () => moveIn(criteriaMap(doc), id, position, 'criterion'));
}

/**
 * Deletes a criterion with every score, comparison, participant's judgement (workshop
 * state) and direct weight that names it, in the same transaction: `read` would hide
 * them, but left in the doc they would outlive the criterion in every replica.
 */
export function deleteCriterion(doc: Y.Doc, id: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const criteria = criteriaMap(doc);
		entityOf(criteria, id, 'criterion');
		projectsMap(doc).forEach((p) => {
			const scores = childMap<number>(p, 'scores');
			if (scores?.has(id)) scores.delete(id);
		});
		for (const pairs of [comparisonsMap(doc), judgementsMap(doc)]) {
			const stale: string[] = [];
			pairs.forEach((c, key) => {
				if (c?.a === id || c?.b === id) stale.push(key);
			});
			for (const key of stale) pairs.delete(key);
		}
		const direct = directWeightsMap(doc);
		if (direct.has(id)) direct.delete(id);
		criteria.delete(id);
	});
}

/**
 * Chooses how weights are computed. The data of the other method is kept, so switching
 * back and forth in a workshop loses no judgement.
 */
export function setWeightsMethod(
	doc: Y.Doc,
	method: Weights['method'],
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		setField(
			metaMap(doc),
			'weightsMethod',
			oneOf(['pairwise', 'direct'] as const)(method, 'method')
		);
	});
}

function checkCriterion(doc: Y.Doc, id: unknown, what: string): string {
	if (typeof id !== 'string' || !criteriaMap(doc).has(id)) {
		throw new CommandError(`${what}: unknown criterion '${String(id)}'`);
	}
	return id;
}

/**
 * Records how much more important `a` is than `b` (Saaty's 1/9..9), or clears the
 * judgement with null. (a, b) and (b, a) share one key, so two people judging the
 * same pair never produce two judgements; the last write wins as a whole.
 */
export function setComparison(
	doc: Y.Doc,
	a: string,
	b: string,
	value: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		checkCriterion(doc, a, 'setComparison.a');
		checkCriterion(doc, b, 'setComparison.b');
		if (a === b) throw new CommandError('setComparison: a criterion is not compared with itself');
		const comparisons = comparisonsMap(doc);
		const key = pairKey(a, b);
		const existing = comparisons.get(key);
		if (value === null) {
			if (existing !== undefined) comparisons.delete(key);
			return;
		}
		const checked = pairwise(value, `comparison ${a}/${b}`);
		if (existing && existing.a === a && existing.b === b && existing.value === checked) return;
		const order =
			existing && typeof existing.order === 'string'
				? existing.order
				: keyAt(comparisons, undefined, 'comparison');
		comparisons.set(key, { a, b, value: checked, order });
	});
}

/**
 * Sets (or clears with null) a criterion's direct weight; values are normalised on use.
 * Refuses to leave every given weight at 0 (no preference is not a set of weights: the
 * format refuses it too); clearing every value (equal weights) is fine.
 */
export function setDirectWeight(
	doc: Y.Doc,
	criterionId: string,
	value: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		checkCriterion(doc, criterionId, 'setDirectWeight');
		const path = `weights.values.${criterionId}`;
		const checked = value === null ? null : amount(value, path);
		if (!(checked !== null && checked > 0)) {
			const after: Record<string, number> = {};
			const criteria = criteriaMap(doc);
			directWeightsMap(doc).forEach((v, id) => {
				if (id !== criterionId && criteria.has(id) && typeof v === 'number') after[id] = v;
			});
			if (checked !== null) after[criterionId] = checked;
			if (allDirectWeightsZero(after)) {
				throw new CommandError(
					`${path}: every direct weight would be 0; give another criterion a weight above 0 first`
				);
			}
		}
		setNumber(directWeightsMap(doc), criterionId, checked);
	});
}
