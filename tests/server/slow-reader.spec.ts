import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode } from '../../server/relay/limits';
import {
	connectClient,
	newRoom,
	openSocket,
	Resources,
	startTestServer,
	synced,
	waitFor
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('slow readers', () => {
	it('closes a socket that does not read once it passes maxBufferedBytes; other rooms go on', async () => {
		const server = await startTestServer(res, {
			limits: { maxBufferedBytes: 64 * 1024 },
			// Megabytes go through the room; compacting them on the way only slows the test.
			timing: { compactRows: 100_000, compactBytes: 1024 * 1024 * 1024 }
		});
		const busy = newRoom();
		const quiet = newRoom();
		const writer = connectClient(res, server.wsUrl, busy.roomId, { key: busy.editKey });
		const c = connectClient(res, server.wsUrl, quiet.roomId, { key: quiet.editKey });
		const d = connectClient(res, server.wsUrl, quiet.roomId, { key: quiet.editKey });
		await Promise.all([synced(writer), synced(c), synced(d)]);
		const reader = await openSocket(res, `${server.wsUrl}/${busy.roomId}?key=${busy.viewKey}`);
		await waitFor(() => reader.messages.length > 0, 'the greeting');
		// Stop reading: what the relay sends piles up in the kernel, then in ws.
		(reader.ws as unknown as { _socket: Socket })._socket.pause();

		const chunk = 'x'.repeat(1024 * 1024);
		const rejected = () => server.metrics.rejections.get('slow_reader') === 1;
		for (let i = 0; i < 30 && !rejected(); i++) {
			writer.doc.getText('t').insert(0, chunk);
			const length = (i + 1) * chunk.length;
			await waitFor(
				() => server.relay.room(busy.roomId)!.doc.getText('t').length >= length,
				'the edit to reach the relay'
			);
		}
		expect(rejected()).toBe(true);
		expect(
			server.lines.some(
				(l) => l.includes('reason=slow_reader') && l.includes(`code=${CloseCode.slowReader}`)
			)
		).toBe(true);
		// The socket is dropped after a short grace even though it never reads the close frame.
		await waitFor(() => server.relay.connectionCount === 3, 'the reader to be dropped', 3000);

		c.doc.getMap('m').set('after', 1);
		await waitFor(() => d.doc.getMap('m').get('after') === 1, 'the bystander room to sync');
		writer.doc.getText('t').insert(0, 'end');
		await waitFor(
			() => server.relay.room(busy.roomId)!.doc.getText('t').toString().startsWith('end'),
			'the writer to go on'
		);
		expect(writer.provider.wsconnected).toBe(true);
	});
});
