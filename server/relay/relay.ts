import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Fanout } from '../fanout';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { Store } from '../store/store';
import { authorizeUpgrade, clientIp, createTokenMatches } from './auth';
import { Connection, type Peer } from './connection';
import { CloseCode, HARD_PAYLOAD_FACTOR, type Limits, type Timing } from './limits';
import { Room } from './room';

export interface RelayOptions {
	store: Store;
	fanout: Fanout;
	metrics: Metrics;
	log: Logger;
	limits: Limits;
	timing: Timing;
	/** Extra allowed Origins (`*` for any); null allows localhost origins (see auth.ts). */
	allowedOrigins: readonly string[] | null;
	/** Take the client IP from X-Forwarded-For (behind a reverse proxy only). */
	trustProxy: boolean;
	/** When set, a room with nothing stored opens only for clients presenting it (`create=`). */
	createToken: string | null;
}

/** The window of `maxNewRoomsPerIpPerMinute`. */
const NEW_ROOM_WINDOW_MS = 60_000;

/**
 * The relay: authorises upgrades, holds the room map, enforces the connection limits,
 * pings sockets and unloads idle rooms. Protocol handling lives in Room.
 */
export class Relay {
	readonly #options: RelayOptions;
	readonly #wss: WebSocketServer;
	readonly #rooms = new Map<string, Room>();
	/** Rooms being unloaded; a new room with the same id loads after it. */
	readonly #unloading = new Map<string, Promise<void>>();
	readonly #idleTimers = new Map<string, NodeJS.Timeout>();
	readonly #perIp = new Map<string, number>();
	/** When each IP opened its recent new rooms (within the last minute), oldest first. */
	readonly #newRoomsPerIp = new Map<string, number[]>();
	readonly #connections = new Set<Connection>();
	readonly #heartbeat: NodeJS.Timeout;
	#closing = false;

