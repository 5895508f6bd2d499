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

	/** Shows a toast; it goes away after `timeout` ms (0 keeps it until dismissed). */
	show(toast: Omit<Toast, 'id'>, timeout = 6000): number {
		const id = this.#next++;
		this.items = [...this.items, { ...toast, id }];
		if (timeout > 0) setTimeout(() => this.dismiss(id), timeout);
		return id;
	}

	dismiss(id: number): void {
		this.items = this.items.filter((toast) => toast.id !== id);
	}
}

export const toasts = new Toasts();
