/**
 * Reads untrusted JSON as `cairn/portfolio@1` (DESIGN "Interchange format"). Every
 * problem is reported with the path where it is, for tools, and in words, for people
 * (`validate-where.ts`); nothing is returned unless the whole file is good, so an
 * import is all or nothing. One mistake is one message: a period, role, criterion,
 * objective or project id that the file does not define is reported once with every
 * place that uses it, not once per place. `format.ts` is the public face of this module.
 */
import { sanitizeSource } from './import/source-link';
import {
	CRITERION_KINDS,
	DECISIONS,
	DIRECTIONS,
	FORMAT,
	PROJECT_STATUSES,
	RISK_STATUSES,
	type Criterion,
	type DecisionEntry,
	type Kpi,
	type Objective,
	type PairwiseComparison,
	type PerPeriod,
	type Portfolio,
	type PortfolioContent,
	type Project,
	type Review,
	type Risk,
	type Role,
	type Weights
} from './types';
import { allDirectWeightsZero } from './ahp';
import { describePath, entityName, quoted } from './validate-where';

export interface FormatError {
	/**
	 * Where the problem is, for tools: `projects[3].demand.r-eng.2027-Q1`; '' for the
	 * whole input. For a problem found in several places, the first of them.
	 */
	path: string;
	/**
	 * Where the problem is, for people: `project 'CRM consolidation' (projects[3]),
	 * demand of role 'Engineering' in 2027-Q1`; '' when the message says it all (the
	 * whole input, or a problem found in several places).
	 */
	where: string;
	/** What is wrong: `must be between 0 and 10, got 12`. */
	message: string;
	/** Every place of a problem found in several (an unknown id used 17 times), in file order. */
	paths?: string[];
	/** Only on the entry that ends a list cut short: how many errors it stands for. */
	omitted?: number;
}

export type ParseResult = { ok: true; portfolio: Portfolio } | { ok: false; errors: FormatError[] };

/** Past this many errors the rest are counted, not listed: nobody reads error 101. */
const MAX_ERRORS = 100;
const PERIOD_ID = /^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/**
 * Names that `record[id]` would find on Object.prototype even when absent: as ids or
 * record keys they would poison lookups (`scores.constructor`) or the prototype itself.
 */
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

type Raw = Record<string, unknown>;

interface NumberRule {
	min?: number;
	max?: number;
	integer?: boolean;
	/** How to say the rule when a value breaks min, max or integer. */
	rule?: string;
}

// The rules do not name the field: the error's `where` does (`cost in 2027-Q2`).
const FINITE: NumberRule = {};
const AMOUNT: NumberRule = { min: 0, rule: 'must be a number ≥ 0' };
const SCORE: NumberRule = { min: 0, max: 10, rule: 'must be between 0 and 10' };
const CONTRIBUTION: NumberRule = {
	min: 0,
	max: 3,
	integer: true,
	rule: 'must be an integer from 0 to 3 (none, weak, moderate, strong)'
};
const ONE_TO_FIVE: NumberRule = {
	min: 1,
	max: 5,
	integer: true,
	rule: 'must be an integer from 1 to 5'
};
/**
 * Saaty's scale, 1/9..9. Files write 1/9 rounded (0.111, 0.1111), so the lower bound
 * allows 0.1 % below it; 0.11 and 0.1 are still out.
 */
const PAIRWISE: NumberRule = {
	min: (1 / 9) * (1 - 1e-3),
	max: 9 + 1e-9,
	rule: 'must be between 1/9 and 9'
};

/** A reference kind: the ids it may point at and how to name it in a message. */
interface Ref {
	kind: 'period' | 'objective' | 'criterion' | 'role' | 'project';
	/** The list of the content that defines these ids (`roles`). */
	list: string;
	ids: Set<string>;
	/** The content these ids belong to ('' or a review's snapshot), for messages and grouping. */
	scope: string;
	/**
	 * The defining list is itself broken (not an array): every reference would be
	 * "unknown", which is one mistake already reported, so references are not checked.
	 */
	unchecked: boolean;
	/** The ids in file order, for `(2027-Q1…2027-Q4)`. */
	order: string[];
}

