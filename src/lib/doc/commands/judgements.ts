import * as Y from 'yjs';
import type { PairwiseComparison } from '../../domain/types';
import {
	comparisonsMap,
	criteriaMap,
	judgementKey,
	judgementsMap,
	judgesMap,
	metaMap,
	pairKey,
	type StoredJudgement
} from '../schema';
import {
	CommandError,
	nonEmptyText,
	pairwise,
	PAIRWISE_MAX,
	PAIRWISE_MIN,
	text
} from '../validate';
import { setField } from '../write';
import { keyAt, orderedItems, run, type CommandOptions } from './shared';

/**
 * Group judgements (AHP workshops): every participant enters their own pairwise
 * judgements, the room sees them live, and the facilitator adopts the group result
 * into the portfolio's weights. This is workshop state: it lives in the doc (roots
 * `judgements` and `judges`) but is not part of `cairn/portfolio@1`.
 */

/** Who is judging: a device-local id and the name the room sees. */
export interface Participant {
	id: string;
	name: string;
}

/** One participant's judgements, as `readJudgements` returns them. */
export interface ParticipantJudgements {
	participantId: string;
	name: string;
	/** In criteria order of the pair; each pair at most once. */
	comparisons: PairwiseComparison[];
}

/** Longest display name kept; a name is a label, not a document. */
const NAME_MAX = 80;

/** Checks a participant given to a command (id required, name trimmed and capped). */
export function checkParticipant(participant: unknown): Participant {
	if (typeof participant !== 'object' || participant === null) {
		throw new CommandError('participant must be an object { id, name }');
	}
	const { id, name } = participant as Partial<Participant>;
	return {
		id: nonEmptyText(id, 'participant.id'),
		name: text(name, 'participant.name').trim().slice(0, NAME_MAX)
	};
}

function checkCriterion(doc: Y.Doc, id: unknown, what: string): string {
	if (typeof id !== 'string' || !(criteriaMap(doc).get(id) instanceof Y.Map)) {
		throw new CommandError(`${what}: unknown criterion '${String(id)}'`);
	}
	return id;
}

function checkPair(doc: Y.Doc, a: unknown, b: unknown, what: string): [string, string] {
	const first = checkCriterion(doc, a, `${what}.a`);
	const second = checkCriterion(doc, b, `${what}.b`);
	if (first === second) throw new CommandError(`${what}: a criterion is not compared with itself`);
	return [first, second];
}

/**
 * Records one participant's judgement of how much more important `a` is than `b`
 * (Saaty's 1/9..9), or clears it with null. Each participant has their own entry per
 * pair, so two people judging the same pair at once both keep theirs; (a, b) and
 * (b, a) from the same person share one entry. Also records the participant's name.
 */
export function setJudgement(
	doc: Y.Doc,
	participant: Participant,
	a: string,
	b: string,
	value: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const who = checkParticipant(participant);
		const [first, second] = checkPair(doc, a, b, 'setJudgement');
		const judgements = judgementsMap(doc);
		const key = judgementKey(who.id, first, second);
		if (value === null) {
			if (judgements.has(key)) judgements.delete(key);
			return;
		}
		const checked = pairwise(value, `judgement ${first}/${second}`);
		const judges = judgesMap(doc);
		if (judges.get(who.id) !== who.name) judges.set(who.id, who.name);
		const existing = judgements.get(key);
		if (existing?.a === first && existing.b === second && existing.value === checked) return;
		judgements.set(key, { participant: who.id, a: first, b: second, value: checked });
	});
}

/**
 * Removes every judgement of one participant and their name, in one transaction
 * ("start again", or a facilitator tidying up after a test run).
 */
export function clearJudgements(doc: Y.Doc, participantId: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const id = nonEmptyText(participantId, 'participantId');
		const judgements = judgementsMap(doc);
		const stale: string[] = [];
		judgements.forEach((stored, key) => {
			if (isRecord(stored) && stored.participant === id) stale.push(key);
		});
		for (const key of stale) judgements.delete(key);
		const judges = judgesMap(doc);
		if (judges.has(id)) judges.delete(id);
	});
}

