import type * as Y from 'yjs';
import {
	AGENDA_KINDS,
	AGENDA_MINUTES,
	AGENDA_MINUTES_MAX,
	AGENDA_TITLE,
	isAgendaKind,
	type AgendaKind,
	type AgendaStep
} from '../../domain/agenda';
import { newId } from '../ids';
import { workshopMap } from '../schema';
import { CommandError } from '../validate';
import { logDecision, type LogEntry } from './governance';
import { run, type CommandOptions } from './shared';
import { clearWorkshopTimer, setWorkshopTimer } from './workshop';

/**
 * The workshop agenda, in the live `workshop` map (outside undo and outside
 * `cairn/portfolio@1`, like the timer and the rounds: see commands/workshop.ts).
 *
 * Two keys, each one immutable value, so concurrent writes leave a whole value:
 * - `agenda`: the steps in order (reordering or trimming rewrites the list);
 * - `agendaAt`: where the room is (the step, since when, and the last "everyone
 *   here" call). Kept apart so that a facilitator moving to the next step and
 *   another one editing the list at the same moment do not undo each other.
 *
 * A step that was removed while the room was on it leaves the room on the first step
 * (`readAgenda` resolves it), so every peer reads the same current step.
 */

export interface AgendaSnapshot {
	id: string;
	steps: AgendaStep[];
	/** Index of the current step in `steps`. */
	index: number;
	current: AgendaStep;
	/** When the room arrived on the current step (ms, the mover's clock). */
	since: number;
	/** Who facilitates: the name and participant id of who started it or took over. */
	by: string;
	facilitator: string;
	/** The last "everyone to the current step" call (ms), or 0. */
	calledAt: number;
}

interface StoredAgenda {
	id: string;
	steps: AgendaStep[];
	by: string;
	facilitator: string;
}

interface StoredPosition {
	agendaId: string;
	stepId: string;
	since: number;
	calledAt: number;
}

const AGENDA = 'agenda';
const AT = 'agendaAt';
/** Most steps in an agenda (each kind may appear more than once). */
export const AGENDA_STEPS_MAX = 30;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStep(value: unknown): value is AgendaStep {
	return (
		isRecord(value) &&
		typeof value.id === 'string' &&
		value.id !== '' &&
		isAgendaKind(value.kind) &&
		typeof value.minutes === 'number' &&
		Number.isInteger(value.minutes) &&
		value.minutes >= 0 &&
		value.minutes <= AGENDA_MINUTES_MAX
	);
}

function storedAgenda(doc: Y.Doc): StoredAgenda | null {
	const value = workshopMap(doc).get(AGENDA);
	if (!isRecord(value) || typeof value.id !== 'string' || !Array.isArray(value.steps)) return null;
	const seen = new Set<string>();
	const steps = value.steps.filter((s): s is AgendaStep => {
		if (!isStep(s) || seen.has(s.id)) return false;
		seen.add(s.id);
		return true;
	});
	if (steps.length === 0) return null;
	return {
		id: value.id,
		steps,
		by: typeof value.by === 'string' ? value.by : '',
		facilitator: typeof value.facilitator === 'string' ? value.facilitator : ''
	};
}

function storedPosition(doc: Y.Doc): StoredPosition | null {
	const value = workshopMap(doc).get(AT);
	if (!isRecord(value)) return null;
	const { agendaId, stepId, since, calledAt } = value;
	if (typeof agendaId !== 'string' || typeof stepId !== 'string') return null;
	return {
		agendaId,
		stepId,
		since: typeof since === 'number' && Number.isFinite(since) ? since : 0,
		calledAt: typeof calledAt === 'number' && Number.isFinite(calledAt) ? calledAt : 0
	};
}

/** The running agenda and the room's step, or null when no workshop runs. */
export function readAgenda(doc: Y.Doc): AgendaSnapshot | null {
	const agenda = storedAgenda(doc);
	if (!agenda) return null;
	const at = storedPosition(doc);
	const found =
		at && at.agendaId === agenda.id ? agenda.steps.findIndex((s) => s.id === at.stepId) : -1;
	const index = Math.max(0, found);
	return {
		id: agenda.id,
		steps: agenda.steps,
		index,
		current: agenda.steps[index],
		since: found >= 0 && at ? at.since : 0,
		by: agenda.by,
		facilitator: agenda.facilitator,
		calledAt: at && at.agendaId === agenda.id ? at.calledAt : 0
	};
}

/** What a new agenda holds: every kind in the default order with its suggested minutes. */
export function defaultAgendaSteps(): AgendaStep[] {
	return AGENDA_KINDS.map((kind) => ({ id: newId('step'), kind, minutes: AGENDA_MINUTES[kind] }));
}

function checkNow(now: unknown): number {
	if (typeof now !== 'number' || !Number.isFinite(now)) {
		throw new CommandError('now must be a time in ms');
	}
	return now;
}

function checkSteps(steps: unknown): AgendaStep[] {
	if (!Array.isArray(steps) || steps.length === 0) {
		throw new CommandError('an agenda needs at least one step');
	}
	if (steps.length > AGENDA_STEPS_MAX) {
		throw new CommandError(`an agenda has at most ${AGENDA_STEPS_MAX} steps`);
	}
	const seen = new Set<string>();
	return steps.map((step, i) => {
		const where = `step ${i + 1}`;
		if (!isRecord(step)) throw new CommandError(`${where} is not a step`);
		if (!isAgendaKind(step.kind)) {
			throw new CommandError(`${where}: unknown kind '${String(step.kind)}'`);
		}
		const minutes = step.minutes;
		if (
			typeof minutes !== 'number' ||
			!Number.isInteger(minutes) ||
			minutes < 0 ||
			minutes > AGENDA_MINUTES_MAX
		) {
			throw new CommandError(
				`${where} (${AGENDA_TITLE[step.kind]}): minutes must be a whole number from 0 to ${AGENDA_MINUTES_MAX}`
			);
		}
		const id =
			typeof step.id === 'string' && step.id && !seen.has(step.id) ? step.id : newId('step');
		seen.add(id);
		return { id, kind: step.kind as AgendaKind, minutes };
	});
}

