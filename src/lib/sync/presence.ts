import type { Awareness } from 'y-protocols/awareness';

/**
 * Presence over y-protocols awareness: who is in the room, on which view, what they
 * have selected and where their pointer is. Ephemeral by design: nothing here is in the
 * doc, so it never enters undo or the stored history, it vanishes when a person leaves
 * (the relay removes their state), and viewers can take part (the relay accepts
 * awareness from view keys).
 *
 * Every peer's state is untrusted input: `parsePresence` keeps only well-formed fields.
 * Local changes are coalesced so a client sends at most `PRESENCE_MAX_RATE` updates
 * per second, however fast the pointer moves.
 */

export type PresenceRole = 'edit' | 'view';

export interface PresenceSelection {
	/** What kind of thing: 'project', 'objective', 'kpi' (the map), 'criterion'… */
	kind: string;
	id: string;
}

export interface PresencePointer {
	/** The view the pointer is over (e.g. 'ranking'). */
	view: string;
	/** Relative to the view's board: 0..1 across its width and height. */
	x: number;
	y: number;
}

/** A presenter calling everyone to follow them: `at` changes with each call. */
export interface PresenceSummon {
	at: number;
}

export interface PresenceState {
	/** This device's participant id (stable across reloads; not the awareness client). */
	participant: string;
	name: string;
	color: string;
	/** The view's path segment ('' for projects, 'ranking', 'workshop'…). */
	view: string;
	selection: PresenceSelection | null;
	pointer: PresencePointer | null;
	idle: boolean;
	role: PresenceRole;
	presenting: boolean;
	summon: PresenceSummon | null;
}

/** One other person in the room. */
export interface Peer extends PresenceState {
	clientId: number;
}

/** At most this many awareness updates per second per client. */
export const PRESENCE_MAX_RATE = 10;
/** Longest name sent (the participant module keeps the same). */
const NAME_MAX = 80;
const TEXT_MAX = 120;

/**
 * Colours for people, distinct and dark enough for white text and for a 3 px outline
 * on white (WCAG 3:1 for non-text, 4.5:1 for the initials).
 */
export const PRESENCE_COLORS = [
	'#1f6feb',
	'#b42318',
	'#067647',
	'#7a2e98',
	'#b54708',
	'#0e7490',
	'#c11574',
	'#4d5b16',
	'#5b4cdb',
	'#8a5a00'
] as const;

/** A colour derived from a stable id (the participant's, so it survives reloads). */
export function colorFor(id: string | number): string {
	const text = String(id);
	let hash = 2166136261;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 16777619);
	}
	return PRESENCE_COLORS[(hash >>> 0) % PRESENCE_COLORS.length];
}

/** Up to two initials for an avatar: "Ann Lee" → "AL", "" → "?". */
export function initials(name: string): string {
	const words = name.trim().split(/\s+/).filter(Boolean);
	if (words.length === 0) return '?';
	const first = [...words[0]][0] ?? '';
	const last = words.length > 1 ? ([...words[words.length - 1]][0] ?? '') : '';
	return (first + last).toUpperCase();
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shortText(value: unknown, max = TEXT_MAX): string | null {
	return typeof value === 'string' ? value.slice(0, max) : null;
}

function unit(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value)
		? Math.min(1, Math.max(0, value))
		: null;
}

