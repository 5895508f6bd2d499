import { describe, expect, it } from 'vitest';
import {
	acceptPokerScores,
	addComment,
	castPokerVote,
	CommandError,
	createUndoManager,
	endPoker,
	exportPortfolio,
	pauseWorkshopTimer,
	placeDot,
	read,
	readComments,
	readWorkshop,
	replyToComment,
	resetWorkshopTimer,
	revealPoker,
	setScores,
	setThreadResolved,
	setWorkshopTimer,
	startDots,
	startPoker,
	startWorkshopTimer
} from '../../src/lib/doc';
import { dotsLeft, placeDots, tallyDots, type DotAllocation } from '../../src/lib/domain/dots';
import { acceptedScore, describeAccepted, median, pokerStats } from '../../src/lib/domain/poker';
import {
	formatTimeLeft,
	isFinished,
	newTimer,
	pauseTimer,
	startTimer,
	timeLeft
} from '../../src/lib/domain/timer';
import { northwindDoc, northwindPortfolio, replica, sync } from '../helpers/doc-fixtures';

const ann = { id: 'u-ann', name: 'Ann' };
const bob = { id: 'u-bob', name: 'Bob' };
const MIN = 60_000;

describe('timer arithmetic', () => {
	it('counts down from the start time on any clock, without ticks', () => {
		const running = startTimer(newTimer(5 * MIN), 1_000_000);
		expect(timeLeft(running, 1_000_000)).toBe(5 * MIN);
		expect(timeLeft(running, 1_000_000 + 90_000)).toBe(5 * MIN - 90_000);
		// A late joiner computes the same from the same facts.
		expect(timeLeft({ ...running }, 1_000_000 + 4 * MIN)).toBe(MIN);
	});

	it('keeps what was left across a pause and resumes from it', () => {
		let timer = startTimer(newTimer(10 * MIN), 0);
		timer = pauseTimer(timer, 3 * MIN);
		expect(timeLeft(timer, 60 * MIN)).toBe(7 * MIN);
		timer = startTimer(timer, 100 * MIN);
		expect(timeLeft(timer, 102 * MIN)).toBe(5 * MIN);
	});

	it('stops at zero, is finished, and starts again from the full duration', () => {
		const timer = startTimer(newTimer(MIN), 0);
		expect(timeLeft(timer, 5 * MIN)).toBe(0);
		expect(isFinished(timer, 5 * MIN)).toBe(true);
		expect(isFinished(timer, 30_000)).toBe(false);
		expect(timeLeft(startTimer(timer, 5 * MIN), 5 * MIN + 10_000)).toBe(50_000);
	});

	it('never shows more than was left on a clock behind the starter', () => {
		const timer = startTimer(newTimer(MIN), 10_000);
		expect(timeLeft(timer, 9_000)).toBe(MIN);
	});

	it('formats rounded up, so 0:00 means the time is up', () => {
		expect(formatTimeLeft(5 * MIN)).toBe('5:00');
		expect(formatTimeLeft(59_001)).toBe('1:00');
		expect(formatTimeLeft(1)).toBe('0:01');
		expect(formatTimeLeft(0)).toBe('0:00');
		expect(formatTimeLeft(3_723_000)).toBe('1:02:03');
	});
});

describe('poker statistics', () => {
	it('gives the median of odd and even counts', () => {
		expect(median([7, 1, 5])).toBe(5);
		expect(median([2, 8, 4, 6])).toBe(5);
		expect(median([])).toBeNaN();
	});

	it('gives the distribution, spread and median of the votes', () => {
		const stats = pokerStats([5, 7, 5, 6, 5])!;
		expect(stats.count).toBe(5);
		expect(stats.distribution).toEqual([
			{ value: 5, count: 3 },
			{ value: 6, count: 1 },
			{ value: 7, count: 1 }
		]);
		expect(stats.median).toBe(5);
		expect(stats.spread).toBe(2);
		expect(stats.outliers).toEqual([]);
	});

	it('flags a vote far from the rest as an outlier', () => {
		const stats = pokerStats([7, 8, 7, 7, 1])!;
		expect(stats.outliers).toEqual([1]);
		expect(stats.spread).toBe(7);
	});

	it('flags the odd one out in a group of three', () => {
		expect(pokerStats([8, 1, 8])!.outliers).toEqual([1]);
		expect(pokerStats([2, 5, 8])!.outliers).toEqual([]);
	});

	it('does not flag a vote that is only a little off', () => {
		expect(pokerStats([5, 5, 5, 5, 6])!.outliers).toEqual([]);
	});

	it('flags nothing with fewer than three votes, and nothing without votes', () => {
		expect(pokerStats([0, 10])!.outliers).toEqual([]);
		expect(pokerStats([])).toBeNull();
	});

	it('rounds the median to a whole score to accept it', () => {
		expect(acceptedScore(pokerStats([6, 7])!)).toBe(7);
		expect(acceptedScore(pokerStats([2, 3, 3])!)).toBe(3);
	});
});

