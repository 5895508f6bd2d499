/**
 * Child processes of the bench: TypeScript entries forked with tsx and an IPC channel
 * (advanced serialization, so typed arrays of samples travel as they are), and a way
 * to wait for one message of a given type.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A message between the bench and its children: a `type` and anything else. */
export interface Message {
	type: string;
	[field: string]: unknown;
}

export interface Child {
	process: ChildProcess;
	send(message: Message): void;
	/** Resolves with the next message of this type (rejects when the child exits first). */
	next<T extends Message>(type: string, timeoutMs?: number): Promise<T>;
	/** Resolves when the child has exited. */
	exited: Promise<number | null>;
	kill(signal?: NodeJS.Signals): void;
}

/** Forks `file` (a .ts entry next to this one) under tsx, with an IPC channel. */
export function forkChild(
	file: string,
	args: string[] = [],
	env: Record<string, string> = {},
	execArgv: string[] = []
): Child {
	const child = fork(fileURLToPath(new URL(file, import.meta.url)), args, {
		cwd: ROOT,
		execArgv: ['--import', 'tsx', '--expose-gc', ...execArgv],
		serialization: 'advanced',
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		env: { ...process.env, ...env }
	});
	const waiting = new Map<
		string,
		{ resolve: (m: Message) => void; reject: (e: Error) => void }[]
	>();
	const queued: Message[] = [];
	child.on('message', (raw) => {
		const message = raw as Message;
		const list = waiting.get(message.type);
		const waiter = list?.shift();
		if (waiter) waiter.resolve(message);
		else queued.push(message);
	});
	const exited = new Promise<number | null>((resolve) => {
		child.on('exit', (code) => {
			for (const list of waiting.values()) {
				for (const waiter of list.splice(0)) {
					waiter.reject(new Error(`${file} exited with ${code} before answering`));
				}
			}
			resolve(code);
		});
	});
	return {
		process: child,
		exited,
		send: (message) => {
			if (child.connected) child.send(message);
		},
		next: <T extends Message>(type: string, timeoutMs = 120_000) => {
			const index = queued.findIndex((m) => m.type === type);
			if (index >= 0) return Promise.resolve(queued.splice(index, 1)[0] as T);
			if (child.exitCode !== null || child.signalCode !== null) {
				return Promise.reject(new Error(`${file} has exited`));
			}
			return new Promise<T>((resolve, reject) => {
				const timer = setTimeout(
					() => reject(new Error(`${file}: no '${type}' message within ${timeoutMs} ms`)),
					timeoutMs
				);
				const entry = {
					resolve: (m: Message) => {
						clearTimeout(timer);
						resolve(m as T);
					},
					reject: (e: Error) => {
						clearTimeout(timer);
						reject(e);
					}
				};
				const list = waiting.get(type) ?? [];
				list.push(entry);
				waiting.set(type, list);
			});
		},
		kill: (signal = 'SIGTERM') => {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
		}
	};
}

/** Sends a message to the parent (no-op when there is none). */
export function toParent(message: Message): void {
	process.send?.(message);
}

/** Calls `handler` with every message from the parent. */
export function onParent(handler: (message: Message) => void | Promise<void>): void {
	process.on('message', (raw) => {
		Promise.resolve(handler(raw as Message)).catch((error: unknown) => {
			process.stderr.write(`bench child failed: ${String(error)}\n`);
			process.exit(1);
		});
	});
}

/** Kills a child and waits for it, with SIGKILL after `graceMs`. */
export async function stopChild(child: Child, graceMs = 10_000): Promise<void> {
	if (child.process.exitCode !== null || child.process.signalCode !== null) return;
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await child.exited;
	clearTimeout(timer);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
