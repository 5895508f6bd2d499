import { createSubscriber } from 'svelte/reactivity';
import type * as Y from 'yjs';
import {
	addCriterion,
	adoptComparisons,
	clearJudgements,
	deleteCriterion,
	LOCAL,
	moveCriterion,
	read,
	updateCriterion,
	type CriterionPatch,
	readJudgements,
	setComparison,
	setDirectWeight,
	setJudgement,
	setWeightsMethod,
	type ParticipantJudgements
} from '$lib/doc';
import {
	ACCEPTABLE_RATIO,
	computeWeights,
	describeTriad,
	formatStrength,
	SAATY_SCALE
} from '$lib/domain/ahp';
import type { GroupJudgements, WeightResult } from '$lib/domain/analysis-types';
import { aggregateJudgements } from '$lib/domain/group-ahp';
import type {
	Criterion,
	CriterionKind,
	PairwiseComparison,
	Portfolio,
	Weights
} from '$lib/domain/types';
import type { ParticipantIdentity } from './participant.svelte';

/**
 * The criteria weights view's logic, without a DOM: the weights and consistency
 * derived from the portfolio snapshot, the pair being judged, the room's group
 * judgements, and the intents (judge, revisit, adopt…). Components only render it.
 */

/** What the state needs of a PortfolioSession (so tests can pass a small fake). */
export interface WeightsSession {
	readonly doc: Y.Doc;
	readonly portfolio: Portfolio;
	readonly canEdit: boolean;
	readonly undo: {
		stopCapturing(): void;
		undo(): unknown;
		readonly undoStack: readonly unknown[];
	};
}

/** The undo step an intent made, so a toast's Undo can take back that step and no other. */
export type UndoTicket = unknown;

/** An unordered pair of criteria, `a` before `b` in criteria order. */
export interface Pair {
	a: string;
	b: string;
}

/** One of the 17 choices of the one-pair screen, in screen order (A extremely … B extremely). */
export interface ScaleChoice {
	/** The judgement a→b it stands for. */
	value: number;
	/** Which side it favours. */
	side: 'a' | 'equal' | 'b';
	/** 1..9: how many times more important the favoured side is. */
	times: number;
	/** "extremely", "moderately to strongly", "equal". */
	strength: string;
}

/** Saaty's scale from "A extremely more" to "B extremely more" (SAATY_SCALE reversed). */
export const SCALE_CHOICES: readonly ScaleChoice[] = [...SAATY_SCALE].reverse().map((step) => {
	const strength = step.label.replace(/ (more|less)$/, '');
	if (step.value > 1) return { value: step.value, side: 'a', times: step.value, strength };
	if (step.value < 1)
		return { value: step.value, side: 'b', times: Math.round(1 / step.value), strength };
	return { value: 1, side: 'equal', times: 1, strength };
});

/** Spread (geometric SD of a pair's judgements) from which the room is said to disagree. */
export const HIGH_SPREAD = 2;
/** How many of the worst judgements an inconsistent matrix asks the room to revisit. */
export const REVISIT_COUNT = 3;

/** Every unordered pair of `criteria`, row by row: (1,2), (1,3) … (2,3) … */
export function pairsOf(criteria: readonly { id: string }[]): Pair[] {
	const pairs: Pair[] = [];
	for (let i = 0; i < criteria.length; i++) {
		for (let j = i + 1; j < criteria.length; j++)
			pairs.push({ a: criteria[i].id, b: criteria[j].id });
	}
	return pairs;
}

/** The judgement a→b in a list given either way round, or undefined when not judged. */
export function lookup(
	comparisons: readonly PairwiseComparison[]
): (a: string, b: string) => number | undefined {
	// A plain prototype-less record: this is a computed lookup, not reactive state.
	const values: Record<string, number> = Object.create(null);
	for (const c of comparisons) {
		values[`${c.a}\n${c.b}`] = c.value;
		values[`${c.b}\n${c.a}`] = 1 / c.value;
	}
	return (a, b) => values[`${a}\n${b}`];
}

/** The scale choice a judgement a→b sits on, or -1 when it is between steps (a group mean). */
export function choiceIndex(value: number | undefined): number {
	if (value === undefined || !(value > 0)) return -1;
	return SCALE_CHOICES.findIndex((c) => Math.abs(Math.log(c.value / value)) < 1e-3);
}

