import { getContext, setContext } from 'svelte';
import type { PortfolioSession } from './portfolio-session.svelte';
import type { PresentMode } from './present.svelte';

const SESSION = Symbol('cairn:session');

/** Provides the open portfolio to every view below the workspace layout. */
export function setSession(session: PortfolioSession): PortfolioSession {
	return setContext(SESSION, session);
}

/** The open portfolio; throws when used outside a workspace. */
export function getSession(): PortfolioSession {
	const session = getContext<PortfolioSession | undefined>(SESSION);
	if (!session) throw new Error('getSession() used outside a portfolio workspace');
	return session;
}

const PRESENT = Symbol('cairn:present');

/** Provides this device's present mode (the facilitator's console starts it). */
export function setPresent(present: PresentMode): PresentMode {
	return setContext(PRESENT, present);
}

/** This device's present mode, or null outside a workspace. */
export function getPresent(): PresentMode | null {
	return getContext<PresentMode | undefined>(PRESENT) ?? null;
}
