import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { readSyncMessage } from './sync-protocol';
import { stateVectorOf, syncStatus, type SyncFacts, type SyncStatus } from './status';

/**
 * Our side of the relay: the stock y-websocket provider plus two things the stock one
 * lacks: the relay's "saved" message (type 100, the server's state vector after it
 * persisted) and reconnects with full jitter, so hundreds of clients do not come back
 * in lockstep after a relay restart.
 */

const MESSAGE_SYNC = 0;

/** Message type the relay uses to announce the state vector it has persisted. */
export const MESSAGE_SAVED = 100;

/** Close codes 4400-4499 mean "do not retry" (y-websocket's convention, kept by our relay). */
export function isTerminalClose(code: number | undefined): boolean {
	return code !== undefined && code >= 4400 && code < 4500;
}

/**
 * Full-jitter exponential backoff: a random delay in [0, min(cap, base·2^attempt)],
 * at least 100 ms. `attempt` counts from 1 for the first retry after a close.
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
	const base = 250;
	const cap = 10_000;
	const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 16));
	return Math.max(100, random() * ceiling);
}

export interface RelayConnectionOptions {
	doc: Y.Doc;
	roomId: string;
	key: string;
	/** Base WebSocket URL of the relay, e.g. `wss://host/yjs`. */
	url: string;
	/** Called whenever a fact behind the status may have changed. */
	onChange?: () => void;
	/** For Node tests. */
	WebSocketPolyfill?: typeof WebSocket;
	/** The presence channel to carry (made by the caller so it works offline too). */
	awareness?: Awareness;
}

/** The relay URL for the page's own origin. */
export function relayUrlFor(location: Location | URL): string {
	const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${protocol}//${location.host}/yjs`;
}

export class RelayConnection {
	readonly provider: WebsocketProvider;
	#doc: Y.Doc;
	#serverStateVector: Map<number, number> | null = null;
	/** Updates of ours the relay says it has handled on this socket. */
	#handled: number | null = null;
	#wanted = true;
	/** Closes since the last successful sync (y-websocket counts too late for jitter). */
	#attempts = 0;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#terminal: { code: number; reason: string } | null = null;
	#onChange: () => void;
	#bcTimer: (() => void) | null = null;

