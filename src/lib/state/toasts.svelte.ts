/** Short messages at the bottom of the screen, optionally with one action (Undo, Reload). */
export interface Toast {
	id: number;
	message: string;
	action?: { label: string; run: () => void };
	tone?: 'info' | 'error';
}

class Toasts {
	items = $state<Toast[]>([]);
	#next = 1;
	#timers = new Map<number, { timer?: ReturnType<typeof setTimeout>; timeout: number }>();

	/**
	 * Shows a toast; it goes away after `timeout` ms (0 keeps it until dismissed). The
	 * clock stops while the pointer or focus is on it (WCAG 2.2.1: enough time to act).
	 */
	show(toast: Omit<Toast, 'id'>, timeout = 6000): number {
		const id = this.#next++;
		this.items = [...this.items, { ...toast, id }];
		if (timeout > 0) {
			this.#timers.set(id, { timeout });
			this.release(id);
		}
		return id;
	}

	/** Stops a toast's clock (hovered or focused). */
	hold(id: number): void {
		const entry = this.#timers.get(id);
		if (entry?.timer) clearTimeout(entry.timer);
		if (entry) entry.timer = undefined;
	}

	/** Restarts a toast's full clock. */
	release(id: number): void {
		const entry = this.#timers.get(id);
		if (!entry) return;
		if (entry.timer) clearTimeout(entry.timer);
		entry.timer = setTimeout(() => this.dismiss(id), entry.timeout);
	}

	dismiss(id: number): void {
		this.hold(id);
		this.#timers.delete(id);
		this.items = this.items.filter((toast) => toast.id !== id);
	}
}

export const toasts = new Toasts();
