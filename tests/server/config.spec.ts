import { execFileSync } from 'node:child_process';
import { request } from 'node:https';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv, ConfigError, readTls } from '../../server/config';
import { DEFAULT_LIMITS, DEFAULT_TIMING } from '../../server/relay/limits';
import { newRoom, Resources, startTestServer, tempDir } from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('configFromEnv', () => {
	it('has the documented defaults', () => {
		expect(configFromEnv({})).toEqual({
			port: 3000,
			host: '0.0.0.0',
			dataDir: './data',
			tls: null,
			allowedOrigins: null,
			trustProxy: false,
			createToken: null,
			limits: DEFAULT_LIMITS,
			timing: DEFAULT_TIMING
		});
		expect(DEFAULT_LIMITS.maxMessageBytes).toBe(8 * 1024 * 1024);
		expect(DEFAULT_TIMING.roomIdleMs).toBe(30_000);
	});

	it('reads every variable', () => {
		const config = configFromEnv({
			PORT: '0',
			HOST: '127.0.0.1',
			CAIRN_DATA: 'var/cairn',
			CAIRN_TLS_CERT: 'cert.pem',
			CAIRN_TLS_KEY: 'key.pem',
			CAIRN_ALLOWED_ORIGINS: 'https://plan.example.org/, http://10.0.0.5:3000',
			CAIRN_TRUST_PROXY: '1',
			CAIRN_MAX_MESSAGE_BYTES: '1000',
			CAIRN_MAX_AWARENESS_BYTES: '100',
			CAIRN_MAX_CONNECTIONS_PER_IP: '3',
			CAIRN_MAX_ROOMS: '4',
			CAIRN_MAX_DOCUMENT_BYTES: '5000',
			CAIRN_ROOM_IDLE_MS: '0',
			CAIRN_PING_INTERVAL_MS: '1000',
			CAIRN_COMPACT_ROWS: '10',
			CAIRN_COMPACT_BYTES: '2048',
			CAIRN_MAX_NEW_ROOMS_PER_IP_PER_MINUTE: '6',
			CAIRN_MAX_BUFFERED_BYTES: '7000',
			CAIRN_CREATE_TOKEN: ' s3cret '
		});
		expect(config).toEqual({
			port: 0,
			host: '127.0.0.1',
			dataDir: 'var/cairn',
			tls: { certFile: 'cert.pem', keyFile: 'key.pem' },
			allowedOrigins: ['https://plan.example.org', 'http://10.0.0.5:3000'],
			trustProxy: true,
			createToken: 's3cret',
			limits: {
				maxMessageBytes: 1000,
				maxAwarenessBytes: 100,
				maxConnectionsPerIp: 3,
				maxRooms: 4,
				maxDocumentBytes: 5000,
				maxNewRoomsPerIpPerMinute: 6,
				maxBufferedBytes: 7000
			},
			timing: { roomIdleMs: 0, pingIntervalMs: 1000, compactRows: 10, compactBytes: 2048 }
		});
	});

	it.each([
		[{ CAIRN_TLS_KEY: 'key.pem' }, /CAIRN_TLS_KEY is set but CAIRN_TLS_CERT is not/],
		[{ CAIRN_TLS_CERT: 'cert.pem' }, /CAIRN_TLS_CERT is set but CAIRN_TLS_KEY is not/],
		[{ PORT: 'eighty' }, /PORT must be a whole number from 0 to 65535, got 'eighty'/],
		[{ PORT: '70000' }, /PORT must be a whole number/],
		[{ CAIRN_MAX_ROOMS: '0' }, /CAIRN_MAX_ROOMS must be a whole number from 1/],
		[{ CAIRN_MAX_MESSAGE_BYTES: '8MiB' }, /CAIRN_MAX_MESSAGE_BYTES .* got '8MiB'/],
		[{ CAIRN_TRUST_PROXY: 'yes' }, /CAIRN_TRUST_PROXY must be 1 or 0/],
		[{ CAIRN_ALLOWED_ORIGINS: 'plan.example.org' }, /CAIRN_ALLOWED_ORIGINS: 'plan.example.org'/]
	])('refuses %o with a message naming the variable', (env, message) => {
		expect(() => configFromEnv(env)).toThrow(ConfigError);
		expect(() => configFromEnv(env)).toThrow(message);
	});

	it('names the unreadable TLS file', () => {
		expect(() => readTls({ certFile: 'no/such/cert.pem', keyFile: 'key.pem' })).toThrow(
			/CAIRN_TLS_CERT: cannot read no\/such\/cert.pem/
		);
	});
});

describe('TLS', () => {
	it('serves https and wss on the same port when a certificate and key are given', async () => {
		const dir = tempDir(res);
		const certFile = join(dir, 'cert.pem');
		const keyFile = join(dir, 'key.pem');
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-days',
				'1',
				'-subj',
				'/CN=localhost',
				'-keyout',
				keyFile,
				'-out',
				certFile
			],
			{ stdio: 'ignore' }
		);
		const config = configFromEnv({ CAIRN_TLS_CERT: certFile, CAIRN_TLS_KEY: keyFile });
		const server = await startTestServer(res, { tls: readTls(config.tls!) });
		expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

		const body = await new Promise<string>((resolve, reject) => {
			request(`${server.url}/healthz`, { rejectUnauthorized: false }, (response) => {
				let text = '';
				response.on('data', (chunk: Buffer) => (text += chunk.toString()));
				response.on('end', () => resolve(text));
			})
				.on('error', reject)
				.end();
		});
		expect(JSON.parse(body)).toMatchObject({ status: 'ok' });

		const { roomId, editKey } = newRoom();
		const ws = res.add(
			new WebSocket(`${server.wsUrl}/${roomId}?key=${editKey}`, { rejectUnauthorized: false }),
			(socket) => socket.terminate()
		);
		expect(server.wsUrl.startsWith('wss://')).toBe(true);
		const first = await new Promise<Buffer>((resolve, reject) => {
			ws.once('message', resolve);
			ws.once('error', reject);
		});
		// The relay greets with sync step 1.
		expect([...first.subarray(0, 2)]).toEqual([0, 0]);
	});
});
