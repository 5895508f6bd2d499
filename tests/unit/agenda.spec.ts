import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	callEveryoneToStep,
	closeAgendaStep,
	CommandError,
	createUndoManager,
	defaultAgendaSteps,
	endAgenda,
	goToAgendaStep,
	read,
	readAgenda,
	readWorkshop,
	setAgendaSteps,
	startAgenda
} from '../../src/lib/doc';
import { AGENDA_KINDS, kindOfView, type AgendaStep } from '../../src/lib/domain/agenda';
import { stepOutcome } from '../../src/lib/domain/agenda-outcome';
import { fundingLine } from '../../src/lib/domain/funding';
import { northwindDoc, northwindPortfolio, replica, sync } from '../helpers/doc-fixtures';

const NOW = 1_800_000_000_000;
const outcome = { title: 'Workshop: step', rationale: 'done' };

function started(steps?: AgendaStep[]): Y.Doc {
	const doc = northwindDoc();
	startAgenda(doc, { steps, by: 'Ana', now: NOW });
	return doc;
}

describe('agenda commands', () => {
	it('startAgenda puts the room on the first of every kind, with its timer set and stopped', () => {
		const doc = started();
		const agenda = readAgenda(doc)!;
		expect(agenda.steps.map((s) => s.kind)).toEqual([...AGENDA_KINDS]);
		expect(agenda.index).toBe(0);
		expect(agenda.current.kind).toBe('map');
		expect(agenda.since).toBe(NOW);
		expect(agenda.by).toBe('Ana');
		const timer = readWorkshop(doc).timer!;
		expect(timer.durationMs).toBe(agenda.current.minutes * 60_000);
		expect(timer.startedAt).toBeNull();
	});

	it('goToAgendaStep moves the room and sets the timer to that step, a zero-minute step clears it', () => {
		const steps = defaultAgendaSteps();
		steps[2] = { ...steps[2], minutes: 0 };
		const doc = started(steps);
		goToAgendaStep(doc, { stepId: steps[1].id, now: NOW + 5 });
		expect(readAgenda(doc)!.current.id).toBe(steps[1].id);
		expect(readWorkshop(doc).timer!.durationMs).toBe(steps[1].minutes * 60_000);
		goToAgendaStep(doc, { stepId: steps[2].id, now: NOW + 6 });
		expect(readWorkshop(doc).timer).toBeNull();
		expect(() => goToAgendaStep(doc, { stepId: 'nope', now: NOW })).toThrow(/unknown step 'nope'/);
	});

	it('setAgendaSteps reorders and trims; the room stays on its step, or goes to the first when it was removed', () => {
		const steps = defaultAgendaSteps();
		const doc = started(steps);
		goToAgendaStep(doc, { stepId: steps[3].id, now: NOW });
		const reordered = [steps[3], steps[0], steps[5]];
		setAgendaSteps(doc, { steps: reordered, now: NOW + 1 });
		expect(readAgenda(doc)!.steps.map((s) => s.id)).toEqual(reordered.map((s) => s.id));
		expect(readAgenda(doc)!.index).toBe(0);
		expect(readAgenda(doc)!.current.id).toBe(steps[3].id);
		setAgendaSteps(doc, { steps: [steps[5], steps[0]], now: NOW + 2 });
		expect(readAgenda(doc)!.current.id).toBe(steps[5].id);
		expect(readAgenda(doc)!.since).toBe(NOW + 2);
	});

	it('refuses a bad agenda with a message naming the step, and writes nothing', () => {
		const doc = started();
		const before = readAgenda(doc);
		expect(() => setAgendaSteps(doc, { steps: [], now: NOW })).toThrow(/at least one step/);
		expect(() =>
			setAgendaSteps(doc, {
				steps: [
					{ id: 'a', kind: 'map', minutes: 5 },
					{ id: 'b', kind: 'vote', minutes: 5 } as never
				],
				now: NOW
			})
		).toThrow(/step 2: unknown kind 'vote'/);
		expect(() =>
			setAgendaSteps(doc, { steps: [{ id: 'a', kind: 'ranking', minutes: 2.5 }], now: NOW })
		).toThrow(/step 1 \(Ranking and the funding line\): minutes must be a whole number/);
		expect(readAgenda(doc)).toEqual(before);
		expect(() => goToAgendaStep(northwindDoc(), { stepId: 'x', now: NOW })).toThrow(CommandError);
	});

	it('closeAgendaStep logs the outcome and moves on; after the last step the workshop ends', () => {
		const steps = defaultAgendaSteps().slice(0, 2);
		const doc = started(steps);
		const logged = () => read(doc).decisions.map((d) => d.title);
		closeAgendaStep(doc, { stepId: steps[0].id, outcome, now: NOW + 1 }, { by: 'Ana' });
		expect(readAgenda(doc)!.current.id).toBe(steps[1].id);
		expect(logged()).toContain('Workshop: step');
		expect(read(doc).decisions.find((d) => d.title === 'Workshop: step')!.by).toBe('Ana');
		closeAgendaStep(doc, { stepId: steps[1].id, outcome, now: NOW + 2 });
		expect(readAgenda(doc)).toBeNull();
		expect(logged().filter((t) => t === 'Workshop: step')).toHaveLength(2);
	});

	it('a close that crossed another facilitator’s move is refused instead of closing the wrong step', () => {
		const steps = defaultAgendaSteps();
		const doc = started(steps);
		goToAgendaStep(doc, { stepId: steps[2].id, now: NOW });
		expect(() => closeAgendaStep(doc, { stepId: steps[0].id, outcome, now: NOW })).toThrow(
			/moved to another step/
		);
		expect(read(doc).decisions.some((d) => d.title === 'Workshop: step')).toBe(false);
	});

	it('undo takes back the logged outcome but never moves the room (the agenda is outside undo)', () => {
		const steps = defaultAgendaSteps();
		const doc = started(steps);
		const undo = createUndoManager(doc);
		closeAgendaStep(doc, { stepId: steps[0].id, outcome, now: NOW });
		undo.undo();
		expect(read(doc).decisions.some((d) => d.title === 'Workshop: step')).toBe(false);
		expect(readAgenda(doc)!.current.id).toBe(steps[1].id);
	});

	it('two facilitators at once: one reorders while the other moves on; both changes survive on every peer', () => {
		const steps = defaultAgendaSteps();
		const a = started(steps);
		const b = replica(a);
		setAgendaSteps(a, { steps: [...steps].reverse(), now: NOW + 1 });
		goToAgendaStep(b, { stepId: steps[4].id, now: NOW + 2 });
		sync(a, b);
		expect(readAgenda(a)).toEqual(readAgenda(b));
		expect(readAgenda(a)!.steps.map((s) => s.id)).toEqual([...steps].reverse().map((s) => s.id));
		expect(readAgenda(a)!.current.id).toBe(steps[4].id);
	});

	it('a late joiner reads the current step and the last call', () => {
		const steps = defaultAgendaSteps();
		const doc = started(steps);
		goToAgendaStep(doc, { stepId: steps[3].id, now: NOW + 10 });
		callEveryoneToStep(doc, NOW + 20);
		const late = replica(doc);
		expect(readAgenda(late)).toMatchObject({
			current: { id: steps[3].id, kind: 'ranking' },
			since: NOW + 10,
			calledAt: NOW + 20
		});
	});

	it('endAgenda ends the workshop; a bad peer’s values read as no workshop', () => {
		const doc = started();
		endAgenda(doc);
		expect(readAgenda(doc)).toBeNull();
		const bad = northwindDoc();
		bad.getMap('workshop').set('agenda', { id: 'x', steps: [{ id: 's', kind: 'dance' }] });
		expect(readAgenda(bad)).toBeNull();
		bad.getMap('workshop').set('agenda', {
			id: 'x',
			steps: [
				{ id: 's', kind: 'map', minutes: 5 },
				{ id: 's', kind: 'map', minutes: 5 }
			]
		});
		expect(readAgenda(bad)!.steps).toHaveLength(1);
	});
});

