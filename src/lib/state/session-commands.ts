import { moveProject, setProjectOrder, updateProject } from '$lib/doc';
import type { PortfolioSession } from './portfolio-session.svelte';
import { RankingState } from './ranking.svelte';

/** Runs one command as its own undo step (never merged with a neighbouring edit). */
export function undoStep(session: PortfolioSession, write: () => void): void {
	session.undo.stopCapturing();
	write();
	session.undo.stopCapturing();
}

/**
 * A ranking board on the open portfolio, its moves and decisions written as undo
 * steps. The ranking view and the capacity view's live split each make one.
 */
export function createRankingState(session: PortfolioSession): RankingState {
	return new RankingState({
		portfolio: () => session.portfolio,
		canEdit: () => session.canEdit,
		commands: {
			move: (id, index) => undoStep(session, () => moveProject(session.doc, id, index)),
			setOrder: (ids) => undoStep(session, () => setProjectOrder(session.doc, ids)),
			setDecision: (id, patch) => undoStep(session, () => updateProject(session.doc, id, patch))
		}
	});
}
