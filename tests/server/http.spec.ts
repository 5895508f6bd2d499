import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyAppHandler } from '../../server/http';
import {
	connectClient,
	newRoom,
	Resources,
	ROOT,
	startTestServer,
	synced,
	upgradeStatus,
	waitFor
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('/healthz', () => {
	it('answers 200 with the status, rooms and connections', async () => {
		const server = await startTestServer(res);
		const first = await fetch(`${server.url}/healthz`);
		expect(first.status).toBe(200);
		expect(first.headers.get('content-type')).toBe('application/json');
		expect(await first.json()).toEqual({ status: 'ok', rooms: 0, connections: 0 });

		const { roomId, editKey, viewKey } = newRoom();
		const a = connectClient(res, server.wsUrl, roomId, { key: editKey });
		const b = connectClient(res, server.wsUrl, roomId, { key: viewKey });
		await Promise.all([synced(a), synced(b)]);
		expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({
			status: 'ok',
			rooms: 1,
			connections: 2
		});
	});
});

describe('/metrics', () => {
	it('exposes gauges, counters, rejections and the store latency histogram', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey } = newRoom();
		expect(await upgradeStatus(res, `${server.wsUrl}/${roomId}?key=nope`)).toBe(401);
		const a = connectClient(res, server.wsUrl, roomId, { key: editKey });
		await synced(a);
		a.doc.getText('t').insert(0, 'measured');
		await waitFor(() => server.metrics.storeWrite.count === 1, 'one store write');

		const response = await fetch(`${server.url}/metrics`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
		const text = await response.text();
		const value = (name: string) => {
			const match = new RegExp(`^${name.replace(/[{}"+.]/g, '\\$&')} (\\S+)$`, 'm').exec(text);
			return match ? Number(match[1]) : undefined;
		};
		expect(text).toContain('# TYPE cairn_rooms gauge');
		expect(text).toContain('# TYPE cairn_messages_in_total counter');
		expect(text).toContain('# TYPE cairn_store_write_seconds histogram');
		expect(value('cairn_rooms')).toBe(1);
		expect(value('cairn_connections')).toBe(1);
		expect(value('cairn_messages_in_total')).toBeGreaterThanOrEqual(3);
		expect(value('cairn_messages_out_total')).toBeGreaterThanOrEqual(2);
		expect(value('cairn_bytes_in_total')).toBeGreaterThan(10);
		expect(value('cairn_bytes_out_total')).toBeGreaterThan(2);
		expect(value('cairn_rejections_total{reason="unauthorized"}')).toBe(1);
		expect(value('cairn_store_errors_total')).toBe(0);
		expect(value('cairn_store_write_seconds_count')).toBe(1);
		expect(value('cairn_store_write_seconds_bucket{le="+Inf"}')).toBe(1);
		expect(value('cairn_store_write_seconds_bucket{le="1"}')).toBe(1);
		expect(value('cairn_store_write_seconds_sum')).toBeGreaterThan(0);
	});
});

describe('other paths', () => {
	it('are 404 without an app, and a relay path without an upgrade is 426', async () => {
		const server = await startTestServer(res);
		expect((await fetch(`${server.url}/`)).status).toBe(404);
		expect((await fetch(`${server.url}/p/some-room`)).status).toBe(404);
		expect((await fetch(`${server.url}/yjs/room`)).status).toBe(426);
	});

	it('go to the app handler when there is one', async () => {
		const server = await startTestServer(res, {
			app: (req, response, next) => {
				if (req.url === '/missing') return next();
				response.end(`app:${req.url}`);
			}
		});
		expect(await (await fetch(`${server.url}/p/room#key=x`)).text()).toBe('app:/p/room');
		expect((await fetch(`${server.url}/missing`)).status).toBe(404);
		// The app never sees the relay's own routes.
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
	});
});

describe('security headers', () => {
	it('go with every response: the app’s, the relay’s own routes and a 404', async () => {
		const server = await startTestServer(res, {
			app: (req, response, next) => (req.url === '/missing' ? next() : response.end('app'))
		});
		for (const path of ['/', '/p/room', '/healthz', '/metrics', '/missing', '/yjs/room']) {
			const response = await fetch(`${server.url}${path}`);
			expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
			expect(response.headers.get('content-security-policy'), path).toBe("frame-ancestors 'none'");
			expect(response.headers.get('x-frame-options'), path).toBe('DENY');
		}
	});
});

const appBuild = join(ROOT, 'build', 'handler.js');

describe.skipIf(!existsSync(appBuild))('the built app (after npm run build)', () => {
	it('links its web manifest, serves it as a manifest, and carries its CSP', async () => {
		const server = await startTestServer(res, { app: lazyAppHandler(appBuild, () => {}) });
		const page = await fetch(`${server.url}/`);
		const html = await page.text();
		expect(html).toMatch(/<link rel="manifest" href="\/manifest\.webmanifest"/);
		const csp = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1];
		expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
		expect(csp).toContain("connect-src 'self' ws: wss:");
		expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");

		const manifest = await fetch(`${server.url}/manifest.webmanifest`);
		expect(manifest.status).toBe(200);
		expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
		expect(await manifest.json()).toMatchObject({
			name: 'Cairn: portfolio planning',
			start_url: '/'
		});
	});
});
