import type * as Y from 'yjs';
import { reviewTitle } from '../../domain/decision-log';
import {
	checkGate,
	describeMove,
	emptyChecklists,
	GATE_STAGES,
	isGateStage,
	STAGE_NAME,
	type GateChecklists,
	type GateItem,
	type GateStage
} from '../../domain/gates';
import { PROJECT_STATUSES, type ProjectStatus } from '../../domain/types';
import { actorOf } from '../actor';
import { newId } from '../ids';
import { gateChecklistMap, governanceMap, projectsMap, type StoredGateItem } from '../schema';
import { CommandError, nonEmptyText, oneOf, text } from '../validate';
import { addDecision } from './decisions';
import { addReview, type ReviewInput } from './reviews';
import { entityOf, keyAt, orderedItems, run, type CommandOptions } from './shared';

/**
 * Governance settings and the automatic decision log: gate checklists per stage, the
 * review cadence, moving a project through the lifecycle, taking a review. Every
 * automatic log entry is written in the SAME transaction as the change it records, so
 * one undo removes both and no peer ever sees one without the other.
 */

/** What an automatic (or manual) log entry says. */
export interface LogEntry {
	title: string;
	rationale?: string;
	projectIds?: string[];
	/** Who; defaults to `opts.by`, then the doc's actor. */
	by?: string;
	/** When; defaults to now. */
	at?: string;
}

/**
 * Writes a decision-log entry and returns its id. Safe inside another command's
 * transaction (Yjs joins the outer one): call it from the optimiser, planning poker
 * or scenario features right where the accepted change is written, so the entry and
 * the change are one undo step.
 */
export function logDecision(doc: Y.Doc, entry: LogEntry, opts?: CommandOptions): string {
	return addDecision(
		doc,
		{
			title: entry.title,
			rationale: entry.rationale ?? '',
			projectIds: entry.projectIds ?? [],
			by: entry.by ?? opts?.by ?? actorOf(doc),
			...(entry.at === undefined ? {} : { at: entry.at })
		},
		opts
	);
}

// --- Gate checklists -------------------------------------------------------------

const LONGEST_ITEM = 300;

function checkStage(value: unknown, what: string): GateStage {
	return oneOf(GATE_STAGES)(value, what);
}

function checkItemText(value: unknown, what: string): string {
	const t = nonEmptyText(value, what).trim();
	if (t.length > LONGEST_ITEM) throw new CommandError(`${what} is longer than ${LONGEST_ITEM}`);
	return t;
}

function storedItem(map: Y.Map<StoredGateItem>, id: string): StoredGateItem {
	const item = map.get(id);
	if (!isStoredItem(item)) throw new CommandError(`unknown gate checklist item '${id}'`);
	return item;
}

function isStoredItem(value: unknown): value is StoredGateItem {
	if (typeof value !== 'object' || value === null) return false;
	const v = value as Partial<StoredGateItem>;
	return (
		typeof v.text === 'string' &&
		typeof v.order === 'string' &&
		(GATE_STAGES as readonly unknown[]).includes(v.stage)
	);
}

/** Adds an item to a gate's checklist (at the end) and returns its id. */
export function addGateItem(
	doc: Y.Doc,
	stage: GateStage,
	itemText: string,
	opts?: CommandOptions
): string {
	return run(doc, opts, () => {
		const map = gateChecklistMap(doc);
		const value = {
			stage: checkStage(stage, 'gateItem.stage'),
			text: checkItemText(itemText, 'gateItem.text')
		};
		const id = newId('g', (x) => map.has(x));
		map.set(id, { ...value, order: keyAt(map, undefined, 'gate checklist item') });
		return id;
	});
}

/** Rewrites an item's text (one immutable value, like a comparison). */
export function updateGateItem(
	doc: Y.Doc,
	id: string,
	itemText: string,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const map = gateChecklistMap(doc);
		const item = storedItem(map, id);
		const t = checkItemText(itemText, 'gateItem.text');
		if (t !== item.text) map.set(id, { ...item, text: t });
	});
}

/** Removes an item from its checklist. */
export function deleteGateItem(doc: Y.Doc, id: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const map = gateChecklistMap(doc);
		storedItem(map, id);
		map.delete(id);
	});
}

/** The checklist of every gate stage, items in order; malformed values are skipped. */
export function readGateChecklists(doc: Y.Doc): GateChecklists {
	const map = gateChecklistMap(doc);
	const out = emptyChecklists();
	for (const { id } of orderedItems(map)) {
		const item = map.get(id);
		if (isStoredItem(item)) out[item.stage].push({ id, stage: item.stage, text: item.text });
	}
	return out;
}

// --- Review cadence --------------------------------------------------------------

const CADENCE_KEY = 'reviewCadenceDays';
/** Longest cadence accepted: a review a year is the least a portfolio should get. */
export const MAX_CADENCE_DAYS = 366;

