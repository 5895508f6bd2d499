import * as Y from 'yjs';
import {
	newTimer,
	pauseTimer,
	resetTimer,
	startTimer,
	TIMER_MAX_MS,
	type TimerState
} from '../../domain/timer';
import { placeDots, type DotAllocation } from '../../domain/dots';
import { describeAccepted } from '../../domain/poker';
import { newId } from '../ids';
import { criteriaMap, objectivesMap, projectsMap, workshopMap } from '../schema';
import { CommandError, nonEmptyText } from '../validate';
import { logDecision } from './governance';
import { checkParticipant, type Participant } from './judgements';
import { setScores, type ScoreCell } from './scores';
import { run, type CommandOptions } from './shared';

/**
 * Live facilitation state in the top-level `workshop` map: the shared timer, the
 * current priority-poker round and the current dot-voting round, and everyone's votes.
 * Every key holds one immutable value (never a nested map), so two people writing at
 * once leave one whole value, never a mix. Votes are keyed by round and participant:
 * two participants never write the same key.
 *
 * Poker votes are in the doc from the moment they are cast: they are hidden in the UI
 * until the reveal, not cryptographically (anyone with the edit key could read them).
 *
 * This map is outside the undo scope (see schema.ts `LIVE_ROOT`) and outside
 * `cairn/portfolio@1`.
 */

/** A priority-poker round: one criterion, a set of projects, scored in secret. */
export interface PokerRound {
	id: string;
	criterionId: string;
	projectIds: string[];
	/** Highest score: 3 for a criterion linked to an objective (a contribution), else 10. */
	max: number;
	revealed: boolean;
	/** Name of whoever started it. */
	by: string;
}

/** One participant's secret scores in a round: project id → score. */
export interface PokerBallot {
	participant: string;
	name: string;
	scores: Readonly<Record<string, number>>;
}

/** A dot-voting round. */
export interface DotRound {
	id: string;
	/** Dots each participant may place. */
	budget: number;
	anonymous: boolean;
	revealed: boolean;
	projectIds: string[];
}

export interface DotBallot {
	participant: string;
	name: string;
	allocation: DotAllocation;
}

/** Everything in the `workshop` map, checked (a bad peer's values are skipped). */
export interface WorkshopSnapshot {
	timer: TimerState | null;
	poker: PokerRound | null;
	/** Ballots of the current poker round, by name. */
	pokerBallots: PokerBallot[];
	dots: DotRound | null;
	/** Ballots of the current dot round, by name. */
	dotBallots: DotBallot[];
}

const TIMER = 'timer';
const POKER = 'poker';
const DOTS = 'dots';
/** Most dots per participant (a sanity bound, not a rule of the method). */
export const DOT_BUDGET_MAX = 50;