/** "3", "1/3", "2.52": a judgement as people write it. */
export function formatJudgement(value: number): string {
	if (value >= 1) return formatStrength(value);
	const inverse = 1 / value;
	return Math.abs(inverse - Math.round(inverse)) < 1e-6
		? `1/${Math.round(inverse)}`
		: formatStrength(value);
}

/** A judgement in words: "Growth 3× more important than Risk", "equally important". */
export function describeJudgement(nameA: string, nameB: string, value: number | undefined): string {
	if (value === undefined) return 'not judged yet (counts as equal)';
	if (Math.abs(Math.log(value)) < 1e-9) return `${nameA} and ${nameB} equally important`;
	return value > 1
		? `${nameA} ${formatStrength(value)}× more important than ${nameB}`
		: `${nameB} ${formatStrength(1 / value)}× more important than ${nameA}`;
}

/** What the consistency verdict says: fine, contradictory, or not yet judgeable. */
export type VerdictState = 'ok' | 'inconsistent' | 'partial';

export interface Verdict {
	state: VerdictState;
	/** False only for an inconsistent, complete matrix. */
	ok: boolean;
	text: string;
}

/**
 * The plain verdict on a consistency ratio, for a room to read. `progress` is how many
 * of the pairs are judged; without it the matrix counts as complete.
 *
 * A partial matrix gets no verdict, only its progress. The weights of a partial matrix
 * are computed with every unjudged pair at 1 (equal importance), and the CR of that
 * filled-in matrix mostly measures how far the first judgements are from "equal", not
 * whether the person contradicts themselves: a single 9× judgement among 27 pairs left
 * at equal scores CR > 0.10 though nothing contradicts it. Calling that "Inconsistent"
 * (in red, after the first click) would be wrong, so until every pair is judged the
 * verdict is neutral ("n of m pairs judged") and the weights are provisional; once the
 * matrix is complete, the CR is Saaty's and the verdict says what it means.
 */
export function verdict(
	result: WeightResult,
	criteriaCount: number,
	progress?: { judged: number; pairs: number }
): Verdict {
	const { ratio, acceptable } = result.consistency;
	const cr = `CR ${ratio.toFixed(2)}`;
	const limit = ACCEPTABLE_RATIO.toFixed(2);
	if (criteriaCount <= 2)
		return {
			state: 'ok',
			ok: true,
			text: `Consistent (${cr}): two criteria cannot contradict each other`
		};
	if (progress && progress.judged < progress.pairs) {
		return {
			state: 'partial',
			ok: true,
			text: `${progress.judged} of ${progress.pairs} pairs judged: consistency is checked once every pair is judged (until then the others count as equal)`
		};
	}
	return acceptable
		? { state: 'ok', ok: true, text: `Consistent enough (${cr} ≤ ${limit})` }
		: {
				state: 'inconsistent',
				ok: false,
				text: `Inconsistent: revisit these judgements (${cr} > ${limit})`
			};
}

/** A judgement to revisit: the pair, what was said, and the triad it breaks. */
export interface Revisit extends Pair {
	/** Position in `pairs`, for "pair 4 of 28". */
	index: number;
	/** "Growth 2× more important than Risk" */
	said: string;
	/** "Growth over Risk 3×, Risk over Cost 3×, but Cost over Growth 2×", or null. */
	triad: string | null;
}

/** Moves through the pairs one at a time ("pair 4 of 28"). */
export class PairCursor {
	#index = $state(0);
	readonly #pairs: () => readonly Pair[];

	constructor(pairs: () => readonly Pair[]) {
		this.#pairs = pairs;
	}

	get count(): number {
		return this.#pairs().length;
	}

