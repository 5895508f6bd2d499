/**
 * Every transaction on a portfolio doc carries one of these as its origin, so that
 * undo, persistence and the decision log can tell who or what made a change.
 */
export type OriginSource = 'local' | 'remote' | 'import' | 'migration' | 'undo';

export interface Origin {
	source: OriginSource;
	/** The participant who made a local change, when known. */
	user?: string;
}

export const LOCAL: Origin = Object.freeze({ source: 'local' });
export const IMPORT: Origin = Object.freeze({ source: 'import' });
export const MIGRATION: Origin = Object.freeze({ source: 'migration' });

/** Narrows a Yjs transaction origin (which may be a provider object) to ours. */
export function isOrigin(value: unknown): value is Origin {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as Origin).source === 'string' &&
		['local', 'remote', 'import', 'migration', 'undo'].includes((value as Origin).source)
	);
}
