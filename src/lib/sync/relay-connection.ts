import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { stateVectorOf, syncStatus, type SyncFacts, type SyncStatus } from './status';

/**
 * Our side of the relay: the stock y-websocket provider plus two things the stock one
 * lacks: the relay's "saved" message (type 100, the server's state vector after it
 * persisted) and reconnects with full jitter, so hundreds of clients do not come back
 * in lockstep after a relay restart.
 */

/** Message type the relay uses to announce the state vector it has persisted. */
export const MESSAGE_SAVED = 100;

/** Close codes 4400-4499 mean "do not retry" (y-websocket's convention, kept by our relay). */
export function isTerminalClose(code: number | undefined): boolean {
	return code !== undefined && code >= 4400 && code < 4500;
}

/** Full-jitter exponential backoff: a random delay in [base, min(cap, base·2^attempt)]. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
	const base = 250;
	const cap = 10_000;
	const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 16));
	return base + random() * (ceiling - base);
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
	#wanted = true;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#terminal: { code: number; reason: string } | null = null;
	#onChange: () => void;

	constructor(options: RelayConnectionOptions) {
		this.#doc = options.doc;
		this.#onChange = options.onChange ?? (() => {});
		this.provider = new WebsocketProvider(options.url, options.roomId, options.doc, {
			params: { key: options.key, saved: '1' },
			WebSocketPolyfill: options.WebSocketPolyfill,
			connect: false
		});
		this.provider.messageHandlers[MESSAGE_SAVED] = (_encoder, decoder) => {
			this.#serverStateVector = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
			this.#onChange();
		};
		this.provider.on('status', () => this.#onChange());
		this.provider.on('sync', () => this.#onChange());
		this.provider.on('connection-close', (event) =>
			this.#scheduleReconnect(event?.code, event?.reason)
		);
		this.provider.connect();
		globalThis.addEventListener?.('online', this.#reconnectNow);
		globalThis.addEventListener?.('offline', this.#onChange);
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
			localStateVector: stateVectorOf(this.#doc)
		};
	}

	get status(): SyncStatus {
		return syncStatus(this.facts);
	}

	/** Replaces y-websocket's fixed backoff by a jittered one. */
	#scheduleReconnect(code: number | undefined, reason: string | undefined): void {
		this.#serverStateVector = null;
		// Stop the provider's own fixed-delay retry; ours follows.
		this.provider.shouldConnect = false;
		if (isTerminalClose(code)) {
			this.#terminal = { code: code!, reason: reason ?? '' };
			this.#wanted = false;
		}
		if (this.#wanted) {
			if (this.#timer) clearTimeout(this.#timer);
			const delay = reconnectDelay(this.provider.wsUnsuccessfulReconnects);
			this.#timer = setTimeout(() => {
				this.#timer = null;
				if (this.#wanted) this.provider.connect();
			}, delay);
		}
		this.#onChange();
	}

	#reconnectNow = (): void => {
		this.#onChange();
		if (!this.#wanted || this.provider.wsconnected || this.provider.wsconnecting) return;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.provider.connect();
	};

	/** Closes the socket for good (leaving the portfolio). */
	destroy(): void {
		this.#wanted = false;
		if (this.#timer) clearTimeout(this.#timer);
		globalThis.removeEventListener?.('online', this.#reconnectNow);
		globalThis.removeEventListener?.('offline', this.#onChange);
		this.provider.destroy();
	}
}

/** Encodes the "saved" message (used by the relay and by tests). */
export function encodeSavedMessage(stateVector: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_SAVED);
	encoding.writeVarUint8Array(encoder, stateVector);
	return encoding.toUint8Array(encoder);
}
