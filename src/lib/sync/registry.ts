import type { Role } from './keys';

/**
 * The portfolios on this device: what the home page lists. Kept in localStorage
 * (small, synchronous, per origin); the documents themselves live in IndexedDB.
 */
export interface LocalPortfolio {
	roomId: string;
	/** The strongest key this device holds for the room. */
	key: string;
	role: Role;
	name: string;
	/** Epoch milliseconds. */
	lastOpened: number;
}

const STORAGE_KEY = 'cairn:portfolios';

function storage(): Storage | null {
	try {
		return globalThis.localStorage ?? null;
	} catch {
		return null;
	}
}

function isLocalPortfolio(value: unknown): value is LocalPortfolio {
	const entry = value as LocalPortfolio;
	return (
		typeof entry === 'object' &&
		entry !== null &&
		typeof entry.roomId === 'string' &&
		typeof entry.key === 'string' &&
		(entry.role === 'edit' || entry.role === 'view') &&
		typeof entry.name === 'string' &&
		typeof entry.lastOpened === 'number'
	);
}

/** Every portfolio known on this device, most recently opened first; corrupt entries are skipped. */
export function listLocalPortfolios(): LocalPortfolio[] {
	const raw = storage()?.getItem(STORAGE_KEY);
	if (!raw) return [];
	try {
		const parsed: unknown = JSON.parse(raw);
		if (!Array.isArray(parsed)) return [];
		return parsed.filter(isLocalPortfolio).sort((a, b) => b.lastOpened - a.lastOpened);
	} catch {
		return [];
	}
}

function save(entries: LocalPortfolio[]): void {
	storage()?.setItem(STORAGE_KEY, JSON.stringify(entries));
	globalThis.dispatchEvent?.(new Event('cairn:registry'));
}

/** The entry of a room on this device, if any. */
export function findLocalPortfolio(roomId: string): LocalPortfolio | undefined {
	return listLocalPortfolios().find((entry) => entry.roomId === roomId);
}

/**
 * Records (or refreshes) a room on this device. An edit key is never downgraded to a
 * view key: opening a view link of a portfolio you can edit keeps your edit rights.
 */
export function rememberPortfolio(
	entry: Omit<LocalPortfolio, 'lastOpened'> & { lastOpened?: number }
): LocalPortfolio {
	const entries = listLocalPortfolios();
	const existing = entries.find((e) => e.roomId === entry.roomId);
	const keepStronger = existing?.role === 'edit' && entry.role === 'view';
	const next: LocalPortfolio = {
		roomId: entry.roomId,
		key: keepStronger ? existing.key : entry.key,
		role: keepStronger ? existing.role : entry.role,
		name: entry.name || existing?.name || 'Untitled portfolio',
		lastOpened: entry.lastOpened ?? Date.now()
	};
	save([next, ...entries.filter((e) => e.roomId !== entry.roomId)]);
	return next;
}

/** Updates the cached name shown on the home page. */
export function renameLocalPortfolio(roomId: string, name: string): void {
	const entries = listLocalPortfolios();
	const entry = entries.find((e) => e.roomId === roomId);
	if (!entry || entry.name === name) return;
	entry.name = name;
	save(entries);
}

/** Forgets a room on this device (its IndexedDB copy is cleared separately). */
export function forgetPortfolio(roomId: string): void {
	save(listLocalPortfolios().filter((entry) => entry.roomId !== roomId));
}
