import { afterEach, describe, expect, it } from 'vitest';
import {
	addComment,
	castPokerVote,
	importPortfolio,
	placeDot,
	readComments,
	readWorkshop,
	startDots,
	startPoker
} from '../../src/lib/doc';
import {
	parsePresence,
	peersOf,
	PresenceChannel,
	PRESENCE_COLORS
} from '../../src/lib/sync/presence';
import { northwindPortfolio } from '../helpers/doc-fixtures';
import {
	connectClient,
	newRoom,
	Resources,
	sleep,
	startTestServer,
	synced,
	waitFor
} from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

describe('view links are observers in a workshop', () => {
	it('a viewer appears in presence but its votes, dots and comments never land', async () => {
		const server = await startTestServer(res);
		const room = newRoom();
		const editor = connectClient(res, server.wsUrl, room.roomId, { key: room.editKey });
		const viewer = connectClient(res, server.wsUrl, room.roomId, { key: room.viewKey });
		await Promise.all([synced(editor), synced(viewer)]);

		importPortfolio(editor.doc, northwindPortfolio());
		startPoker(editor.doc, { criterionId: 'c-roi', projectIds: ['p-crm'], by: 'Fay' });
		startDots(editor.doc, { budget: 3, anonymous: false, projectIds: ['p-crm'] });
		await waitFor(() => readWorkshop(viewer.doc).dots !== null, 'the rounds reach the viewer');

		// Presence: allowed for viewers, so the room sees them.
		const channel = new PresenceChannel(viewer.provider.awareness, {
			participant: 'u-vic',
			name: 'Vic',
			color: PRESENCE_COLORS[2],
			view: 'workshop',
			selection: null,
			pointer: null,
			idle: false,
			role: 'view',
			presenting: false,
			summon: null
		});
		await waitFor(
			() => peersOf(editor.provider.awareness).some((p) => p.name === 'Vic'),
			'the viewer in the editor’s presence'
		);
		const vic = peersOf(editor.provider.awareness).find((p) => p.name === 'Vic');
		expect(parsePresence(vic)?.role).toBe('view');

		// Doc writes: a tampered client could try; the relay drops them.
		const vicId = { id: 'u-vic', name: 'Vic' };
		castPokerVote(viewer.doc, vicId, 'p-crm', 9);
		placeDot(viewer.doc, vicId, 'p-crm', 1);
		addComment(viewer.doc, {
			target: 'project',
			targetId: 'p-crm',
			author: vicId,
			text: 'x',
			at: 1
		});
		editor.doc.getMap('m').set('after', true);
		await waitFor(() => viewer.doc.getMap('m').get('after') === true, 'a later editor update');
		await sleep(100);
		expect(readWorkshop(editor.doc).pokerBallots).toEqual([]);
		expect(readWorkshop(editor.doc).dotBallots).toEqual([]);
		expect(readComments(editor.doc)).toEqual([]);
		const roomDoc = server.relay.room(room.roomId)!.doc;
		expect(readWorkshop(roomDoc).pokerBallots).toEqual([]);
		channel.destroy();
	});
});
