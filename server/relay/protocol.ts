import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The y-websocket wire protocol as the relay speaks it. A message is
 * `[type: varUint, ...payload]`:
 *
 * - 0 sync: `[subtype: varUint, data: varUint8Array]`, subtype 0 step 1 (a state
 *   vector), 1 step 2 and 2 update (a Yjs update)
 * - 1 awareness: `[update: varUint8Array]`
 * - 3 query awareness: no payload
 * - 100 saved (relay → client only, opt-in with `saved=1`):
 *   `[stateVector: varUint8Array, handled: varUint]`, the state vector of what the store
 *   holds and how many update-bearing messages (sync step 2 and update) of this
 *   connection the relay has handled so far
 */
export const MessageType = Object.freeze({
	sync: 0,
	awareness: 1,
	auth: 2,
	queryAwareness: 3,
	saved: 100
});

/** Subtypes of a sync message (y-protocols/sync). */
export const SyncType = Object.freeze({ step1: 0, step2: 1, update: 2 });

/** A message from a client, decoded and checked to the last byte. */
export type ClientMessage =
	| { kind: 'sync-step1'; stateVector: Uint8Array }
	| { kind: 'sync-step2'; update: Uint8Array }
	| { kind: 'update'; update: Uint8Array }
	| { kind: 'awareness'; update: Uint8Array }
	| { kind: 'query-awareness' };

/** Thrown for bytes that are not a well-formed client message. */
export class MalformedMessage extends Error {}

/**
 * Decodes one client message. Throws {@link MalformedMessage} on a bad varint, a
 * length past the end, an unknown type or trailing bytes: the relay closes only the
 * connection that sent it.
 */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
	try {
		const decoder = decoding.createDecoder(data);
		const message = readMessage(decoder);
		if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes');
		return message;
	} catch (error) {
		if (error instanceof MalformedMessage) throw error;
		throw new MalformedMessage(error instanceof Error ? error.message : String(error));
	}
}

function readMessage(decoder: decoding.Decoder): ClientMessage {
	const type = decoding.readVarUint(decoder);
	switch (type) {
		case MessageType.sync: {
			const subtype = decoding.readVarUint(decoder);
			const data = readBytes(decoder);
			if (subtype === SyncType.step1) return { kind: 'sync-step1', stateVector: data };
			if (subtype === SyncType.step2) return { kind: 'sync-step2', update: data };
			if (subtype === SyncType.update) return { kind: 'update', update: data };
			throw new MalformedMessage(`unknown sync message type ${subtype}`);
		}
		case MessageType.awareness:
			return { kind: 'awareness', update: readBytes(decoder) };
		case MessageType.queryAwareness:
			return { kind: 'query-awareness' };
		default:
			throw new MalformedMessage(`unknown message type ${type}`);
	}
}

/** A varUint8Array whose length must fit in what is left (lib0 does not check). */
function readBytes(decoder: decoding.Decoder): Uint8Array {
	const length = decoding.readVarUint(decoder);
	if (length > decoder.arr.length - decoder.pos) {
		throw new MalformedMessage(`length ${length} past the end of the message`);
	}
	return decoding.readUint8Array(decoder, length);
}

/** One client's entry in an awareness update: its id, clock and state as JSON text. */
export interface AwarenessEntry {
	clientId: number;
	clock: number;
	/** JSON; `null` removes the client's presence. */
	state: string;
}

/**
 * Decodes the payload of an awareness message (y-protocols/awareness:
 * `[count, (clientId, clock, state: varString)*]`) without parsing the states. Throws
 * {@link MalformedMessage} on bad varints, lengths past the end or trailing bytes.
 */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
	try {
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		const entries: AwarenessEntry[] = [];
		for (let i = 0; i < count; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const length = decoding.peekVarUint(decoder);
			if (length > decoder.arr.length - decoder.pos) {
				throw new MalformedMessage(`length ${length} past the end of the awareness update`);
			}
			entries.push({ clientId, clock, state: decoding.readVarString(decoder) });
		}
		if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes in awareness');
		return entries;
	} catch (error) {
		if (error instanceof MalformedMessage) throw error;
		throw new MalformedMessage(error instanceof Error ? error.message : String(error));
	}
}

/** Encodes awareness entries back into the payload y-protocols' `applyAwarenessUpdate` reads. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const { clientId, clock, state } of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, state);
	}
	return encoding.toUint8Array(encoder);
}

/**
 * The deepest nesting of objects and arrays in a JSON text, found by scanning it (no
 * recursion, so a text nested thousands deep cannot overflow the stack here).
 * Brackets inside strings do not count.
 */
export function jsonDepth(text: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const char = text.charCodeAt(i);
		if (inString) {
			if (char === 0x5c)
				i++; // backslash: skip the escaped character
			else if (char === 0x22) inString = false;
		} else if (char === 0x22) {
			inString = true;
		} else if (char === 0x7b || char === 0x5b) {
			deepest = Math.max(deepest, ++depth);
		} else if (char === 0x7d || char === 0x5d) {
			depth--;
		}
	}
	return deepest;
}

function message(type: number, write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, type);
	write(encoder);
	return encoding.toUint8Array(encoder);
}

/** Sync step 1: the relay's state vector, asking the client for what it lacks. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
	return message(MessageType.sync, (e) => {
		encoding.writeVarUint(e, SyncType.step1);
		encoding.writeVarUint8Array(e, stateVector);
	});
}

/** Sync step 2: the update a client lacks, in answer to its step 1. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
	return message(MessageType.sync, (e) => {
		encoding.writeVarUint(e, SyncType.step2);
		encoding.writeVarUint8Array(e, update);
	});
}

/** A document update, broadcast to the other clients of the room. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
	return message(MessageType.sync, (e) => {
		encoding.writeVarUint(e, SyncType.update);
		encoding.writeVarUint8Array(e, update);
	});
}

/** An awareness update (presence). */
export function encodeAwareness(update: Uint8Array): Uint8Array {
	return message(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, update));
}

/**
 * The saved message (type 100): the state vector of what the store holds, then the
 * number of update-bearing messages of this connection handled so far. A reader that
 * only wants the state vector may stop after it.
 */
export function encodeSaved(stateVector: Uint8Array, handled: number): Uint8Array {
	return message(MessageType.saved, (e) => {
		encoding.writeVarUint8Array(e, stateVector);
		encoding.writeVarUint(e, handled);
	});
}

/** Reads a saved message back (clients and tests); null when it is not one. */
export function decodeSaved(data: Uint8Array): { stateVector: Uint8Array; handled: number } | null {
	try {
		const decoder = decoding.createDecoder(data);
		if (decoding.readVarUint(decoder) !== MessageType.saved) return null;
		const stateVector = readBytes(decoder);
		return { stateVector, handled: decoding.readVarUint(decoder) };
	} catch {
		return null;
	}
}