	/** 0-based; stays in range when criteria are removed. */
	get index(): number {
		return Math.max(0, Math.min(this.#index, this.count - 1));
	}

	get pair(): Pair | undefined {
		return this.#pairs()[this.index];
	}

	get hasPrevious(): boolean {
		return this.index > 0;
	}

	get hasNext(): boolean {
		return this.index < this.count - 1;
	}

	previous(): void {
		if (this.hasPrevious) this.#index = this.index - 1;
	}

	next(): void {
		if (this.hasNext) this.#index = this.index + 1;
	}

	/** Goes to the pair of a and b (either way round); false when there is none. */
	goTo(a: string, b: string): boolean {
		const at = this.#pairs().findIndex((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
		if (at >= 0) this.#index = at;
		return at >= 0;
	}
}

/** The criteria view's state, created once per view with the open session. */
export class WeightsState {
	readonly #session: WeightsSession;
	readonly #me: () => ParticipantIdentity | null;

	/** How the portfolio's own pairwise judgements are edited. */
	editor = $state<'one' | 'matrix'>('one');
	/** The portfolio's judgements, one pair at a time. */
	readonly cursor: PairCursor;
	/** This participant's own judgements in the group section. */
	readonly myCursor: PairCursor;

	// Judgements are not in the portfolio snapshot: follow the doc for them.
	#subscribe: () => void;

	constructor(session: WeightsSession, me: () => ParticipantIdentity | null) {
		this.#session = session;
		this.#me = me;
		this.cursor = new PairCursor(() => this.pairs);
		this.myCursor = new PairCursor(() => this.pairs);
		this.#subscribe = createSubscriber((update) => {
			session.doc.on('update', update);
			return () => session.doc.off('update', update);
		});
	}

	get canEdit(): boolean {
		return this.#session.canEdit;
	}

	get portfolio(): Portfolio {
		return this.#session.portfolio;
	}

	readonly criteria: Criterion[] = $derived(this.portfolio.criteria);
	readonly weights: Weights = $derived(this.portfolio.weights);
	readonly method: Weights['method'] = $derived(this.weights.method);
	readonly names: Readonly<Record<string, string>> = $derived(
		Object.assign(Object.create(null), Object.fromEntries(this.criteria.map((c) => [c.id, c.name])))
	);
	readonly pairs: Pair[] = $derived(pairsOf(this.criteria));
	readonly result: WeightResult = $derived(computeWeights(this.criteria, this.weights));
	readonly comparisons: PairwiseComparison[] = $derived(
		this.weights.method === 'pairwise' ? this.weights.comparisons : []
	);
	/** The portfolio's judgement a→b (pairwise method), or undefined. */
	readonly valueOf = $derived(lookup(this.comparisons));
	readonly judgedCount: number = $derived(
		this.pairs.filter((p) => this.valueOf(p.a, p.b) !== undefined).length
	);
	readonly verdict: Verdict = $derived(
		verdict(this.result, this.criteria.length, {
			judged: this.judgedCount,
			pairs: this.pairs.length
		})
	);
	/** Every pair judged: only then does the CR say anything (see `verdict`). */
	readonly complete: boolean = $derived(this.judgedCount === this.pairs.length);

	/** The judgements that pull hardest against the weights, when the matrix is inconsistent. */
	readonly revisits: Revisit[] = $derived.by(() => {
		if (this.method !== 'pairwise' || !this.complete || this.result.consistency.acceptable) {
			return [];
		}
		const { worstPairs, triads } = this.result.consistency;
		return worstPairs.slice(0, REVISIT_COUNT).map(({ a, b }) => {
			const triad = triads.find((t) => t.ids.includes(a) && t.ids.includes(b));
			const index = this.pairs.findIndex(
				(p) => (p.a === a && p.b === b) || (p.a === b && p.b === a)
			);
			const pair = this.pairs[index];
			return {
				a: pair.a,
				b: pair.b,
				index,
				said: describeJudgement(
					this.nameOf(pair.a),
					this.nameOf(pair.b),
					this.valueOf(pair.a, pair.b)
				),
				triad: triad ? describeTriad(triad, (id) => this.nameOf(id)) : null
			};
		});
	});

	/**
	 * The judgements to revisit grouped by the triad they break, in order of the worst
	 * judgement, so a triad that explains several of them is shown once.
	 */
	readonly revisitGroups: { triad: string | null; items: Revisit[] }[] = $derived.by(() => {
		const groups: { triad: string | null; items: Revisit[] }[] = [];
		for (const item of this.revisits) {
			const group = groups.find((g) => g.triad !== null && g.triad === item.triad);
			if (group) group.items.push(item);
			else groups.push({ triad: item.triad, items: [item] });
		}
		return groups;
	});

