/**
 * Counters, gauges and one histogram in Prometheus text format (version 0.0.4). Small
 * enough not to need a client library; one instance per server so tests stay apart.
 */

/** Upper bounds of the store write latency buckets, in seconds. */
export const STORE_WRITE_BUCKETS = [
	0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1
];

class Histogram {
	readonly counts: number[];
	sum = 0;
	count = 0;

	constructor(readonly bounds: number[]) {
		this.counts = bounds.map(() => 0);
	}

	observe(value: number): void {
		this.sum += value;
		this.count++;
		for (let i = 0; i < this.bounds.length; i++) {
			if (value <= this.bounds[i]) this.counts[i]++;
		}
	}
}

/** Live numbers that the relay owns; read when /metrics is scraped. */
export interface Gauges {
	rooms: number;
	connections: number;
}

/** The relay's counters and the store latency histogram; gauges are read live. */
export class Metrics {
	messagesIn = 0;
	messagesOut = 0;
	bytesIn = 0;
	bytesOut = 0;
	storeErrors = 0;
	compactions = 0;
	roomsLoaded = 0;
	roomsUnloaded = 0;
	readonly rejections = new Map<string, number>();
	readonly storeWrite = new Histogram(STORE_WRITE_BUCKETS);

	/** Counts a refused connection or message under `reason` (a snake_case word). */
	reject(reason: string): void {
		this.rejections.set(reason, (this.rejections.get(reason) ?? 0) + 1);
	}

	/** Records how long one store write took. */
	observeStoreWrite(seconds: number): void {
		this.storeWrite.observe(seconds);
	}

	/** The Prometheus text exposition of every metric. */
	render(gauges: Gauges): string {
		const lines: string[] = [];
		const metric = (name: string, type: string, help: string, samples: string[]) => {
			lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
		};
		metric('cairn_rooms', 'gauge', 'Rooms held in memory.', [`cairn_rooms ${gauges.rooms}`]);
		metric('cairn_connections', 'gauge', 'Open WebSocket connections.', [
			`cairn_connections ${gauges.connections}`
		]);
		metric('cairn_messages_in_total', 'counter', 'WebSocket messages received.', [
			`cairn_messages_in_total ${this.messagesIn}`
		]);
		metric('cairn_messages_out_total', 'counter', 'WebSocket messages sent.', [
			`cairn_messages_out_total ${this.messagesOut}`
		]);
		metric('cairn_bytes_in_total', 'counter', 'WebSocket payload bytes received.', [
			`cairn_bytes_in_total ${this.bytesIn}`
		]);
		metric('cairn_bytes_out_total', 'counter', 'WebSocket payload bytes sent.', [
			`cairn_bytes_out_total ${this.bytesOut}`
		]);
		metric(
			'cairn_rejections_total',
			'counter',
			'Connections and messages refused, by reason.',
			[...this.rejections].map(([reason, n]) => `cairn_rejections_total{reason="${reason}"} ${n}`)
		);
		metric('cairn_store_errors_total', 'counter', 'Store operations that failed.', [
			`cairn_store_errors_total ${this.storeErrors}`
		]);
		metric('cairn_compactions_total', 'counter', 'Update logs compacted.', [
			`cairn_compactions_total ${this.compactions}`
		]);
		metric('cairn_rooms_loaded_total', 'counter', 'Rooms loaded from the store.', [
			`cairn_rooms_loaded_total ${this.roomsLoaded}`
		]);
		metric('cairn_rooms_unloaded_total', 'counter', 'Rooms unloaded from memory.', [
			`cairn_rooms_unloaded_total ${this.roomsUnloaded}`
		]);
		const h = this.storeWrite;
		metric('cairn_store_write_seconds', 'histogram', 'Latency of appending an update.', [
			...h.bounds.map((le, i) => `cairn_store_write_seconds_bucket{le="${le}"} ${h.counts[i]}`),
			`cairn_store_write_seconds_bucket{le="+Inf"} ${h.count}`,
			`cairn_store_write_seconds_sum ${h.sum}`,
			`cairn_store_write_seconds_count ${h.count}`
		]);
		return lines.join('\n') + '\n';
	}
}
