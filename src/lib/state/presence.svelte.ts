import { untrack } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import type { Awareness } from 'y-protocols/awareness';
import {
	colorFor,
	peersOf,
	PresenceChannel,
	type Peer,
	type PresenceRole,
	type PresenceState
} from '$lib/sync/presence';
import { participant } from './participant.svelte';

/**
 * The room's presence as runes: the other people (`peers`), this person's own state,
 * what others have selected (`selectionsFor`), live pointers, idle, and following a
 * presenter. One per open portfolio (the session makes it); components read getters
 * and call intent methods.
 */

/** After this long without input (or with the tab hidden) a person shows as idle. */
export const IDLE_AFTER_MS = 60_000;
const POINTERS_KEY = 'cairn:show-pointers';

export interface RemoteSelection {
	id: string;
	name: string;
	color: string;
}

/** Anonymous until they give a name: a stable id per device for the colour. */
const GUEST_KEY = 'cairn:guest-id';

function guestId(): string {
	try {
		const stored = localStorage.getItem(GUEST_KEY);
		if (stored) return stored;
		const id = `g-${Math.random().toString(36).slice(2, 10)}`;
		localStorage.setItem(GUEST_KEY, id);
		return id;
	} catch {
		return `g-${Math.random().toString(36).slice(2, 10)}`;
	}
}

