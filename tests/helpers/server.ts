/**
 * Helpers for the server tests: a real relay on port 0 with a temporary data
 * directory, stock y-websocket clients (with `ws` as their WebSocket), raw sockets for
 * speaking bytes directly, and a relay in a child process. Everything a helper opens is
 * registered with a {@link Resources} so that teardown closes it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startServer, type RunningServer, type StartOptions } from '../../server/app';
import { memoryLogger } from '../../server/log';
import { newPortfolioKeys } from '../../src/lib/sync/keys';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Things to close at the end of a test, closed in reverse order. */
export class Resources {
	#closers: (() => unknown)[] = [];

	add<T>(value: T, close: (value: T) => unknown): T {
		this.#closers.push(() => close(value));
		return value;
	}

	async closeAll(): Promise<void> {
		const closers = this.#closers.reverse();
		this.#closers = [];
		for (const close of closers) {
			try {
				await close();
			} catch {
				// teardown goes on
			}
		}
	}
}

/** A fresh temporary directory, removed at teardown. */
export function tempDir(res: Resources): string {
	return res.add(mkdtempSync(join(tmpdir(), 'cairn-test-')), (dir) =>
		rmSync(dir, { recursive: true, force: true })
	);
}

export interface TestServer extends RunningServer {
	dataDir: string;
	/** ws://127.0.0.1:port/yjs, the provider's server URL. */
	wsUrl: string;
	lines: string[];
}

/** Starts a relay on 127.0.0.1, port 0, with a temp data dir and a logger kept in memory. */
export async function startTestServer(
	res: Resources,
	options: StartOptions = {}
): Promise<TestServer> {
	const dataDir = options.dataDir ?? tempDir(res);
	const log = memoryLogger();
	const server = await startServer({ port: 0, host: '127.0.0.1', log, ...options, dataDir });
	res.add(server, (s) => s.close());
	return {
		...server,
		dataDir,
		wsUrl: server.url.replace(/^http/, 'ws') + '/yjs',
		lines: log.lines
	};
}

/** A new room's keys. */
export const newRoom = newPortfolioKeys;

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
}

/** A stock y-websocket client in node; BroadcastChannel off so peers only meet through the relay. */
export function connectClient(
	res: Resources,
	wsUrl: string,
	roomId: string,
	params: Record<string, string>,
	options: { onSaved?: (stateVector: Uint8Array, handled: number) => void } = {}
): Client {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(wsUrl, roomId, doc, {
		params,
		// ws's WebSocket is close enough to the browser's for the provider.
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		connect: false
	});
	const { onSaved } = options;
	if (onSaved) {
		// How an app client reads the relay's saved message (type 100).
		provider.messageHandlers[100] = (_encoder, decoder) =>
			onSaved(decoding.readVarUint8Array(decoder), decoding.readVarUint(decoder));
	}
	provider.connect();
	res.add(provider, (p) => {
		p.destroy();
		doc.destroy();
	});
	return { doc, provider };
}

/** True when the relay's state vector `remote` covers everything in `local`. */
export function covers(remote: Uint8Array, local: Uint8Array): boolean {
	const server = Y.decodeStateVector(remote);
	for (const [client, clock] of Y.decodeStateVector(local)) {
		if ((server.get(client) ?? 0) < clock) return false;
	}
	return true;
}

/** Resolves once the provider has synced with the relay. */
export function synced(client: Client, timeoutMs = 5000): Promise<void> {
	if (client.provider.synced) return Promise.resolve();
	return withTimeout(
		new Promise<void>((resolve) => {
			const onSync = (state: boolean) => {
				if (!state) return;
				client.provider.off('sync', onSync);
				resolve();
			};
			client.provider.on('sync', onSync);
		}),
		timeoutMs,
		'provider sync'
	);
}

/** Polls `predicate` until it is true. */
export async function waitFor(
	predicate: () => boolean | Promise<boolean>,
	what: string,
	timeoutMs = 5000
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await predicate())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(10);
	}
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		promise.finally(() => clearTimeout(timer)),
		new Promise<T>((_resolve, reject) => {
			timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
		})
	]);
}

export interface RawSocket {
	ws: WebSocket;
	/** Every binary message received so far. */
	messages: Uint8Array[];
	/** Resolves with the close code and reason. */
	closed: Promise<{ code: number; reason: string }>;
	send(bytes: Uint8Array | number[]): void;
}

/** A plain `ws` socket on a relay URL that resolves once open (rejects on an HTTP refusal). */
export function openSocket(
	res: Resources,
	url: string,
	options: { headers?: Record<string, string>; autoPong?: boolean } = {}
): Promise<RawSocket> {
	const ws = res.add(new WebSocket(url, options), (socket) => socket.terminate());
	const messages: Uint8Array[] = [];
	ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	return new Promise((resolve, reject) => {
		ws.once('open', () =>
			resolve({ ws, messages, closed, send: (bytes) => ws.send(Uint8Array.from(bytes)) })
		);
		ws.once('unexpected-response', (_req, response) =>
			reject(new RefusedError(response.statusCode ?? 0))
		);
		ws.once('error', reject);
	});
}

/** The upgrade was answered with an HTTP status instead of a socket. */
export class RefusedError extends Error {
	constructor(readonly status: number) {
		super(`refused with HTTP ${status}`);
	}
}

/** The HTTP status a refused upgrade got, or 101 when a socket was opened. */
export async function upgradeStatus(
	res: Resources,
	url: string,
	headers: Record<string, string> = {}
): Promise<number> {
	try {
		const socket = await openSocket(res, url, { headers });
		socket.ws.close();
		return 101;
	} catch (error) {
		if (error instanceof RefusedError) return error.status;
		throw error;
	}
}

export interface ChildRelay {
	child: ChildProcessWithoutNullStreams;
	url: string;
	wsUrl: string;
	output: () => string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs `node --import tsx server/main.ts` (or `args`, from `cwd`) on port 0 with `env`,
 * and resolves with the URL it prints (`cairn listening on http://…`).
 */
export function spawnRelay(
	res: Resources,
	env: Record<string, string>,
	{ args = ['--import', 'tsx', 'server/main.ts'], cwd = ROOT } = {}
): Promise<ChildRelay> {
	const child = spawn(process.execPath, args, {
		cwd,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }
	});
	res.add(child, (c) => {
		if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
	});
	let output = '';
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal }))
	);
	return withTimeout(
		new Promise<ChildRelay>((resolve, reject) => {
			const onData = (chunk: Buffer) => {
				output += chunk.toString();
				const match = /listening on (https?:\/\/\S+)/.exec(output);
				if (match) {
					const url = match[1];
					resolve({
						child,
						url,
						wsUrl: url.replace(/^http/, 'ws') + '/yjs',
						output: () => output,
						exited
					});
				}
			};
			child.stdout.on('data', onData);
			child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
			void exited.then(({ code }) => reject(new Error(`relay exited with ${code}:\n${output}`)));
		}),
		15_000,
		'the relay to listen'
	);
}
