import {
	moveProject,
	renameParticipant,
	renameWorkshopVoter,
	setProjectOrder,
	updateProject
} from '$lib/doc';
import { participant, type ParticipantIdentity } from './participant.svelte';
import type { PortfolioSession } from './portfolio-session.svelte';
import { RankingState } from './ranking.svelte';
import { toasts } from './toasts.svelte';

type UndoSession = Pick<PortfolioSession, 'undo'>;
/** One entry of the session's undo stack (identity is what matters). */
export type UndoStepItem = PortfolioSession['undo']['undoStack'][number];

/**
 * Runs one command as its own undo step (never merged with a neighbouring edit).
 * Returns the step it added, or undefined when it changed nothing (or threw).
 */
export function undoStep(session: UndoSession, write: () => void): UndoStepItem | undefined {
	const before = session.undo.undoStack.at(-1);
	session.undo.stopCapturing();
	try {
		write();
	} finally {
		session.undo.stopCapturing();
	}
	const after = session.undo.undoStack.at(-1);
	return after !== before ? after : undefined;
}

/**
 * Undoes exactly `step` if it is still this device's latest change; a toast's Undo
 * must never take back a later one. Otherwise says so and returns false.
 */
export function undoOnly(session: UndoSession, step: UndoStepItem): boolean {
	if (session.undo.undoStack.at(-1) === step) {
		session.undo.undo();
		return true;
	}
	toasts.show({ message: 'Other changes came after this one: use the Undo button.' });
	return false;
}

/**
 * Runs `write` as one undo step and, only if it changed something, shows `message`
 * (a function to read what the write produced) with an Undo of exactly that step.
 * Returns whether anything was written.
 */
export function writeWithUndo(
	session: UndoSession,
	message: string | (() => string),
	write: () => void
): boolean {
	const step = undoStep(session, write);
	if (step === undefined) return false;
	toasts.show({
		message: typeof message === 'function' ? message() : message,
		action: { label: 'Undo', run: () => undoOnly(session, step) }
	});
	return true;
}

/**
 * A ranking board on the open portfolio, its moves and decisions written as undo
 * steps. The ranking view and the capacity view's live split each make one.
 */
export function createRankingState(session: PortfolioSession): RankingState {
	return new RankingState({
		portfolio: () => session.portfolio,
		// Presenting keeps direct manipulation of the board (see PortfolioSession.mayEdit).
		canEdit: () => session.mayEdit,
		commands: {
			move: (id, index) => undoStep(session, () => moveProject(session.doc, id, index)),
			setOrder: (ids) => undoStep(session, () => setProjectOrder(session.doc, ids)),
			setDecision: (id, patch) => undoStep(session, () => updateProject(session.doc, id, patch))
		}
	});
}

/**
 * Gives or changes this device's one name (the participant identity; presence follows
 * it by itself) and, for an editor, renames them where the room already sees them: their
 * group judgements and their ballots in the open rounds. The id stays, so every vote
 * and judgement stays theirs. Comments keep the name they were signed with. Returns the
 * identity, or null for an empty name.
 */
export function setMyName(
	session: Pick<PortfolioSession, 'doc' | 'undo' | 'mayEdit'>,
	name: string
): ParticipantIdentity | null {
	const before = participant.current;
	const identity = participant.setName(name);
	if (!identity || !session.mayEdit || before?.name === identity.name) return identity;
	undoStep(session, () => {
		renameParticipant(session.doc, identity);
		renameWorkshopVoter(session.doc, identity);
	});
	return identity;
}
