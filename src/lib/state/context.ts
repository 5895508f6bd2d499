import { getContext, setContext } from 'svelte';
import type { PortfolioSession } from './portfolio-session.svelte';

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
