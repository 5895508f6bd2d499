import type { WebSocket } from 'ws';
import type { Role } from '../../src/lib/sync/keys';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import { CloseCode } from './limits';

/** How long a slow reader's closing handshake may take before its socket is dropped. */
const SLOW_READER_GRACE_MS = 1000;

/** Who is on the other end of a socket, as decided in the upgrade hook. */
export interface Peer {
	roomId: string;
	role: Role;
	/** Opted in to saved messages (type 100) with `saved=1`. */
	saved: boolean;
	ip: string;
	/** The `create` query parameter, checked when the room has nothing stored. */
	createToken: string | null;
}

/**
 * One client socket in one room. It counts what it sends, closes at most once and
 * logs why, and remembers the awareness client ids it controls so that they can be
 * removed when it goes.
 */
export class Connection {
	readonly peer: Peer;
	/** Awareness client ids this socket introduced and has not removed. */
	readonly awarenessIds = new Set<number>();
	/** Awareness client ids this socket ever introduced (capped, see limits.ts). */
	awarenessIdsIntroduced = 0;
	/** Cleared by each ping, set by each pong or message; a socket still clear is dead. */
	alive = true;
	/**
	 * Sync step 2 and update messages from this socket that the relay has handled:
	 * stored (or already known) for an editor, dropped for a viewer. Sent in saved messages.
	 */
	updatesHandled = 0;
	#closed = false;
	#rejected = false;
	#warnedViewer = false;
	#dropTimer: NodeJS.Timeout | null = null;
	readonly #ws: WebSocket;
	readonly #metrics: Metrics;
	readonly #log: Logger;
	readonly #maxBufferedBytes: number;

	constructor(
		ws: WebSocket,
		peer: Peer,
		deps: { metrics: Metrics; log: Logger; maxBufferedBytes: number }
	) {
		this.#ws = ws;
		this.peer = peer;
		this.#metrics = deps.metrics;
		this.#log = deps.log;
		this.#maxBufferedBytes = deps.maxBufferedBytes;
		ws.on('close', () => {
			this.#closed = true;
			if (this.#dropTimer) clearTimeout(this.#dropTimer);
		});
	}

	/** True once the socket is closing or closed; nothing more is sent or handled. */
	get closed(): boolean {
		return this.#closed;
	}

	/** True once the relay closed this socket for bad behaviour: nothing more of it is handled. */
	get rejected(): boolean {
		return this.#rejected;
	}

	/** Editors' updates are applied; viewers' are dropped. */
	get canEdit(): boolean {
		return this.peer.role === 'edit';
	}

	/**
	 * Sends one message unless the socket is closing (a failed write closes the socket).
	 * A socket that does not read is closed once what waits for it would pass
	 * `maxBufferedBytes`; one message always fits on an empty buffer.
	 */
	send(message: Uint8Array): void {
		if (this.#closed || this.#ws.readyState !== this.#ws.OPEN) return;
		const buffered = this.#ws.bufferedAmount;
		if (buffered > 0 && buffered + message.byteLength > this.#maxBufferedBytes) {
			this.reject(
				CloseCode.slowReader,
				'slow_reader',
				`${buffered} bytes waiting to be sent (limit ${this.#maxBufferedBytes})`
			);
			// The close frame queues behind what the peer does not read: drop it soon.
			this.#dropTimer = setTimeout(() => this.#ws.terminate(), SLOW_READER_GRACE_MS);
			this.#dropTimer.unref();
			return;
		}
		this.#metrics.messagesOut++;
		this.#metrics.bytesOut += message.byteLength;
		this.#ws.send(message);
	}

	/**
	 * Closes the socket with a code from `CloseCode`, logs one line and counts the
	 * rejection under `reason`. Later calls do nothing.
	 */
	reject(code: number, reason: string, detail: string): void {
		if (this.#closed) return;
		this.#rejected = true;
		this.#metrics.reject(reason);
		this.#log.warn('reject', {
			reason,
			code,
			room: this.peer.roomId,
			ip: this.peer.ip,
			role: this.peer.role,
			detail
		});
		this.close(code, detail);
	}

	/** Closes the socket with `code` (and a reason of at most 123 bytes) without a log line. */
	close(code: number, reason = ''): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#ws.close(code, Buffer.from(reason).subarray(0, 123).toString());
	}

	/** Drops the socket at once, without a closing handshake (dead peers). */
	terminate(): void {
		this.#closed = true;
		this.#ws.terminate();
	}

	/** Sends a ping; the pong sets {@link alive} again. */
	ping(): void {
		this.alive = false;
		if (this.#ws.readyState === this.#ws.OPEN) this.#ws.ping();
	}

	/** Counts a dropped viewer update; logs it once per connection, not once per message. */
	droppedViewerUpdate(): void {
		this.#metrics.reject('viewer_update');
		if (this.#warnedViewer) return;
		this.#warnedViewer = true;
		this.#log.info('viewer-update-dropped', { room: this.peer.roomId, ip: this.peer.ip });
	}
}
