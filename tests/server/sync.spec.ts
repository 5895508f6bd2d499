import { afterEach, describe, expect, it } from 'vitest';
import {
	connectClient,
	newRoom,
	Resources,
	startTestServer,
	synced,
	waitFor
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('sync through the relay', () => {
	it('two stock y-websocket clients converge on the same document', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey } = newRoom();
		const a = connectClient(res, server.wsUrl, roomId, { key: editKey });
		const b = connectClient(res, server.wsUrl, roomId, { key: editKey });
		await Promise.all([synced(a), synced(b)]);

		a.doc.getMap('portfolio').set('name', 'Northwind 2027');
		b.doc.getArray('projects').push(['p-crm']);
		a.doc.getArray('projects').push(['p-web']);

		await waitFor(
			() => a.doc.getArray('projects').length === 2 && b.doc.getArray('projects').length === 2,
			'both edits on both sides'
		);
		expect(b.doc.getMap('portfolio').get('name')).toBe('Northwind 2027');
		expect(a.doc.getArray('projects').toJSON()).toEqual(b.doc.getArray('projects').toJSON());
	});

	it('a client that joins later receives what was written before', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey, viewKey } = newRoom();
		const a = connectClient(res, server.wsUrl, roomId, { key: editKey });
		await synced(a);
		a.doc.getText('vision').insert(0, 'Fund what matters');

		await waitFor(() => server.relay.room(roomId)?.size.rows === 1, 'the update to be stored');
		const late = connectClient(res, server.wsUrl, roomId, { key: viewKey });
		await synced(late);
		expect(late.doc.getText('vision').toString()).toBe('Fund what matters');
	});

	it('awareness flows between editors and viewers, and leaves with its client', async () => {
		const server = await startTestServer(res);
		const { roomId, editKey, viewKey } = newRoom();
		const editor = connectClient(res, server.wsUrl, roomId, { key: editKey });
		const viewer = connectClient(res, server.wsUrl, roomId, { key: viewKey });
		await Promise.all([synced(editor), synced(viewer)]);

		editor.provider.awareness.setLocalStateField('user', { name: 'Ada' });
		viewer.provider.awareness.setLocalStateField('user', { name: 'Grace' });

		const names = (client: typeof editor) =>
			[...client.provider.awareness.getStates().values()]
				.map((state) => (state.user as { name: string } | undefined)?.name)
				.filter(Boolean)
				.sort();
		await waitFor(
			() => names(editor).length === 2 && names(viewer).length === 2,
			'both presences on both sides'
		);
		expect(names(editor)).toEqual(['Ada', 'Grace']);

		viewer.provider.disconnect();
		await waitFor(() => names(editor).length === 1, 'the viewer presence to leave');
		expect(names(editor)).toEqual(['Ada']);
	});
});
