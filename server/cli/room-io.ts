import * as Y from 'yjs';
import { exportPortfolio, importPortfolio } from '../../src/lib/doc/io';
import type { Portfolio } from '../../src/lib/domain/types';
import type { Store } from '../store/store';

/** A room's document rebuilt from its stored log; null when the room has no rows. */
export async function loadRoomDoc(store: Store, roomId: string): Promise<Y.Doc | null> {
	const log = await store.loadRoom(roomId);
	if (log.rows === 0) return null;
	const doc = new Y.Doc();
	doc.transact(() => {
		for (const update of log.updates) Y.applyUpdate(doc, update);
	});
	return doc;
}

/** The portfolio stored in a room, or null for an unknown room. */
export async function readRoomPortfolio(store: Store, roomId: string): Promise<Portfolio | null> {
	const doc = await loadRoomDoc(store, roomId);
	if (!doc) return null;
	try {
		return exportPortfolio(doc);
	} finally {
		doc.destroy();
	}
}

/**
 * Replaces a room's content with `portfolio` (a new room when it has no rows): the
 * import is one Yjs transaction on top of the stored state, appended as one update, so
 * clients that edited offline merge with it like with any other change.
 */
export async function writeRoomPortfolio(
	store: Store,
	roomId: string,
	portfolio: Portfolio
): Promise<void> {
	const doc = (await loadRoomDoc(store, roomId)) ?? new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	try {
		importPortfolio(doc, portfolio);
		if (updates.length > 0) await store.append(roomId, Y.mergeUpdates(updates));
	} finally {
		doc.destroy();
	}
}