/** One place of a mistake reported once for all its places (see `Reader.group`). */
interface Occurrence {
	path: string;
	/** The place in a few words for the message's examples: `project 'CRM' cost`. */
	example: string;
}

interface Group {
	occurrences: Occurrence[];
	render: (occurrences: Occurrence[]) => string;
}

type Problem = { path: string; message: string } | { group: Group };

interface Refs {
	period: Ref;
	objective: Ref;
	criterion: Ref;
	role: Ref;
	project: Ref;
}

/** First path of each id per entity kind, for duplicate and cycle messages. */
interface Seen {
	objective: Map<string, string>;
	kpi: Map<string, string>;
	criterion: Map<string, string>;
	role: Map<string, string>;
	project: Map<string, string>;
	risk: Map<string, string>;
	decision: Map<string, string>;
}

function isRaw(value: unknown): value is Raw {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only own fields: a missing `name` must not be found on a prototype. */
function own(o: Raw, key: string): unknown {
	return Object.hasOwn(o, key) ? o[key] : undefined;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (typeof value === 'string') {
		const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
		return `the string ${JSON.stringify(shown)}`;
	}
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	return `a ${typeof value}`;
}

/** `projects[3].demand` + `r-eng`; keys that would read ambiguously are bracketed. */
function child(path: string, key: string): string {
	if (!/^[\w-]+$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
	return path === '' ? key : `${path}.${key}`;
}

/** Collects errors while reading; each read returns a placeholder when it fails. */
class Reader {
	readonly #problems: Problem[] = [];
	readonly #groups = new Map<string, Group>();

	/** `root` is the raw input, where names for the messages are looked up. */
	constructor(readonly root: unknown) {}

	get failed(): boolean {
		return this.#problems.length > 0;
	}

	fail(path: string, message: string): void {
		this.#problems.push({ path, message });
	}

	/**
	 * A mistake with one cause and many places (`key` says which cause): reported once,
	 * where its first place is, by `render` with every place.
	 */
	group(key: string, occurrence: Occurrence, render: Group['render']): void {
		const known = this.#groups.get(key);
		if (known) {
			known.occurrences.push(occurrence);
			return;
		}
		const group = { occurrences: [occurrence], render };
		this.#groups.set(key, group);
		this.#problems.push({ group });
	}

	/** `projects[0]` in words; short for the examples of a grouped message. */
	where(path: string, short = false): string {
		return describePath(this.root, path, { short });
	}

	/** The problems in file order, grouped ones at the place of their first occurrence. */
	errors(): FormatError[] {
		return this.#problems.map((p): FormatError => {
			if (!('group' in p)) return { path: p.path, where: this.where(p.path), message: p.message };
			const { occurrences, render } = p.group;
			return {
				path: occurrences[0].path,
				where: '',
				message: render(occurrences),
				paths: occurrences.map((o) => o.path)
			};
		});
	}

	object(value: unknown, path: string): Raw | undefined {
		if (isRaw(value)) return value;
		this.fail(
			path,
			value === undefined ? 'is required' : `must be an object, got ${describe(value)}`
		);
		return undefined;
	}

	/** A string field; without a fallback it is required. */
	string(o: Raw, path: string, key: string, fallback?: string): string {
		const value = own(o, key);
		const at = child(path, key);
		if (value === undefined) {
			if (fallback === undefined) this.fail(at, 'is required');
			return fallback ?? '';
		}
		if (typeof value === 'string') return value;
		this.fail(at, `must be a string, got ${describe(value)}`);
		return '';
	}

	number(value: unknown, path: string, rule: NumberRule): number {
		if (value === undefined) {
			this.fail(path, 'is required');
			return 0;
		}
		if (typeof value !== 'number') {
			this.fail(path, `must be a number, got ${describe(value)}`);
			return 0;
		}
		if (!Number.isFinite(value)) {
			this.fail(path, `must be a finite number, got ${value}`);
			return 0;
		}
		const broken =
			(rule.min !== undefined && value < rule.min) ||
			(rule.max !== undefined && value > rule.max) ||
			(rule.integer === true && !Number.isInteger(value));
		if (broken) this.fail(path, `${rule.rule}, got ${value}`);
		// -0 would survive JSON as 0 and break round trips.
		return value === 0 ? 0 : value;
	}

	oneOf<T extends string>(
		o: Raw,
		path: string,
		key: string,
		allowed: readonly T[],
		fallback?: T
	): T {
		const value = own(o, key);
		const at = child(path, key);
		if (value === undefined && fallback !== undefined) return fallback;
		if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) {
			return value as T;
		}
		this.fail(
			at,
			value === undefined
				? `is required (one of ${allowed.join(', ')})`
				: `must be one of ${allowed.join(', ')}; got ${describe(value)}`
		);
		return allowed[0];
	}

	date(o: Raw, path: string, key: string): string {
		const value = this.string(o, path, key);
		if (typeof own(o, key) === 'string' && !(ISO_DATE.test(value) && !isNaN(Date.parse(value)))) {
			this.fail(child(path, key), `must be an ISO date such as 2027-03-31, got ${describe(value)}`);
		}
		return value;
	}

	/** An id: non-empty, not reserved, unique among `seen` (one message names every use). */
	id(o: Raw, path: string, seen: Map<string, string>, kind: string): string {
		const value = own(o, 'id');
		const at = child(path, 'id');
		if (typeof value !== 'string') {
			this.fail(
				at,
				value === undefined ? 'is required' : `must be a string, got ${describe(value)}`
			);
			return '';
		}
		if (value === '') this.fail(at, 'must not be empty');
		else if (RESERVED.has(value)) this.fail(at, `id "${value}" is reserved; choose another`);
		else if (seen.has(value)) {
			const first = seen.get(value) ?? '';
			this.group(`duplicate\u0000${first}`, { path: at, example: path }, (more) => {
				const places = [first, ...more.map((o) => o.example)].map((p) => this.where(p));
				const times = places.length === 2 ? 'twice' : `${places.length} times`;
				return `${kind} id ${quoted(value)} is used ${times}: ${sentence(places)}`;
			});
		} else seen.set(value, path);
		return value;
	}

	/** A reference that may be null (`parentId`, `objectiveId`, `projectId`). */
	optionalRef(o: Raw, path: string, key: string, ref: Ref): string | null {
		const value = own(o, key);
		if (value === undefined || value === null) return null;
		const at = child(path, key);
		if (typeof value !== 'string') {
			this.fail(at, `must be a string or null, got ${describe(value)}`);
			return null;
		}
		this.known(value, at, ref, at);
		return value;
	}

	/**
	 * Is `id` one of `ref`'s? If not, the place joins the one message about that id.
	 * `example` is the place to show for it: the record holding the key (`projects[0].
	 * cost`) when the id is a key, the field itself when the id is its value.
	 */
	known(id: string, path: string, ref: Ref, example: string): boolean {
		if (ref.ids.has(id) || ref.unchecked) return true;
		const key = `unknown\u0000${ref.scope}\u0000${ref.kind}\u0000${id}`;
		this.group(key, { path, example: this.where(example, true) }, (places) =>
			unknownMessage(ref, id, places, ref.scope === '' ? '' : this.where(ref.scope))
		);
		return false;
	}

	/** An optional array field, each element read by `each` at its own path. */
	list<T>(
		o: Raw,
		path: string,
		key: string,
		each: (value: unknown, path: string) => T | undefined,
		required = false
	): T[] {
		const value = own(o, key);
		const at = child(path, key);
		if (value === undefined && !required) return [];
		if (!Array.isArray(value)) {
			this.fail(
				at,
				value === undefined ? 'is required' : `must be an array, got ${describe(value)}`
			);
			return [];
		}
		const out: T[] = [];
		value.forEach((element, i) => {
			const read = each(element, `${at}[${i}]`);
			if (read !== undefined) out.push(read);
		});
		return out;
	}

	/** An optional object field keyed by ids of `ref`, each value read by `each`. */
	record<T>(
		o: Raw,
		path: string,
		key: string,
		ref: Ref,
		each: (value: unknown, path: string) => T
	): Record<string, T> {
		return this.recordAt(own(o, key), child(path, key), ref, each);
	}

	recordAt<T>(
		value: unknown,
		path: string,
		ref: Ref,
		each: (value: unknown, path: string) => T
	): Record<string, T> {
		const out: Record<string, T> = {};
		if (value === undefined) return out;
		const raw = this.object(value, path);
		if (!raw) return out;
		for (const key of Object.keys(raw)) {
			const at = child(path, key);
			if (RESERVED.has(key)) {
				this.fail(at, `"${key}" is not allowed as a key`);
				continue;
			}
			const known = this.known(key, at, ref, path);
			const read = each(raw[key], at);
			if (known) out[key] = read;
		}
		return out;
	}

	perPeriod(o: Raw, path: string, key: string, periods: Ref, rule: NumberRule): PerPeriod {
		return this.record(o, path, key, periods, (v, at) => this.number(v, at, rule));
	}

	/** A list of ids of `ref` (dependsOn, excludes, projectIds): no repeats, maybe not `self`. */
	idList(o: Raw, path: string, key: string, ref: Ref, self?: { id: string; message: string }) {
		const listed = new Set<string>();
		return this.list(o, path, key, (value, at) => {
			if (typeof value !== 'string') {
				this.fail(at, `must be a ${ref.kind} id, got ${describe(value)}`);
				return undefined;
			}
			if (self && value === self.id) this.fail(at, self.message);
			else if (listed.has(value)) this.fail(at, `${quoted(value)} is listed twice`);
			else this.known(value, at, ref, child(path, key));
			listed.add(value);
			return value;
		});
	}
}