	constructor(options: RelayOptions) {
		this.#options = options;
		this.#wss = new WebSocketServer({
			noServer: true,
			maxPayload: options.limits.maxMessageBytes * HARD_PAYLOAD_FACTOR,
			perMessageDeflate: false
		});
		this.#heartbeat = setInterval(() => this.#ping(), options.timing.pingIntervalMs);
		this.#heartbeat.unref();
	}

	/** Rooms in memory. */
	get roomCount(): number {
		return this.#rooms.size;
	}

	/** Open connections. */
	get connectionCount(): number {
		return this.#connections.size;
	}

	/** The room in memory, if any (tests). */
	room(roomId: string): Room | undefined {
		return this.#rooms.get(roomId);
	}

	/**
	 * The HTTP server's `upgrade` listener. Authorisation happens here, before
	 * `handleUpgrade`: a refused request gets an HTTP status and never a socket.
	 */
	handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
		socket.on('error', () => socket.destroy());
		if (this.#closing) return refuse(socket, 503, 'shutting down');
		const decision = authorizeUpgrade(req, this.#options.allowedOrigins);
		const ip = clientIp(req, this.#options.trustProxy);
		if (!decision.ok) {
			const reason = { 400: 'bad_request', 401: 'unauthorized', 403: 'origin', 404: 'not_found' };
			this.#options.metrics.reject(reason[decision.status]);
			this.#options.log.warn('reject', {
				reason: reason[decision.status],
				status: decision.status,
				ip,
				origin: req.headers.origin,
				detail: decision.message
			});
			return refuse(socket, decision.status, decision.message);
		}
		const { roomId, role, saved, createToken } = decision;
		this.#wss.handleUpgrade(req, socket, head, (ws) =>
			this.#accept(ws, { roomId, role, saved, ip, createToken })
		);
	};

	#accept(ws: WebSocket, peer: Peer): void {
		const { metrics, log, limits } = this.#options;
		const conn = new Connection(ws, peer, {
			metrics,
			log,
			maxBufferedBytes: limits.maxBufferedBytes
		});
		ws.on('error', (error: Error & { code?: string }) => {
			if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
				// Past the hard cap `ws` has already closed the socket with 1009.
				metrics.reject('message_too_large');
				log.warn('reject', {
					reason: 'message_too_large',
					code: 1009,
					room: peer.roomId,
					ip: peer.ip
				});
			} else {
				log.warn('socket-error', { room: peer.roomId, ip: peer.ip, error: error.message });
			}
		});
		if (this.#closing) return conn.close(CloseCode.goingAway, 'server shutting down');
		const perIp = this.#perIp.get(peer.ip) ?? 0;
		if (perIp >= limits.maxConnectionsPerIp) {
			return conn.reject(
				CloseCode.tooManyConnections,
				'too_many_connections',
				`${perIp} connections from this address (limit ${limits.maxConnectionsPerIp})`
			);
		}
		const room = this.#roomFor(peer.roomId);
		if (!room) {
			return conn.reject(
				CloseCode.tooManyRooms,
				'too_many_rooms',
				`${this.#rooms.size} rooms open (limit ${limits.maxRooms})`
			);
		}
		this.#perIp.set(peer.ip, perIp + 1);
		this.#connections.add(conn);
		ws.on('pong', () => (conn.alive = true));
		ws.on('message', (data, isBinary) => this.#receive(room, conn, data, isBinary));
		ws.on('close', () => this.#leave(room, conn));
		room.join(conn);
	}

	#receive(room: Room, conn: Connection, data: RawData, isBinary: boolean): void {
		const { metrics, limits } = this.#options;
		const bytes = toBytes(data);
		metrics.messagesIn++;
		metrics.bytesIn += bytes.byteLength;
		conn.alive = true;
		if (bytes.byteLength > limits.maxMessageBytes) {
			return conn.reject(
				CloseCode.messageTooLarge,
				'message_too_large',
				`message of ${bytes.byteLength} bytes (limit ${limits.maxMessageBytes})`
			);
		}
		if (!isBinary) return conn.reject(CloseCode.malformed, 'malformed', 'text frame');
		room.receive(conn, bytes);
	}

	#roomFor(roomId: string): Room | null {
		const existing = this.#rooms.get(roomId);
		if (existing) {
			this.#cancelIdle(roomId);
			return existing;
		}
		if (this.#rooms.size >= this.#options.limits.maxRooms && !this.#evictIdle()) return null;
		const { store, fanout, metrics, log, limits, timing } = this.#options;
		const room = new Room(
			roomId,
			{
				store,
				fanout,
				metrics,
				log,
				limits,
				timing,
				onFailed: (r) => this.#forget(r),
				admitToEmpty: (conn) => this.#admitToEmpty(conn)
			},
			this.#unloading.get(roomId)
		);
		this.#rooms.set(roomId, room);
		return room;
	}

	/**
	 * Makes space by unloading the room that has been idle longest (the idle timers are
	 * kept in the order rooms went idle). Rooms with clients are never evicted.
	 */
	#evictIdle(): boolean {
		for (const roomId of this.#idleTimers.keys()) {
			const room = this.#rooms.get(roomId);
			this.#cancelIdle(roomId);
			if (!room) continue;
			this.#options.log.info('room-evicted', { room: roomId });
			void this.#unload(room);
			return true;
		}
		return false;
	}

	/**
	 * Called by a room with nothing stored before it greets a client: the client must
	 * present the create token (when one is configured), and its IP must be under the
	 * new-room rate. A refused client is closed here and the room not answered.
	 */
	#admitToEmpty(conn: Connection): boolean {
		const { createToken, limits } = this.#options;
		if (createToken !== null && !createTokenMatches(conn.peer.createToken, createToken)) {
			conn.reject(
				CloseCode.createForbidden,
				'create_forbidden',
				'this room has nothing stored and creating one needs the create token'
			);
			return false;
		}
		const now = Date.now();
		const recent = (this.#newRoomsPerIp.get(conn.peer.ip) ?? []).filter(
			(at) => now - at < NEW_ROOM_WINDOW_MS
		);
		if (recent.length >= limits.maxNewRoomsPerIpPerMinute) {
			this.#newRoomsPerIp.set(conn.peer.ip, recent);
			conn.reject(
				CloseCode.tooManyNewRooms,
				'too_many_new_rooms',
				`${recent.length} new rooms from this address in a minute (limit ${limits.maxNewRoomsPerIpPerMinute})`
			);
			return false;
		}
		recent.push(now);
		this.#newRoomsPerIp.set(conn.peer.ip, recent);
		return true;
	}

	#leave(room: Room, conn: Connection): void {
		if (!this.#connections.delete(conn)) return;
		const left = (this.#perIp.get(conn.peer.ip) ?? 1) - 1;
		if (left > 0) this.#perIp.set(conn.peer.ip, left);
		else this.#perIp.delete(conn.peer.ip);
		room.leave(conn);
		if (room.connections.size === 0 && this.#rooms.get(room.id) === room && !this.#closing) {
			this.#cancelIdle(room.id);
			// A room with nothing stored has nothing to keep warm: its slot is freed at once.
			if (room.state === 'ready' && room.size.rows === 0) return void this.#unload(room);
			const timer = setTimeout(() => void this.#unload(room), this.#options.timing.roomIdleMs);
			timer.unref();
			this.#idleTimers.set(room.id, timer);
		}
	}

	#cancelIdle(roomId: string): void {
		const timer = this.#idleTimers.get(roomId);
		if (timer) clearTimeout(timer);
		this.#idleTimers.delete(roomId);
	}

	/** Takes the room out of the map at once; the unload (compaction) finishes later. */
	#unload(room: Room): Promise<void> {
		this.#idleTimers.delete(room.id);
		if (this.#rooms.get(room.id) !== room || room.connections.size > 0) return Promise.resolve();
		this.#rooms.delete(room.id);
		const previous = this.#unloading.get(room.id) ?? Promise.resolve();
		const done = previous.then(() => room.unload());
		this.#unloading.set(room.id, done);
		void done.finally(() => {
			if (this.#unloading.get(room.id) === done) this.#unloading.delete(room.id);
		});
		this.#options.log.info('room-unloaded', { room: room.id, rows: room.size.rows });
		return done;
	}

	#forget(room: Room): void {
		if (this.#rooms.get(room.id) === room) this.#rooms.delete(room.id);
		this.#cancelIdle(room.id);
	}

	#ping(): void {
		const now = Date.now();
		for (const [ip, times] of this.#newRoomsPerIp) {
			if (times.every((at) => now - at >= NEW_ROOM_WINDOW_MS)) this.#newRoomsPerIp.delete(ip);
		}
		for (const conn of this.#connections) {
			if (!conn.alive) {
				this.#options.metrics.reject('ping_timeout');
				this.#options.log.info('ping-timeout', { room: conn.peer.roomId, ip: conn.peer.ip });
				conn.terminate();
			} else {
				conn.ping();
			}
		}
	}

	/**
	 * Shuts down: refuses new upgrades, closes every socket with 1001, then unloads
	 * every room (each compacts its log). The store stays open; its owner closes it.
	 */
	async close(): Promise<void> {
		if (this.#closing) return;
		this.#closing = true;
		clearInterval(this.#heartbeat);
		for (const timer of this.#idleTimers.values()) clearTimeout(timer);
		this.#idleTimers.clear();
		for (const conn of this.#connections) conn.close(CloseCode.goingAway, 'server shutting down');
		const rooms = [...this.#rooms.values()];
		this.#rooms.clear();
		await Promise.all([...rooms.map((room) => room.unload()), ...[...this.#unloading.values()]]);
		for (const ws of this.#wss.clients) ws.terminate();
		await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
	}
}

function toBytes(data: RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	503: 'Service Unavailable'
};

/** Answers an upgrade request with a plain HTTP error and closes the TCP socket. */
function refuse(socket: Duplex, status: number, message: string): void {
	if (!socket.writable) return void socket.destroy();
	socket.once('finish', () => socket.destroy());
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\n` +
			'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
			`Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`
	);
}
