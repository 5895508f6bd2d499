import * as Y from 'yjs';
import type { Rng } from './generate';

/**
 * An in-memory network of Y.Doc peers for convergence tests, after yjs's
 * `tests/testHelper.js` (TestConnector). Delivery is driven by a seeded PRNG, so a
 * failing run replays exactly from its seed. The network is hostile on purpose:
 * messages are delivered in random order, sometimes twice, sometimes never; peers go
 * offline (losing what was in flight) and come back; lost updates are only recovered
 * by the state-vector handshake (sync step 1 → step 2), as with y-websocket.
 */

type Message =
	| { kind: 'update'; from: TestPeer; data: Uint8Array }
	/** Sync step 1: "here is my state vector, send me what I am missing". */
	| { kind: 'state'; from: TestPeer; data: Uint8Array };

export interface NetworkOptions {
	/** Probability that a broadcast update never reaches one receiver. */
	drop?: number;
	/** Probability that it reaches a receiver twice. */
	duplicate?: number;
}

/** The origin of everything the network applies: never re-broadcast, never undone. */
export const NETWORK = Object.freeze({ source: 'remote' as const });

export class TestPeer {
	readonly doc: Y.Doc;
	online = true;
	inbox: Message[] = [];

	constructor(
		readonly network: TestNetwork,
		readonly index: number
	) {
		this.doc = new Y.Doc();
		// Fixed client ids make Yjs's own tie-breaking reproducible from the seed.
		this.doc.clientID = index + 1;
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== NETWORK) network.broadcast(this, update);
		});
	}

	/**
	 * Processes one message: apply an update, or answer a state vector with a diff.
	 *
	 * Updates are first trimmed to what this peer lacks (`diffUpdate` against its state
	 * vector). Without that, an update that overlaps what the peer already has, where
	 * the known part was garbage-collected here but kept by the sender's UndoManager,
	 * crashes Yjs 13.6 inside `Item.integrate` ("reading 'origin'" on a GC struct;
	 * yjs issue #384). CAIRN_NO_TRIM=1 CAIRN_SEED=927 shows it. Real relays and
	 * providers should trim the same way (see src/lib/doc/README.md).
	 */
	receive(message: Message): void {
		if (message.kind === 'update') {
			const update = process.env.CAIRN_NO_TRIM
				? message.data
				: Y.diffUpdate(message.data, Y.encodeStateVector(this.doc));
			Y.applyUpdate(this.doc, update, NETWORK);
		} else if (message.from.online) {
			const diff = Y.encodeStateAsUpdate(this.doc, message.data);
			message.from.inbox.push({ kind: 'update', from: this, data: diff });
		}
	}
}

export class TestNetwork {
	readonly peers: TestPeer[] = [];
	readonly drop: number;
	readonly duplicate: number;
	delivered = 0;

	constructor(
		readonly rng: Rng,
		count: number,
		options: NetworkOptions = {}
	) {
		this.drop = options.drop ?? 0.05;
		this.duplicate = options.duplicate ?? 0.05;
		for (let i = 0; i < count; i++) this.peers.push(new TestPeer(this, i));
	}

	/** Sends a peer's local update to every other online peer, lossy and duplicating. */
	broadcast(sender: TestPeer, update: Uint8Array): void {
		if (!sender.online) return;
		for (const peer of this.peers) {
			if (peer === sender || !peer.online) continue;
			if (this.rng.bool(this.drop)) continue;
			peer.inbox.push({ kind: 'update', from: sender, data: update });
			if (this.rng.bool(this.duplicate))
				peer.inbox.push({ kind: 'update', from: sender, data: update });
		}
	}

	/** Delivers one random pending message to a random online peer (any order). */
	deliverRandom(): boolean {
		const ready = this.peers.filter((p) => p.online && p.inbox.length > 0);
		if (ready.length === 0) return false;
		const peer = this.rng.pick(ready);
		const [message] = peer.inbox.splice(this.rng.int(0, peer.inbox.length - 1), 1);
		peer.receive(message);
		this.delivered++;
		return true;
	}

	/** Drops everything in flight to the peer and stops its traffic. */
	disconnect(peer: TestPeer): void {
		peer.online = false;
		peer.inbox = [];
	}

	/** Back online: state-vector handshake with every online peer, both ways. */
	connect(peer: TestPeer): void {
		peer.online = true;
		for (const other of this.peers) {
			if (other === peer || !other.online) continue;
			other.inbox.push({ kind: 'state', from: peer, data: Y.encodeStateVector(peer.doc) });
			peer.inbox.push({ kind: 'state', from: other, data: Y.encodeStateVector(other.doc) });
		}
	}

	/** A periodic anti-entropy round between two online peers (recovers dropped updates). */
	resync(a: TestPeer, b: TestPeer): void {
		if (!a.online || !b.online || a === b) return;
		b.inbox.push({ kind: 'state', from: a, data: Y.encodeStateVector(a.doc) });
		a.inbox.push({ kind: 'state', from: b, data: Y.encodeStateVector(b.doc) });
	}

	/** Everyone online, every message delivered, then handshakes until nothing moves. */
	syncAll(): void {
		for (const peer of this.peers) if (!peer.online) this.connect(peer);
		for (let round = 0; round < 10; round++) {
			while (this.deliverRandom());
			for (const a of this.peers)
				for (const b of this.peers) if (a.index < b.index) this.resync(a, b);
			while (this.deliverRandom());
			const vectors = this.peers.map((p) => Y.encodeStateVector(p.doc).join());
			const pending = this.peers.some((p) => p.doc.store.pendingStructs !== null);
			if (vectors.every((v) => v === vectors[0]) && !pending) return;
		}
		throw new Error('the network did not converge after 10 sync rounds');
	}
}