/** Ids of an array of entities before they are read, so that forward references resolve. */
function collectIds(value: unknown): string[] {
	const ids = new Set<string>();
	if (!Array.isArray(value)) return [];
	for (const element of value) {
		const id = isRaw(element) ? own(element, 'id') : undefined;
		if (typeof id === 'string' && id !== '' && !RESERVED.has(id)) ids.add(id);
	}
	return [...ids];
}

function readPeriods(r: Reader, o: Raw, path: string): string[] {
	const seen = new Set<string>();
	return r.list(
		o,
		path,
		'periods',
		(value, at) => {
			if (typeof value !== 'string') {
				r.fail(at, `must be a period id such as 2027-Q1 or 2027-01, got ${describe(value)}`);
				return undefined;
			}
			if (!PERIOD_ID.test(value)) {
				r.fail(at, 'is neither a quarter (2027-Q1) nor a month (2027-01)');
			} else if (seen.has(value)) r.fail(at, 'is listed twice');
			seen.add(value);
			return value;
		},
		true
	);
}

function readKpi(r: Reader, value: unknown, path: string, refs: Refs, seen: Seen): Kpi | undefined {
	const o = r.object(value, path);
	if (!o) return undefined;
	return {
		id: r.id(o, path, seen.kpi, 'KPI'),
		name: r.string(o, path, 'name'),
		unit: r.string(o, path, 'unit', ''),
		baseline: r.number(own(o, 'baseline'), child(path, 'baseline'), FINITE),
		target: r.number(own(o, 'target'), child(path, 'target'), FINITE),
		direction: r.oneOf(o, path, 'direction', DIRECTIONS),
		actuals: r.perPeriod(o, path, 'actuals', refs.period, FINITE)
	};
}

