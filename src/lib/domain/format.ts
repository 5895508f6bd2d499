/**
 * The `cairn/portfolio@1` interchange format (DESIGN "Interchange format"): the one
 * JSON shape used by import, export, backups and the CLI. Reading and checking lives
 * in `validate.ts`; this module is what the rest of the app imports.
 */
import {
	FORMAT,
	type Kpi,
	type PerPeriod,
	type Portfolio,
	type PortfolioContent,
	type PortfolioFile,
	type Project,
	type Weights
} from './types';
import { findJsonSyntaxError, lineAndColumn, type JsonSyntaxError } from './json-syntax';
import type { FormatError, ParseResult } from './validate';
import { parsePortfolio } from './validate';

export type { FormatError, ParseResult };
export { parsePortfolio };

/**
 * For text from a file or a paste: a syntax error becomes a `FormatError` with a
 * line and column, so callers handle one kind of failure. A leading byte-order mark,
 * as some Windows editors write, is fine. Text that is not clean (a NUL, or the
 * replacement character U+FFFD that a decoder puts where bytes were not UTF-8) is
 * refused: imported, it would put `�` into names that every peer then shares.
 */
export function parsePortfolioText(text: string): ParseResult {
	const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
	const garbage = garbageError(source);
	if (garbage) return { ok: false, errors: [garbage] };
	let input: unknown;
	try {
		input = JSON.parse(source);
	} catch (error) {
		return { ok: false, errors: [rootError(jsonErrorMessage(source, error))] };
	}
	return parsePortfolio(input);
}

/**
 * For the bytes of a file (the import dialog, the CLI): they must be UTF-8. Reading
 * them as text first would let a browser or Node quietly replace what is not UTF-8,
 * so decoding happens here, where it can be refused.
 */
export function parsePortfolioBytes(bytes: Uint8Array): ParseResult {
	if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
		return {
			ok: false,
			errors: [
				rootError('not UTF-8: the file is UTF-16 text; save it as UTF-8 and import it again')
			]
		};
	}
	return parsePortfolioText(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
}

function rootError(message: string): FormatError {
	return { path: '', where: '', message };
}

function garbageError(text: string): FormatError | undefined {
	const replaced = text.indexOf('\uFFFD');
	if (replaced >= 0) {
		const { line, column } = lineAndColumn(text, replaced);
		return rootError(
			`not UTF-8: the text at line ${line}, column ${column} is not UTF-8 (or is the replacement character �); save the file as UTF-8 and import it again`
		);
	}
	const nul = text.indexOf('\u0000');
	if (nul >= 0) {
		const { line, column } = lineAndColumn(text, nul);
		return rootError(
			`not a text file: it has a NUL character at line ${line}, column ${column}; a portfolio is UTF-8 JSON text`
		);
	}
	return undefined;
}

function jsonErrorMessage(source: string, error: unknown): string {
	if (source.trim() === '') return 'not JSON: the file is empty';
	let found: JsonSyntaxError | null = null;
	try {
		found = findJsonSyntaxError(source);
	} catch {
		// Nesting deep enough to exhaust the stack: fall back to the engine's words.
	}
	if (found) return `not JSON: ${found.reason} at line ${found.line}, column ${found.column}`;
	const raw = error instanceof Error ? error.message : String(error);
	return `not JSON: ${raw.charAt(0).toLowerCase()}${raw.slice(1)}`;
}

/**
 * Builds the file object afresh, keys in the order of DESIGN's example so that exports
 * diff cleanly. Keyed records follow the portfolio's own lists (periods, roles,
 * criteria, objectives), not the order a Y.Map happened to iterate in, so two peers
 * export the same portfolio as the same bytes.
 */
export function toPortfolioFile(p: Portfolio): PortfolioFile {
	return {
		format: FORMAT,
		...contentOf(p),
		reviews: p.reviews.map((review) => ({
			id: review.id,
			name: review.name,
			at: review.at,
			snapshot: contentOf(review.snapshot)
		}))
	};
}

