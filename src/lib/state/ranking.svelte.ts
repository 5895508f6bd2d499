import type { FundingReason, FundingResult } from '$lib/domain/analysis-types';
import { prepareFunding } from '$lib/domain/funding';
import { projectValues } from '$lib/domain/scoring';
import type { Decision, Portfolio, Project } from '$lib/domain/types';

/**
 * The ranking board's logic, testable without a DOM: the order shown (the committed
 * ranking, or the previewed one while a project is being dragged), the values and
 * value ranks, and the strict funding line over the order shown, recomputed on every
 * drag step. The view only draws rows and forwards pointer and key events as intents.
 *
 * Everything derived from the portfolio is memoised by snapshot identity rather than
 * with `$derived`: snapshots are immutable and replaced on every change, so identity
 * is the exact cache key (the prepared funding data is built once per snapshot and a
 * drag step only re-runs the walk), and the same getters work in node tests where no
 * effect tracks the source. Reactivity comes from the reads themselves: the source
 * getter (the session's subscriber) and the `$state` drag and selection.
 */

/** The doc writes the board needs; the view binds them to the session's doc. */
export interface RankingCommands {
	/** Moves a project to an index of the list without it (moveProject). */
	move(id: string, index: number): void;
	/** Puts every project in this order as one undoable change (setProjectOrder). */
	setOrder(ids: string[]): void;
	/** Edits a project's decision and/or its reason (updateProject). */
	setDecision(id: string, patch: { decision?: Decision; decisionReason?: string }): void;
}

export interface RankingOptions {
	portfolio: () => Portfolio;
	canEdit: () => boolean;
	commands: RankingCommands;
}

export type DragMode = 'pointer' | 'keyboard';

export interface Drag {
	id: string;
	/** Index in the previewed order. */
	to: number;
	mode: DragMode;
}

export interface RankingRow {
	project: Project;
	/** 1-based, in the order shown. */
	rank: number;
	/** 0-100. */
	value: number;
	/** 1-based rank by value (ties keep the ranking's order). */
	valueRank: number;
	/** rank − valueRank: positive when its value would put it higher. */
	gap: number;
	funded: boolean;
	reason: FundingReason | undefined;
	/** The first auto project that does not fit: the funding line sits on top of it. */
	isLine: boolean;
	dragging: boolean;
}

interface Analysis {
	portfolio: Portfolio;
	byId: Map<string, Project>;
	committed: string[];
	values: Map<string, number>;
	valueRank: Map<string, number>;
	funding: { run(order?: readonly string[]): FundingResult };
	/** The value order, computed when first asked. */
	byValue?: { order: string[]; sorted: boolean };
}

export class RankingState {
	#options: RankingOptions;
	#drag = $state.raw<Drag | null>(null);
	/** The project selected in the list or the chart (highlighted in both). */
	selected = $state<string | null>(null);
	/** What the aria-live region says. */
	announcement = $state('');

