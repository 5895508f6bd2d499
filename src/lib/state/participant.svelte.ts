import { createSubscriber } from 'svelte/reactivity';
import { newId } from '$lib/doc';

/**
 * Who is using this device: a random id and the name they gave, kept in localStorage
 * under `cairn:participant` so that their judgements (and later their presence) stay
 * theirs across reloads and portfolios. Not an account: nothing is checked, and a
 * person on two devices is two participants. The name is asked for the first time it
 * is needed (a first vote, comment or judgement), never up front, and only once: presence,
 * poker, dots, comments and judgements all read this one identity, and the name is
 * changed in one place (the "You" row of the people list in the top bar).
 */

export interface ParticipantIdentity {
	id: string;
	name: string;
}

export const PARTICIPANT_KEY = 'cairn:participant';
/** Longest name kept (the doc layer keeps the same). */
export const PARTICIPANT_NAME_MAX = 80;

function storage(): Storage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		// Some private modes throw on access.
		return null;
	}
}

/** Parses what localStorage holds; anything unexpected counts as "nobody yet". */
export function parseParticipant(raw: string | null): ParticipantIdentity | null {
	if (!raw) return null;
	try {
		const value: unknown = JSON.parse(raw);
		if (typeof value !== 'object' || value === null) return null;
		const { id, name } = value as Record<string, unknown>;
		if (typeof id !== 'string' || id === '' || typeof name !== 'string') return null;
		return { id, name: name.slice(0, PARTICIPANT_NAME_MAX) };
	} catch {
		return null;
	}
}

/** Told the identity whenever it changes (given, renamed, or set in another tab). */
export type IdentityListener = (identity: ParticipantIdentity) => void;

class Participant {
	/** Set only when localStorage refuses: the identity then lasts until the page closes. */
	#memory: ParticipantIdentity | null = null;
	#version = $state(0);
	#listeners = new Set<IdentityListener>();
	#watchingStorage = false;

	// Another tab of this browser may set the name: follow it.
	#subscribe = createSubscriber((update) => {
		const onStorage = (event: StorageEvent) => {
			if (event.key === PARTICIPANT_KEY) update();
		};
		window.addEventListener('storage', onStorage);
		return () => window.removeEventListener('storage', onStorage);
	});

	#onStorage = (event: StorageEvent): void => {
		if (event.key !== PARTICIPANT_KEY) return;
		const identity = this.current;
		if (identity) this.#notify(identity);
	};

	#notify(identity: ParticipantIdentity): void {
		for (const listener of this.#listeners) listener(identity);
	}

	/**
	 * Calls `listener` with the identity each time it changes, here or in another tab,
	 * so that what shows the name (presence) follows without copying it in an effect.
	 * Returns the unsubscribe.
	 */
	onChange(listener: IdentityListener): () => void {
		this.#listeners.add(listener);
		if (!this.#watchingStorage && typeof window !== 'undefined') {
			window.addEventListener('storage', this.#onStorage);
			this.#watchingStorage = true;
		}
		return () => {
			this.#listeners.delete(listener);
			if (this.#listeners.size === 0 && this.#watchingStorage) {
				window.removeEventListener('storage', this.#onStorage);
				this.#watchingStorage = false;
			}
		};
	}

	#read(): ParticipantIdentity | null {
		if (this.#memory) return this.#memory;
		return parseParticipant(storage()?.getItem(PARTICIPANT_KEY) ?? null);
	}

	/** This device's participant, or null before they have given a name. */
	get current(): ParticipantIdentity | null {
		if (typeof window !== 'undefined') this.#subscribe();
		void this.#version;
		const found = this.#read();
		return found && found.name.trim() ? found : null;
	}

	/**
	 * This device's participant id, named or not; made and kept the first time it is
	 * asked for (the workshop's console is this device's by its id, before any name).
	 */
	get id(): string {
		const found = this.#read();
		if (found) return found.id;
		this.#write({ id: newId('u'), name: '' });
		return this.#read()?.id ?? '';
	}

	#write(identity: ParticipantIdentity): void {
		const store = storage();
		try {
			if (store) store.setItem(PARTICIPANT_KEY, JSON.stringify(identity));
			else this.#memory = identity;
		} catch {
			// Full or refused storage: keep it for this page.
			this.#memory = identity;
		}
	}

	/**
	 * Sets the name (trimmed; an empty name is ignored), creating the identity the
	 * first time. Keeps the id, so renaming never splits someone's judgements.
	 */
	setName(name: string): ParticipantIdentity | null {
		const trimmed = name.trim().slice(0, PARTICIPANT_NAME_MAX);
		if (!trimmed) return this.current;
		const identity = { id: this.#read()?.id ?? newId('u'), name: trimmed };
		this.#write(identity);
		this.#version++;
		this.#notify(identity);
		return identity;
	}
}

/** The one participant of this device. */
export const participant = new Participant();
