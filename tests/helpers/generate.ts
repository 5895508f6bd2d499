import type {
	Criterion,
	DecisionEntry,
	Kpi,
	Objective,
	PairwiseComparison,
	Portfolio,
	PortfolioContent,
	Project,
	Review,
	Risk,
	Role,
	Weights
} from '../../src/lib/domain/types';
import {
	CRITERION_KINDS,
	DECISIONS,
	DIRECTIONS,
	PROJECT_STATUSES,
	RISK_STATUSES
} from '../../src/lib/domain/types';

/**
 * Seeded random portfolios for tests and benchmarks. Every generated portfolio is
 * VALID for `cairn/portfolio@1`: unique ids, references to existing ids only, periods
 * like 2027-Q1, scores 0-10, contributions 0-3, Saaty pairwise values (1/3 included),
 * no parentId or dependsOn cycle. The same seed always gives the same portfolio.
 */

/** mulberry32: a tiny, fast, good-enough 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Convenience draws on top of a PRNG. */
export class Rng {
	readonly next: () => number;

	constructor(seed: number) {
		this.next = mulberry32(seed);
	}

	/** Integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	bool(p = 0.5): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('pick from an empty list');
		return items[Math.floor(this.next() * items.length)];
	}

	/** Fisher-Yates, in place. */
	shuffle<T>(items: T[]): T[] {
		for (let i = items.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[items[i], items[j]] = [items[j], items[i]];
		}
		return items;
	}

	/** Each item kept with probability p, order kept. */
	subset<T>(items: readonly T[], p: number): T[] {
		return items.filter(() => this.bool(p));
	}

	/** A number with at most two decimals in [0, max]. */
	amount(max: number): number {
		return Math.round(this.next() * max * 100) / 100;
	}

	words(min = 1, max = 4): string {
		const n = this.int(min, max);
		return Array.from({ length: n }, () => this.pick(WORDS)).join(' ');
	}
}

const WORDS = [
	'portal',
	'warehouse',
	'automation',
	'customer',
	'revenue',
	'cloud',
	'data',
	'lake',
	'security',
	'training',
	'pricing',
	'logistics',
	'mobile',
	'ERP',
	'CRM',
	'upgrade',
	'self-service',
	'analytics',
	'Überblick',
	'café',
	'"quoted"',
	'naïve'
];

/** Saaty's scale, with the reciprocals as plain floats (1/3 is 0.333…). */
export const SAATY = [
	1 / 9,
	1 / 8,
	1 / 7,
	1 / 6,
	1 / 5,
	1 / 4,
	1 / 3,
	1 / 2,
	1,
	2,
	3,
	4,
	5,
	6,
	7,
	8,
	9
];

export interface GenerateSize {
	projects: number;
	criteria: number;
	roles: number;
	periods: number;
	objectives: number;
	kpisPerObjective: number;
	risks: number;
	decisions: number;
	reviews: number;
	/** Share of (role, period) demand cells filled per project, 0..1. */
	density: number;
}

/** DESIGN's performance scale: 1,000 projects × 20 criteria × 12 roles × 24 periods. */
export const LARGE: GenerateSize = {
	projects: 1000,
	criteria: 20,
	roles: 12,
	periods: 24,
	objectives: 30,
	kpisPerObjective: 2,
	risks: 100,
	decisions: 50,
	reviews: 0,
	density: 0.5
};