function readObjective(
	r: Reader,
	value: unknown,
	path: string,
	refs: Refs,
	seen: Seen
): Objective | undefined {
	const o = r.object(value, path);
	if (!o) return undefined;
	const id = r.id(o, path, seen.objective, 'objective');
	const parentId = r.optionalRef(o, path, 'parentId', refs.objective);
	if (parentId !== null && parentId === id) {
		r.fail(child(path, 'parentId'), 'an objective cannot be its own parent');
	}
	return {
		id,
		parentId,
		title: r.string(o, path, 'title'),
		description: r.string(o, path, 'description', ''),
		owner: r.string(o, path, 'owner', ''),
		kpis: r.list(o, path, 'kpis', (v, at) => readKpi(r, v, at, refs, seen))
	};
}

function readCriterion(
	r: Reader,
	value: unknown,
	path: string,
	refs: Refs,
	seen: Seen
): Criterion | undefined {
	const o = r.object(value, path);
	if (!o) return undefined;
	return {
		id: r.id(o, path, seen.criterion, 'criterion'),
		name: r.string(o, path, 'name'),
		kind: r.oneOf(o, path, 'kind', CRITERION_KINDS),
		objectiveId: r.optionalRef(o, path, 'objectiveId', refs.objective)
	};
}

function readWeights(r: Reader, o: Raw, path: string, refs: Refs): Weights {
	const raw = own(o, 'weights');
	const at = child(path, 'weights');
	if (raw === undefined) return { method: 'direct', values: {} };
	const w = r.object(raw, at);
	if (!w) return { method: 'direct', values: {} };
	const method = r.oneOf(w, at, 'method', ['pairwise', 'direct'] as const);
	if (method === 'direct') {
		if (own(w, 'values') === undefined) r.fail(child(at, 'values'), 'is required');
		const weight = AMOUNT;
		const values = r.record(w, at, 'values', refs.criterion, (v, p) => r.number(v, p, weight));
		const given = own(w, 'values');
		const numeric = isRaw(given) && Object.values(given).every((v) => typeof v === 'number');
		if (numeric && allDirectWeightsZero(values)) {
			r.fail(
				child(at, 'values'),
				'are all 0: give at least one criterion a weight above 0 (or no values, for equal weights)'
			);
		}
		return { method, values };
	}
	const pairs = new Map<string, string>();
	const comparisons = r.list(
		w,
		at,
		'comparisons',
		(value, path): PairwiseComparison | undefined => {
			const c = r.object(value, path);
			if (!c) return undefined;
			const a = r.string(c, path, 'a');
			const b = r.string(c, path, 'b');
			for (const [side, id] of [
				['a', a],
				['b', b]
			] as const) {
				const at = child(path, side);
				if (typeof own(c, side) === 'string') r.known(id, at, refs.criterion, at);
			}
			if (a !== '' && a === b)
				r.fail(child(path, 'b'), `a criterion cannot be compared with itself`);
			const pair = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
			if (a !== b && pairs.has(pair)) {
				r.fail(path, `the pair ${a}/${b} is given twice (also at ${pairs.get(pair)})`);
			} else pairs.set(pair, path);
			return { a, b, value: r.number(own(c, 'value'), child(path, 'value'), PAIRWISE) };
		},
		true
	);
	return { method, comparisons };
}

