import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { Gauges, Metrics } from './metrics';
import { RELAY_PATH } from './relay/auth';

/** A Connect-style handler, the shape of SvelteKit adapter-node's `build/handler.js`. */
export type AppHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface HttpDeps {
	metrics: Metrics;
	gauges(): Gauges;
	/** False until the store is open: /healthz answers 503 until then. */
	isReady(): boolean;
	/** Why the store cannot read or write now (/healthz answers 503), or null. */
	storeProblem(): string | null;
	/** Serves everything that is not /healthz, /metrics or the relay; none → 404. */
	app: AppHandler | null;
}

/**
 * Sent with every response. The app's own Content-Security-Policy comes from SvelteKit
 * (`kit.csp` in svelte.config.js: a <meta> tag in the prerendered shell, a header on
 * rendered pages); a <meta> tag cannot say `frame-ancestors`, so that policy is a header
 * of its own here (a browser enforces every policy it is given).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'content-security-policy': "frame-ancestors 'none'",
	'x-frame-options': 'DENY'
});

/**
 * The plain HTTP routes: `/healthz` (JSON; 503 with a `reason` while the store cannot
 * read or write), `/metrics` (Prometheus text), a 426 for
 * relay paths without an upgrade, and the app for the rest.
 */
export function createRequestListener(deps: HttpDeps) {
	return (req: IncomingMessage, res: ServerResponse): void => {
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
		const path = (req.url ?? '/').split('?')[0];
		if (path === '/healthz') {
			const ready = deps.isReady();
			const problem = ready ? deps.storeProblem() : null;
			const { rooms, connections } = deps.gauges();
			const status = !ready ? 'starting' : problem ? 'unavailable' : 'ok';
			return send(res, status === 'ok' ? 200 : 503, 'application/json', {
				body: JSON.stringify(
					problem ? { status, reason: problem, rooms, connections } : { status, rooms, connections }
				),
				head: req.method === 'HEAD'
			});
		}
		if (path === '/metrics') {
			return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', {
				body: deps.metrics.render(deps.gauges()),
				head: req.method === 'HEAD'
			});
		}
		if (path.startsWith(RELAY_PATH)) {
			return send(res, 426, 'text/plain; charset=utf-8', { body: 'WebSocket upgrade required\n' });
		}
		const notFound = () => send(res, 404, 'text/plain; charset=utf-8', { body: 'Not found\n' });
		if (!deps.app) return notFound();
		deps.app(req, res, notFound);
	};
}

function send(
	res: ServerResponse,
	status: number,
	type: string,
	{ body, head = false }: { body: string; head?: boolean }
): void {
	res.writeHead(status, {
		'content-type': type,
		'content-length': Buffer.byteLength(body),
		'cache-control': 'no-store'
	});
	res.end(head ? undefined : body);
}

/**
 * The built app (`build/handler.js` of adapter-node) as a handler, imported on the
 * first request so that the relay starts at once; null when there is no build.
 */
export function lazyAppHandler(file: string, onError: (error: unknown) => void): AppHandler | null {
	if (!existsSync(file)) return null;
	let loading: Promise<AppHandler> | null = null;
	return (req, res, next) => {
		loading ??= import(pathToFileURL(file).href).then(
			(mod: { handler: AppHandler }) => mod.handler
		);
		loading
			.then((handler) => handler(req, res, next))
			.catch((error: unknown) => {
				onError(error);
				if (!res.headersSent) {
					send(res, 500, 'text/plain; charset=utf-8', { body: 'The app failed\n' });
				}
			});
	};
}