/** Sets how often the portfolio is reviewed, in days (null: no cadence, no banner). */
export function setReviewCadence(doc: Y.Doc, days: number | null, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const map = governanceMap(doc);
		if (days === null) {
			if (map.has(CADENCE_KEY)) map.delete(CADENCE_KEY);
			return;
		}
		if (
			typeof days !== 'number' ||
			!Number.isInteger(days) ||
			days < 1 ||
			days > MAX_CADENCE_DAYS
		) {
			throw new CommandError(
				`reviewCadenceDays must be a whole number of days from 1 to ${MAX_CADENCE_DAYS}`
			);
		}
		if (map.get(CADENCE_KEY) !== days) map.set(CADENCE_KEY, days);
	});
}

/** The review cadence in days, or null when none is set (or a bad peer wrote junk). */
export function readReviewCadence(doc: Y.Doc): number | null {
	const value = governanceMap(doc).get(CADENCE_KEY);
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : null;
}

// --- Lifecycle -------------------------------------------------------------------

/** A move through the lifecycle, and what was confirmed at the gate. */
export interface StageMove {
	to: ProjectStatus;
	/** Ids of the target stage's checklist items that were confirmed. */
	confirmed?: string[];
	/** Pass even though some items are not confirmed; the log lists them as waived. */
	waived?: boolean;
	/** Why: goes into the log entry's rationale. */
	reason?: string;
}

function checklistLines(items: GateItem[], confirmed: Set<string>): string[] {
	return items.map((item) => `${confirmed.has(item.id) ? '✓' : '✗ (waived)'} ${item.text}`);
}

/**
 * Moves a project to another lifecycle status through its gate: refuses a move the
 * lifecycle does not allow and, unless waived, a gate whose checklist is not fully
 * confirmed; then sets the status and logs who, when, what and why (with the
 * checklist) in the same transaction.
 */
export function moveProjectStage(
	doc: Y.Doc,
	id: string,
	move: StageMove,
	opts?: CommandOptions
): string {
	return run(doc, opts, () => {
		const entity = entityOf(projectsMap(doc), id, 'project');
		const to = oneOf(PROJECT_STATUSES)(move?.to, 'move.to');
		const current = entity.get('status');
		const from: ProjectStatus = (PROJECT_STATUSES as readonly unknown[]).includes(current)
			? (current as ProjectStatus)
			: 'proposed';
		const reason = text(move.reason ?? '', 'move.reason').trim();
		const confirmedIds = Array.isArray(move.confirmed) ? move.confirmed.map(String) : [];
		const checklists = readGateChecklists(doc);
		const refusal = checkGate({
			from,
			to,
			checklists,
			confirmed: confirmedIds,
			waived: move.waived === true
		});
		if (refusal?.kind === 'transition') {
			throw new CommandError(`a project cannot move from ${STAGE_NAME[from]} to ${STAGE_NAME[to]}`);
		}
		if (refusal?.kind === 'unchecked') {
			throw new CommandError(
				`the gate to ${STAGE_NAME[to]} has unchecked items: ${refusal.items.map((i) => i.text).join('; ')}`
			);
		}
		if (move.waived && !reason && isGateStage(to)) {
			throw new CommandError('move.reason: say why the gate is waived');
		}
		entity.set('status', to);
		const name = typeof entity.get('name') === 'string' ? (entity.get('name') as string) : id;
		const items = isGateStage(to) ? checklists[to] : [];
		const rationale = [reason, ...checklistLines(items, new Set(confirmedIds))]
			.filter(Boolean)
			.join('\n');
		return logDecision(
			doc,
			{ title: `${name}: ${describeMove(from, to)}`, rationale, projectIds: [id] },
			opts
		);
	});
}

/**
 * Takes a review (freezes the portfolio under a name, see `addReview`) and logs it in
 * the same transaction. The snapshot is taken before the log entry is written, so a
 * review never contains its own entry. Returns the review's id.
 */
export function takeReview(
	doc: Y.Doc,
	input: ReviewInput & { rationale?: string; by?: string },
	opts?: CommandOptions
): string {
	return run(doc, opts, () => {
		const { rationale, by, ...review } = input ?? ({} as typeof input);
		const id = addReview(doc, review, opts);
		logDecision(
			doc,
			{
				title: reviewTitle(text(review.name, 'review.name')),
				rationale: rationale ?? '',
				by,
				...(review.at === undefined ? {} : { at: review.at })
			},
			opts
		);
		return id;
	});
}

/** Every governance setting in one read, for the views. */
export function readGovernance(doc: Y.Doc): {
	checklists: GateChecklists;
	reviewCadenceDays: number | null;
} {
	return { checklists: readGateChecklists(doc), reviewCadenceDays: readReviewCadence(doc) };
}