	#analysis: Analysis | null = null;
	#order: { analysis: Analysis; drag: Drag | null; order: string[]; from: number } | null = null;
	#result: {
		analysis: Analysis;
		order: string[];
		funding: FundingResult;
		rows: RankingRow[];
	} | null = null;

	constructor(options: RankingOptions) {
		this.#options = options;
	}

	get portfolio(): Portfolio {
		return this.#options.portfolio();
	}

	get canEdit(): boolean {
		return this.#options.canEdit();
	}

	/** The drag in progress, if any (its project still exists). */
	get drag(): Drag | null {
		const drag = this.#drag;
		return drag && this.#analyse().byId.has(drag.id) ? drag : null;
	}

	/** Values, value ranks and the prepared funding data of the current snapshot. */
	#analyse(): Analysis {
		const portfolio = this.portfolio;
		if (this.#analysis?.portfolio === portfolio) return this.#analysis;
		const committed = portfolio.projects.map((p) => p.id);
		const values = projectValues(portfolio);
		const byValue = committed
			.map((id, index) => ({ id, index, value: values.get(id) ?? 0 }))
			.sort((a, b) => b.value - a.value || a.index - b.index);
		this.#analysis = {
			portfolio,
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- per snapshot, never mutated
			byId: new Map(portfolio.projects.map((p) => [p.id, p])),
			committed,
			values,
			// eslint-disable-next-line svelte/prefer-svelte-reactivity -- per snapshot, never mutated
			valueRank: new Map(byValue.map((item, i) => [item.id, i + 1])),
			funding: prepareFunding(portfolio)
		};
		return this.#analysis;
	}

	/** Project ids in the order shown: the previewed order while dragging. */
	get order(): string[] {
		return this.#preview().order;
	}

	/** The order shown, and where the dragged project is in the committed one (or -1). */
	#preview(): { order: string[]; from: number } {
		const analysis = this.#analyse();
		const drag = this.drag;
		const cached = this.#order;
		if (cached && cached.analysis === analysis && cached.drag === drag) return cached;
		let order = analysis.committed;
		let from = -1;
		if (drag) {
			from = analysis.committed.indexOf(drag.id);
			order = analysis.committed.filter((id) => id !== drag.id);
			order.splice(drag.to, 0, drag.id);
		}
		this.#order = { analysis, drag, order, from };
		return this.#order;
	}

	/**
	 * The rows [start, end) of the order shown, in the order of their elements in the
	 * DOM. While a project is moved with the keyboard its row keeps its committed place
	 * among the others and the view draws it at its previewed place (CSS `order` = rank),
	 * so a step moves no element: moving the focused handle's row out of the document
	 * and back would blur it, and focusing it again forces a style and layout pass in
	 * the middle of the step. Its handle keeps the focus and says the rank; the DOM
	 * catches up on the drop. A pointer drag reorders the DOM as it goes.
	 */
	rowsInDomOrder(start: number, end: number): RankingRow[] {
		const rows = this.rows.slice(start, end);
		const drag = this.drag;
		const at = drag?.mode === 'keyboard' ? rows.findIndex((row) => row.dragging) : -1;
		if (!drag || at < 0) return rows;
		const { from } = this.#preview();
		const [dragged] = rows.splice(at, 1);
		// Without the dragged row both orders list the others alike; the one at rank r
		// (0-based) is the j-th of them, and the dragged row goes before the first j ≥ from.
		let k = 0;
		while (k < rows.length) {
			const r = rows[k].rank - 1;
			if ((r < drag.to ? r : r - 1) >= from) break;
			k++;
		}
		rows.splice(k, 0, dragged);
		return rows;
	}

	#compute() {
		const analysis = this.#analyse();
		const order = this.order;
		const cached = this.#result;
		if (cached && cached.analysis === analysis && cached.order === order) return cached;
		const funding = analysis.funding.run(order);
		const dragId = this.drag?.id;
		// A drag step changes a few rows: the others keep their object, so the view skips
		// them (keyed each compares items by identity). The funding run keeps unchanged
		// reasons as they were, so the row in the same place is checked before any new
		// object is made.
		const before = cached?.analysis === analysis ? cached.rows : [];
		const rows = order.map((id, i): RankingRow => {
			const rank = i + 1;
			const funded = funding.funded.has(id);
			const reason = funding.reasons.get(id);
			const isLine = funding.line === id;
			const dragging = id === dragId;
			const old = before[i];
			if (
				old &&
				old.project.id === id &&
				old.funded === funded &&
				old.reason === reason &&
				old.isLine === isLine &&
				old.dragging === dragging
			)
				return old;
			const valueRank = analysis.valueRank.get(id) ?? rank;
			return {
				project: analysis.byId.get(id) as Project,
				rank,
				value: analysis.values.get(id) ?? 0,
				valueRank,
				gap: rank - valueRank,
				funded,
				reason,
				isLine,
				dragging
			};
		});
		this.#result = { analysis, order, funding, rows };
		return this.#result;
	}

	/** The strict funding line over the order shown (DESIGN formula 4). */
	get funding(): FundingResult {
		return this.#compute().funding;
	}

	/**
	 * The budget the funded projects use and the budget, both summed over the periods;
	 * `limited` is false when no period has a budget.
	 */
	get budget(): { used: number; total: number; limited: boolean } {
		let used = 0;
		let total = 0;
		let limited = false;
		for (const p of this.funding.periods) {
			used += p.cost;
			total += p.budget ?? 0;
			if (p.budget !== null) limited = true;
		}
		return { used, total, limited };
	}

	/** One row per project, in the order shown. */
	get rows(): RankingRow[] {
		return this.#compute().rows;
	}

	/** Value (0-100) per project id. */
	get values(): Map<string, number> {
		return this.#analyse().values;
	}

	/** The 1-based rank of the funding line's project in the order shown, or null. */
	get lineRank(): number | null {
		const line = this.funding.line;
		return line === null ? null : this.order.indexOf(line) + 1;
	}

	#name(id: string): string {
		return this.#analyse().byId.get(id)?.name ?? id;
	}

	#say(message: string): void {
		// The same words twice in a row would not be read again: vary them invisibly.
		this.announcement = message === this.announcement ? `${message}\u00a0` : message;
	}

	#fundingNote(id: string): string {
		return this.funding.funded.has(id) ? 'Funded.' : 'Not funded.';
	}

	/** Picks up a project to move it (pointer drag or keyboard). */
	pickUp(id: string, mode: DragMode): boolean {
		if (!this.canEdit || this.drag) return false;
		const index = this.#analyse().committed.indexOf(id);
		if (index < 0) return false;
		this.#drag = { id, to: index, mode };
		const total = this.#analyse().committed.length;
		this.#say(`Picked up ${this.#name(id)}, rank ${index + 1} of ${total}.`);
		return true;
	}

	/** Moves the picked-up project to an index of the order shown (pointer drag). */
	moveTo(index: number): void {
		const drag = this.drag;
		if (!drag) return;
		const to = Math.max(0, Math.min(this.#analyse().committed.length - 1, Math.round(index)));
		if (to === drag.to) return;
		this.#drag = { ...drag, to };
		if (drag.mode === 'keyboard') {
			this.#say(`Moved to rank ${to + 1}. ${this.#fundingNote(drag.id)}`);
		}
	}

	/** Moves the picked-up project by `delta` places (keyboard arrows). */
	moveBy(delta: number): void {
		const drag = this.drag;
		if (!drag) return;
		const before = drag.to;
		this.moveTo(drag.to + delta);
		if (this.drag?.to === before && drag.mode === 'keyboard') {
			this.#say(`Still at rank ${before + 1}: ${delta < 0 ? 'already first' : 'already last'}.`);
		}
	}

	/** Puts the picked-up project down where it is shown: one moveProject. */
	drop(): void {
		const drag = this.drag;
		this.#drag = null;
		if (!drag) return;
		const from = this.#analyse().committed.indexOf(drag.id);
		if (from !== drag.to) this.#options.commands.move(drag.id, drag.to);
		this.#say(`Dropped at rank ${drag.to + 1}. ${this.#fundingNote(drag.id)}`);
	}

	/** Puts the picked-up project back where it was; nothing is written. */
	cancel(): void {
		const drag = this.drag;
		this.#drag = null;
		if (!drag) return;
		const from = this.#analyse().committed.indexOf(drag.id);
		this.#say(`Cancelled. ${this.#name(drag.id)} stays at rank ${from + 1}.`);
	}

	#moveNow(id: string, index: number): void {
		if (!this.canEdit || this.drag) return;
		const committed = this.#analyse().committed;
		const from = committed.indexOf(id);
		const to = Math.max(0, Math.min(committed.length - 1, index));
		if (from < 0 || from === to) return;
		this.#options.commands.move(id, to);
		this.#say(`Moved ${this.#name(id)} to rank ${to + 1}. ${this.#fundingNote(id)}`);
	}

	/** Moves a project one place up (button). */
	moveUp(id: string): void {
		this.#moveNow(id, this.#analyse().committed.indexOf(id) - 1);
	}

	/** Moves a project one place down (button). */
	moveDown(id: string): void {
		this.#moveNow(id, this.#analyse().committed.indexOf(id) + 1);
	}

	/** Moves a project to rank 1 (button). */
	moveToTop(id: string): void {
		this.#moveNow(id, 0);
	}

	/** The ranking by value, highest first; ties keep their current order. */
	get valueOrder(): string[] {
		return this.#byValue().order;
	}

	/** Whether the ranking already is the value order. */
	get sortedByValue(): boolean {
		return this.#byValue().sorted;
	}

	/** Once per snapshot: the board's button asks on every drag step. */
	#byValue(): { order: string[]; sorted: boolean } {
		const analysis = this.#analyse();
		if (!analysis.byValue) {
			const order = [...analysis.committed].sort(
				(a, b) => (analysis.valueRank.get(a) ?? 0) - (analysis.valueRank.get(b) ?? 0)
			);
			analysis.byValue = { order, sorted: order.every((id, i) => analysis.committed[i] === id) };
		}
		return analysis.byValue;
	}

	/** Re-ranks every project by value as one undoable change. */
	sortByValue(): void {
		if (!this.canEdit || this.drag || this.sortedByValue) return;
		this.#options.commands.setOrder(this.valueOrder);
		this.#say('Sorted by value. Undo puts the previous ranking back.');
	}

	/** Changes a project's decision (auto / in / out). */
	setDecision(id: string, decision: Decision): void {
		if (!this.canEdit) return;
		if (this.#analyse().byId.get(id)?.decision === decision) return;
		this.#options.commands.setDecision(id, { decision });
	}

	/** Changes the reason given for a project's decision. */
	setDecisionReason(id: string, reason: string): void {
		if (!this.canEdit) return;
		if (this.#analyse().byId.get(id)?.decisionReason === reason) return;
		this.#options.commands.setDecision(id, { decisionReason: reason });
	}

	/** Selects (or, when already selected, clears) a project in the list and the chart. */
	toggleSelected(id: string): void {
		this.selected = this.selected === id ? null : id;
	}
}

/** Names the explanation needs. */
export interface ExplainContext {
	portfolio: Portfolio;
	/** The project the reason belongs to (to tell "excludes" from "excluded by"). */
	project: Project;
}

// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, not state
const formatters = new Map<string, Intl.NumberFormat>();

/** Intl formatters are costly to build and a drag step formats many numbers: reuse them. */
function formatter(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
	let f = formatters.get(key);
	if (!f) formatters.set(key, (f = make()));
	return f;
}

/** Money in a short form: €1.3M, €850K. */
export function formatCompactMoney(value: number, currency: string): string {
	try {
		const f = formatter(
			`money:${currency}`,
			() =>
				new Intl.NumberFormat(undefined, {
					style: 'currency',
					currency,
					notation: 'compact',
					maximumFractionDigits: 2
				})
		);
		return f.format(value);
	} catch {
		const f = formatter(
			'compact',
			() => new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 2 })
		);
		return `${f.format(value)} ${currency}`;
	}
}