function ballotKey(kind: 'vote' | 'dots', roundId: string, participant: string): string {
	return JSON.stringify([kind, roundId, participant]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
	return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isTimer(value: unknown): value is TimerState {
	if (!isRecord(value)) return false;
	const { durationMs, startedAt, remainingMs } = value;
	return (
		typeof durationMs === 'number' &&
		durationMs > 0 &&
		typeof remainingMs === 'number' &&
		remainingMs >= 0 &&
		(startedAt === null || typeof startedAt === 'number')
	);
}

function isPokerRound(value: unknown): value is PokerRound {
	return (
		isRecord(value) &&
		typeof value.id === 'string' &&
		typeof value.criterionId === 'string' &&
		isStringArray(value.projectIds) &&
		(value.max === 3 || value.max === 10) &&
		typeof value.revealed === 'boolean'
	);
}

function isDotRound(value: unknown): value is DotRound {
	return (
		isRecord(value) &&
		typeof value.id === 'string' &&
		typeof value.budget === 'number' &&
		Number.isInteger(value.budget) &&
		value.budget > 0 &&
		typeof value.anonymous === 'boolean' &&
		typeof value.revealed === 'boolean' &&
		isStringArray(value.projectIds)
	);
}

function numberRecord(value: unknown, keep: (key: string, n: number) => boolean) {
	const out: Record<string, number> = {};
	if (!isRecord(value)) return out;
	for (const [key, n] of Object.entries(value)) {
		if (typeof n === 'number' && Number.isFinite(n) && keep(key, n)) out[key] = n;
	}
	return out;
}

const byName = <T extends { name: string; participant: string }>(a: T, b: T) =>
	a.name.localeCompare(b.name) || (a.participant < b.participant ? -1 : 1);

/**
 * The workshop state: timer, rounds (without projects deleted since) and the ballots
 * of the current rounds only.
 */
export function readWorkshop(doc: Y.Doc): WorkshopSnapshot {
	const map = workshopMap(doc);
	const projects = projectsMap(doc);
	const timerValue = map.get(TIMER);
	const pokerValue = map.get(POKER);
	const dotsValue = map.get(DOTS);
	const poker =
		isPokerRound(pokerValue) && criteriaMap(doc).has(pokerValue.criterionId)
			? { ...pokerValue, projectIds: pokerValue.projectIds.filter((id) => projects.has(id)) }
			: null;
	const dots = isDotRound(dotsValue)
		? { ...dotsValue, projectIds: dotsValue.projectIds.filter((id) => projects.has(id)) }
		: null;
	const pokerBallots: PokerBallot[] = [];
	const dotBallots: DotBallot[] = [];
	map.forEach((value, key) => {
		if (!isRecord(value) || typeof value.participant !== 'string') return;
		const name = typeof value.name === 'string' ? value.name : '';
		if (poker && key === ballotKey('vote', poker.id, value.participant)) {
			const inRound = new Set(poker.projectIds);
			pokerBallots.push({
				participant: value.participant,
				name,
				scores: numberRecord(value.scores, (id, n) => inRound.has(id) && n >= 0 && n <= poker.max)
			});
		} else if (dots && key === ballotKey('dots', dots.id, value.participant)) {
			const inRound = new Set(dots.projectIds);
			dotBallots.push({
				participant: value.participant,
				name,
				allocation: numberRecord(
					value.allocation,
					(id, n) => inRound.has(id) && Number.isInteger(n) && n > 0
				)
			});
		}
	});
	return {
		timer: isTimer(timerValue) ? timerValue : null,
		poker,
		pokerBallots: pokerBallots.sort(byName),
		dots,
		dotBallots: dotBallots.sort(byName)
	};
}

/**
 * Renames a participant on their ballots (poker and dots, any round still stored), so the
 * room sees their new name beside the votes they already cast. The ballots stay keyed by
 * the participant's id: a rename never splits or drops a vote. Writes only ballots whose
 * name differs.
 */
export function renameWorkshopVoter(
	doc: Y.Doc,
	participant: Participant,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const who = checkParticipant(participant);
		const map = workshopMap(doc);
		const renamed: [string, Record<string, unknown>][] = [];
		map.forEach((value, key) => {
			if (isRecord(value) && value.participant === who.id && value.name !== who.name) {
				renamed.push([key, { ...value, name: who.name }]);
			}
		});
		for (const [key, value] of renamed) map.set(key, value);
	});
}

// ── Timer ────────────────────────────────────────────────────────────────────

function currentTimer(doc: Y.Doc): TimerState | null {
	const value = workshopMap(doc).get(TIMER);
	return isTimer(value) ? value : null;
}

function checkNow(now: unknown): number {
	if (typeof now !== 'number' || !Number.isFinite(now)) {
		throw new CommandError('now must be a time in ms');
	}
	return now;
}

/** Sets the timer's duration (stopped and full). */
export function setWorkshopTimer(doc: Y.Doc, durationMs: number, opts?: CommandOptions): void {
	run(doc, opts, () => {
		if (
			typeof durationMs !== 'number' ||
			!Number.isFinite(durationMs) ||
			durationMs < 1000 ||
			durationMs > TIMER_MAX_MS
		) {
			throw new CommandError('timer duration must be between 1 second and 12 hours');
		}
		workshopMap(doc).set(TIMER, newTimer(Math.round(durationMs)));
	});
}

/** Removes the timer (a step without one). */
export function clearWorkshopTimer(doc: Y.Doc, opts?: CommandOptions): void {
	run(doc, opts, () => workshopMap(doc).delete(TIMER));
}

function changeTimer(
	doc: Y.Doc,
	opts: CommandOptions | undefined,
	change: (timer: TimerState) => TimerState
): void {
	run(doc, opts, () => {
		const timer = currentTimer(doc);
		if (!timer) throw new CommandError('there is no timer: set its duration first');
		const next = change(timer);
		if (next !== timer) workshopMap(doc).set(TIMER, next);
	});
}

/** Starts or resumes the timer at `now` (this device's wall clock, ms). */
export function startWorkshopTimer(doc: Y.Doc, now: number, opts?: CommandOptions): void {
	const at = checkNow(now);
	changeTimer(doc, opts, (timer) => startTimer(timer, at));
}