	/** Pair keys (a\nb in criteria order) of the judgements to revisit, for the matrix. */
	readonly flagged: readonly string[] = $derived(this.revisits.map((r) => `${r.a}\n${r.b}`));

	nameOf(id: string): string {
		return this.names[id] ?? id;
	}

	isFlagged(a: string, b: string): boolean {
		return this.flagged.includes(`${a}\n${b}`) || this.flagged.includes(`${b}\n${a}`);
	}

	// ── Group judgements ─────────────────────────────────────────────────────────────

	/** Everyone's own judgements, live. */
	readonly judgements: ParticipantJudgements[] = $derived.by(() => {
		this.#subscribe();
		void this.portfolio; // criteria changes re-read too
		return readJudgements(this.#session.doc);
	});

	readonly mine: ParticipantJudgements | undefined = $derived.by(() => {
		const me = this.#me();
		return me ? this.judgements.find((j) => j.participantId === me.id) : undefined;
	});

	/** This participant's judgement a→b, or undefined. */
	readonly myValueOf = $derived(lookup(this.mine?.comparisons ?? []));
	readonly myJudgedCount: number = $derived(
		this.pairs.filter((p) => this.myValueOf(p.a, p.b) !== undefined).length
	);

	readonly group: GroupJudgements = $derived(
		aggregateJudgements(
			this.criteria,
			this.judgements.map((j) => j.comparisons)
		)
	);
	readonly groupResult: WeightResult = $derived(
		computeWeights(this.criteria, { method: 'pairwise', comparisons: this.group.comparisons })
	);
	readonly groupVerdict: Verdict = $derived(
		verdict(this.groupResult, this.criteria.length, {
			judged: this.group.comparisons.length,
			pairs: this.pairs.length
		})
	);
	readonly groupValueOf = $derived(lookup(this.group.comparisons));
	/** Pairs where the room disagrees most, largest spread first. */
	readonly disagreements = $derived(
		this.group.disagreement
			.filter((d) => d.count > 1 && d.spread >= HIGH_SPREAD)
			.sort((p, q) => q.spread - p.spread)
	);

	// ── Intents ──────────────────────────────────────────────────────────────────────

	/**
	 * Each intent is its own undo step, returned. Intents that run several commands
	 * (switching to direct, a share that rewrites every value) run them in one
	 * transaction, so they are one update for the room and one step whatever the
	 * undo manager's capture timeout.
	 */
	#step(fn: () => void): UndoTicket {
		if (!this.canEdit) return undefined;
		const { doc, undo } = this.#session;
		undo.stopCapturing();
		doc.transact(fn, LOCAL);
		undo.stopCapturing();
		return undo.undoStack.at(-1);
	}

	/**
	 * Undoes the step of `ticket` if nothing came after it (a toast's Undo must never
	 * take back a later change); false otherwise.
	 */
	undoIf(ticket: UndoTicket): boolean {
		const { undo } = this.#session;
		if (ticket === undefined || undo.undoStack.at(-1) !== ticket) return false;
		undo.undo();
		return true;
	}

	/** Adds a criterion at the end; returns its id, or null for an empty name. */
	addCriterion(name: string, kind: CriterionKind = 'benefit'): string | null {
		const trimmed = name.trim();
		if (!trimmed || !this.canEdit) return null;
		let id: string | null = null;
		this.#step(() => (id = addCriterion(this.#session.doc, { name: trimmed, kind })));
		return id;
	}

	/** Renames a criterion, changes its kind or its objective (null unlinks it). */
	updateCriterion(id: string, patch: CriterionPatch): void {
		if (patch.name !== undefined) {
			const name = patch.name.trim();
			if (!name || name === this.nameOf(id)) return;
			patch = { ...patch, name };
		}
		this.#step(() => updateCriterion(this.#session.doc, id, patch));
	}

	/** Moves a criterion to `index` of the list (the order of columns and of the pairs). */
	moveCriterion(id: string, index: number): void {
		this.#step(() => moveCriterion(this.#session.doc, id, index));
	}

	/** Deletes a criterion with its scores and judgements; returns the undo step. */
	deleteCriterion(id: string): UndoTicket {
		return this.#step(() => deleteCriterion(this.#session.doc, id));
	}