function contentOf(p: PortfolioContent): PortfolioContent {
	const periods = (record: PerPeriod) => ordered(record, p.periods);
	const criterionIds = p.criteria.map((c) => c.id);
	const objectiveIds = p.objectives.map((o) => o.id);
	const roleIds = p.roles.map((r) => r.id);
	const kpi = (k: Kpi): Kpi => ({
		id: k.id,
		name: k.name,
		unit: k.unit,
		baseline: k.baseline,
		target: k.target,
		direction: k.direction,
		actuals: periods(k.actuals)
	});
	const weights: Weights =
		p.weights.method === 'pairwise'
			? {
					method: 'pairwise',
					comparisons: p.weights.comparisons.map((c) => ({ a: c.a, b: c.b, value: c.value }))
				}
			: { method: 'direct', values: ordered(p.weights.values, criterionIds) };
	const project = (q: Project): Project => ({
		id: q.id,
		name: q.name,
		description: q.description,
		sponsor: q.sponsor,
		status: q.status,
		decision: q.decision,
		decisionReason: q.decisionReason,
		cost: periods(q.cost),
		demand: mapValues(ordered(q.demand, roleIds), periods),
		scores: ordered(q.scores, criterionIds),
		contributions: ordered(q.contributions, objectiveIds),
		dependsOn: [...q.dependsOn],
		excludes: [...q.excludes],
		...(q.baselineCost === undefined ? {} : { baselineCost: q.baselineCost }),
		...(q.source === undefined ? {} : { source: q.source })
	});
	return {
		name: p.name,
		vision: p.vision,
		mission: p.mission,
		currency: p.currency,
		periods: [...p.periods],
		objectives: p.objectives.map((o) => ({
			id: o.id,
			parentId: o.parentId,
			title: o.title,
			description: o.description,
			owner: o.owner,
			kpis: o.kpis.map(kpi)
		})),
		criteria: p.criteria.map((c) => ({
			id: c.id,
			name: c.name,
			kind: c.kind,
			objectiveId: c.objectiveId
		})),
		weights,
		roles: p.roles.map((r) => ({
			id: r.id,
			name: r.name,
			capacity: periods(r.capacity),
			...(r.costRate === undefined ? {} : { costRate: r.costRate })
		})),
		budget: periods(p.budget),
		projects: p.projects.map(project),
		risks: p.risks.map((r) => ({
			id: r.id,
			title: r.title,
			projectId: r.projectId,
			objectiveId: r.objectiveId,
			likelihood: r.likelihood,
			impact: r.impact,
			owner: r.owner,
			mitigation: r.mitigation,
			status: r.status
		})),
		decisions: p.decisions.map((d) => ({
			id: d.id,
			at: d.at,
			by: d.by,
			title: d.title,
			rationale: d.rationale,
			projectIds: [...d.projectIds]
		}))
	};
}

/** A copy of `record` with the keys of `order` first, any others after in their own order. */
function ordered<T>(record: Record<string, T>, order: readonly string[]): Record<string, T> {
	const out: Record<string, T> = {};
	const put = (key: string) => {
		// defineProperty, so that even a stray "__proto__" key is copied as data.
		Object.defineProperty(out, key, {
			value: record[key],
			enumerable: true,
			writable: true,
			configurable: true
		});
	};
	for (const key of order) if (Object.hasOwn(record, key) && !Object.hasOwn(out, key)) put(key);
	for (const key of Object.keys(record)) if (!Object.hasOwn(out, key)) put(key);
	return out;
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
	const out: Record<string, U> = {};
	for (const key of Object.keys(record)) {
		Object.defineProperty(out, key, {
			value: fn(record[key]),
			enumerable: true,
			writable: true,
			configurable: true
		});
	}
	return out;
}

/**
 * The bytes of a `*.cairn.json` file. Two-space JSON with a final newline, so that
 * exports are readable, diff well under version control and end like text files.
 */
export function serializePortfolio(p: Portfolio): string {
	return `${JSON.stringify(toPortfolioFile(p), null, 2)}\n`;
}

/**
 * For the CLI's stderr: one problem per line, the path first, so that tools (and
 * `grep`) find the spot in the file, then the same problem in words:
 * `projects[0].cost.2027-Q2: project 'CRM' (projects[0]), cost in 2027-Q2: must be …`.
 */
export function formatErrors(errors: FormatError[]): string {
	return errors
		.map((e) => {
			if (e.path === '') return `(root): ${errorText(e)}`;
			// Not `periods: periods: is required`.
			return `${e.path}: ${e.where === e.path ? e.message : errorText(e)}`;
		})
		.join('\n');
}

/** One problem for people: `project 'CRM' (projects[0]), cost in 2027-Q2: must be …`. */
export function errorText(error: FormatError): string {
	return error.where === '' ? error.message : `${error.where}: ${error.message}`;
}

/** What the import dialog shows of a list of problems: the count and the first few. */
export interface ErrorSummary {
	/** Every problem, including those a capped list only counts. */
	total: number;
	/** The first `limit` problems: in words, and the path for finding the spot in the file. */
	shown: { text: string; path: string }[];
	/** How many are not shown. */
	more: number;
}

/** The first `limit` problems as text and how many more there are. */
export function summarizeErrors(errors: FormatError[], limit = 20): ErrorSummary {
	const listed = errors.filter((e) => e.omitted === undefined);
	const omitted = errors.reduce((sum, e) => sum + (e.omitted ?? 0), 0);
	const shown = listed.slice(0, limit).map((e) => ({ text: errorText(e), path: e.path }));
	const total = listed.length + omitted;
	return { total, shown, more: total - shown.length };
}

/**
 * The starting point of a new portfolio. No periods: which quarters or months to plan
 * is the planner's first decision, and guessing one would only have to be undone.
 * Direct weights, because with no criteria there is nothing to compare pairwise.
 */
export function emptyPortfolio(name: string): Portfolio {
	return {
		name,
		vision: '',
		mission: '',
		currency: 'EUR',
		periods: [],
		objectives: [],
		criteria: [],
		weights: { method: 'direct', values: {} },
		roles: [],
		budget: {},
		projects: [],
		risks: [],
		decisions: [],
		reviews: []
	};
}