/** Renames a participant everywhere the room sees their judgements. */
export function renameParticipant(
	doc: Y.Doc,
	participant: Participant,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const who = checkParticipant(participant);
		const judges = judgesMap(doc);
		if (judges.has(who.id) && judges.get(who.id) !== who.name) judges.set(who.id, who.name);
	});
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

function isJudgement(value: unknown): value is StoredJudgement {
	if (!isRecord(value)) return false;
	const { participant, a, b } = value;
	const v = value.value;
	return (
		typeof participant === 'string' &&
		participant !== '' &&
		typeof a === 'string' &&
		typeof b === 'string' &&
		a !== b &&
		typeof v === 'number' &&
		v >= PAIRWISE_MIN &&
		v <= PAIRWISE_MAX
	);
}

/**
 * Everyone's judgements, ordered by name (then id), each participant's comparisons in
 * the criteria's order. Judgements that name a deleted criterion, or that a bad peer
 * wrote in the wrong shape, are skipped, as `read` does for comparisons. Participants
 * with no judgement left are not listed.
 */
export function readJudgements(doc: Y.Doc): ParticipantJudgements[] {
	const position = new Map<string, number>();
	orderedItems(criteriaMap(doc)).forEach((item, i) => position.set(item.id, i));
	const at = (id: string) => position.get(id) ?? -1;
	const judges = judgesMap(doc);
	const byParticipant = new Map<string, PairwiseComparison[]>();
	judgementsMap(doc).forEach((stored, key) => {
		if (!isJudgement(stored)) return;
		const { participant, a, b, value } = stored;
		if (at(a) < 0 || at(b) < 0 || key !== judgementKey(participant, a, b)) return;
		let list = byParticipant.get(participant);
		if (!list) byParticipant.set(participant, (list = []));
		list.push({ a, b, value });
	});
	const pairOrder = (c: PairwiseComparison) => {
		const [x, y] = [at(c.a), at(c.b)];
		return x < y ? [x, y] : [y, x];
	};
	const result: ParticipantJudgements[] = [];
	for (const [participantId, comparisons] of byParticipant) {
		const name = judges.get(participantId);
		comparisons.sort((p, q) => {
			const [p1, p2] = pairOrder(p);
			const [q1, q2] = pairOrder(q);
			return p1 - q1 || p2 - q2;
		});
		result.push({ participantId, name: typeof name === 'string' ? name : '', comparisons });
	}
	return result.sort((p, q) =>
		p.name !== q.name
			? p.name < q.name
				? -1
				: 1
			: p.participantId < q.participantId
				? -1
				: p.participantId > q.participantId
					? 1
					: 0
	);
}

/**
 * Makes `comparisons` the portfolio's weights: switches the method to pairwise and
 * replaces every comparison, in ONE transaction (one undo step, one update for the
 * room). Used to adopt the group result. Only what changes is written, and pairs that
 * stay keep their place in the list.
 */
export function adoptComparisons(
	doc: Y.Doc,
	comparisons: readonly PairwiseComparison[],
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		if (!Array.isArray(comparisons)) throw new CommandError('comparisons must be an array');
		const wanted = new Map<string, PairwiseComparison>();
		comparisons.forEach((comparison, i) => {
			const what = `comparisons[${i}]`;
			if (!isRecord(comparison)) throw new CommandError(`${what} must be an object`);
			const [a, b] = checkPair(doc, comparison.a, comparison.b, what);
			const value = pairwise(comparison.value, `${what}.value`);
			const key = pairKey(a, b);
			if (wanted.has(key)) throw new CommandError(`${what}: the pair ${a}/${b} is given twice`);
			wanted.set(key, { a, b, value });
		});

		setField(metaMap(doc), 'weightsMethod', 'pairwise');
		const map = comparisonsMap(doc);
		for (const key of Array.from(map.keys())) if (!wanted.has(key)) map.delete(key);
		for (const [key, { a, b, value }] of wanted) {
			const existing = map.get(key);
			if (existing?.a === a && existing.b === b && existing.value === value) continue;
			const order =
				typeof existing?.order === 'string' ? existing.order : keyAt(map, undefined, 'comparison');
			map.set(key, { a, b, value, order });
		}
	});
}