/** FTE with at most two decimals. */
export function formatFte(value: number): string {
	return formatter(
		'fte',
		() => new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 })
	).format(value);
}

const projectIndexes = new WeakMap<Portfolio, Map<string, Project>>();

/** Projects by id, built once per snapshot. */
function projectIndex(portfolio: Portfolio): Map<string, Project> {
	let index = projectIndexes.get(portfolio);
	if (!index)
		projectIndexes.set(portfolio, (index = new Map(portfolio.projects.map((p) => [p.id, p]))));
	return index;
}

/**
 * Why a project is (not) funded, in words: "Budget 2028-Q1: needs €1.3M, €1.15M
 * available", "Software engineering 2027-Q3: needs 15.5 FTE, 14 available",
 * "Depends on X (not funded)", "Excludes Y (funded)".
 */
export function explainReason(reason: FundingReason | undefined, context: ExplainContext): string {
	const { portfolio, project } = context;
	const byId = projectIndex(portfolio);
	const projectName = (id: string) => byId.get(id)?.name ?? id;
	if (!reason) return '';
	switch (reason.kind) {
		case 'forced-in':
			return 'Forced in';
		case 'forced-out':
			return 'Forced out';
		case 'inactive':
			return reason.status === 'done' ? 'Done: not counted' : 'Cancelled: not counted';
		case 'fits':
			return 'Fits';
		case 'below-line':
			return 'Below the funding line';
		case 'budget': {
			const money = (n: number) => formatCompactMoney(n, portfolio.currency);
			// Negative when forced-in projects alone already exceed the budget.
			return reason.available < 0
				? `Budget ${reason.period}: forced-in projects are already ${money(-reason.available)} over`
				: `Budget ${reason.period}: needs ${money(reason.needed)}, ${money(reason.available)} available`;
		}
		case 'capacity': {
			const role = portfolio.roles.find((r) => r.id === reason.roleId)?.name ?? reason.roleId;
			return reason.available < 0
				? `${role} ${reason.period}: forced-in projects are already ${formatFte(-reason.available)} FTE over`
				: `${role} ${reason.period}: needs ${formatFte(reason.needed)} FTE, ${formatFte(reason.available)} available`;
		}
		case 'dependency': {
			const cancelled = byId.get(reason.projectId)?.status === 'cancelled';
			return `Depends on ${projectName(reason.projectId)} (${cancelled ? 'cancelled' : 'not funded'})`;
		}
		case 'exclusion':
			return project.excludes.includes(reason.projectId)
				? `Excludes ${projectName(reason.projectId)} (funded)`
				: `Excluded by ${projectName(reason.projectId)} (funded)`;
	}
}