function readRole(
	r: Reader,
	value: unknown,
	path: string,
	refs: Refs,
	seen: Seen
): Role | undefined {
	const o = r.object(value, path);
	if (!o) return undefined;
	const role: Role = {
		id: r.id(o, path, seen.role, 'role'),
		name: r.string(o, path, 'name'),
		capacity: r.perPeriod(o, path, 'capacity', refs.period, AMOUNT)
	};
	// An optional extension (the quick entry's cost per FTE and period).
	const costRate = own(o, 'costRate');
	if (costRate !== undefined) {
		role.costRate = r.number(costRate, child(path, 'costRate'), AMOUNT);
	}
	return role;
}

function readProject(
	r: Reader,
	value: unknown,
	path: string,
	refs: Refs,
	seen: Seen
): Project | undefined {
	const o = r.object(value, path);
	if (!o) return undefined;
	const id = r.id(o, path, seen.project, 'project');
	const project: Project = {
		id,
		name: r.string(o, path, 'name'),
		description: r.string(o, path, 'description', ''),
		sponsor: r.string(o, path, 'sponsor', ''),
		status: r.oneOf(o, path, 'status', PROJECT_STATUSES, 'proposed'),
		decision: r.oneOf(o, path, 'decision', DECISIONS, 'auto'),
		decisionReason: r.string(o, path, 'decisionReason', ''),
		cost: r.perPeriod(o, path, 'cost', refs.period, AMOUNT),
		demand: r.record(o, path, 'demand', refs.role, (v, at) =>
			r.recordAt(v, at, refs.period, (n, p) => r.number(n, p, AMOUNT))
		),
		scores: r.record(o, path, 'scores', refs.criterion, (v, at) => r.number(v, at, SCORE)),
		contributions: r.record(o, path, 'contributions', refs.objective, (v, at) =>
			r.number(v, at, CONTRIBUTION)
		),
		dependsOn: r.idList(o, path, 'dependsOn', refs.project, {
			id,
			message: 'a project cannot depend on itself'
		}),
		excludes: r.idList(o, path, 'excludes', refs.project, {
			id,
			message: 'a project cannot exclude itself'
		})
	};
	// Optional extensions: an imported plan's baseline cost and its link to the source.
	const baselineCost = own(o, 'baselineCost');
	if (baselineCost !== undefined) {
		project.baselineCost = r.number(baselineCost, child(path, 'baselineCost'), AMOUNT);
	}
	const source = own(o, 'source');
	if (source !== undefined) {
		const link = sanitizeSource(source);
		if (link) project.source = link;
		else
			r.fail(
				child(path, 'source'),
				'must be an object with system (mspdi, jira-csv, xlsx or csv), key and imported'
			);
	}
	return project;
}

