import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	decodeAwarenessUpdate,
	encodeAwarenessEntries,
	jsonDepth,
	MalformedMessage
} from '../../server/relay/protocol';

describe('jsonDepth', () => {
	it('counts the deepest nesting of objects and arrays', () => {
		expect(jsonDepth('null')).toBe(0);
		expect(jsonDepth('{"user":{"name":"Ada","cursor":[1,2]}}')).toBe(3);
		expect(jsonDepth('['.repeat(8000) + ']'.repeat(8000))).toBe(8000);
	});

	it('ignores brackets inside strings, escaped quotes included', () => {
		expect(jsonDepth('{"name":"[[[{{{"}')).toBe(1);
		expect(jsonDepth('{"name":"say \\"[[[\\" \\\\","x":[1]}')).toBe(2);
	});
});

describe('awareness entries', () => {
	it('decodes what y-protocols encodes, and encodes what it applies', () => {
		const awareness = new awarenessProtocol.Awareness(new Y.Doc());
		awareness.setLocalState({ name: 'Ada' });
		const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
		const entries = decodeAwarenessUpdate(update);
		expect(entries).toEqual([
			{ clientId: awareness.clientID, clock: 1, state: JSON.stringify({ name: 'Ada' }) }
		]);
		expect(encodeAwarenessEntries(entries)).toEqual(update);

		const other = new awarenessProtocol.Awareness(new Y.Doc());
		awarenessProtocol.applyAwarenessUpdate(other, encodeAwarenessEntries(entries), null);
		expect(other.getStates().get(awareness.clientID)).toEqual({ name: 'Ada' });
		awareness.destroy();
		other.destroy();
	});

	it('refuses lengths past the end and trailing bytes', () => {
		expect(() => decodeAwarenessUpdate(new Uint8Array([1, 5, 1, 40, 0x7b]))).toThrow(
			MalformedMessage
		);
		expect(() => decodeAwarenessUpdate(new Uint8Array([0, 9]))).toThrow(MalformedMessage);
		expect(() => decodeAwarenessUpdate(new Uint8Array([2, 5, 1, 4, 110, 117, 108, 108]))).toThrow(
			MalformedMessage
		);
	});
});