describe('dot budget', () => {
	it('places dots until the budget is spent, then refuses', () => {
		let allocation = placeDots({}, 'p-a', 2, 3)!;
		allocation = placeDots(allocation, 'p-b', 1, 3)!;
		expect(dotsLeft(allocation, 3)).toBe(0);
		expect(placeDots(allocation, 'p-c', 1, 3)).toBeNull();
		expect(placeDots(allocation, 'p-a', -1, 3)).toEqual({ 'p-a': 1, 'p-b': 1 });
		expect(placeDots(allocation, 'p-c', -1, 3)).toBeNull();
	});

	it('tallies most dots first, names voters unless anonymous, and caps a bad ballot', () => {
		const allocations: { name: string; allocation: DotAllocation }[] = [
			{ name: 'Ann', allocation: { 'p-b': 2, 'p-a': 1 } },
			{ name: 'Bob', allocation: { 'p-b': 1 } },
			{ name: 'Eve', allocation: { 'p-a': 9 } }
		];
		const tally = tallyDots({
			allocations,
			projectOrder: ['p-a', 'p-b', 'p-c'],
			budget: 3,
			anonymous: false
		});
		expect(tally.map((t) => [t.projectId, t.dots])).toEqual([
			['p-a', 4],
			['p-b', 3],
			['p-c', 0]
		]);
		expect(tally[1].voters).toEqual([
			{ name: 'Ann', dots: 2 },
			{ name: 'Bob', dots: 1 }
		]);
		const hidden = tallyDots({
			allocations,
			projectOrder: ['p-a', 'p-b'],
			budget: 3,
			anonymous: true
		});
		expect(hidden.every((t) => t.voters.length === 0)).toBe(true);
	});
});