/** Pauses the timer at `now`, keeping the time left. */
export function pauseWorkshopTimer(doc: Y.Doc, now: number, opts?: CommandOptions): void {
	const at = checkNow(now);
	changeTimer(doc, opts, (timer) => pauseTimer(timer, at));
}

/** Back to the full duration, stopped. */
export function resetWorkshopTimer(doc: Y.Doc, opts?: CommandOptions): void {
	changeTimer(doc, opts, resetTimer);
}

// ── Rounds ───────────────────────────────────────────────────────────────────

function checkProjects(doc: Y.Doc, ids: unknown, what: string): string[] {
	if (!isStringArray(ids) || ids.length === 0) {
		throw new CommandError(`${what}: choose at least one project`);
	}
	const projects = projectsMap(doc);
	const unknown = ids.find((id) => !projects.has(id));
	if (unknown !== undefined) throw new CommandError(`${what}: unknown project '${unknown}'`);
	return [...new Set(ids)];
}

/** Deletes the ballots of earlier rounds of one kind (they are never shown again). */
function dropBallots(map: Y.Map<unknown>, kind: 'vote' | 'dots'): void {
	for (const key of Array.from(map.keys())) {
		if (key.startsWith(`["${kind}",`)) map.delete(key);
	}
}

/**
 * Starts a priority-poker round on a criterion for some projects, replacing any
 * current round and its votes. Returns the round id.
 */
export function startPoker(
	doc: Y.Doc,
	input: { criterionId: string; projectIds: string[]; by: string },
	opts?: CommandOptions
): string {
	return run(doc, opts, () => {
		const criterion = criteriaMap(doc).get(input.criterionId);
		if (!(criterion instanceof Y.Map)) {
			throw new CommandError(`startPoker: unknown criterion '${String(input.criterionId)}'`);
		}
		const projectIds = checkProjects(doc, input.projectIds, 'startPoker');
		const objectiveId = criterion.get('objectiveId');
		const linked = typeof objectiveId === 'string' && objectivesMap(doc).has(objectiveId);
		const map = workshopMap(doc);
		dropBallots(map, 'vote');
		const id = newId('poker');
		const round: PokerRound = {
			id,
			criterionId: input.criterionId,
			projectIds,
			max: linked ? 3 : 10,
			revealed: false,
			by: typeof input.by === 'string' ? input.by.slice(0, 80) : ''
		};
		map.set(POKER, round);
		return id;
	});
}

function currentPoker(doc: Y.Doc, what: string): PokerRound {
	const round = workshopMap(doc).get(POKER);
	if (!isPokerRound(round)) throw new CommandError(`${what}: no poker round is open`);
	return round;
}

/**
 * Records (or, with null, withdraws) one participant's secret score for a project in
 * the current round. Refused after the reveal, and outside the round's scale (whole
 * numbers from 0 to the round's max).
 */
export function castPokerVote(
	doc: Y.Doc,
	participant: Participant,
	projectId: string,
	value: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const who = checkParticipant(participant);
		const round = currentPoker(doc, 'castPokerVote');
		if (round.revealed) throw new CommandError('castPokerVote: the votes are already revealed');
		if (!round.projectIds.includes(projectId)) {
			throw new CommandError(`castPokerVote: project '${projectId}' is not in this round`);
		}
		if (
			value !== null &&
			(typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > round.max)
		) {
			throw new CommandError(`castPokerVote: a score is a whole number from 0 to ${round.max}`);
		}
		const map = workshopMap(doc);
		const key = ballotKey('vote', round.id, who.id);
		const stored = map.get(key);
		const scores = { ...(isRecord(stored) && isRecord(stored.scores) ? stored.scores : {}) };
		if (value === null) delete scores[projectId];
		else scores[projectId] = value;
		map.set(key, { participant: who.id, name: who.name, scores });
	});
}

/** Shows everyone's poker votes (no more voting in this round). */
export function revealPoker(doc: Y.Doc, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const round = currentPoker(doc, 'revealPoker');
		if (!round.revealed) workshopMap(doc).set(POKER, { ...round, revealed: true });
	});
}

/** Closes the poker round and deletes its votes. */
export function endPoker(doc: Y.Doc, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const map = workshopMap(doc);
		dropBallots(map, 'vote');
		if (map.has(POKER)) map.delete(POKER);
	});
}

