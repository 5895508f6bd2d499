import { createSubscriber } from 'svelte/reactivity';
import {
	callEveryoneToStep,
	closeAgendaStep,
	endAgenda,
	goToAgendaStep,
	readAgenda,
	setAgendaSteps,
	startAgenda,
	takeOverAgenda,
	type AgendaSnapshot,
	acceptPokerScores,
	castPokerVote,
	endDots,
	endPoker,
	pauseWorkshopTimer,
	placeDot,
	readComments,
	readWorkshop,
	resetWorkshopTimer,
	revealDots,
	revealPoker,
	setWorkshopTimer,
	startDots,
	startPoker,
	startWorkshopTimer,
	type CommentThread,
	type WorkshopSnapshot
} from '$lib/doc';
import type { AgendaStep } from '$lib/domain/agenda';
import { stepOutcome } from '$lib/domain/agenda-outcome';
import { tallyDots, dotsLeft, type DotTally } from '$lib/domain/dots';
import { acceptedScore, outlierDistance, pokerStats, type PokerStats } from '$lib/domain/poker';
import { isFinished, isRunning, timeLeft } from '$lib/domain/timer';
import type { PortfolioSession } from './portfolio-session.svelte';
import { participant } from './participant.svelte';

/**
 * The workshop as runes: the shared timer (ticking locally from the stored facts), the
 * poker round (own votes, who has voted, and after the reveal the statistics), the dot
 * round (own dots, budget left, tally) and comment threads. Intent methods call the doc
 * commands; the facilitator's acceptance of poker medians is one `acceptPokerScores`
 * (the scores and their decision-log entry, one undo step).
 */

export interface PokerRow {
	projectId: string;
	name: string;
	/** Current score in the portfolio (before accepting). */
	current: number | null;
	stats: PokerStats | null;
	/** Each voter's score, for the reveal (names beside outliers). */
	votes: { name: string; value: number; outlier: boolean }[];
}

export class WorkshopState {
	#session: PortfolioSession;
	#snapshot: WorkshopSnapshot | null = null;
	#comments: CommentThread[] | null = null;
	#agenda: AgendaSnapshot | null | undefined = undefined;
	#now = $state(Date.now());
	#chimed: number | null = null;
	onfinish: (() => void) | null = null;