	/**
	 * Switches between direct and pairwise weights. The first switch to direct starts
	 * from the current weights (rounded %), so nothing jumps; one undo step either way.
	 */
	setMethod(method: Weights['method']): void {
		if (method === this.method) return;
		const { doc } = this.#session;
		const current = this.result.weights;
		this.#step(() => {
			setWeightsMethod(doc, method);
			if (method !== 'direct') return;
			// Read inside the transaction: the snapshot still shows the old method, and
			// stored direct values (kept while pairwise was active) must not be overwritten.
			const direct = read(doc).weights;
			if (direct.method === 'direct' && Object.values(direct.values).some((v) => v > 0)) return;
			// Largest first: a weight that rounds to 0 is never the only one written yet,
			// which setDirectWeight would refuse (all zero).
			const largestFirst = [...this.criteria].sort(
				(a, b) => (current[b.id] ?? 0) - (current[a.id] ?? 0)
			);
			for (const c of largestFirst) {
				setDirectWeight(doc, c.id, Math.round((current[c.id] ?? 0) * 1000) / 10);
			}
		});
	}

	/** Records the portfolio's judgement a→b (null clears it). */
	judge(a: string, b: string, value: number | null): void {
		this.#step(() => setComparison(this.#session.doc, a, b, value));
	}

	/** Shows a pair to revisit in the one-pair editor. */
	revisit(a: string, b: string): void {
		this.editor = 'one';
		this.cursor.goTo(a, b);
	}

	/**
	 * Sets a criterion's direct weight to `percent` of the total while the others keep
	 * their proportions. Usually that writes this criterion's raw value only (values are
	 * normalised on use); when the others are all 0, or this one takes everything, all
	 * values are written, as one undo step. `dragging` (a slider being moved) lets the
	 * steps of one gesture merge into one undo step.
	 */
	setShare(id: string, percent: number, dragging = false): void {
		if (this.weights.method !== 'direct' || !Number.isFinite(percent)) return;
		const { doc } = this.#session;
		const share = Math.max(0, Math.min(100, percent)) / 100;
		const values = this.weights.values;
		const raw = (cid: string) => ((values[cid] ?? 0) > 0 ? values[cid] : 0);
		const others = this.criteria.filter((c) => c.id !== id);
		// A lone criterion always weighs 100 %.
		if (others.length === 0) return;
		const otherSum = others.reduce((s, c) => s + raw(c.id), 0);
		const tidy = (v: number) => Number(v.toPrecision(6));
		// While a slider is dragged, its steps merge into one undo step (captureTimeout).
		const write = (fn: () => void) => {
			if (!dragging) this.#step(fn);
			else if (this.canEdit) doc.transact(fn, LOCAL);
		};
		write(() => {
			if (share >= 1) {
				setDirectWeight(doc, id, Math.max(raw(id), 1));
				for (const c of others) if (raw(c.id) > 0) setDirectWeight(doc, c.id, 0);
			} else if (otherSum > 0) {
				setDirectWeight(doc, id, tidy((share / (1 - share)) * otherSum));
			} else {
				// Nothing to keep proportional: the rest is shared equally, in percent. The
				// others first, so that a share of 0 never leaves every weight at 0 between.
				for (const c of others)
					setDirectWeight(doc, c.id, tidy(((1 - share) * 100) / others.length));
				setDirectWeight(doc, id, tidy(share * 100));
			}
		});
	}

	/** Records this participant's own judgement a→b in the group (null clears it). */
	judgeMine(a: string, b: string, value: number | null): void {
		const me = this.#me();
		if (!me) return;
		this.#step(() => setJudgement(this.#session.doc, me, a, b, value));
	}

	/** Removes this participant's judgements from the group; returns the undo step. */
	clearMine(): UndoTicket {
		const me = this.#me();
		return me ? this.#step(() => clearJudgements(this.#session.doc, me.id)) : undefined;
	}

	/** Makes the group result the portfolio's weights: ONE undo step, returned. */
	adoptGroup(): UndoTicket {
		if (this.group.comparisons.length === 0) return undefined;
		return this.#step(() => adoptComparisons(this.#session.doc, this.group.comparisons));
	}
}
