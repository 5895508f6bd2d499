import { afterEach, describe, expect, it } from 'vitest';
import { newRoom, openSocket, Resources, sleep, startTestServer } from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('ping/pong keepalive', () => {
	it('drops a socket that stops answering pings and keeps one that answers', async () => {
		const server = await startTestServer(res, { timing: { pingIntervalMs: 100 } });
		const { roomId, editKey } = newRoom();
		const url = `${server.wsUrl}/${roomId}?key=${editKey}`;
		const dead = await openSocket(res, url, { autoPong: false });
		const live = await openSocket(res, url);
		const { code } = await dead.closed;
		// Terminated without a closing handshake.
		expect(code).toBe(1006);
		await sleep(250);
		expect(live.ws.readyState).toBe(live.ws.OPEN);
		expect(server.relay.connectionCount).toBe(1);
		expect(server.metrics.rejections.get('ping_timeout')).toBe(1);
	});
});