/** Starts a dot-voting round, replacing any current one and its dots. Returns its id. */
export function startDots(
	doc: Y.Doc,
	input: { budget: number; anonymous: boolean; projectIds: string[] },
	opts?: CommandOptions
): string {
	return run(doc, opts, () => {
		const { budget } = input;
		if (!Number.isInteger(budget) || budget < 1 || budget > DOT_BUDGET_MAX) {
			throw new CommandError(
				`startDots: dots per person must be a whole number from 1 to ${DOT_BUDGET_MAX}`
			);
		}
		const projectIds = checkProjects(doc, input.projectIds, 'startDots');
		const map = workshopMap(doc);
		dropBallots(map, 'dots');
		const id = newId('dots');
		const round: DotRound = {
			id,
			budget,
			anonymous: input.anonymous === true,
			revealed: false,
			projectIds
		};
		map.set(DOTS, round);
		return id;
	});
}

function currentDots(doc: Y.Doc, what: string): DotRound {
	const round = workshopMap(doc).get(DOTS);
	if (!isDotRound(round)) throw new CommandError(`${what}: no dot-voting round is open`);
	return round;
}

/**
 * Adds (delta > 0) or takes back (delta < 0) a participant's dots on a project.
 * Refused when it would go over their budget or below zero, before anything is written.
 */
export function placeDot(
	doc: Y.Doc,
	participant: Participant,
	projectId: string,
	delta: number,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const who = checkParticipant(participant);
		const round = currentDots(doc, 'placeDot');
		if (round.revealed) throw new CommandError('placeDot: the dots are already revealed');
		nonEmptyText(projectId, 'projectId');
		if (!round.projectIds.includes(projectId)) {
			throw new CommandError(`placeDot: project '${projectId}' is not in this round`);
		}
		const map = workshopMap(doc);
		const key = ballotKey('dots', round.id, who.id);
		const stored = map.get(key);
		const current = isRecord(stored) && isRecord(stored.allocation) ? stored.allocation : {};
		const next = placeDots(current as DotAllocation, projectId, delta, round.budget);
		if (!next) {
			throw new CommandError(
				delta > 0
					? `placeDot: no dots left (${round.budget} each)`
					: 'placeDot: there is no dot to take back here'
			);
		}
		map.set(key, { participant: who.id, name: who.name, allocation: next });
	});
}

/** Shows the tally (no more dots in this round). */
export function revealDots(doc: Y.Doc, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const round = currentDots(doc, 'revealDots');
		if (!round.revealed) workshopMap(doc).set(DOTS, { ...round, revealed: true });
	});
}

/** Closes the dot round and deletes its dots. */
export function endDots(doc: Y.Doc, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const map = workshopMap(doc);
		dropBallots(map, 'dots');
		if (map.has(DOTS)) map.delete(DOTS);
	});
}

/** A score to accept, with the median it came from when it was rounded to be stored. */
export type AcceptedCell = ScoreCell & { median?: number };

/**
 * The facilitator accepts a poker round: writes the scores (see `setScores`) and logs a
 * decision naming the criterion and each project with its accepted score, as ONE
 * transaction (one undo step). Writes and logs nothing when there are no cells.
 * Returns the log entry's id, or null when nothing was written.
 */
export function acceptPokerScores(
	doc: Y.Doc,
	cells: readonly AcceptedCell[],
	log: { by?: string; at?: string } = {},
	opts?: CommandOptions
): string | null {
	if (cells.length === 0) return null;
	return run(doc, opts, () => {
		setScores(
			doc,
			cells.map(({ projectId, criterionId, value }) => ({ projectId, criterionId, value })),
			opts
		);
		const nameOf = (map: Y.Map<Y.Map<unknown>>, id: string) => {
			const name = map.get(id)?.get('name');
			return typeof name === 'string' && name !== '' ? name : id;
		};
		const criteria = [...new Set(cells.map((c) => c.criterionId))].map((id) =>
			nameOf(criteriaMap(doc), id)
		);
		const projectIds = [...new Set(cells.map((c) => c.projectId))];
		return logDecision(
			doc,
			{
				title: `Accepted planning poker scores for ${criteria.map((c) => `"${c}"`).join(', ')}`,
				rationale:
					'Group medians accepted: ' +
					cells
						.map(
							(c) =>
								`${nameOf(projectsMap(doc), c.projectId)} ${
									typeof c.median === 'number' && c.value !== null
										? describeAccepted(c.median)
										: (c.value ?? '–')
								}`
						)
						.join('; ') +
					'.',
				projectIds,
				...log
			},
			opts
		);
	});
}
