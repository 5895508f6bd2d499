/**
 * One process of the relay load generator. It opens its share of the clients (client j
 * of room r lives in worker (r + j) mod workers, so every room has peers in other
 * processes), speaks the y-websocket protocol over real WebSockets, and at the agreed
 * time makes each client write `rate` updates per second to its own key of a Y.Map.
 *
 * Each update carries the wall-clock time it was made (`performance.timeOrigin +
 * performance.now()`, comparable across processes). A receiver finds that stamp in the
 * update's bytes (Yjs keeps strings verbatim) and records now − stamp: the delivery
 * latency through the relay, including both event loops. Receivers do not apply the
 * update to a Y.Doc: that is client work, not the relay's, and it would make the load
 * generator compete harder with the relay for the two cores.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { onParent, toParent } from './child';
import { Samples, wallNow } from './stats';

export interface LoadWorkerConfig {
	workerIndex: number;
	workers: number;
	/** ws://host:port */
	url: string;
	/** Ours wants /yjs/<room>?key=…&saved=1 (as the app connects); the reference /<room>. */
	protocol: 'ours' | 'reference';
	rooms: { roomId: string; editKey: string }[];
	clientsPerRoom: number;
	/** Updates per second per client. */
	rate: number;
}

export interface LoadGo {
	/** Wall-clock ms: sending starts. */
	startAt: number;
	/** Samples count from here… */
	windowStart: number;
	/** …to here; sending stops here too. */
	windowEnd: number;
	/** How long after windowEnd to keep listening for late deliveries. */
	drainMs: number;
}

export interface LoadWorkerResult {
	type: 'result';
	/** Delivery latencies (ms) of updates stamped inside the window. */
	latencies: Float64Array;
	/** Updates this worker sent inside the window. */
	sent: number;
	/** How late each send was against its schedule (ms), inside the window. */
	sendLag: Float64Array;
	/** Relay "saved" messages (type 100) received inside the window. */
	savedMessages: number;
	/** Any other message received inside the window (awareness, sync replies). */
	otherMessages: number;
	/** Own updates sent back by the relay (the reference does that), inside the window. */
	echoes: number;
	/** The worst latency per 100 ms of the window, by arrival time. */
	timeline: number[];
	/** p99 of this process's event-loop delay during the window (ms). */
	loopDelayP99: number;
	/** The longest GC pause of this process during the window (ms). */
	gcMaxMs: number;
	/** CPU time this process used during the window (ms). */
	cpuMs: number;
	closes: number;
	errors: string[];
}

const MESSAGE_SYNC = 0;
const MESSAGE_SAVED = 100;
const SYNC_UPDATE = 2;
const MARK = Buffer.from('\u0001stamp:');

interface LoadClient {
	index: number;
	ws: WebSocket;
	doc: Y.Doc;
	map: Y.Map<string>;
	synced: boolean;
	next: number;
}

let config: LoadWorkerConfig;
const clients: LoadClient[] = [];
const latencies = new Samples();
const timeline: number[] = [];
let gcMaxMs = 0;
new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) {
		if (entry.startTime + performance.timeOrigin >= windowStart) {
			gcMaxMs = Math.max(gcMaxMs, entry.duration);
		}
	}
}).observe({ entryTypes: ['gc'] });
const sendLag = new Samples();
let windowStart = Infinity;
let windowEnd = Infinity;
let sent = 0;
let savedMessages = 0;
let otherMessages = 0;
let echoes = 0;
let closes = 0;
const errors: string[] = [];

function urlFor(room: { roomId: string; editKey: string }): string {
	return config.protocol === 'ours'
		? `${config.url}/yjs/${room.roomId}?key=${room.editKey}&saved=1`
		: `${config.url}/${room.roomId}`;
}

/**
 * Reads every stamp in an update message (normally exactly one). The reference server
 * also sends each update back to its sender: those echoes are counted, not timed.
 */
function recordStamps(client: LoadClient, data: Buffer, now: number): void {
	let at = data.indexOf(MARK);
	while (at >= 0) {
		const start = at + MARK.length;
		const bar = data.indexOf(0x7c /* | */, start);
		const end = bar < 0 ? -1 : data.indexOf(0x7c, bar + 1);
		if (end < 0) return;
		const stamp = Number(data.toString('latin1', start, bar));
		const sender = Number(data.toString('latin1', bar + 1, end));
		if (stamp >= windowStart && stamp < windowEnd) {
			if (sender === client.index) echoes++;
			else {
				const latency = now - stamp;
				latencies.push(latency);
				const bucket = Math.floor((now - windowStart) / 100);
				if (bucket >= 0 && !(timeline[bucket] >= latency)) timeline[bucket] = latency;
			}
		}
		at = data.indexOf(MARK, end);
	}
}

