import * as Y from 'yjs';
import { isOrigin, type Origin } from './origins';
import { rootTypes } from './schema';

/**
 * Undo/redo of one person's edits. Yjs compares tracked origins by identity, and
 * ours are fresh plain objects, so the manager tracks the `Object` constructor (every
 * plain origin) and filters with `captureTransaction`: only `{ source: 'local' }`
 * transactions (of `user`, when given) are captured, never remote, import or
 * migration ones. Undoing never overwrites a remote edit to the same field
 * (`ignoreRemoteMapChanges` stays false).
 *
 * Yjs runs undo and redo in a transaction whose origin is the manager itself and does
 * not let us pass another. So the manager *is* an Origin: `source: 'undo'` plus the
 * user; `isOrigin(tr.origin)` holds for undo/redo transactions and observers can
 * filter them like any other.
 */

export interface UndoOptions {
	/** Track only this participant's local edits (the default: all local edits). */
	user?: string;
	/** Edits closer together than this (ms) undo as one step. */
	captureTimeout?: number;
}

/** A Y.UndoManager that is also the Origin of its own undo/redo transactions. */
export class PortfolioUndoManager extends Y.UndoManager implements Origin {
	readonly source = 'undo' as const;
	readonly user?: string;

	constructor(doc: Y.Doc, options: UndoOptions = {}) {
		const holder: { self?: PortfolioUndoManager } = {};
		const user = options.user;
		super(rootTypes(doc), {
			captureTimeout: options.captureTimeout ?? 500,
			trackedOrigins: new Set<unknown>([Object]),
			captureTransaction: (tr) => tr.origin === holder.self || isTracked(tr.origin, user)
		});
		holder.self = this;
		this.user = user;
	}
}

function isTracked(origin: unknown, user: string | undefined): boolean {
	if (!isOrigin(origin) || origin.source !== 'local') return false;
	return user === undefined || origin.user === user;
}

/**
 * An undo manager over the whole portfolio for one participant. Create one per open
 * portfolio (and user) and destroy it with the doc.
 */
export function createUndoManager(doc: Y.Doc, options?: UndoOptions): PortfolioUndoManager {
	return new PortfolioUndoManager(doc, options);
}