function readRisk(
	r: Reader,
	value: unknown,
	path: string,
	refs: Refs,
	seen: Seen
): Risk | undefined {
	const o = r.object(value, path);
	if (!o) return undefined;
	return {
		id: r.id(o, path, seen.risk, 'risk'),
		title: r.string(o, path, 'title'),
		projectId: r.optionalRef(o, path, 'projectId', refs.project),
		objectiveId: r.optionalRef(o, path, 'objectiveId', refs.objective),
		likelihood: r.number(own(o, 'likelihood'), child(path, 'likelihood'), ONE_TO_FIVE),
		impact: r.number(own(o, 'impact'), child(path, 'impact'), ONE_TO_FIVE),
		owner: r.string(o, path, 'owner', ''),
		mitigation: r.string(o, path, 'mitigation', ''),
		status: r.oneOf(o, path, 'status', RISK_STATUSES, 'open')
	};
}

function readDecision(
	r: Reader,
	value: unknown,
	path: string,
	refs: Refs,
	seen: Seen
): DecisionEntry | undefined {
	const o = r.object(value, path);
	if (!o) return undefined;
	return {
		id: r.id(o, path, seen.decision, 'decision'),
		at: r.date(o, path, 'at'),
		by: r.string(o, path, 'by', ''),
		title: r.string(o, path, 'title'),
		rationale: r.string(o, path, 'rationale', ''),
		projectIds: r.idList(o, path, 'projectIds', refs.project)
	};
}

/**
 * Reports each cycle once, starting from its member listed first, its members named
 * by `name` in the order of the edges. `next` gives the edges of an id; `first` maps
 * each id to the path of its entity, in file order.
 */
function reportCycles(
	r: Reader,
	first: Map<string, string>,
	next: (id: string) => readonly string[],
	field: string,
	name: (id: string) => string
): void {
	const order = [...first.keys()];
	const rank = new Map(order.map((id, i) => [id, i]));
	const state = new Map<string, 'open' | 'done'>();
	const reported = new Set<string>();
	for (const root of order) {
		if (state.has(root)) continue;
		const stack: { id: string; edge: number }[] = [{ id: root, edge: 0 }];
		state.set(root, 'open');
		while (stack.length > 0) {
			const top = stack[stack.length - 1];
			const edges = next(top.id);
			if (top.edge >= edges.length) {
				state.set(top.id, 'done');
				stack.pop();
				continue;
			}
			const to = edges[top.edge++];
			if (!first.has(to) || to === top.id) continue;
			const s = state.get(to);
			if (s === undefined) {
				state.set(to, 'open');
				stack.push({ id: to, edge: 0 });
			} else if (s === 'open') {
				const cycle = stack.slice(stack.findIndex((f) => f.id === to)).map((f) => f.id);
				const key = [...cycle].sort().join('\u0000');
				if (reported.has(key)) continue;
				reported.add(key);
				const start = cycle.indexOf(
					cycle.reduce((a, b) => ((rank.get(a) ?? 0) <= (rank.get(b) ?? 0) ? a : b))
				);
				const named = [...cycle.slice(start), ...cycle.slice(0, start)];
				r.fail(
					child(first.get(named[0]) ?? '', field),
					`forms a cycle: ${[...named, named[0]].map(name).join(' → ')}`
				);
			}
		}
	}
}

