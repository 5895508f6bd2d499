import * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * y-protocols' `readSyncMessage`, except that incoming updates are first trimmed to
 * what the doc lacks (`Y.diffUpdate` against its state vector). Yjs 13.6 can throw in
 * `Item.integrate` when an update re-sends structs the receiver already has and has
 * garbage-collected (undo keeps them alive on the sender); our seeded convergence test
 * found it. Trimming makes the apply idempotent and avoids the crash. Used by the
 * browser's provider and by the relay.
 */
export function readSyncMessage(
	decoder: decoding.Decoder,
	encoder: encoding.Encoder,
	doc: Y.Doc,
	origin: unknown
): number {
	const messageType = decoding.readVarUint(decoder);
	switch (messageType) {
		case syncProtocol.messageYjsSyncStep1:
			syncProtocol.readSyncStep1(decoder, encoder, doc);
			break;
		case syncProtocol.messageYjsSyncStep2:
		case syncProtocol.messageYjsUpdate:
			applyUpdateSafely(doc, decoding.readVarUint8Array(decoder), origin);
			break;
		default:
			throw new Error(`Unknown sync message type ${messageType}`);
	}
	return messageType;
}

/** Applies only the part of `update` that `doc` does not have yet. */
export function applyUpdateSafely(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
	Y.applyUpdate(doc, Y.diffUpdate(update, Y.encodeStateVector(doc)), origin);
}