	constructor(options: RelayConnectionOptions) {
		this.#doc = options.doc;
		this.#onChange = options.onChange ?? (() => {});
		this.provider = new WebsocketProvider(options.url, options.roomId, options.doc, {
			params: { key: options.key, saved: '1' },
			WebSocketPolyfill: countingSocket(options.WebSocketPolyfill ?? WebSocket),
			awareness: options.awareness,
			connect: false,
			// Joined once the page is idle, below.
			disableBc: true
		});
		this.provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, provider, emitSynced) => {
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			const type = readSyncMessage(decoder, encoder, provider.doc, provider);
			if (emitSynced && type === syncProtocol.messageYjsSyncStep2 && !provider.synced) {
				provider.synced = true;
			}
		};
		this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
			this.#serverStateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
			// Older relays send only the state vector.
			this.#handled = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : null;
			this.#onChange();
		};
		this.provider.on('status', (event: { status: string }) => {
			if (event.status === 'connected') this.#reannounce();
			this.#onChange();
		});
		this.provider.on('sync', (synced: boolean) => {
			if (synced) this.#attempts = 0;
			this.#onChange();
		});
		this.provider.on('connection-close', (event) =>
			this.#scheduleReconnect(event?.code, event?.reason)
		);
		// Local edits change the status too (they are not saved until the relay says so).
		this.#doc.on('update', this.#onLocalUpdate);
		this.provider.connect();
		this.#bcTimer = whenIdle(() => this.#joinTabs());
		globalThis.addEventListener?.('online', this.#reconnectNow);
		globalThis.addEventListener?.('offline', this.#onChange);
	}

	/**
	 * After a drop the relay (and every peer) marked our presence gone with our clock + 1;
	 * the provider re-sends our state with the old clock on reconnect, which they ignore
	 * until the awareness renewal catches up (up to 30 s). Two bumps put our clock past
	 * theirs, so the room sees us again at once.
	 */
	#reannounce() {
		const awareness = this.provider.awareness;
		const state = awareness.getLocalState();
		if (state === null) return;
		awareness.setLocalState({ ...state });
		awareness.setLocalState({ ...state });
	}

	/** The relay refused us for good (bad key, message too big…): code and reason. */
	get terminalClose(): { code: number; reason: string } | null {
		return this.#terminal;
	}

	get facts(): SyncFacts {
		return {
			connected: this.provider.wsconnected,
			connecting: this.provider.wsconnecting,
			failedAttempts: this.provider.wsUnsuccessfulReconnects,
			online: globalThis.navigator?.onLine ?? true,
			synced: this.provider.synced,
			serverStateVector: this.#serverStateVector,
			unconfirmedUpdates:
				this.#handled === null ? 0 : Math.max(0, this.#sentUpdates() - this.#handled),
			localStateVector: stateVectorOf(this.#doc)
		};
	}

	#sentUpdates(): number {
		return (this.provider.ws as CountingSocket | null)?.sentUpdates ?? 0;
	}

	get status(): SyncStatus {
		return syncStatus(this.facts);
	}

	/** Replaces y-websocket's fixed backoff by a jittered one. */
	#scheduleReconnect(code: number | undefined, reason: string | undefined): void {
		this.#serverStateVector = null;
		this.#handled = null;
		// Stop the provider's own fixed-delay retry; ours follows.
		this.provider.shouldConnect = false;
		if (isTerminalClose(code)) {
			this.#terminal = { code: code!, reason: reason ?? '' };
			this.#wanted = false;
		}
		if (this.#wanted) {
			if (this.#timer) clearTimeout(this.#timer);
			this.#attempts++;
			const delay = reconnectDelay(this.#attempts);
			this.#timer = setTimeout(() => {
				this.#timer = null;
				if (this.#wanted) this.provider.connect();
			}, delay);
		}
		this.#onChange();
	}

	#onLocalUpdate = (): void => this.#onChange();

	#reconnectNow = (): void => {
		this.#onChange();
		if (!this.#wanted || this.provider.wsconnected || this.provider.wsconnecting) return;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.provider.connect();
	};

	/**
	 * Joins this browser's other tabs of the portfolio (y-websocket's BroadcastChannel
	 * sync, which keeps them in step even offline). Joining sends the whole doc to them,
	 * about 100 ms of encoding at 1,000 projects, so it waits until the page is idle
	 * instead of delaying the first render.
	 */
	#joinTabs(): void {
		this.#bcTimer = null;
		if (!this.#wanted) return;
		this.provider.disableBc = false;
		this.provider.connectBc();
	}

	/** Closes the socket for good (leaving the portfolio). */
	destroy(): void {
		this.#wanted = false;
		this.#bcTimer?.();
		if (this.#timer) clearTimeout(this.#timer);
		this.#doc.off('update', this.#onLocalUpdate);
		globalThis.removeEventListener?.('online', this.#reconnectNow);
		globalThis.removeEventListener?.('offline', this.#onChange);
		this.provider.destroy();
		// The provider leaves the awareness (and its timer) running.
		this.provider.awareness.destroy();
	}
}

/** Runs `task` when the page is idle (at most 1 s from now); returns a cancel function. */
function whenIdle(task: () => void): () => void {
	if (typeof globalThis.requestIdleCallback === 'function') {
		const handle = requestIdleCallback(task, { timeout: 1000 });
		return () => cancelIdleCallback(handle);
	}
	const timer = setTimeout(task, 0);
	return () => clearTimeout(timer);
}

interface CountingSocket extends WebSocket {
	sentUpdates: number;
}

/** True for an outgoing sync step 2 or update: the messages the relay counts as handled. */
function isDocumentUpdate(data: unknown): boolean {
	if (!(data instanceof Uint8Array) || data.length < 2) return false;
	return data[0] === MESSAGE_SYNC && (data[1] === 1 || data[1] === 2);
}

/**
 * A WebSocket class that counts the document updates it sends. A delete adds nothing
 * to a state vector, so "saved" also needs the relay to have handled every update we
 * sent on this socket (the `handled` count of the saved message).
 */
function countingSocket(Base: typeof WebSocket): typeof WebSocket {
	return class extends Base implements CountingSocket {
		sentUpdates = 0;
		send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
			if (isDocumentUpdate(data)) this.sentUpdates++;
			super.send(data);
		}
	};
}
