/**
 * A workshop agenda: the steps a facilitator takes the room through, in order, each
 * shown as a stage on the shared screen and as an input on everyone's device. Pure
 * model: the doc layer stores it (doc/commands/agenda.ts), the state layer drives it.
 */

/** What a step is about; each kind has one stage and one participant input. */
export const AGENDA_KINDS = [
	'map',
	'weights',
	'scoring',
	'ranking',
	'capacity',
	'optimise',
	'decide'
] as const;

export type AgendaKind = (typeof AGENDA_KINDS)[number];

/** One step of an agenda. `minutes` sets the shared timer when the step opens (0: none). */
export interface AgendaStep {
	id: string;
	kind: AgendaKind;
	minutes: number;
}

/** The titles the room sees (stage header, agenda list, log entries). */
export const AGENDA_TITLE: Readonly<Record<AgendaKind, string>> = {
	map: 'Strategy map',
	weights: 'Criteria and weights',
	scoring: 'Scoring',
	ranking: 'Ranking and the funding line',
	capacity: 'Capacity fit',
	optimise: 'Optimise and scenarios',
	decide: 'Decide'
};

/** What each participant does during the step, in a few words (the participant's banner). */
export const AGENDA_TASK: Readonly<Record<AgendaKind, string>> = {
	map: 'Look at the strategy and comment',
	weights: 'Judge the criteria pair by pair',
	scoring: 'Score the projects in secret',
	ranking: 'Place your dots on the projects you would fund',
	capacity: 'Check who is over-allocated, and when',
	optimise: 'Compare the optimum and the scenarios',
	decide: 'Watch the decisions being logged'
};

/** Suggested minutes per step (a starting point; the facilitator changes them). */
export const AGENDA_MINUTES: Readonly<Record<AgendaKind, number>> = {
	map: 10,
	weights: 15,
	scoring: 15,
	ranking: 10,
	capacity: 10,
	optimise: 15,
	decide: 10
};

/** Longest a step's timer may be, in minutes (the timer's own bound is 24 h). */
export const AGENDA_MINUTES_MAX = 180;

/** The view each step's stage belongs to (its path segment under /p/<room>/). */
export const AGENDA_VIEW: Readonly<Record<AgendaKind, string>> = {
	map: 'map',
	weights: 'criteria',
	scoring: 'scores',
	ranking: 'ranking',
	capacity: 'capacity',
	optimise: 'optimize',
	decide: 'decisions'
};

/** The stage a view shows when presenting without a running agenda, or null for none. */
export function kindOfView(view: string): AgendaKind | null {
	const first = view.split('/')[0];
	for (const kind of AGENDA_KINDS) if (AGENDA_VIEW[kind] === first) return kind;
	return null;
}

export function isAgendaKind(value: unknown): value is AgendaKind {
	return typeof value === 'string' && (AGENDA_KINDS as readonly string[]).includes(value);
}
