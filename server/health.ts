import type { Logger } from './log';
import type { Metrics } from './metrics';
import type { Store } from './store/store';

/** How often the store is probed when nothing else is said. */
export const HEALTH_PROBE_MS = 5000;

/**
 * Whether the store can read and write now, for /healthz. Two signals:
 *
 * - a probe every `intervalMs` (the store's tiny write and read), which finds a store
 *   that fails while no one edits;
 * - the relay's store errors (`cairn_store_errors_total`): any error since the probe
 *   before the last one makes the store unhealthy at once, and it stays so for one to
 *   two intervals after the last error, so that a load balancer sees it.
 *
 * The reason is a sentence for the operator; null while healthy.
 */
export class StoreHealth {
	readonly #store: Store;
	readonly #metrics: Metrics;
	readonly #log: Logger;
	readonly #intervalMs: number;
	#timer: NodeJS.Timeout | null = null;
	#probeProblem: string | null = null;
	/** The error count at the probe before the last one, and at the last one. */
	#errorsBefore: number;
	#errorsAtLast: number;
	#running: Promise<void> | null = null;

	constructor(options: { store: Store; metrics: Metrics; log: Logger; intervalMs: number }) {
		this.#store = options.store;
		this.#metrics = options.metrics;
		this.#log = options.log;
		this.#intervalMs = options.intervalMs;
		this.#errorsBefore = this.#errorsAtLast = options.metrics.storeErrors;
	}

	/** Probes once now, then every interval until {@link stop}. */
	async start(): Promise<void> {
		await this.check();
		this.#timer = setInterval(() => void this.check(), this.#intervalMs);
		this.#timer.unref();
	}

	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
	}

	/** Why the store is not healthy now, or null. */
	get problem(): string | null {
		if (this.#probeProblem) return this.#probeProblem;
		const recent = this.#metrics.storeErrors - this.#errorsBefore;
		if (recent > 0) {
			return `${recent} store error${recent === 1 ? '' : 's'} in the last ${Math.ceil((2 * this.#intervalMs) / 1000)} s (see the error store-error log lines)`;
		}
		return null;
	}

	/** One probe; concurrent calls share it. */
	check(): Promise<void> {
		return (this.#running ??= this.#probe().finally(() => (this.#running = null)));
	}

	async #probe(): Promise<void> {
		this.#errorsBefore = this.#errorsAtLast;
		this.#errorsAtLast = this.#metrics.storeErrors;
		if (!this.#store.probe) return;
		const before = this.#probeProblem;
		try {
			await this.#store.probe();
			this.#probeProblem = null;
			if (before) this.#log.info('store-probe-ok');
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			this.#probeProblem = `the store cannot read or write: ${reason}`;
			// One line when it starts failing, not one per probe.
			if (!before) this.#log.error('store-probe-failed', { error: reason });
		}
	}
}