describe('workshop commands', () => {
	it('shares the timer as facts, so a peer that syncs later computes the same time left', () => {
		const doc = northwindDoc();
		setWorkshopTimer(doc, 5 * MIN);
		startWorkshopTimer(doc, 1_000);
		const late = replica(doc);
		sync(doc, late);
		expect(timeLeft(readWorkshop(late).timer!, 61_000)).toBe(4 * MIN);
		pauseWorkshopTimer(late, 121_000);
		sync(doc, late);
		expect(timeLeft(readWorkshop(doc).timer!, 999_999)).toBe(3 * MIN);
		resetWorkshopTimer(doc);
		expect(readWorkshop(doc).timer).toEqual(newTimer(5 * MIN));
	});

	it('refuses a timer without a duration or with a silly one', () => {
		const doc = northwindDoc();
		expect(() => startWorkshopTimer(doc, 0)).toThrow(/set its duration/);
		expect(() => setWorkshopTimer(doc, -5)).toThrow(CommandError);
	});

	it('keeps both participants’ poker votes, scales by criterion kind, refuses after the reveal', () => {
		const doc = northwindDoc();
		startPoker(doc, { criterionId: 'c-roi', projectIds: ['p-crm', 'p-erp'], by: 'Fay' });
		const other = replica(doc);
		castPokerVote(doc, ann, 'p-crm', 8);
		castPokerVote(other, bob, 'p-crm', 4);
		castPokerVote(other, bob, 'p-erp', 2);
		sync(doc, other);
		const state = readWorkshop(doc);
		expect(state.poker?.max).toBe(10);
		expect(state.pokerBallots).toEqual([
			{ participant: 'u-ann', name: 'Ann', scores: { 'p-crm': 8 } },
			{ participant: 'u-bob', name: 'Bob', scores: { 'p-crm': 4, 'p-erp': 2 } }
		]);
		expect(() => castPokerVote(doc, ann, 'p-crm', 11)).toThrow(/0 to 10/);
		expect(() => castPokerVote(doc, ann, 'p-wms', 5)).toThrow(/not in this round/);
		revealPoker(doc);
		expect(() => castPokerVote(doc, ann, 'p-crm', 5)).toThrow(/revealed/);
		startPoker(doc, { criterionId: 'c-growth', projectIds: ['p-crm'], by: 'Fay' });
		expect(readWorkshop(doc).poker?.max).toBe(3);
		expect(readWorkshop(doc).pokerBallots).toEqual([]);
		endPoker(doc);
		expect(readWorkshop(doc).poker).toBeNull();
	});

	it('accepting medians is one undo step, and the workshop state is not undone', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		startPoker(doc, { criterionId: 'c-roi', projectIds: ['p-crm', 'p-erp'], by: 'Fay' });
		castPokerVote(doc, ann, 'p-crm', 9);
		revealPoker(doc);
		const before = read(doc).projects.map((p) => p.scores['c-roi']);
		setScores(doc, [
			{ projectId: 'p-crm', criterionId: 'c-roi', value: 9 },
			{ projectId: 'p-erp', criterionId: 'c-roi', value: 1 }
		]);
		undo.undo();
		expect(read(doc).projects.map((p) => p.scores['c-roi'])).toEqual(before);
		expect(readWorkshop(doc).poker?.revealed).toBe(true);
		expect(undo.canUndo()).toBe(false);
	});

	it('accepting poker scores logs the criterion and the projects in the same undo step', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const before = read(doc);
		const name = (id: string) => before.projects.find((p) => p.id === id)!.name;
		const criterion = before.criteria.find((c) => c.id === 'c-roi')!.name;
		const logId = acceptPokerScores(
			doc,
			[
				{ projectId: 'p-crm', criterionId: 'c-roi', value: 9 },
				{ projectId: 'p-erp', criterionId: 'c-roi', value: 1 }
			],
			{ by: 'Fay' }
		);
		const after = read(doc);
		expect(after.projects.find((p) => p.id === 'p-crm')!.scores['c-roi']).toBe(9);
		const entry = after.decisions.find((d) => d.id === logId)!;
		expect(entry.by).toBe('Fay');
		expect(entry.title).toContain(criterion);
		expect(entry.projectIds).toEqual(['p-crm', 'p-erp']);
		expect(entry.rationale).toContain(`${name('p-crm')} 9`);
		expect(entry.rationale).toContain(`${name('p-erp')} 1`);
		undo.undo();
		expect(read(doc).projects).toEqual(before.projects);
		expect(read(doc).decisions).toEqual(before.decisions);
	});

	it('accepting a half median stores it rounded and says so in the log', () => {
		const doc = northwindDoc();
		const before = read(doc);
		const name = before.projects.find((p) => p.id === 'p-crm')!.name;
		const logId = acceptPokerScores(doc, [
			{ projectId: 'p-crm', criterionId: 'c-roi', value: 7, median: 6.5 },
			{ projectId: 'p-erp', criterionId: 'c-roi', value: 4, median: 4 }
		]);
		const after = read(doc);
		expect(after.projects.find((p) => p.id === 'p-crm')!.scores['c-roi']).toBe(7);
		const entry = after.decisions.find((d) => d.id === logId)!;
		expect(entry.rationale).toContain(`${name} 6.5 → 7 (rounded)`);
		expect(entry.rationale).not.toContain('4 → 4');
	});

	it('says a rounded median before it is accepted, and a whole one as it is', () => {
		expect(describeAccepted(6.5)).toBe('6.5 → 7 (rounded)');
		expect(describeAccepted(2.5)).toBe('2.5 → 3 (rounded)');
		expect(describeAccepted(8)).toBe('8');
	});

	it('accepting no poker scores writes and logs nothing', () => {
		const doc = northwindDoc();
		const before = read(doc);
		expect(acceptPokerScores(doc, [])).toBeNull();
		expect(read(doc)).toEqual(before);
	});

	it('enforces the dot budget per participant', () => {
		const doc = northwindDoc();
		startDots(doc, { budget: 2, anonymous: true, projectIds: ['p-crm', 'p-erp'] });
		placeDot(doc, ann, 'p-crm', 1);
		placeDot(doc, ann, 'p-crm', 1);
		expect(() => placeDot(doc, ann, 'p-erp', 1)).toThrow(/no dots left/);
		placeDot(doc, bob, 'p-erp', 1);
		const { dotBallots, dots } = readWorkshop(doc);
		expect(dots?.anonymous).toBe(true);
		expect(dotBallots.map((b) => [b.name, b.allocation])).toEqual([
			['Ann', { 'p-crm': 2 }],
			['Bob', { 'p-erp': 1 }]
		]);
	});

	it('keeps the workshop out of the exported portfolio', () => {
		const doc = northwindDoc();
		setWorkshopTimer(doc, MIN);
		startDots(doc, { budget: 3, anonymous: false, projectIds: ['p-crm'] });
		expect(exportPortfolio(doc)).toEqual(northwindPortfolio());
	});
});

describe('comments', () => {
	it('threads replies, resolves and reopens, and merges a reply with a resolve', () => {
		const doc = northwindDoc();
		const thread = addComment(doc, {
			target: 'project',
			targetId: 'p-crm',
			author: ann,
			text: ' Why now? ',
			at: 1
		});
		const other = replica(doc);
		replyToComment(other, { threadId: thread, author: bob, text: 'Contract ends', at: 2 });
		setThreadResolved(doc, thread, true);
		sync(doc, other);
		const [only] = readComments(other);
		expect(only).toMatchObject({ text: 'Why now?', resolved: true, targetId: 'p-crm' });
		expect(only.replies.map((r) => r.text)).toEqual(['Contract ends']);
		setThreadResolved(other, thread, false);
		expect(readComments(other)[0].resolved).toBe(false);
	});

	it('refuses empty comments and unknown targets', () => {
		const doc = northwindDoc();
		expect(() =>
			addComment(doc, { target: 'project', targetId: 'p-crm', author: ann, text: '  ', at: 1 })
		).toThrow(/comment must not be empty/);
		expect(() =>
			addComment(doc, { target: 'objective', targetId: 'nope', author: ann, text: 'x', at: 1 })
		).toThrow(/unknown objective/);
	});
});
