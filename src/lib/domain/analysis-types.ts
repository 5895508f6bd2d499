/**
 * The shapes of the prioritisation results (DESIGN formulas 1-4). The functions that
 * produce them live in ahp.ts, scoring.ts, funding.ts, group-ahp.ts and analyze.ts.
 */
import type { PeriodId } from './types';

export interface PairDeviation {
	a: string;
	b: string;
	/** |A[a][b]·w[b]/w[a] − 1|: how far this judgement is from what the weights imply. */
	deviation: number;
}

/** A conflicting triad: "A over B 3×, B over C 3×, but C over A". */
export interface Triad {
	/** Criterion ids a, b, c with judgements a→b, b→c and a→c (values as A[x][y]). */
	ids: [string, string, string];
	ab: number;
	bc: number;
	ac: number;
	/** ab·bc / ac: 1 when consistent; far from 1 when the three judgements disagree. */
	conflict: number;
}

export interface Consistency {
	/** CR; 0 when n ≤ 2. */
	ratio: number;
	acceptable: boolean;
	lambdaMax: number;
	index: number;
	/**
	 * Every pair of the matrix (unjudged pairs count as 1 and are listed too), oriented
	 * as the judgement was given, ordered by deviation, largest first. Empty for direct
	 * weights.
	 */
	worstPairs: PairDeviation[];
	/**
	 * Triads with at least one judgement and a conflict other than 1, ordered by
	 * conflict (largest |log conflict| first), at most 20.
	 */
	triads: Triad[];
}

export interface WeightResult {
	/** Criterion id → weight, summing to 1 (empty when there are no criteria). */
	weights: Record<string, number>;
	consistency: Consistency;
}

/**
 * Why a project is or is not funded by the strict waterline. For `budget` and
 * `capacity`, `needed` is the project's own amount in that period (0 when forced-in
 * projects alone already exceed the limit) and `available` is the limit minus the
 * funded total before it (negative when forced-in projects exceed it).
 */
export type FundingReason =
	| { kind: 'forced-in' }
	| { kind: 'forced-out' }
	| { kind: 'inactive'; status: 'done' | 'cancelled' }
	| { kind: 'fits' }
	| { kind: 'budget'; period: PeriodId; needed: number; available: number }
	| { kind: 'capacity'; roleId: string; period: PeriodId; needed: number; available: number }
	| { kind: 'dependency'; projectId: string }
	| { kind: 'exclusion'; projectId: string }
	/**
	 * An auto project below the line that would have fit on its own; one below the line
	 * that would not fit gets its own blocking reason instead.
	 */
	| { kind: 'below-line' };

export interface PeriodLoad {
	period: PeriodId;
	cost: number;
	/** null when there is no budget limit at all. */
	budget: number | null;
	roles: Record<string, { demand: number; capacity: number }>;
}

export interface FundingResult {
	/** Ids of funded projects. */
	funded: Set<string>;
	/** The first auto project that does not fit, or null. */
	line: string | null;
	/** Reason for every project id. */
	reasons: Map<string, FundingReason>;
	/** Totals of funded projects per period, in period order. */
	periods: PeriodLoad[];
}

/** `cairn analyze --json`, exactly as DESIGN specifies. */
export interface AnalyzeReport {
	weights: Record<string, number>;
	consistency: { ratio: number; acceptable: boolean; worstPairs: { a: string; b: string }[] };
	projects: { id: string; rank: number; value: number; funded: boolean }[];
	line: string | null;
	periods: {
		period: PeriodId;
		cost: number;
		budget: number | null;
		roles: Record<string, { demand: number; capacity: number }>;
	}[];
}

/** The group result of several participants' pairwise judgements. */
export interface GroupJudgements {
	/** Geometric mean per pair, as comparisons a→b. */
	comparisons: { a: string; b: string; value: number }[];
	/** Per pair: how many judged it and the spread (geometric standard deviation, ≥ 1). */
	disagreement: { a: string; b: string; count: number; spread: number }[];
}