	#subscribe = createSubscriber((update) => {
		const doc = this.#session.doc;
		const onUpdate = () => {
			this.#snapshot = null;
			this.#comments = null;
			this.#agenda = undefined;
			update();
		};
		doc.on('update', onUpdate);
		return () => doc.off('update', onUpdate);
	});

	constructor(session: PortfolioSession) {
		this.#session = session;
	}

	get #state(): WorkshopSnapshot {
		this.#subscribe();
		this.#snapshot ??= readWorkshop(this.#session.doc);
		return this.#snapshot;
	}

	/** Facilitation (timer, rounds) is for editors; viewers only watch. */
	get canFacilitate(): boolean {
		return this.#session.role === 'edit';
	}

	/** Voting and commenting: editors, with a name. */
	get canVote(): boolean {
		return this.#session.role === 'edit';
	}

	get me() {
		return participant.current;
	}

	// ── Agenda ──
	/** The running workshop's agenda and the room's step, or null. */
	get agenda(): AgendaSnapshot | null {
		this.#subscribe();
		if (this.#agenda === undefined) this.#agenda = readAgenda(this.#session.doc);
		return this.#agenda;
	}

	startAgenda(steps?: AgendaStep[]): void {
		startAgenda(this.#session.doc, { steps, ...this.#facilitator(), now: Date.now() });
	}
	/** Whether this device runs the console (it started the workshop or took it over). */
	get facilitating(): boolean {
		const agenda = this.agenda;
		return agenda !== null && agenda.facilitator !== '' && agenda.facilitator === participant.id;
	}
	takeOver(): void {
		takeOverAgenda(this.#session.doc, this.#facilitator());
	}
	#facilitator() {
		return { by: this.me?.name ?? '', facilitator: participant.id };
	}
	setAgendaSteps(steps: AgendaStep[]): void {
		setAgendaSteps(this.#session.doc, { steps, now: Date.now() });
	}
	goToStep(stepId: string): void {
		goToAgendaStep(this.#session.doc, { stepId, now: Date.now() });
	}
	/** Moves one step forward or back, without logging (Close step logs). */
	step(delta: 1 | -1): void {
		const agenda = this.agenda;
		const target = agenda?.steps[agenda.index + delta];
		if (target) this.goToStep(target.id);
	}
	callEveryone(): void {
		callEveryoneToStep(this.#session.doc, Date.now());
	}
	/**
	 * Logs the current step's outcome (one undo step) and moves the room on; after the
	 * last step the workshop ends.
	 */
	closeStep(extra: { scenarios?: readonly string[] } = {}): void {
		const agenda = this.agenda;
		if (!agenda) return;
		const outcome = stepOutcome(agenda.current.kind, this.#session.portfolio, extra);
		this.#session.undo.stopCapturing();
		closeAgendaStep(
			this.#session.doc,
			{ stepId: agenda.current.id, outcome, now: Date.now() },
			{ by: participant.current?.name }
		);
		this.#session.undo.stopCapturing();
	}
	endAgenda(): void {
		endAgenda(this.#session.doc);
	}

	// ── Timer ──
	get timer() {
		return this.#state.timer;
	}

	/** Time left now (ms); ticks while the timer runs. */
	get timeLeft(): number {
		const timer = this.timer;
		return timer ? timeLeft(timer, this.#now) : 0;
	}

	get running(): boolean {
		return this.timer !== null && isRunning(this.timer, this.#now);
	}

	get finished(): boolean {
		return this.timer !== null && isFinished(this.timer, this.#now);
	}

	/** Starts the local tick while a timer runs; call from an effect, returns the stop. */
	tick(): () => void {
		const step = () => {
			this.#now = Date.now();
			const timer = this.timer;
			if (timer && timer.startedAt !== null && isFinished(timer, this.#now)) {
				// Chime once per run, on the devices that saw it run out.
				if (this.#chimed !== timer.startedAt) {
					this.#chimed = timer.startedAt;
					if (this.#now - (timer.startedAt + timer.remainingMs) < 5000) this.onfinish?.();
				}
			}
		};
		step();
		const handle = setInterval(step, 250);
		return () => clearInterval(handle);
	}

	setDuration(minutes: number): void {
		setWorkshopTimer(this.#session.doc, Math.round(minutes * 60_000));
	}
	start(): void {
		this.#now = Date.now();
		startWorkshopTimer(this.#session.doc, this.#now);
	}
	pause(): void {
		this.#now = Date.now();
		pauseWorkshopTimer(this.#session.doc, this.#now);
	}
	reset(): void {
		resetWorkshopTimer(this.#session.doc);
	}

	// ── Poker ──
	get poker() {
		return this.#state.poker;
	}

	get pokerBallots() {
		return this.#state.pokerBallots;
	}

	/** My own secret scores in the round. */
	get myPokerScores(): Readonly<Record<string, number>> {
		const id = this.me?.id;
		return this.pokerBallots.find((b) => b.participant === id)?.scores ?? {};
	}

	/** Names of who has voted on at least one project (shown before the reveal). */
	get pokerVoters(): string[] {
		return this.pokerBallots
			.filter((b) => Object.keys(b.scores).length > 0)
			.map((b) => b.name || 'Guest');
	}

	startPoker(criterionId: string, projectIds: string[]): void {
		startPoker(this.#session.doc, {
			criterionId,
			projectIds,
			by: this.me?.name ?? ''
		});
	}
	vote(projectId: string, value: number | null): void {
		const me = this.me;
		if (me) castPokerVote(this.#session.doc, me, projectId, value);
	}
	revealPoker(): void {
		revealPoker(this.#session.doc);
	}
	endPoker(): void {
		endPoker(this.#session.doc);
	}

	/** Per project of the round: its votes and statistics (meant for after the reveal). */
	get pokerRows(): PokerRow[] {
		const round = this.poker;
		if (!round) return [];
		const portfolio = this.#session.portfolio;
		const criterion = portfolio.criteria.find((c) => c.id === round.criterionId);
		return round.projectIds.flatMap((projectId) => {
			const project = portfolio.projects.find((p) => p.id === projectId);
			if (!project) return [];
			const votes = this.pokerBallots.flatMap((b) =>
				projectId in b.scores ? [{ name: b.name || 'Guest', value: b.scores[projectId] }] : []
			);
			const stats = pokerStats(
				votes.map((v) => v.value),
				outlierDistance(round.max)
			);
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
			const outliers = new Set(stats?.outliers ?? []);
			const linked = criterion?.objectiveId ?? null;
			const current = linked
				? (project.contributions[linked] ?? null)
				: (project.scores[round.criterionId] ?? null);
			return [
				{
					projectId,
					name: project.name,
					current,
					stats,
					votes: votes.map((v) => ({ ...v, outlier: outliers.has(v.value) }))
				}
			];
		});
	}

	/** The revealed rows whose median is not a whole score: accepting rounds them. */
	get roundedMedians(): PokerRow[] {
		return this.pokerRows.filter(
			(row) => row.stats && acceptedScore(row.stats) !== row.stats.median
		);
	}

	/**
	 * Writes every project's median into the portfolio and logs it, as ONE change (one
	 * undo step); nothing is written or logged when no project has votes.
	 */
	acceptMedians(): number {
		const round = this.poker;
		if (!round) return 0;
		const cells = this.pokerRows.flatMap((row) =>
			row.stats
				? [
						{
							projectId: row.projectId,
							criterionId: round.criterionId,
							value: acceptedScore(row.stats),
							median: row.stats.median
						}
					]
				: []
		);
		if (cells.length === 0) return 0;
		this.#session.undo.stopCapturing();
		acceptPokerScores(this.#session.doc, cells, { by: participant.current?.name });
		this.#session.undo.stopCapturing();
		return cells.length;
	}

	// ── Dots ──
	get dots() {
		return this.#state.dots;
	}

	get myDots(): Readonly<Record<string, number>> {
		const id = this.me?.id;
		return this.#state.dotBallots.find((b) => b.participant === id)?.allocation ?? {};
	}

	get myDotsLeft(): number {
		return this.dots ? dotsLeft(this.myDots, this.dots.budget) : 0;
	}

	get dotVoters(): number {
		return this.#state.dotBallots.filter((b) => Object.keys(b.allocation).length > 0).length;
	}

	get dotTally(): DotTally[] {
		const round = this.dots;
		if (!round) return [];
		return tallyDots({
			allocations: this.#state.dotBallots,
			projectOrder: round.projectIds,
			budget: round.budget,
			anonymous: round.anonymous
		});
	}

	startDots(budget: number, anonymous: boolean, projectIds: string[]): void {
		startDots(this.#session.doc, { budget, anonymous, projectIds });
	}
	placeDot(projectId: string, delta: 1 | -1): void {
		const me = this.me;
		if (me) placeDot(this.#session.doc, me, projectId, delta);
	}
	revealDots(): void {
		revealDots(this.#session.doc);
	}
	endDots(): void {
		endDots(this.#session.doc);
	}

	// ── Comments ──
	get comments(): CommentThread[] {
		this.#subscribe();
		this.#comments ??= readComments(this.#session.doc);
		return this.#comments;
	}

	threadsOn(targetId: string): CommentThread[] {
		return this.comments.filter((t) => t.targetId === targetId);
	}
}
