import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { roleFor, type Role } from '../../src/lib/sync/keys';

/** What the upgrade hook decided about a WebSocket request. */
export type UpgradeDecision =
	| { ok: true; roomId: string; role: Role; saved: boolean; createToken: string | null }
	| { ok: false; status: 400 | 401 | 403 | 404; message: string };

/** Where the relay listens: `/yjs/<roomId>`. */
export const RELAY_PATH = '/yjs/';

const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The Origin allow-list. A request passes when it has no Origin header (not a browser),
 * when the Origin's host is the request's own Host, when it is listed in `allowed`
 * (exact origins, or `*` for any), or, when no list is configured, when it is a
 * localhost origin on any port.
 */
export function originAllowed(
	origin: string | undefined,
	host: string | undefined,
	allowed: readonly string[] | null
): boolean {
	if (origin === undefined) return true;
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		return false;
	}
	if (host !== undefined && url.host === host.toLowerCase()) return true;
	if (allowed === null) return LOCAL_HOSTS.has(url.hostname);
	return allowed.includes('*') || allowed.includes(url.origin);
}

/**
 * Decides a WebSocket upgrade before any socket exists: the path must be
 * `/yjs/<roomId>`, the Origin allowed, and `key` must grant a role in that room
 * (`roleFor`: view key → viewer, edit key → editor, anything else → 401).
 */
export function authorizeUpgrade(
	req: IncomingMessage,
	allowedOrigins: readonly string[] | null
): UpgradeDecision {
	const url = new URL(req.url ?? '/', 'http://relay');
	if (!url.pathname.startsWith(RELAY_PATH)) {
		return { ok: false, status: 404, message: 'not a relay path' };
	}
	const roomId = url.pathname.slice(RELAY_PATH.length);
	if (!ROOM_ID.test(roomId)) return { ok: false, status: 400, message: 'bad room id' };
	if (!originAllowed(req.headers.origin, req.headers.host, allowedOrigins)) {
		return { ok: false, status: 403, message: 'origin not allowed' };
	}
	const role = roleFor(roomId, url.searchParams.get('key'));
	if (role === null) return { ok: false, status: 401, message: 'no valid key for this room' };
	return {
		ok: true,
		roomId,
		role,
		saved: url.searchParams.get('saved') === '1',
		createToken: url.searchParams.get('create')
	};
}

/**
 * True when `presented` equals the operator's create token, compared in constant time
 * (both hashed first, so their lengths do not leak either).
 */
export function createTokenMatches(presented: string | null, expected: string): boolean {
	if (presented === null) return false;
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The client's address: the socket's peer, or with `trustProxy` the first address of
 * X-Forwarded-For (only behind a reverse proxy that sets it).
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
	if (trustProxy) {
		const forwarded = req.headers['x-forwarded-for'];
		const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
		if (first) return first;
	}
	return req.socket.remoteAddress ?? 'unknown';
}
