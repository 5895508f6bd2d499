import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

/**
 * The offline copy of a portfolio: one IndexedDB database per room, named after the
 * room so the home page can remove it without opening the document.
 */
export function localCopyName(roomId: string): string {
	return `cairn:${roomId}`;
}

/** How long to wait for IndexedDB before treating it as unavailable. */
const OPEN_TIMEOUT_MS = 10_000;

interface PersistenceInternals {
	_db: Promise<unknown>;
	_storeUpdate: (update: Uint8Array, origin: unknown) => void;
}

/**
 * Starts persisting `doc` in IndexedDB; resolves once the stored state is loaded into
 * it, and rejects (instead of hanging) when IndexedDB cannot be opened, as in some
 * private modes.
 *
 * Writes are guarded: once the database connection closes (another tab deleted it,
 * or a phone's browser dropped it), y-indexeddb's update listener would throw inside
 * every transaction and stop the listeners after it (the relay provider among them).
 * The guard reports the loss through `onLost` instead, so the caller can reopen.
 */
export async function openLocalCopy(
	roomId: string,
	doc: Y.Doc,
	options: { onLost?: (error: unknown) => void } = {}
): Promise<IndexeddbPersistence> {
	const persistence = new IndexeddbPersistence(localCopyName(roomId), doc);
	const internals = persistence as unknown as PersistenceInternals;
	const store = internals._storeUpdate;
	doc.off('update', store);
	internals._storeUpdate = (update, origin) => {
		try {
			store(update, origin);
		} catch (error) {
			options.onLost?.(error);
		}
	};
	doc.on('update', internals._storeUpdate);

	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		await Promise.race([
			persistence.whenSynced,
			internals._db.then(() => new Promise<never>(() => {})),
			new Promise<never>((_resolve, reject) => {
				timer = setTimeout(
					() => reject(new Error('IndexedDB did not answer: this browser cannot keep a copy')),
					OPEN_TIMEOUT_MS
				);
			})
		]);
	} catch (error) {
		void persistence.destroy().catch(() => {});
		throw error;
	} finally {
		clearTimeout(timer);
	}
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
