import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
	colorFor,
	initials,
	parsePresence,
	peersOf,
	PRESENCE_COLORS,
	PRESENCE_MAX_RATE,
	PresenceChannel,
	Throttle,
	type PresenceState,
	type Scheduler
} from '../../src/lib/sync/presence';

/** A clock the test moves by hand, with the timers it owes. */
function manualClock() {
	let now = 0;
	let timers: { at: number; fn: () => void; id: number }[] = [];
	let next = 1;
	const scheduler: Scheduler = {
		now: () => now,
		setTimeout: (fn, ms) => {
			const id = next++;
			timers.push({ at: now + ms, fn, id });
			return id;
		},
		clearTimeout: (id) => {
			timers = timers.filter((t) => t.id !== id);
		}
	};
	return {
		scheduler,
		advance(ms: number) {
			const end = now + ms;
			for (;;) {
				const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
				if (!due) break;
				timers = timers.filter((t) => t !== due);
				now = due.at;
				due.fn();
			}
			now = end;
		}
	};
}

const base: PresenceState = {
	participant: 'u-ann',
	name: 'Ann',
	color: PRESENCE_COLORS[0],
	view: 'ranking',
	selection: null,
	pointer: null,
	idle: false,
	role: 'edit',
	presenting: false,
	summon: null
};

describe('presence throttling', () => {
	it(`sends at most ${PRESENCE_MAX_RATE} awareness updates a second while the pointer moves every 5 ms`, () => {
		const clock = manualClock();
		const awareness = new Awareness(new Y.Doc());
		const sent: number[] = [];
		const channel = new PresenceChannel(awareness, base, { scheduler: clock.scheduler });
		awareness.on('change', () => sent.push(1));
		for (let t = 0; t < 3000; t += 5) {
			channel.update({ pointer: { view: 'ranking', x: (t % 1000) / 1000, y: 0.5 } });
			clock.advance(5);
		}
		clock.advance(1000);
		// 3 s of movement: at most 10 a second, plus the trailing one.
		expect(sent.length).toBeGreaterThan(20);
		expect(sent.length).toBeLessThanOrEqual(3 * PRESENCE_MAX_RATE + 1);
		awareness.destroy();
	});

	it('always sends the last state of a burst', () => {
		const clock = manualClock();
		const awareness = new Awareness(new Y.Doc());
		const channel = new PresenceChannel(awareness, base, { scheduler: clock.scheduler });
		clock.advance(1000);
		channel.update({ selection: { kind: 'project', id: 'p-a' } });
		channel.update({ selection: { kind: 'project', id: 'p-b' } });
		expect(parsePresence(awareness.getLocalState())?.selection).toEqual({
			kind: 'project',
			id: 'p-a'
		});
		clock.advance(100);
		expect(parsePresence(awareness.getLocalState())?.selection).toEqual({
			kind: 'project',
			id: 'p-b'
		});
		awareness.destroy();
	});

	it('sends nothing for an update that changes nothing', () => {
		const clock = manualClock();
		const awareness = new Awareness(new Y.Doc());
		const channel = new PresenceChannel(awareness, base, { scheduler: clock.scheduler });
		clock.advance(1000);
		let changes = 0;
		awareness.on('change', () => changes++);
		channel.update({ view: 'ranking', selection: null });
		clock.advance(1000);
		expect(changes).toBe(0);
		awareness.destroy();
	});

	it('a throttle fires the first request at once and merges the rest of the interval', () => {
		const clock = manualClock();
		let sends = 0;
		const throttle = new Throttle(() => sends++, { intervalMs: 100, scheduler: clock.scheduler });
		throttle.request();
		throttle.request();
		throttle.request();
		expect(sends).toBe(1);
		clock.advance(100);
		expect(sends).toBe(2);
		clock.advance(500);
		throttle.request();
		expect(sends).toBe(3);
	});
});

describe('presence state', () => {
	it('keeps only well-formed fields of a peer and clamps pointers', () => {
		expect(parsePresence({})).toBeNull();
		expect(parsePresence({ participant: 'u', color: 'red' })).toBeNull();
		const parsed = parsePresence({
			participant: 'u-bob',
			name: 'Bob',
			color: '#1f6feb',
			view: 'ranking',
			selection: { kind: 'project' },
			pointer: { view: 'ranking', x: 2, y: -1 },
			role: 'admin',
			idle: 'yes'
		});
		expect(parsed).toMatchObject({
			selection: null,
			pointer: { view: 'ranking', x: 1, y: 0 },
			role: 'view',
			idle: false
		});
	});

	it('lists the other clients, not this one', () => {
		const doc = new Y.Doc();
		const mine = new Awareness(doc);
		const theirs = new Awareness(new Y.Doc());
		mine.setLocalState({ ...base });
		theirs.setLocalState({ ...base, participant: 'u-bob', name: 'Bob' });
		mine.states.set(theirs.clientID, theirs.getLocalState()!);
		expect(peersOf(mine).map((p) => p.name)).toEqual(['Bob']);
		mine.destroy();
		theirs.destroy();
	});

	it('gives a stable colour per participant and initials per name', () => {
		expect(colorFor('u-ann')).toBe(colorFor('u-ann'));
		expect(PRESENCE_COLORS).toContain(colorFor('u-bob'));
		const spread = new Set(Array.from({ length: 40 }, (_, i) => colorFor(`u-${i}`)));
		expect(spread.size).toBeGreaterThan(5);
		expect(initials('Ann Lee')).toBe('AL');
		expect(initials('  ')).toBe('?');
		expect(initials('émile')).toBe('É');
	});
});