/** Moves the room to a step and sets the shared timer to the step's minutes (stopped). */
function arrive(doc: Y.Doc, agendaId: string, step: AgendaStep, now: number): void {
	const position: StoredPosition = { agendaId, stepId: step.id, since: now, calledAt: 0 };
	workshopMap(doc).set(AT, position);
	if (step.minutes > 0) setWorkshopTimer(doc, step.minutes * 60_000);
	else clearWorkshopTimer(doc);
}

/**
 * Starts a workshop on these steps (default: every kind, in the usual order), the room
 * on the first step. Replaces a running agenda. Returns the agenda's id.
 */
export function startAgenda(
	doc: Y.Doc,
	input: { steps?: AgendaStep[]; by?: string; facilitator?: string; now: number },
	opts?: CommandOptions
): string {
	return run(doc, opts, () => {
		const now = checkNow(input.now);
		const steps = checkSteps(input.steps ?? defaultAgendaSteps());
		const id = newId('agenda');
		const agenda: StoredAgenda = { id, steps, ...who(input) };
		workshopMap(doc).set(AGENDA, agenda);
		arrive(doc, id, steps[0], now);
		return id;
	});
}

function who(input: { by?: unknown; facilitator?: unknown }) {
	return {
		by: typeof input.by === 'string' ? input.by.slice(0, 80) : '',
		facilitator: typeof input.facilitator === 'string' ? input.facilitator.slice(0, 80) : ''
	};
}

/** A second facilitator takes over the console (the room's step does not change). */
export function takeOverAgenda(
	doc: Y.Doc,
	input: { by: string; facilitator: string },
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const agenda = running(doc, 'takeOverAgenda');
		const stored: StoredAgenda = { id: agenda.id, steps: agenda.steps, ...who(input) };
		workshopMap(doc).set(AGENDA, stored);
	});
}

function running(doc: Y.Doc, what: string): AgendaSnapshot {
	const agenda = readAgenda(doc);
	if (!agenda) throw new CommandError(`${what}: no workshop is running`);
	return agenda;
}

/**
 * Replaces the steps (reordered, trimmed, added to, minutes changed). The room stays
 * on its step when it is still there, else goes to the first.
 */
export function setAgendaSteps(
	doc: Y.Doc,
	input: { steps: AgendaStep[]; now: number },
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const now = checkNow(input.now);
		const agenda = running(doc, 'setAgendaSteps');
		const checked = checkSteps(input.steps);
		const stored: StoredAgenda = {
			id: agenda.id,
			steps: checked,
			by: agenda.by,
			facilitator: agenda.facilitator
		};
		workshopMap(doc).set(AGENDA, stored);
		if (!checked.some((s) => s.id === agenda.current.id)) {
			arrive(doc, agenda.id, checked[0], now);
		}
	});
}

/** Takes the room to a step (the shared timer is set to the step's minutes). */
export function goToAgendaStep(
	doc: Y.Doc,
	input: { stepId: string; now: number },
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const now = checkNow(input.now);
		const agenda = running(doc, 'goToAgendaStep');
		const step = agenda.steps.find((s) => s.id === input.stepId);
		if (!step) throw new CommandError(`goToAgendaStep: unknown step '${String(input.stepId)}'`);
		if (step.id === agenda.current.id) return;
		arrive(doc, agenda.id, step, now);
	});
}

/** Asks every device to open the current step (a participant who looked around returns). */
export function callEveryoneToStep(doc: Y.Doc, now: number, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const at = checkNow(now);
		const agenda = running(doc, 'callEveryoneToStep');
		const position: StoredPosition = {
			agendaId: agenda.id,
			stepId: agenda.current.id,
			since: agenda.since,
			calledAt: at
		};
		workshopMap(doc).set(AT, position);
	});
}

/**
 * Closes the current step: logs its outcome in the decision log (content, so one undo
 * step takes the entry back) and moves the room to the next step, or ends the workshop
 * after the last. `stepId` is the step the facilitator saw: a close that crossed
 * another facilitator's move is refused rather than closing the wrong step.
 */
export function closeAgendaStep(
	doc: Y.Doc,
	input: { stepId: string; outcome: LogEntry; now: number },
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const now = checkNow(input.now);
		const agenda = running(doc, 'closeAgendaStep');
		if (agenda.current.id !== input.stepId) {
			throw new CommandError('closeAgendaStep: the room has moved to another step meanwhile');
		}
		logDecision(doc, input.outcome, opts);
		const next = agenda.steps[agenda.index + 1];
		if (next) arrive(doc, agenda.id, next, now);
		else endAgendaNow(doc);
	});
}

function endAgendaNow(doc: Y.Doc): void {
	const map = workshopMap(doc);
	map.delete(AGENDA);
	map.delete(AT);
}

/** Ends the workshop (the log keeps the outcomes of the closed steps). */
export function endAgenda(doc: Y.Doc, opts?: CommandOptions): void {
	run(doc, opts, () => endAgendaNow(doc));
}
