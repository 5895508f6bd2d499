/**
 * Fan-out of protocol messages between the connections of a room. The relay publishes
 * every accepted update and awareness change here and sends what it receives to its
 * sockets. In one process this is a map of listeners; several relays would share a
 * Redis-backed implementation (which then also applies remote updates to the local doc).
 */
export interface Fanout {
	/** Calls `listener` with every message published to `roomId`; returns the unsubscribe. */
	subscribe(roomId: string, listener: FanoutListener): () => void;
	/** Sends `message` to every listener of `roomId`; `origin` lets them skip the sender. */
	publish(roomId: string, message: Uint8Array, origin: unknown): void;
	/** Releases the fan-out's resources. */
	close(): Promise<void>;
}

export type FanoutListener = (message: Uint8Array, origin: unknown) => void;

/** The single-process fan-out: listeners in a map, called synchronously. */
export class InProcessFanout implements Fanout {
	readonly #listeners = new Map<string, Set<FanoutListener>>();

	/** Adds a listener for a room. */
	subscribe(roomId: string, listener: FanoutListener): () => void {
		let set = this.#listeners.get(roomId);
		if (!set) this.#listeners.set(roomId, (set = new Set()));
		set.add(listener);
		return () => {
			set.delete(listener);
			if (set.size === 0 && this.#listeners.get(roomId) === set) this.#listeners.delete(roomId);
		};
	}

	/** Calls every listener of the room in turn. */
	publish(roomId: string, message: Uint8Array, origin: unknown): void {
		const set = this.#listeners.get(roomId);
		if (!set) return;
		for (const listener of set) listener(message, origin);
	}

	/** Forgets every listener. */
	async close(): Promise<void> {
		this.#listeners.clear();
	}

	/** Rooms with at least one listener (for tests and leak checks). */
	get size(): number {
		return this.#listeners.size;
	}
}
