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
import type { FormatError, ParseResult } from './validate';
import { parsePortfolio } from './validate';

export type { FormatError, ParseResult };
export { parsePortfolio };

/**
 * For text from a file or a paste: a syntax error becomes a `FormatError` with a
 * line and column (JSON.parse only gives an offset, if that), so callers handle one
 * kind of failure. A leading byte-order mark, as some Windows editors write, is fine.
 */
export function parsePortfolioText(text: string): ParseResult {
	const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
	let input: unknown;
	try {
		input = JSON.parse(source);
	} catch (error) {
		return { ok: false, errors: [{ path: '', message: jsonErrorMessage(source, error) }] };
	}
	return parsePortfolio(input);
}

function jsonErrorMessage(source: string, error: unknown): string {
	const raw = error instanceof Error ? error.message : String(error);
	const position = /at position (\d+)/.exec(raw);
	const offset = position
		? Number(position[1])
		: /end of (JSON )?input/i.test(raw)
			? source.length
			: undefined;
	// Newer engines append their own "(line 3 column 5)"; say it once, our way.
	const reason = raw
		.replace(/\s*\(line \d+ column \d+\)/, '')
		.replace(/\s*in JSON at position \d+/, '');
	if (offset === undefined) return `invalid JSON: ${reason}`;
	const before = source.slice(0, offset).split('\n');
	const line = before.length;
	const column = before[before.length - 1].length + 1;
	return `invalid JSON at line ${line}, column ${column}: ${reason}`;
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
 * For the CLI's stderr and the import dialog: one problem per line, the path first,
 * so that a person can go straight to the spot in the file.
 */
export function formatErrors(errors: FormatError[]): string {
	return errors.map((e) => `${e.path === '' ? '(root)' : e.path}: ${e.message}`).join('\n');
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