/** Everything but `format` and `reviews`: the top level, and each review's snapshot. */
function readContent(r: Reader, o: Raw, path: string): PortfolioContent {
	const name = r.string(o, path, 'name');
	const vision = r.string(o, path, 'vision', '');
	const mission = r.string(o, path, 'mission', '');
	const currency = r.string(o, path, 'currency');
	const periods = readPeriods(r, o, path);
	const ref = (kind: Ref['kind'], list: string, ids: string[]): Ref => {
		const value = own(o, list);
		// `periods` is required, so missing it breaks every period reference too.
		const broken =
			list === 'periods' ? !Array.isArray(value) : value !== undefined && !Array.isArray(value);
		return { kind, list, ids: new Set(ids), scope: path, unchecked: broken, order: ids };
	};
	const refs: Refs = {
		period: ref('period', 'periods', periods),
		objective: ref('objective', 'objectives', collectIds(own(o, 'objectives'))),
		criterion: ref('criterion', 'criteria', collectIds(own(o, 'criteria'))),
		role: ref('role', 'roles', collectIds(own(o, 'roles'))),
		project: ref('project', 'projects', collectIds(own(o, 'projects')))
	};
	const seen: Seen = {
		objective: new Map(),
		kpi: new Map(),
		criterion: new Map(),
		role: new Map(),
		project: new Map(),
		risk: new Map(),
		decision: new Map()
	};
	const objectives = r.list(o, path, 'objectives', (v, p) => readObjective(r, v, p, refs, seen));
	const parents = new Map<string, string[]>();
	for (const objective of objectives) {
		if (objective.parentId !== null && !parents.has(objective.id)) {
			parents.set(objective.id, [objective.parentId]);
		}
	}
	reportCycles(
		r,
		seen.objective,
		(id) => parents.get(id) ?? [],
		'parentId',
		(id) => entityName(o, 'objectives', id)
	);
	const criteria = r.list(o, path, 'criteria', (v, p) => readCriterion(r, v, p, refs, seen));
	const weights = readWeights(r, o, path, refs);
	const roles = r.list(o, path, 'roles', (v, p) => readRole(r, v, p, refs, seen));
	const budget = r.perPeriod(o, path, 'budget', refs.period, AMOUNT);
	const projects = r.list(o, path, 'projects', (v, p) => readProject(r, v, p, refs, seen));
	const dependsOn = new Map<string, string[]>();
	for (const project of projects) {
		if (!dependsOn.has(project.id)) dependsOn.set(project.id, project.dependsOn);
	}
	reportCycles(
		r,
		seen.project,
		(id) => dependsOn.get(id) ?? [],
		'dependsOn',
		(id) => entityName(o, 'projects', id)
	);
	const risks = r.list(o, path, 'risks', (v, p) => readRisk(r, v, p, refs, seen));
	const decisions = r.list(o, path, 'decisions', (v, p) => readDecision(r, v, p, refs, seen));
	return {
		name,
		vision,
		mission,
		currency,
		periods,
		objectives,
		criteria,
		weights,
		roles,
		budget,
		projects,
		risks,
		decisions
	};
}

function readReview(r: Reader, value: unknown, path: string, seen: Map<string, string>) {
	const o = r.object(value, path);
	if (!o) return undefined;
	const review: Review = {
		id: r.id(o, path, seen, 'review'),
		name: r.string(o, path, 'name'),
		at: r.date(o, path, 'at'),
		snapshot: emptyContent()
	};
	const snapshot = r.object(own(o, 'snapshot'), child(path, 'snapshot'));
	if (snapshot) review.snapshot = readContent(r, snapshot, child(path, 'snapshot'));
	return review;
}

