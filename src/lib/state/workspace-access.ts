import { roleFor, type Role } from '$lib/sync/keys';
import { findLocalPortfolio } from '$lib/sync/registry';

export type Access =
	{ ok: true; key: string; role: Role } | { ok: false; reason: 'no-key' | 'wrong-key' };

/**
 * Which key opens `roomId` here: the one in the link's fragment (`#key=…`, never sent
 * to a server) or the one this device remembered. A fragment key that does not belong
 * to the room is refused rather than silently replaced.
 */
export function resolveAccess(roomId: string, hash: string): Access {
	const fromLink = new URLSearchParams(hash.replace(/^#/, '')).get('key');
	if (fromLink) {
		const role = roleFor(roomId, fromLink);
		if (!role) return { ok: false, reason: 'wrong-key' };
		const known = findLocalPortfolio(roomId);
		// Opening a view link of a portfolio this device can edit keeps the edit key.
		if (known?.role === 'edit' && role === 'view')
			return { ok: true, key: known.key, role: 'edit' };
		return { ok: true, key: fromLink, role };
	}
	const known = findLocalPortfolio(roomId);
	if (known && roleFor(roomId, known.key) === known.role) {
		return { ok: true, key: known.key, role: known.role };
	}
	return { ok: false, reason: 'no-key' };
}