function onMessage(client: LoadClient, data: Buffer): void {
	const now = wallNow();
	const inWindow = now >= windowStart;
	if (data[0] === MESSAGE_SYNC && data[1] === SYNC_UPDATE) {
		recordStamps(client, data, now);
		return;
	}
	if (data[0] === MESSAGE_SAVED) {
		if (inWindow) savedMessages++;
		return;
	}
	if (inWindow) otherMessages++;
	if (data[0] !== MESSAGE_SYNC) return; // awareness: nothing to do
	const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.length));
	decoding.readVarUint(decoder);
	const step = decoding.readVarUint(decoder);
	if (step === syncProtocol.messageYjsSyncStep1) {
		// Answer the relay's step 1 with what we have (nothing the relay lacks, at first).
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeSyncStep2(encoder, client.doc, decoding.readVarUint8Array(decoder));
		client.ws.send(encoding.toUint8Array(encoder));
	} else if (step === syncProtocol.messageYjsSyncStep2) {
		client.synced = true;
	}
}

function connect(index: number, room: { roomId: string; editKey: string }): Promise<LoadClient> {
	const doc = new Y.Doc();
	const ws = new WebSocket(urlFor(room), { perMessageDeflate: false });
	const client: LoadClient = { index, ws, doc, map: doc.getMap('load'), synced: false, next: 0 };
	doc.on('update', (update: Uint8Array) => {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_SYNC);
		syncProtocol.writeUpdate(encoder, update);
		if (ws.readyState === WebSocket.OPEN) ws.send(encoding.toUint8Array(encoder));
	});
	ws.on('message', (data: Buffer) => onMessage(client, data));
	ws.on('close', () => closes++);
	ws.on('error', (error) => errors.length < 20 && errors.push(error.message));
	return new Promise((resolve, reject) => {
		ws.once('open', () => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MESSAGE_SYNC);
			syncProtocol.writeSyncStep1(encoder, doc);
			ws.send(encoding.toUint8Array(encoder));
			resolve(client);
		});
		ws.once('error', reject);
	});
}

async function start(): Promise<void> {
	const started = wallNow();
	const mine: { index: number; room: { roomId: string; editKey: string } }[] = [];
	config.rooms.forEach((room, r) => {
		for (let j = 0; j < config.clientsPerRoom; j++) {
			if ((r + j) % config.workers === config.workerIndex) {
				mine.push({ index: r * config.clientsPerRoom + j, room });
			}
		}
	});
	// A few connects at a time: the relay is measured under load, not under a connect storm.
	for (let i = 0; i < mine.length; i += 25) {
		const batch = mine.slice(i, i + 25).map(({ index, room }) => connect(index, room));
		clients.push(...(await Promise.all(batch)));
	}
	while (!clients.every((c) => c.synced)) await new Promise((resolve) => setTimeout(resolve, 20));
	toParent({ type: 'connected', clients: clients.length, connectMs: wallNow() - started });
}

function go({ startAt, windowStart: from, windowEnd: to, drainMs }: LoadGo): void {
	windowStart = from;
	windowEnd = to;
	const period = 1000 / config.rate;
	// Spread the clients evenly over one period so sends do not come in bursts.
	clients.forEach((client, i) => {
		client.next = startAt + ((i + config.workerIndex / config.workers) * period) / clients.length;
	});
	const delay = monitorEventLoopDelay({ resolution: 10 });
	let measuring = false;
	let cpuAtStart: NodeJS.CpuUsage | null = null;
	let cpuMs = NaN;
	let seq = 0;
	const tick = () => {
		const now = wallNow();
		if (now >= windowStart && !measuring) {
			measuring = delay.enable();
			cpuAtStart = process.cpuUsage();
		}
		if (now >= windowEnd) {
			clearInterval(timer);
			if (cpuAtStart) {
				const used = process.cpuUsage(cpuAtStart);
				cpuMs = (used.user + used.system) / 1000;
			}
			return;
		}
		for (const client of clients) {
			if (client.next > now) continue;
			const stamp = wallNow();
			if (stamp >= windowStart && stamp < windowEnd) {
				sent++;
				sendLag.push(stamp - client.next);
			}
			client.map.set(
				`c${client.index}`,
				`${MARK.toString('latin1')}${stamp.toFixed(3)}|${client.index}|${seq++}`
			);
			client.next += period;
			// A client far behind skips rather than bursts (keeps the offered rate honest).
			if (client.next < now - period) client.next = now + period;
		}
	};
	const timer = setInterval(tick, 2);
	setTimeout(
		() => {
			delay.disable();
			const result: LoadWorkerResult = {
				type: 'result',
				latencies: latencies.toArray(),
				sent,
				sendLag: sendLag.toArray(),
				savedMessages,
				otherMessages,
				echoes,
				timeline: Array.from(timeline, (v) => v ?? 0),
				loopDelayP99: measuring ? delay.percentile(99) / 1e6 : NaN,
				gcMaxMs,
				cpuMs,
				closes,
				errors
			};
			toParent(result as unknown as { type: string });
		},
		Math.max(0, windowEnd + drainMs - wallNow())
	);
}

onParent(async (message) => {
	if (message.type === 'start') {
		config = message.config as LoadWorkerConfig;
		await start();
	} else if (message.type === 'go') {
		go(message as unknown as LoadGo);
	} else if (message.type === 'stop') {
		for (const client of clients) client.ws.terminate();
		process.exit(0);
	}
});
toParent({ type: 'up' });
