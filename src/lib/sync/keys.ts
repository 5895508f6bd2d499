import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Capability keys (DESIGN "Sync, keys and the relay"). Pure JS SHA-256 so that keys
 * work where `crypto.subtle` is missing (plain http on a LAN address).
 */

export type Role = 'edit' | 'view';

const KEY_LENGTH = 22;

/** base64url without padding. */
export function base64url(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function hashKey(prefix: string, value: string): string {
	return base64url(sha256(utf8ToBytes(prefix + value))).slice(0, KEY_LENGTH);
}

/** A new random edit key: 16 bytes, base64url. */
export function generateEditKey(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return base64url(bytes);
}

/** `b64url(sha256("cairn:view:" + editKey))[0..22]` */
export function viewKeyFor(editKey: string): string {
	return hashKey('cairn:view:', editKey);
}

/** `b64url(sha256("cairn:room:" + viewKey))[0..22]` */
export function roomIdFor(viewKey: string): string {
	return hashKey('cairn:room:', viewKey);
}

/** The keys of a new portfolio. */
export function newPortfolioKeys(): { editKey: string; viewKey: string; roomId: string } {
	const editKey = generateEditKey();
	const viewKey = viewKeyFor(editKey);
	return { editKey, viewKey, roomId: roomIdFor(viewKey) };
}

/**
 * The role a key grants in a room, or null when it grants none: a key whose
 * room hash is `roomId` is a viewer; a key whose view key is such a key is an editor.
 */
export function roleFor(roomId: string, key: string | null | undefined): Role | null {
	if (!key || key.length > 64) return null;
	if (roomIdFor(key) === roomId) return 'view';
	if (roomIdFor(viewKeyFor(key)) === roomId) return 'edit';
	return null;
}
