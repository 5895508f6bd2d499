import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/**
 * The offline copy of a portfolio: one IndexedDB database per room, named after the
 * room so the home page can remove it without opening the document.
 */
export function localCopyName(roomId: string): string {
	return `cairn:${roomId}`;
}

/** Starts persisting `doc` in IndexedDB; resolves once the stored state is loaded into it. */
export async function openLocalCopy(roomId: string, doc: Y.Doc): Promise<IndexeddbPersistence> {
	const persistence = new IndexeddbPersistence(localCopyName(roomId), doc);
	await persistence.whenSynced;
	return persistence;
}

/** Deletes the offline copy of a room. */
export async function clearLocalCopy(roomId: string): Promise<void> {
	await clearDocument(localCopyName(roomId));
}

/**
 * Asks the browser to keep our storage under pressure. Headless and some browsers say
 * no; the answer is reported, never assumed.
 */
export async function requestPersistentStorage(): Promise<'granted' | 'refused' | 'unsupported'> {
	if (!globalThis.navigator?.storage?.persist) return 'unsupported';
	try {
		if (await navigator.storage.persisted()) return 'granted';
		return (await navigator.storage.persist()) ? 'granted' : 'refused';
	} catch {
		return 'refused';
	}
}
