import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import {
	base64url,
	generateEditKey,
	newPortfolioKeys,
	roleFor,
	roomIdFor,
	viewKeyFor
} from '$lib/sync/keys';
import { createHash } from 'node:crypto';

describe('capability keys', () => {
	it('derives the view key as the first 22 base64url characters of sha256("cairn:view:" + editKey)', () => {
		const editKey = 'AAECAwQFBgcICQoLDA0ODw';
		const expected = createHash('sha256')
			.update('cairn:view:' + editKey)
			.digest('base64url')
			.slice(0, 22);
		expect(viewKeyFor(editKey)).toBe(expected);
	});

	it('derives the room id from the view key the same way with the "cairn:room:" prefix', () => {
		const viewKey = viewKeyFor('some-edit-key');
		const expected = createHash('sha256')
			.update('cairn:room:' + viewKey)
			.digest('base64url')
			.slice(0, 22);
		expect(roomIdFor(viewKey)).toBe(expected);
	});

	it('encodes base64url without padding', () => {
		expect(base64url(new Uint8Array([251, 255]))).toBe('-_8');
		expect(base64url(sha256(new Uint8Array()))).toBe(
			createHash('sha256').update('').digest('base64url')
		);
	});

	it('makes a random 16-byte edit key', () => {
		const a = generateEditKey();
		const b = generateEditKey();
		expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(a).not.toBe(b);
	});

	it('grants edit to the edit key, view to the view key and nothing to others', () => {
		const { editKey, viewKey, roomId } = newPortfolioKeys();
		expect(roleFor(roomId, editKey)).toBe('edit');
		expect(roleFor(roomId, viewKey)).toBe('view');
		expect(roleFor(roomId, roomId)).toBeNull();
		expect(roleFor(roomId, '')).toBeNull();
		expect(roleFor(roomId, null)).toBeNull();
		expect(roleFor(roomId, newPortfolioKeys().editKey)).toBeNull();
		expect(roleFor(newPortfolioKeys().roomId, editKey)).toBeNull();
	});
});
