/** Small statistics helpers for the bench: percentiles over samples, rounding for tables. */

export interface Summary {
	count: number;
	p50: number;
	p90: number;
	p95: number;
	p99: number;
	max: number;
	mean: number;
}

/** The q-quantile (0..1) of sorted samples, nearest rank (no interpolation). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil(q * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/** Percentiles of `samples` (any order; not modified). NaN everywhere when empty. */
export function summarize(samples: ArrayLike<number>): Summary {
	const sorted = Float64Array.from(samples as ArrayLike<number>).sort();
	let sum = 0;
	for (let i = 0; i < sorted.length; i++) sum += sorted[i];
	return {
		count: sorted.length,
		p50: quantile(sorted, 0.5),
		p90: quantile(sorted, 0.9),
		p95: quantile(sorted, 0.95),
		p99: quantile(sorted, 0.99),
		max: sorted.length ? sorted[sorted.length - 1] : NaN,
		mean: sorted.length ? sum / sorted.length : NaN
	};
}

/** The median of a few numbers: the mean of the middle two for an even count (NaN when empty). */
export function median(values: readonly number[]): number {
	const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A growable Float64 sample buffer: cheap to append millions of latencies. */
export class Samples {
	#data = new Float64Array(1024);
	#size = 0;

	push(value: number): void {
		if (this.#size === this.#data.length) {
			const next = new Float64Array(this.#data.length * 2);
			next.set(this.#data);
			this.#data = next;
		}
		this.#data[this.#size++] = value;
	}

	get size(): number {
		return this.#size;
	}

	/** A copy of the samples, trimmed to size (transferable over IPC). */
	toArray(): Float64Array {
		return this.#data.slice(0, this.#size);
	}
}

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes. */
export function wallNow(): number {
	return performance.timeOrigin + performance.now();
}

/** `value` with `digits` decimals, or '–' when it is not a finite number. */
export function fmt(value: number | null | undefined, digits = 1): string {
	return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '–';
}

/** ours / reference as "1.23×", or '–'. */
export function ratio(
	ours: number | null | undefined,
	reference: number | null | undefined
): string {
	if (typeof ours !== 'number' || typeof reference !== 'number') return '–';
	if (!Number.isFinite(ours) || !Number.isFinite(reference) || reference === 0) return '–';
	return `${(ours / reference).toFixed(2)}×`;
}
