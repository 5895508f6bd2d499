/**
 * The project lifecycle and its stage gates (issue 9). The main path is
 * proposed → approved → active → done; a live project can be put on hold or
 * cancelled, a project on hold resumes, and a closed one can be reopened. Entering
 * approved, active or done is passing a **gate**: the portfolio keeps a checklist per
 * gate stage, and the move is recorded in the decision log with what was confirmed.
 */
import type { ProjectStatus } from './types';

/** The stages that have a gate (and so may have a checklist), in lifecycle order. */
export const GATE_STAGES = [
	'approved',
	'active',
	'done'
] as const satisfies readonly ProjectStatus[];
export type GateStage = (typeof GATE_STAGES)[number];

/** Allowed moves from each status, in the order a person would consider them. */
export const TRANSITIONS: Readonly<Record<ProjectStatus, readonly ProjectStatus[]>> = {
	proposed: ['approved', 'on-hold', 'cancelled'],
	approved: ['active', 'proposed', 'on-hold', 'cancelled'],
	active: ['done', 'on-hold', 'cancelled'],
	'on-hold': ['proposed', 'approved', 'active', 'cancelled'],
	done: ['active'],
	cancelled: ['proposed']
};

/** True when `stage` has a gate. */
export function isGateStage(stage: ProjectStatus): stage is GateStage {
	return (GATE_STAGES as readonly ProjectStatus[]).includes(stage);
}

/** True when a project may move from `from` to `to`. */
export function canTransition(from: ProjectStatus, to: ProjectStatus): boolean {
	return TRANSITIONS[from].includes(to);
}

/** The next stage on the main path, or null (done, cancelled, on hold). */
export function nextStage(from: ProjectStatus): GateStage | null {
	if (from === 'proposed') return 'approved';
	if (from === 'approved') return 'active';
	if (from === 'active') return 'done';
	return null;
}

/** One item of a gate checklist ("Business case signed off"). */
export interface GateItem {
	id: string;
	stage: GateStage;
	text: string;
}

/** The checklist of every gate stage, items in their order. */
export type GateChecklists = Record<GateStage, GateItem[]>;

/** Checklists with no items, for a portfolio that has none yet. */
export function emptyChecklists(): GateChecklists {
	return { approved: [], active: [], done: [] };
}

/** Why a gate move is refused, or null when it may go ahead. */
export type GateRefusal =
	| { kind: 'transition'; from: ProjectStatus; to: ProjectStatus }
	| { kind: 'unchecked'; items: GateItem[] };

/**
 * Checks a move through the lifecycle: the transition must be allowed, and every
 * checklist item of the target stage confirmed unless the gate is explicitly waived
 * (then the log says which items were not met). Returns null when the move is fine.
 */
export function checkGate(options: {
	from: ProjectStatus;
	to: ProjectStatus;
	checklists: GateChecklists;
	confirmed: readonly string[];
	waived?: boolean;
}): GateRefusal | null {
	const { from, to, checklists, confirmed, waived } = options;
	if (!canTransition(from, to)) return { kind: 'transition', from, to };
	const missing = uncheckedItems(checklists, to, confirmed);
	if (missing.length && !waived) return { kind: 'unchecked', items: missing };
	return null;
}

/** The items of `to`'s checklist not among `confirmed` (none for a stage without a gate). */
export function uncheckedItems(
	checklists: GateChecklists,
	to: ProjectStatus,
	confirmed: readonly string[]
): GateItem[] {
	if (!isGateStage(to)) return [];
	const done = new Set(confirmed);
	return checklists[to].filter((item) => !done.has(item.id));
}

/** How a move reads in the log: "Passed the gate to Active", "Put on hold"… */
export function describeMove(from: ProjectStatus, to: ProjectStatus): string {
	if (to === 'on-hold') return 'Put on hold';
	if (to === 'cancelled') return 'Cancelled';
	if (from === 'on-hold') return `Resumed as ${STAGE_NAME[to]}`;
	if (from === 'done' || from === 'cancelled') return `Reopened as ${STAGE_NAME[to]}`;
	if (from === 'approved' && to === 'proposed') return 'Sent back to Proposed';
	return `Passed the gate to ${STAGE_NAME[to]}`;
}

/** How a move is offered as a choice: "Pass the gate to Active", "Put on hold"… */
export function moveAction(from: ProjectStatus, to: ProjectStatus): string {
	if (to === 'on-hold') return 'Put on hold';
	if (to === 'cancelled') return 'Cancel the project';
	if (from === 'on-hold') return `Resume as ${STAGE_NAME[to]}`;
	if (from === 'done' || from === 'cancelled') return `Reopen as ${STAGE_NAME[to]}`;
	if (from === 'approved' && to === 'proposed') return 'Send back to Proposed';
	return `Pass the gate to ${STAGE_NAME[to]}`;
}

/** Stage names for logs and labels (the same words as the views' status labels). */
export const STAGE_NAME: Readonly<Record<ProjectStatus, string>> = {
	proposed: 'Proposed',
	approved: 'Approved',
	active: 'Active',
	'on-hold': 'On hold',
	done: 'Done',
	cancelled: 'Cancelled'
};