function emptyContent(): PortfolioContent {
	return {
		name: '',
		vision: '',
		mission: '',
		currency: '',
		periods: [],
		objectives: [],
		criteria: [],
		weights: { method: 'direct', values: {} },
		roles: [],
		budget: {},
		projects: [],
		risks: [],
		decisions: []
	};
}

/**
 * The one gate for portfolios from outside (files, the CLI, pasted JSON): it reports
 * every problem at once, with paths, because fixing a file one error per attempt is
 * miserable; and it returns nothing on any error so that an import is all or nothing.
 * The portfolio it returns is built afresh, so unknown fields and prototype tricks in
 * the input cannot leak into the doc.
 */
export function parsePortfolio(input: unknown): ParseResult {
	const notPortfolio = notAPortfolio(input);
	if (notPortfolio) return { ok: false, errors: [notPortfolio] };
	const r = new Reader(input);
	const content = readContent(r, input as Raw, '');
	const seen = new Map<string, string>();
	const reviews = r.list(input as Raw, '', 'reviews', (v, p) => readReview(r, v, p, seen));
	if (r.failed) return { ok: false, errors: capped(r.errors()) };
	return { ok: true, portfolio: { ...content, reviews } };
}

/**
 * Some other JSON (a package.json, another tool's export, a newer Cairn's file) is one
 * mistake, the wrong file, and checking it field by field would bury that in noise.
 */
function notAPortfolio(input: unknown): FormatError | undefined {
	const error = (path: string, message: string) => ({ path, where: '', message });
	if (!isRaw(input)) {
		return error(
			'',
			`not a Cairn portfolio: a portfolio is a JSON object, this is ${describe(input)}`
		);
	}
	const format = own(input, 'format');
	if (format === FORMAT) return undefined;
	if (format === undefined) {
		return error('format', `not a Cairn portfolio: it has no "format": "${FORMAT}"`);
	}
	if (typeof format === 'string' && /^cairn\/portfolio@\d+$/.test(format)) {
		return error(
			'format',
			`written in ${quoted(format)}, which this version of Cairn does not read (it reads ${FORMAT})`
		);
	}
	return error(
		'format',
		`not a Cairn portfolio: its format is ${describe(format)}, not "${FORMAT}"`
	);
}

/**
 * `period '2027-Q5' is not one of the portfolio's periods (2027-Q1…2027-Q4): used by 17
 * values, e.g. project 'CRM' cost, budget, role 'Engineering' capacity`.
 */
function unknownMessage(ref: Ref, id: string, places: Occurrence[], scope: string): string {
	const plural = ref.list;
	const known = ref.order.filter((p) => PERIOD_ID.test(p));
	const range =
		ref.kind !== 'period'
			? ''
			: known.length === 0
				? ' (it has none)'
				: ` (${known[0]}${known.length > 1 ? `…${known[known.length - 1]}` : ''})`;
	const inSnapshot = scope === '' ? '' : ` in ${scope}`;
	const things = ref.kind === 'period' ? 'values' : 'places';
	const examples = [...new Set(places.map((p) => p.example))];
	const shown = examples.slice(0, 3);
	const uses =
		places.length === 1
			? `used by ${shown[0]}`
			: `used by ${places.length} ${things}${examples.length > 3 ? ', e.g.' : ':'} ${shown.join(', ')}`;
	return `${ref.kind} ${quoted(id)} is not one of the portfolio's ${plural}${range}${inSnapshot}: ${uses}`;
}

/** `a`, `a and b`, `a, b and c`. */
function sentence(items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function capped(errors: FormatError[]): FormatError[] {
	if (errors.length <= MAX_ERRORS) return errors;
	const more = errors.length - MAX_ERRORS;
	return [
		...errors.slice(0, MAX_ERRORS),
		{
			path: '',
			where: '',
			message: `and ${more} more error${more === 1 ? '' : 's'}`,
			omitted: more
		}
	];
}