/** Periods starting at 2027-Q1 (or 2027-01 for months). */
export function periodList(count: number, kind: 'quarter' | 'month' = 'quarter'): string[] {
	return Array.from({ length: count }, (_, i) =>
		kind === 'quarter'
			? `${2027 + Math.floor(i / 4)}-Q${(i % 4) + 1}`
			: `${2027 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
	);
}

function randomSize(rng: Rng): GenerateSize {
	return {
		projects: rng.int(0, 25),
		criteria: rng.int(0, 7),
		roles: rng.int(0, 5),
		periods: rng.int(1, 10),
		objectives: rng.int(0, 8),
		kpisPerObjective: rng.int(0, 2),
		risks: rng.int(0, 4),
		decisions: rng.int(0, 3),
		reviews: rng.int(0, 2),
		density: rng.next()
	};
}

function perPeriod(rng: Rng, periods: string[], p: number, max: number): Record<string, number> {
	const out: Record<string, number> = {};
	for (const period of periods) if (rng.bool(p)) out[period] = rng.amount(max);
	return out;
}

function content(rng: Rng, size: GenerateSize): PortfolioContent {
	const periods = periodList(size.periods, rng.bool(0.8) ? 'quarter' : 'month');

	// Objectives: a parent is always created earlier, so there is no cycle; then shuffle.
	const objectives: Objective[] = [];
	let kpiCount = 0;
	for (let i = 0; i < size.objectives; i++) {
		const kpis: Kpi[] = Array.from({ length: rng.int(0, size.kpisPerObjective) }, () => ({
			id: `k-${kpiCount++}`,
			name: rng.words(),
			unit: rng.pick(['%', 'EUR m', 'points', '']),
			baseline: rng.amount(100) - (rng.bool(0.1) ? 200 : 0),
			target: rng.amount(100),
			direction: rng.pick(DIRECTIONS),
			actuals: perPeriod(rng, periods, 0.3, 100)
		}));
		objectives.push({
			id: `o-${i}`,
			parentId: i > 0 && rng.bool(0.6) ? `o-${rng.int(0, i - 1)}` : null,
			title: rng.words(),
			description: rng.bool() ? rng.words(3, 8) : '',
			owner: rng.bool() ? rng.words(1, 2) : '',
			kpis
		});
	}
	rng.shuffle(objectives);
	const objectiveIds = objectives.map((o) => o.id);

	const criteria: Criterion[] = Array.from({ length: size.criteria }, (_, i) => ({
		id: `c-${i}`,
		name: rng.words(1, 2),
		kind: rng.pick(CRITERION_KINDS),
		objectiveId: objectiveIds.length > 0 && rng.bool(0.4) ? rng.pick(objectiveIds) : null
	}));
	const criterionIds = criteria.map((c) => c.id);

	let weights: Weights;
	if (rng.bool(0.7)) {
		const comparisons: PairwiseComparison[] = [];
		for (let i = 0; i < criterionIds.length; i++) {
			for (let j = i + 1; j < criterionIds.length; j++) {
				if (!rng.bool(0.8)) continue;
				const [a, b] = rng.bool(0.8)
					? [criterionIds[i], criterionIds[j]]
					: [criterionIds[j], criterionIds[i]];
				comparisons.push({ a, b, value: rng.pick(SAATY) });
			}
		}
		weights = { method: 'pairwise', comparisons: rng.shuffle(comparisons) };
	} else {
		const values: Record<string, number> = {};
		for (const id of criterionIds) if (rng.bool(0.8)) values[id] = rng.amount(1);
		weights = { method: 'direct', values };
	}

	const roles: Role[] = Array.from({ length: size.roles }, (_, i) => ({
		id: `r-${i}`,
		name: rng.words(1, 2),
		capacity: perPeriod(rng, periods, 0.9, 20)
	}));
	const budget = rng.bool(0.8) ? perPeriod(rng, periods, 0.9, 2_000_000) : {};

	// Projects: dependsOn only on projects created earlier (no cycle), rank shuffled.
	const projects: Project[] = [];
	for (let i = 0; i < size.projects; i++) {
		const demand: Project['demand'] = {};
		for (const role of roles) {
			if (!rng.bool(size.density)) continue;
			// An empty per-role record means the same as none; the doc keeps cells only.
			const cells = perPeriod(rng, periods, size.density, 5);
			if (Object.keys(cells).length > 0) demand[role.id] = cells;
		}
		const scores: Record<string, number> = {};
		for (const id of criterionIds) {
			if (rng.bool(0.8)) scores[id] = rng.bool(0.8) ? rng.int(0, 10) : rng.amount(10);
		}
		const contributions: Record<string, number> = {};
		for (const id of objectiveIds) if (rng.bool(0.3)) contributions[id] = rng.int(0, 3);
		const earlier = Array.from({ length: i }, (_, j) => `p-${j}`);
		const dependsOn = i > 0 && rng.bool(0.2) ? rng.shuffle(rng.subset(earlier, 2 / i)) : [];
		const others = earlier.filter((id) => !dependsOn.includes(id));
		const excludes = others.length > 0 && rng.bool(0.1) ? [rng.pick(others)] : [];
		projects.push({
			id: `p-${i}`,
			name: rng.words(),
			description: rng.bool() ? rng.words(3, 10) : '',
			sponsor: rng.bool() ? rng.words(1, 2) : '',
			status: rng.pick(PROJECT_STATUSES),
			decision: rng.pick(DECISIONS),
			decisionReason: rng.bool(0.2) ? rng.words() : '',
			cost: perPeriod(rng, periods, size.density, 500_000),
			demand,
			scores,
			contributions,
			dependsOn,
			excludes
		});
	}
	rng.shuffle(projects);
	const projectIds = projects.map((p) => p.id);

	const risks: Risk[] = Array.from({ length: size.risks }, (_, i) => ({
		id: `x-${i}`,
		title: rng.words(),
		projectId: projectIds.length > 0 && rng.bool(0.6) ? rng.pick(projectIds) : null,
		objectiveId: objectiveIds.length > 0 && rng.bool(0.3) ? rng.pick(objectiveIds) : null,
		likelihood: rng.int(1, 5),
		impact: rng.int(1, 5),
		owner: rng.bool() ? rng.words(1, 2) : '',
		mitigation: rng.bool() ? rng.words(2, 6) : '',
		status: rng.pick(RISK_STATUSES)
	}));
	const decisions: DecisionEntry[] = Array.from({ length: size.decisions }, (_, i) => ({
		id: `d-${i}`,
		at: `2026-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
		by: rng.words(1, 2),
		title: rng.words(),
		rationale: rng.bool() ? rng.words(3, 8) : '',
		projectIds: rng.shuffle(rng.subset(projectIds, Math.min(1, 2 / Math.max(1, projectIds.length))))
	}));

	return {
		name: rng.words(2, 4),
		vision: rng.bool() ? rng.words(4, 10) : '',
		mission: rng.bool() ? rng.words(4, 10) : '',
		currency: rng.pick(['EUR', 'USD', 'GBP', 'CHF']),
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

/**
 * A valid random portfolio. `size` fixes some or all dimensions (e.g. LARGE for
 * benchmarks); the rest are drawn from the seed.
 */
export function generatePortfolio(seed: number, size: Partial<GenerateSize> = {}): Portfolio {
	const rng = new Rng(seed);
	const full: GenerateSize = { ...randomSize(rng), ...size };
	const base = content(rng, full);
	const reviews: Review[] = Array.from({ length: full.reviews }, (_, i) => ({
		id: `v-${i}`,
		name: `Review ${i + 1}`,
		at: `2026-${String(rng.int(1, 12)).padStart(2, '0')}-15T10:00:00Z`,
		snapshot: content(rng, { ...randomSize(rng), projects: rng.int(0, 5), reviews: 0 })
	}));
	return { ...base, reviews };
}
