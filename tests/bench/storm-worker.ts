/**
 * One process of the reconnect storm: its share of the clients, each a Y.Doc with
 * either our `RelayConnection` (jittered backoff, waits for the relay's "saved") or the
 * stock y-websocket `WebsocketProvider` (its own exponential backoff, no jitter). It
 * records every connection attempt and, after the relay went down, when each client
 * is synced again (and saved, for RelayConnection).
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { RelayConnection } from '../../src/lib/sync/relay-connection';
import { onParent, toParent } from './child';
import { wallNow } from './stats';

export type StormClientKind = 'relay-connection' | 'stock-provider';

export interface StormWorkerConfig {
	/** ws://host:port/yjs */
	url: string;
	kind: StormClientKind;
	clients: { index: number; roomId: string; editKey: string }[];
}

export interface StormWorkerResult {
	type: 'result';
	/** Per client: when it was synced again after the outage (wall ms), or null. */
	syncedAt: (number | null)[];
	/** Per client (RelayConnection only): when its status said "saved" again, or null. */
	savedAt: (number | null)[];
	/** Wall-clock time of every WebSocket the clients opened (attempts). */
	attempts: number[];
}

const attempts: number[] = [];
// y-websocket adds one process 'exit' listener per provider in Node.
process.setMaxListeners(0);

/** ws's WebSocket, counting every attempt. */
class CountingWebSocket extends WebSocket {
	constructor(address: string, protocols?: string | string[]) {
		super(address, protocols, { perMessageDeflate: false });
		attempts.push(wallNow());
	}
}
const Polyfill = CountingWebSocket as unknown as typeof globalThis.WebSocket;

interface StormClient {
	doc: Y.Doc;
	provider: WebsocketProvider;
	connection: RelayConnection | null;
	syncedAt: number | null;
	savedAt: number | null;
}

let config: StormWorkerConfig;
const clients: StormClient[] = [];
/** Set when the relay went down: from then on, sync times are recorded. */
let down = false;
/** Set once every client made its edit during the outage: from then on, saved times. */
let edited = false;

function isSaved(client: StormClient): boolean {
	return client.connection ? client.connection.status === 'saved' : client.provider.synced;
}

function create(spec: StormWorkerConfig['clients'][number]): StormClient {
	const doc = new Y.Doc();
	doc.getMap<number>('storm').set(`c${spec.index}`, 0);
	const client: StormClient = {
		doc,
		provider: null as unknown as WebsocketProvider,
		connection: null,
		syncedAt: null,
		savedAt: null
	};
	const onChange = () => {
		if (!edited || client.savedAt !== null || !client.connection) return;
		if (client.connection.status === 'saved') client.savedAt = wallNow();
	};
	if (config.kind === 'relay-connection') {
		client.connection = new RelayConnection({
			doc,
			roomId: spec.roomId,
			key: spec.editKey,
			url: config.url,
			WebSocketPolyfill: Polyfill,
			onChange
		});
		client.provider = client.connection.provider;
	} else {
		client.provider = new WebsocketProvider(config.url, spec.roomId, doc, {
			params: { key: spec.editKey },
			WebSocketPolyfill: Polyfill,
			disableBc: true
		});
	}
	client.provider.on('sync', (synced: boolean) => {
		if (down && synced && client.syncedAt === null) client.syncedAt = wallNow();
	});
	return client;
}

async function waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) return false;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	return true;
}

onParent(async (message) => {
	if (message.type === 'start') {
		config = message.config as StormWorkerConfig;
		for (let i = 0; i < config.clients.length; i += 25) {
			for (const spec of config.clients.slice(i, i + 25)) clients.push(create(spec));
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		const ok = await waitUntil(() => clients.every(isSaved), 60_000);
		toParent({ type: 'ready', ok, clients: clients.length });
	} else if (message.type === 'down') {
		// The relay is going down: from now on every client must come back, and each
		// makes an edit while it is away (it has something to save when it returns).
		down = true;
		attempts.length = 0;
		toParent({ type: 'marked' });
	} else if (message.type === 'edit') {
		for (const [i, client] of clients.entries()) client.doc.getMap<number>('storm').set(`e${i}`, 1);
		edited = true;
		toParent({ type: 'edited' });
	} else if (message.type === 'collect') {
		const timeoutMs = Number(message.timeoutMs);
		const complete = () =>
			clients.every((c) => c.syncedAt !== null && (!c.connection || c.savedAt !== null));
		await waitUntil(complete, timeoutMs);
		const result: StormWorkerResult = {
			type: 'result',
			syncedAt: clients.map((c) => c.syncedAt),
			savedAt: clients.map((c) => (c.connection ? c.savedAt : null)),
			attempts: [...attempts]
		};
		toParent(result as unknown as { type: string });
	} else if (message.type === 'stop') {
		for (const client of clients) {
			if (client.connection) client.connection.destroy();
			else client.provider.destroy();
			client.doc.destroy();
		}
		process.exit(0);
	}
});
toParent({ type: 'up' });
