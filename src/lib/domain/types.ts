/**
 * The portfolio model of DESIGN.md as plain data. These types are shared by the
 * `cairn/portfolio@1` interchange format, the doc layer's snapshot and the CLI:
 * one shape everywhere, no Yjs and no Svelte.
 */

/** A period key: a quarter `2027-Q1` or a month `2027-01`. */
export type PeriodId = string;

/** A number per period, e.g. cost or capacity. Missing periods count as 0. */
export type PerPeriod = Record<PeriodId, number>;

export type Direction = 'increase' | 'decrease';
export type CriterionKind = 'benefit' | 'cost';
export type ProjectStatus = 'proposed' | 'approved' | 'active' | 'on-hold' | 'done' | 'cancelled';
export type Decision = 'auto' | 'in' | 'out';
export type RiskStatus = 'open' | 'mitigated' | 'closed';
/** Contribution of a project to an objective: none, weak, moderate, strong. */
export type Contribution = 0 | 1 | 2 | 3;

export const PROJECT_STATUSES: readonly ProjectStatus[] = [
	'proposed',
	'approved',
	'active',
	'on-hold',
	'done',
	'cancelled'
];
export const DECISIONS: readonly Decision[] = ['auto', 'in', 'out'];
export const CRITERION_KINDS: readonly CriterionKind[] = ['benefit', 'cost'];
export const DIRECTIONS: readonly Direction[] = ['increase', 'decrease'];
export const RISK_STATUSES: readonly RiskStatus[] = ['open', 'mitigated', 'closed'];

export interface Kpi {
	id: string;
	name: string;
	unit: string;
	baseline: number;
	target: number;
	direction: Direction;
	actuals: PerPeriod;
}

export interface Objective {
	id: string;
	parentId: string | null;
	title: string;
	description: string;
	owner: string;
	kpis: Kpi[];
}

export interface Criterion {
	id: string;
	name: string;
	kind: CriterionKind;
	objectiveId: string | null;
}

export interface PairwiseComparison {
	a: string;
	b: string;
	/** How much more important `a` is than `b`, on Saaty's scale 1/9..9. */
	value: number;
}

export type Weights =
	| { method: 'pairwise'; comparisons: PairwiseComparison[] }
	| { method: 'direct'; values: Record<string, number> };

export interface Role {
	id: string;
	name: string;
	/** FTE available per period. */
	capacity: PerPeriod;
	/**
	 * Optional extension of `cairn/portfolio@1`: the cost of one FTE for one period, in
	 * the portfolio's currency, used by the demand quick entry to fill cost from FTE.
	 * Absent when not set; readers that do not know it ignore it.
	 */
	costRate?: number;
}

export interface Project {
	id: string;
	name: string;
	description: string;
	sponsor: string;
	status: ProjectStatus;
	decision: Decision;
	decisionReason: string;
	cost: PerPeriod;
	/** FTE per role id per period. */
	demand: Record<string, PerPeriod>;
	/** 0-10 per criterion id. */
	scores: Record<string, number>;
	/** 0-3 per objective id. */
	contributions: Record<string, number>;
	dependsOn: string[];
	excludes: string[];
	/**
	 * Optional extension of `cairn/portfolio@1`: the planned (baseline) total cost an
	 * imported plan carries beside its live cost. Absent when not set.
	 */
	baselineCost?: number;
	/** Optional extension: where an imported project came from (re-import compares with it). */
	source?: ProjectSource;
}

/** The systems a project can be imported from (see domain/import). */
export type SourceSystem = 'mspdi' | 'jira-csv' | 'xlsx' | 'csv';

/** What an imported project's source said at the last import, in this portfolio's ids. */
export interface ImportedValues {
	name: string;
	description?: string;
	sponsor?: string;
	status?: ProjectStatus;
	/** Cost per period (periods with no cost left out). */
	cost?: PerPeriod;
	/** FTE per role id per period, only for the roles the import maps. */
	demand?: Record<string, PerPeriod>;
	/** Project ids. */
	dependsOn?: string[];
	baselineCost?: number;
	/** ISO dates of the source's schedule. */
	start?: string;
	finish?: string;
}

/**
 * The link of an imported project to its source: the system, the source's own key
 * (MSPDI task GUID, Jira issue key, a chosen spreadsheet column) and what the source
 * said at the last import, so that a re-import tells the file's changes from Cairn's.
 */
export interface ProjectSource {
	system: SourceSystem;
	key: string;
	/** ISO date-time of the last import. */
	at: string;
	imported: ImportedValues;
}

export interface Risk {
	id: string;
	title: string;
	projectId: string | null;
	objectiveId: string | null;
	/** 1-5 */
	likelihood: number;
	/** 1-5 */
	impact: number;
	owner: string;
	mitigation: string;
	status: RiskStatus;
}

export interface DecisionEntry {
	id: string;
	/** ISO date or date-time. */
	at: string;
	by: string;
	title: string;
	rationale: string;
	projectIds: string[];
}

/** A portfolio without its reviews: what a review freezes. */
export type PortfolioContent = Omit<Portfolio, 'reviews'>;

export interface Review {
	id: string;
	name: string;
	/** ISO date or date-time when the review was taken. */
	at: string;
	/** The frozen copy of the portfolio at that moment. */
	snapshot: PortfolioContent;
}

export interface Portfolio {
	name: string;
	vision: string;
	mission: string;
	currency: string;
	periods: PeriodId[];
	objectives: Objective[];
	criteria: Criterion[];
	weights: Weights;
	roles: Role[];
	/** Budget per period; empty means no budget limit at all. */
	budget: PerPeriod;
	/** In rank order. */
	projects: Project[];
	risks: Risk[];
	decisions: DecisionEntry[];
	reviews: Review[];
}

export const FORMAT = 'cairn/portfolio@1';

/** The portfolio as written in a `*.cairn.json` file. */
export interface PortfolioFile extends Portfolio {
	format: typeof FORMAT;
}
