import WebSocket from 'ws';
import { afterEach, describe, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { RelayConnection } from '../../src/lib/sync/relay-connection';
import { newRoom, Resources, startTestServer, waitFor } from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

function join(wsUrl: string, roomId: string, key: string, name: string) {
	const doc = new Y.Doc();
	const awareness = new Awareness(doc);
	awareness.setLocalState({ name });
	const connection = res.add(
		new RelayConnection({
			doc,
			roomId,
			key,
			url: wsUrl,
			awareness,
			WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
			onChange: () => {}
		}),
		(c) => c.destroy()
	);
	// Two "tabs" of one process would also meet over BroadcastChannel, which would hide
	// what the relay does: give each its own channel.
	connection.provider.bcChannel = `${connection.provider.bcChannel}#${name}`;
	return { doc, awareness, connection };
}

/** The names `who` sees in the room, itself excluded. */
function othersSeenBy(who: { awareness: Awareness; doc: Y.Doc }): string[] {
	return [...who.awareness.getStates()]
		.filter(([client]) => client !== who.doc.clientID)
		.map(([, state]) => (state as { name?: string }).name ?? '');
}

describe('presence after a dropped connection', () => {
	it('shows the person again as soon as they reconnect, not after the awareness renewal', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey } = newRoom();
		const ann = join(server.wsUrl, roomId, editKey, 'Ann');
		const bob = join(server.wsUrl, roomId, editKey, 'Bob');
		await waitFor(() => othersSeenBy(bob).includes('Ann'), 'Bob sees Ann');

		// Ann's socket drops: the relay tells Bob she left, with her clock + 1.
		let left = false;
		bob.awareness.on('change', ({ removed }: { removed: number[] }) => {
			if (removed.includes(ann.doc.clientID)) left = true;
		});
		ann.connection.provider.ws?.close();
		await waitFor(() => left, 'Bob told that Ann left');

		// She reconnects by herself; the renewal that would also bring her back takes 15-30 s.
		await waitFor(() => othersSeenBy(bob).includes('Ann'), 'Bob sees Ann again', 8000);
	});
});