/** A peer's awareness state, checked; null when it is not a Cairn presence at all. */
export function parsePresence(raw: unknown): PresenceState | null {
	if (!isRecord(raw)) return null;
	const participant = shortText(raw.participant);
	const color = shortText(raw.color, 16);
	if (!participant || !color || !/^#[0-9a-f]{6}$/i.test(color)) return null;
	let selection: PresenceSelection | null = null;
	if (isRecord(raw.selection)) {
		const kind = shortText(raw.selection.kind);
		const id = shortText(raw.selection.id);
		if (kind && id) selection = { kind, id };
	}
	let pointer: PresencePointer | null = null;
	if (isRecord(raw.pointer)) {
		const view = shortText(raw.pointer.view);
		const x = unit(raw.pointer.x);
		const y = unit(raw.pointer.y);
		if (view !== null && x !== null && y !== null) pointer = { view, x, y };
	}
	const summon =
		isRecord(raw.summon) && typeof raw.summon.at === 'number' ? { at: raw.summon.at } : null;
	return {
		participant,
		name: shortText(raw.name, NAME_MAX) ?? '',
		color,
		view: shortText(raw.view) ?? '',
		selection,
		pointer,
		idle: raw.idle === true,
		role: raw.role === 'edit' ? 'edit' : 'view',
		presenting: raw.presenting === true,
		summon
	};
}

/** Everyone but this client, with a valid presence, in a stable order (name, then client). */
export function peersOf(awareness: Awareness): Peer[] {
	const peers: Peer[] = [];
	awareness.getStates().forEach((raw, clientId) => {
		if (clientId === awareness.clientID) return;
		const state = parsePresence(raw);
		if (state) peers.push({ ...state, clientId });
	});
	return peers.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

/** A clock and a timer, injectable so tests control time. */
export interface Scheduler {
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

const realScheduler: Scheduler = {
	now: () => Date.now(),
	setTimeout: (fn, ms) => setTimeout(fn, ms),
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/**
 * Coalesces calls to `send`: the first goes at once, later ones within `intervalMs`
 * of the last send are merged into one trailing send of the latest value. So a burst
 * of any size sends at most one update per interval, and the last state always goes.
 */
export class Throttle {
	#send: () => void;
	#interval: number;
	#clock: Scheduler;
	#last = -Infinity;
	#timer: unknown = null;

	constructor(send: () => void, options: { intervalMs: number; scheduler?: Scheduler }) {
		this.#send = send;
		this.#interval = options.intervalMs;
		this.#clock = options.scheduler ?? realScheduler;
	}

	/** Asks for a send; it happens now or at the end of the current interval. */
	request(): void {
		if (this.#timer !== null) return;
		const wait = this.#last + this.#interval - this.#clock.now();
		if (wait <= 0) {
			this.#fire();
			return;
		}
		this.#timer = this.#clock.setTimeout(() => {
			this.#timer = null;
			this.#fire();
		}, wait);
	}

	/** Sends a pending update now (e.g. before leaving). */
	flush(): void {
		if (this.#timer === null) return;
		this.#clock.clearTimeout(this.#timer);
		this.#timer = null;
		this.#fire();
	}

	cancel(): void {
		if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
		this.#timer = null;
	}

	#fire(): void {
		this.#last = this.#clock.now();
		this.#send();
	}
}

/**
 * This client's presence: keeps the full local state and publishes it to the
 * awareness at most `PRESENCE_MAX_RATE` times a second.
 */
export class PresenceChannel {
	readonly awareness: Awareness;
	#state: PresenceState;
	#throttle: Throttle;

	constructor(
		awareness: Awareness,
		initial: PresenceState,
		options: { scheduler?: Scheduler } = {}
	) {
		this.awareness = awareness;
		this.#state = initial;
		this.#throttle = new Throttle(() => this.awareness.setLocalState({ ...this.#state }), {
			intervalMs: 1000 / PRESENCE_MAX_RATE,
			scheduler: options.scheduler
		});
		this.#throttle.request();
	}

	get state(): PresenceState {
		return this.#state;
	}

	/** Changes some fields; sent now or with the next allowed update. False if nothing changed. */
	update(patch: Partial<PresenceState>): boolean {
		let changed = false;
		for (const key of Object.keys(patch) as (keyof PresenceState)[]) {
			if (!sameValue(this.#state[key], patch[key])) changed = true;
		}
		if (!changed) return false;
		this.#state = { ...this.#state, ...patch };
		this.#throttle.request();
		return true;
	}

	/** Sends what is pending at once. */
	flush(): void {
		this.#throttle.flush();
	}

	/** Leaves: tells the room at once (the relay would otherwise time us out). */
	destroy(): void {
		this.#throttle.cancel();
		this.awareness.setLocalState(null);
	}
}

function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (!isRecord(a) || !isRecord(b)) return false;
	const keys = Object.keys(a);
	return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