export class Presence {
	readonly role: PresenceRole;
	#channel: PresenceChannel;
	#awareness: Awareness;
	#version = $state(0);
	#showPointers = $state(true);
	/** The awareness client we follow, or null. */
	#following = $state<number | null>(null);
	/** The summon of each presenter we have already answered (or declined). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never rendered
	#answered = new Map<number, number>();
	#idleTimer: ReturnType<typeof setTimeout> | undefined;
	#cleanup: (() => void)[] = [];

	#subscribe = createSubscriber((update) => {
		this.#awareness.on('change', update);
		return () => this.#awareness.off('change', update);
	});

	constructor(options: { awareness: Awareness; role: PresenceRole }) {
		this.#awareness = options.awareness;
		this.role = options.role;
		const me = participant.current;
		const id = me?.id ?? guestId();
		this.#channel = new PresenceChannel(this.#awareness, {
			participant: id,
			name: me?.name ?? '',
			color: colorFor(id),
			view: '',
			selection: null,
			pointer: null,
			idle: false,
			role: options.role,
			presenting: false,
			summon: null
		});
		try {
			this.#showPointers = localStorage.getItem(POINTERS_KEY) !== 'off';
		} catch {
			// Storage refused: pointers stay on.
		}
		this.#awareness.on('change', this.#onChange);
		// The name lives in the participant identity; the room sees it as soon as it is
		// given or changed, wherever that happened (a prompt, the people list, another tab).
		this.#cleanup.push(
			participant.onChange((identity) =>
				this.#update({
					name: identity.name,
					participant: identity.id,
					color: colorFor(identity.id)
				})
			)
		);
		this.#watchActivity();
	}

	/** Everyone else in the room, ordered by name. */
	get peers(): Peer[] {
		this.#subscribe();
		void this.#version;
		return peersOf(this.#awareness);
	}

	/** This person as the room sees them. */
	get me(): PresenceState {
		void this.#version;
		return this.#channel.state;
	}

	/** Which view this person is on (the path segment after the portfolio). */
	setView(view: string): void {
		this.#update({ view, pointer: null });
	}

	/** What this person has selected (null to clear). */
	select(kind: string, id: string | null): void {
		this.#update({ selection: id === null ? null : { kind, id } });
	}

	/** Where this person's pointer is over a view's board (0..1), or null when it left. */
	movePointer(pointer: { view: string; x: number; y: number } | null): void {
		this.#update({ pointer });
	}

	/** What others have selected, of one kind, for views to outline in their colours. */
	selectionsFor(kind: string): RemoteSelection[] {
		const result: RemoteSelection[] = [];
		for (const peer of this.peers) {
			if (peer.selection?.kind === kind) {
				result.push({ id: peer.selection.id, name: peer.name || 'Guest', color: peer.color });
			}
		}
		return result;
	}

	/** Peers whose pointer is over `view`. */
	pointersOn(view: string): Peer[] {
		return this.peers.filter((peer) => peer.pointer?.view === view && !peer.idle);
	}

	get showPointers(): boolean {
		return this.#showPointers;
	}

	set showPointers(show: boolean) {
		this.#showPointers = show;
		try {
			localStorage.setItem(POINTERS_KEY, show ? 'on' : 'off');
		} catch {
			// Kept for this page only.
		}
	}

	// ── Presenting and following ──────────────────────────────────────────────

	/** Marks this person as presenting (the room sees it). */
	setPresenting(presenting: boolean): void {
		this.#update({ presenting, summon: presenting ? this.me.summon : null });
	}

	/** "Bring everyone to me": everyone follows this person's view and selection. */
	summon(now = Date.now()): void {
		this.#update({ summon: { at: now } });
	}

	/** Lets followers go. */
	release(): void {
		this.#update({ summon: null });
	}

	get summoning(): boolean {
		return this.me.summon !== null;
	}

	/** The person being followed, while they are here. */
	get leader(): Peer | null {
		const following = this.#following;
		if (following === null) return null;
		return this.peers.find((peer) => peer.clientId === following) ?? null;
	}

	/** Follows a peer (from the people list). */
	follow(clientId: number): void {
		if (clientId !== this.#awareness.clientID) this.#following = clientId;
	}

	/** Stops following (the chip's Stop, or navigating on one's own). */
	stopFollowing(): void {
		this.#following = null;
	}

	/** What the leader has selected, of one kind, for a view to mirror. */
	leaderSelection(kind: string): string | null {
		const selection = this.leader?.selection;
		return selection?.kind === kind ? selection.id : null;
	}

	#onChange = (): void => {
		// Answer a presenter's new summon once; a declined one is not pressed again.
		for (const peer of peersOf(this.#awareness)) {
			if (!peer.summon || this.#answered.get(peer.clientId) === peer.summon.at) continue;
			this.#answered.set(peer.clientId, peer.summon.at);
			this.#following = peer.clientId;
		}
		const leader = this.#following;
		if (leader !== null) {
			const state = peersOf(this.#awareness).find((peer) => peer.clientId === leader);
			// The presenter left or released the room.
			if (!state || (!state.summon && this.#answered.has(leader))) {
				this.#answered.delete(leader);
				this.#following = null;
			}
		}
	};

	/**
	 * Views call the intent methods from effects: bump the version only on a real change,
	 * and without reading it, so such an effect never depends on what it writes.
	 */
	#update(patch: Partial<PresenceState>): void {
		if (this.#channel.update(patch)) untrack(() => this.#version++);
	}

	#watchActivity(): void {
		if (typeof window === 'undefined') return;
		const active = () => {
			clearTimeout(this.#idleTimer);
			if (this.#channel.state.idle && document.visibilityState === 'visible') {
				this.#update({ idle: false });
			}
			this.#idleTimer = setTimeout(() => this.#update({ idle: true }), IDLE_AFTER_MS);
		};
		const visibility = () => {
			if (document.visibilityState === 'hidden') this.#update({ idle: true, pointer: null });
			else active();
		};
		const events = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
		for (const name of events) window.addEventListener(name, active, { passive: true });
		document.addEventListener('visibilitychange', visibility);
		this.#cleanup.push(() => {
			for (const name of events) window.removeEventListener(name, active);
			document.removeEventListener('visibilitychange', visibility);
		});
		active();
	}

	destroy(): void {
		clearTimeout(this.#idleTimer);
		for (const fn of this.#cleanup) fn();
		this.#awareness.off('change', this.#onChange);
		this.#channel.destroy();
	}
}
