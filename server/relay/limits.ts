/**
 * The relay's limits and the WebSocket close codes it uses. One place, so that
 * server/README.md, the client and the tests agree on the numbers.
 *
 * Close codes follow the convention of the stock y-websocket client (3.x): 4400-4499
 * means "do not reconnect, reconnecting cannot fix it"; any other code is transient and
 * the client retries with backoff (4500-4599 and 1013 say so explicitly).
 */

/** Limits that protect the relay; each has an environment variable (see config.ts). */
export interface Limits {
	/** Largest WebSocket message accepted, in bytes. */
	maxMessageBytes: number;
	/** Largest awareness update accepted, in bytes. */
	maxAwarenessBytes: number;
	/** Open WebSocket connections per client IP address. */
	maxConnectionsPerIp: number;
	/** Rooms held in memory at once; a new room beyond this is refused. */
	maxRooms: number;
	/** Largest stored document (its update log, compacted when needed), in bytes. */
	maxDocumentBytes: number;
	/**
	 * Rooms with nothing stored that one IP address may open per minute. Opening a new
	 * room costs a slot and a store read; without this one address could churn them.
	 */
	maxNewRoomsPerIpPerMinute: number;
	/**
	 * Bytes the relay may hold for one socket that does not read (`ws.bufferedAmount`).
	 * A single message is always queued on an empty buffer, so a first sync larger than
	 * this still goes out; a socket that stays behind is closed.
	 */
	maxBufferedBytes: number;
}

/** How the relay keeps rooms and sockets tidy; each has an environment variable too. */
export interface Timing {
	/** A room is unloaded this long after its last client left. */
	roomIdleMs: number;
	/** Sockets are pinged this often; one that missed the previous pong is dropped. */
	pingIntervalMs: number;
	/** The update log of a room is compacted past this many rows... */
	compactRows: number;
	/** ...or when it grew by this many bytes since it was last compacted or loaded. */
	compactBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
	maxMessageBytes: 8 * MiB,
	maxAwarenessBytes: 64 * 1024,
	maxConnectionsPerIp: 50,
	maxRooms: 5000,
	maxDocumentBytes: 32 * MiB,
	maxNewRoomsPerIpPerMinute: 30,
	maxBufferedBytes: 16 * MiB
});

export const DEFAULT_TIMING: Readonly<Timing> = Object.freeze({
	roomIdleMs: 30_000,
	pingIntervalMs: 30_000,
	compactRows: 500,
	compactBytes: 1 * MiB
});

/**
 * Messages larger than the limit are refused with {@link CloseCode.messageTooLarge};
 * `ws` itself drops anything beyond this multiple of the limit (close code 1009) before
 * it is even buffered whole, so a huge frame cannot exhaust memory.
 */
export const HARD_PAYLOAD_FACTOR = 2;

/**
 * Awareness client ids one connection may introduce over its life. A stock client has
 * one (its doc's clientID); a few more allow for a reloaded doc on the same socket.
 * Entries for further ids, and for ids another connection introduced, are dropped.
 */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 4;

/**
 * Deepest nesting of objects and arrays accepted in one awareness state. The app's
 * presence is 3 deep; a state nested thousands deep parses but overflows the stack of
 * the encoder when the next client joins.
 */
export const MAX_AWARENESS_DEPTH = 16;

/** Every close code the relay sends, with whether a client should reconnect. */
export const CloseCode = Object.freeze({
	/** The server is shutting down (standard code). Retry. */
	goingAway: 1001,
	/** An unexpected error in this room's code, not the store's (standard). Retry. */
	internalError: 1011,
	/** The store failed for this room (standard "try again later"). Retry. */
	tryAgainLater: 1013,
	/** A message could not be decoded (bad varint, unknown type, text frame). Give up. */
	malformed: 4400,
	/** The room's document would grow past `maxDocumentBytes`. Give up. */
	documentTooLarge: 4409,
	/** A message was larger than `maxMessageBytes`. Give up. */
	messageTooLarge: 4413,
	/** The room has nothing stored and `CAIRN_CREATE_TOKEN` was not presented. Give up. */
	createForbidden: 4403,
	/** An awareness update was larger than `maxAwarenessBytes`, or nested too deep. Give up. */
	awarenessTooLarge: 4431,
	/** `maxRooms` rooms are in memory; this one cannot be opened now. Retry. */
	tooManyRooms: 4503,
	/** The socket did not read: over `maxBufferedBytes` waiting to be sent. Retry (resync). */
	slowReader: 4508,
	/** This IP address already has `maxConnectionsPerIp` connections. Retry. */
	tooManyConnections: 4529,
	/** This IP address opened `maxNewRoomsPerIpPerMinute` new rooms in the last minute. Retry. */
	tooManyNewRooms: 4530
});

export type CloseCodeName = keyof typeof CloseCode;

/** True when a client should stop reconnecting after this close code. */
export function isPermanentClose(code: number): boolean {
	return code >= 4400 && code < 4500;
}
