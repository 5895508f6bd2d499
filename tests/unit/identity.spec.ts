import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import {
	castPokerVote,
	createUndoManager,
	placeDot,
	readJudgements,
	readWorkshop,
	setJudgement,
	startDots,
	startPoker
} from '../../src/lib/doc';
import { participant, parseParticipant } from '../../src/lib/state/participant.svelte';
import { Presence } from '../../src/lib/state/presence.svelte';
import { setMyName } from '../../src/lib/state/session-commands';
import { northwindDoc } from '../helpers/doc-fixtures';

// Node has no localStorage: the one participant lives in memory for the whole file, as
// it would for a page whose storage is refused.

function session() {
	const doc = northwindDoc();
	return { doc, undo: createUndoManager(doc), mayEdit: true };
}

describe('one identity per device', () => {
	it('keeps the id when the name changes, and tells every listener', () => {
		const seen: string[] = [];
		const stop = participant.onChange((identity) => seen.push(identity.name));
		const first = participant.setName('  Ana ');
		const second = participant.setName('Ana Lima');
		stop();
		participant.setName('Ana');
		expect(first?.name).toBe('Ana');
		expect(second?.id).toBe(first?.id);
		expect(seen).toEqual(['Ana', 'Ana Lima']);
	});

	it('ignores an empty name and keeps the one given', () => {
		participant.setName('Ana');
		expect(participant.setName('   ')?.name).toBe('Ana');
		expect(participant.current?.name).toBe('Ana');
	});

	it('reads nobody from storage that holds something else', () => {
		expect(parseParticipant('{"id":"","name":"x"}')).toBeNull();
		expect(parseParticipant('not json')).toBeNull();
	});

	it('shows a new name in presence at once, under the same participant id', () => {
		const s = session();
		const presence = new Presence({ awareness: new Awareness(s.doc), role: 'edit' });
		const identity = participant.setName('Ana');
		expect(presence.me.name).toBe('Ana');
		expect(presence.me.participant).toBe(identity?.id);
		setMyName(s, 'Ana Lima');
		expect(presence.me.name).toBe('Ana Lima');
		expect(presence.me.participant).toBe(identity?.id);
		presence.destroy();
	});

	it('renames the judgements and ballots already cast, which stay this person’s', () => {
		const s = session();
		const me = participant.setName('Ana')!;
		const projectId = 'p-wms';
		setJudgement(s.doc, me, 'c-growth', 'c-nps', 3);
		startPoker(s.doc, { criterionId: 'c-growth', projectIds: [projectId], by: 'Ana' });
		castPokerVote(s.doc, me, projectId, 2);
		startDots(s.doc, { budget: 3, anonymous: false, projectIds: [projectId] });
		placeDot(s.doc, me, projectId, 2);

		setMyName(s, 'Ana Lima');

		const [judge] = readJudgements(s.doc);
		expect(judge).toMatchObject({ participantId: me.id, name: 'Ana Lima' });
		const workshop = readWorkshop(s.doc);
		expect(workshop.pokerBallots).toEqual([
			{ participant: me.id, name: 'Ana Lima', scores: { [projectId]: 2 } }
		]);
		expect(workshop.dotBallots).toEqual([
			{ participant: me.id, name: 'Ana Lima', allocation: { [projectId]: 2 } }
		]);
		participant.setName('Ana');
	});

	it('writes nothing to the portfolio from a view link', () => {
		const s = { ...session(), mayEdit: false };
		const me = participant.setName('Ana')!;
		setJudgement(s.doc, me, 'c-growth', 'c-nps', 3);
		setMyName(s, 'Someone else');
		expect(readJudgements(s.doc)[0].name).toBe('Ana');
		expect(participant.current?.name).toBe('Someone else');
		participant.setName('Ana');
	});
});
