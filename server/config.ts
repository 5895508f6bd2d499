import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS, DEFAULT_TIMING, type Limits, type Timing } from './relay/limits';

/** Everything the server reads from its environment, parsed and checked. */
export interface ServerConfig {
	port: number;
	host: string;
	dataDir: string;
	/** Paths of a PEM certificate and key; both or neither. */
	tls: { certFile: string; keyFile: string } | null;
	allowedOrigins: string[] | null;
	trustProxy: boolean;
	/** Secret a client must present (`create=` on the relay URL) to open a room with nothing stored. */
	createToken: string | null;
	limits: Limits;
	timing: Timing;
}

/** A bad environment variable; the message names it and says what is expected. */
export class ConfigError extends Error {}

/** Environment variable of each limit and timing, with its default (server/README.md). */
export const LIMIT_ENV: Record<keyof Limits, string> = {
	maxMessageBytes: 'CAIRN_MAX_MESSAGE_BYTES',
	maxAwarenessBytes: 'CAIRN_MAX_AWARENESS_BYTES',
	maxConnectionsPerIp: 'CAIRN_MAX_CONNECTIONS_PER_IP',
	maxRooms: 'CAIRN_MAX_ROOMS',
	maxDocumentBytes: 'CAIRN_MAX_DOCUMENT_BYTES',
	maxNewRoomsPerIpPerMinute: 'CAIRN_MAX_NEW_ROOMS_PER_IP_PER_MINUTE',
	maxBufferedBytes: 'CAIRN_MAX_BUFFERED_BYTES'
};

export const TIMING_ENV: Record<keyof Timing, string> = {
	roomIdleMs: 'CAIRN_ROOM_IDLE_MS',
	pingIntervalMs: 'CAIRN_PING_INTERVAL_MS',
	compactRows: 'CAIRN_COMPACT_ROWS',
	compactBytes: 'CAIRN_COMPACT_BYTES'
};

type Env = Record<string, string | undefined>;

/**
 * Reads the server configuration from `env`. Throws {@link ConfigError} naming the
 * first variable that is wrong, e.g. only one of CAIRN_TLS_CERT and CAIRN_TLS_KEY.
 */
export function configFromEnv(env: Env): ServerConfig {
	const cert = nonEmpty(env.CAIRN_TLS_CERT);
	const key = nonEmpty(env.CAIRN_TLS_KEY);
	if ((cert === undefined) !== (key === undefined)) {
		const [set, missing] = cert
			? ['CAIRN_TLS_CERT', 'CAIRN_TLS_KEY']
			: ['CAIRN_TLS_KEY', 'CAIRN_TLS_CERT'];
		throw new ConfigError(`${set} is set but ${missing} is not: set both (PEM files) or neither`);
	}
	const limits = { ...DEFAULT_LIMITS };
	for (const [name, variable] of Object.entries(LIMIT_ENV) as [keyof Limits, string][]) {
		limits[name] = integer(env, variable, limits[name], 1);
	}
	const timing = { ...DEFAULT_TIMING };
	for (const [name, variable] of Object.entries(TIMING_ENV) as [keyof Timing, string][]) {
		timing[name] = integer(env, variable, timing[name], name === 'roomIdleMs' ? 0 : 1);
	}
	return {
		port: integer(env, 'PORT', 3000, 0, 65535),
		host: nonEmpty(env.HOST) ?? '0.0.0.0',
		dataDir: nonEmpty(env.CAIRN_DATA) ?? './data',
		tls: cert && key ? { certFile: cert, keyFile: key } : null,
		allowedOrigins: origins(env.CAIRN_ALLOWED_ORIGINS),
		trustProxy: flag(env, 'CAIRN_TRUST_PROXY'),
		createToken: nonEmpty(env.CAIRN_CREATE_TOKEN) ?? null,
		limits,
		timing
	};
}

/** Reads the TLS files named by the config; a clear error when one cannot be read. */
export function readTls(tls: { certFile: string; keyFile: string }): { cert: Buffer; key: Buffer } {
	const read = (file: string, variable: string) => {
		try {
			return readFileSync(file);
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			throw new ConfigError(`${variable}: cannot read ${file}: ${reason}`);
		}
	};
	return { cert: read(tls.certFile, 'CAIRN_TLS_CERT'), key: read(tls.keyFile, 'CAIRN_TLS_KEY') };
}

function nonEmpty(value: string | undefined): string | undefined {
	const trimmed = value?.trim();
	return trimmed ? trimmed : undefined;
}

function integer(
	env: Env,
	name: string,
	fallback: number,
	min: number,
	max = Number.MAX_SAFE_INTEGER
): number {
	const raw = nonEmpty(env[name]);
	if (raw === undefined) return fallback;
	if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
		throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
	}
	return Number(raw);
}

function flag(env: Env, name: string): boolean {
	const raw = nonEmpty(env[name])?.toLowerCase();
	if (raw === undefined || raw === '0' || raw === 'false') return false;
	if (raw === '1' || raw === 'true') return true;
	throw new ConfigError(`${name} must be 1 or 0, got '${raw}'`);
}

function origins(raw: string | undefined): string[] | null {
	const list = nonEmpty(raw)
		?.split(',')
		.map((entry) => entry.trim())
		.filter(Boolean);
	if (!list?.length) return null;
	return list.map((entry) => {
		if (entry === '*') return entry;
		try {
			const url = new URL(entry);
			if (url.origin === 'null') throw new Error('no origin');
			return url.origin;
		} catch {
			throw new ConfigError(
				`CAIRN_ALLOWED_ORIGINS: '${entry}' is not an origin like https://plan.example.org`
			);
		}
	});
}