describe('step outcomes', () => {
	it('the ranking outcome names the ranking, the funded projects and where the line stops', () => {
		const portfolio = read(northwindDoc());
		const funding = fundingLine(portfolio);
		const out = stepOutcome('ranking', portfolio);
		expect(out.title).toBe('Workshop: Ranking and the funding line');
		expect(out.rationale).toContain(`1. ${portfolio.projects[0].name}`);
		expect(out.projectIds).toEqual(
			portfolio.projects.filter((p) => funding.funded.has(p.id)).map((p) => p.id)
		);
		const line = portfolio.projects.find((p) => p.id === funding.line)!;
		expect(out.rationale).toContain(`The funding line stops at ${line.name}`);
	});

	it('the weights outcome lists every criterion by weight, largest first', () => {
		const portfolio = read(northwindDoc());
		const out = stepOutcome('weights', portfolio);
		for (const c of portfolio.criteria) expect(out.rationale).toContain(c.name);
		const shares = [...out.rationale.matchAll(/(\d+) %/g)].map((m) => Number(m[1]));
		expect(shares).toEqual([...shares].sort((x, y) => y - x));
	});

	it('the capacity outcome names the worst role and period and the projects that fill it', () => {
		const portfolio = read(northwindDoc());
		const out = stepOutcome('capacity', portfolio);
		const roleNames = portfolio.roles.map((r) => r.name);
		expect(roleNames.some((n) => out.rationale.includes(`Peak load: ${n} in `))).toBe(true);
		const from = /, from (.+?)\./.exec(out.rationale)?.[1] ?? '';
		const funded = fundingLine(portfolio).funded;
		const named = portfolio.projects.filter((p) => from.includes(p.name));
		expect(named.length).toBeGreaterThan(0);
		expect(named.every((p) => funded.has(p.id))).toBe(true);
	});

	it('the decide outcome lists forced-in and forced-out projects', () => {
		const portfolio = northwindPortfolio();
		portfolio.projects[0] = { ...portfolio.projects[0], decision: 'out' };
		const out = stepOutcome('decide', portfolio);
		expect(out.rationale).toContain(`Forced out: ${portfolio.projects[0].name}`);
	});
});

describe('kindOfView', () => {
	it('maps a view to its stage, and a view without one to null', () => {
		expect(kindOfView('ranking')).toBe('ranking');
		expect(kindOfView('map')).toBe('map');
		expect(kindOfView('capacity')).toBe('capacity');
		expect(kindOfView('risks')).toBeNull();
		expect(kindOfView('')).toBeNull();
	});
});
