import { CommandError, readGovernance } from '$lib/doc';
import { reviewDue } from '$lib/domain/review-cadence';
import type { PortfolioSession } from './portfolio-session.svelte';
import { participant } from './participant.svelte';
import { toasts } from './toasts.svelte';

/**
 * Governance settings (gate checklists, review cadence) and "is a review due", read
 * reactively from the open portfolio: they are not part of the snapshot, so they are
 * re-read whenever the snapshot changes (one cheap read of two small maps).
 */
export class Governance {
	#session: PortfolioSession;

	constructor(session: PortfolioSession) {
		this.#session = session;
	}

	readonly settings = $derived.by(() => {
		void this.#session.portfolio;
		return readGovernance(this.#session.doc);
	});

	readonly due = $derived.by(() =>
		reviewDue(
			this.settings.reviewCadenceDays,
			this.#session.portfolio.reviews.map((r) => r.at),
			Date.now()
		)
	);
}

/** The name to log manual entries under: this device's participant, if named. */
export function actorName(): string {
	return participant.current?.name ?? '';
}

/**
 * Runs one intent as its own undo step; a refused command (a `CommandError`) becomes
 * an error toast naming what is wrong instead of an exception. Returns whether it ran.
 */
export function commit(session: PortfolioSession, write: () => void): boolean {
	session.undo.stopCapturing();
	try {
		write();
		return true;
	} catch (error) {
		if (!(error instanceof CommandError)) throw error;
		toasts.show({ message: error.message, tone: 'error' });
		return false;
	} finally {
		session.undo.stopCapturing();
	}
}
