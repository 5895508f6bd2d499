/**
 * The portfolio as plain tables (issue 9, reports): one table per view, the same rows
 * for the printable report, the CSV per table and the XLSX sheets, so the three never
 * disagree. Values stay numbers (a spreadsheet can sum them); words are the views'.
 */
import { computeWeights } from './ahp';
import { analyzeAlignment, COVERAGE_LABEL } from './alignment';
import { fundedValueByObjective, kpiRows, objectiveStatuses } from './dashboard';
import { KPI_STATUS_LABEL } from './kpi';
import { objectivePath } from './objective-tree';
import { DECISION_NAME } from './decision-log';
import { fundingLine, describeFundingReason } from './funding';
import { STAGE_NAME } from './gates';
import { exposure, exposureByObjective, exposureByProject, riskSubject } from './risk';
import { projectValues } from './scoring';
import type { Portfolio, PortfolioContent } from './types';

export type Cell = string | number | boolean | null;

/** One table: a name (sheet and file name), column headings and rows of cells. */
export interface Table {
	/** Stable id, used in file names: `ranking`, `risks`… */
	id: string;
	/** Heading and sheet name (at most 31 characters, as Excel allows). */
	name: string;
	columns: string[];
	rows: Cell[][];
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const sum = (record: Record<string, number>) =>
	Object.values(record).reduce((total, n) => total + n, 0);

/** The ranked list with value, cost, FTE, funding and why (the line is the first unfunded auto). */
export function rankingTable(portfolio: PortfolioContent): Table {
	const full: Portfolio = { ...portfolio, reviews: [] };
	const values = projectValues(full);
	const funding = fundingLine(full);
	const exposures = exposureByProject(portfolio);
	return {
		id: 'ranking',
		name: 'Ranking',
		columns: [
			'Rank',
			'Project',
			'Value',
			`Cost (${portfolio.currency})`,
			'FTE',
			'Funded',
			'Funding line',
			'Why',
			'Decision',
			'Decision reason',
			'Status',
			'Risk exposure'
		],
		rows: portfolio.projects.map((p, i) => {
			const reason = funding.reasons.get(p.id);
			let fte = 0;
			for (const perPeriod of Object.values(p.demand)) fte += sum(perPeriod);
			return [
				i + 1,
				p.name,
				round(values.get(p.id) ?? 0, 1),
				sum(p.cost),
				round(fte),
				funding.funded.has(p.id),
				funding.line === p.id ? 'line' : '',
				reason ? describeFundingReason(reason, full) : '',
				DECISION_NAME[p.decision],
				p.decisionReason,
				STAGE_NAME[p.status],
				exposures.get(p.id)?.total ?? 0
			];
		})
	};
}

/** Every project with its fields (the Projects view). */
export function projectsTable(portfolio: PortfolioContent): Table {
	const name = new Map(portfolio.projects.map((p) => [p.id, p.name]));
	const names = (ids: string[]) => ids.map((id) => name.get(id) ?? id).join('; ');
	return {
		id: 'projects',
		name: 'Projects',
		columns: [
			'Id',
			'Project',
			'Sponsor',
			'Status',
			'Decision',
			'Description',
			...portfolio.periods.map((period) => `Cost ${period}`),
			'Depends on',
			'Excludes'
		],
		rows: portfolio.projects.map((p) => [
			p.id,
			p.name,
			p.sponsor,
			STAGE_NAME[p.status],
			DECISION_NAME[p.decision],
			p.description,
			...portfolio.periods.map((period) => p.cost[period] ?? null),
			names(p.dependsOn),
			names(p.excludes)
		])
	};
}

/** The scores matrix: projects × criteria (objective-linked criteria show contributions 0-3). */
export function scoresTable(portfolio: PortfolioContent): Table {
	return {
		id: 'scores',
		name: 'Scores',
		columns: ['Project', ...portfolio.criteria.map((c) => c.name)],
		rows: portfolio.projects.map((p) => [
			p.name,
			...portfolio.criteria.map((c) =>
				c.objectiveId ? (p.contributions[c.objectiveId] ?? null) : (p.scores[c.id] ?? null)
			)
		])
	};
}

/** Criteria and their computed weights (the Criteria view). */
export function criteriaTable(portfolio: PortfolioContent): Table {
	const { weights } = computeWeights(portfolio.criteria, portfolio.weights);
	const objective = new Map(portfolio.objectives.map((o) => [o.id, o.title]));
	return {
		id: 'criteria',
		name: 'Criteria',
		columns: ['Criterion', 'Kind', 'Objective', 'Weight'],
		rows: portfolio.criteria.map((c) => [
			c.name,
			c.kind,
			c.objectiveId ? (objective.get(c.objectiveId) ?? '') : '',
			round(weights[c.id] ?? 0, 4)
		])
	};
}

/** Objectives and their KPIs with the actual of every period. */
export function kpisTable(portfolio: PortfolioContent): Table {
	const rows: Cell[][] = [];
	for (const o of portfolio.objectives) {
		if (!o.kpis.length)
			rows.push([o.title, o.owner, '', '', null, null, '', ...portfolio.periods.map(() => null)]);
		for (const k of o.kpis) {
			rows.push([
				o.title,
				o.owner,
				k.name,
				k.unit,
				k.baseline,
				k.target,
				k.direction,
				...portfolio.periods.map((period) => k.actuals[period] ?? null)
			]);
		}
	}
	return {
		id: 'objectives',
		name: 'Objectives and KPIs',
		columns: [
			'Objective',
			'Owner',
			'KPI',
			'Unit',
			'Baseline',
			'Target',
			'Direction',
			...portfolio.periods
		],
		rows
	};
}

/**
 * Alignment per objective (the strategy map's table): coverage, the projects serving
 * it, its share of funded cost, FTE and value (split by contribution weight, rolled up
 * with its sub-objectives), its KPI status rolled up (worst first) and its open-risk
 * exposure rolled up the tree.
 */
export function alignmentTable(portfolio: PortfolioContent): Table {
	const full: Portfolio = { ...portfolio, reviews: [] };
	const funding = fundingLine(full);
	const alignment = analyzeAlignment(full, funding);
	const value = fundedValueByObjective(full, projectValues(full), funding.funded);
	const valueOf = new Map(value.objectives.map((o) => [o.objectiveId, o]));
	const statusOf = new Map(
		kpiRows(full).map((row) => [row.kpi.id, row.assessment.status] as const)
	);
	const statuses = new Map(objectiveStatuses(full, statusOf).map((o) => [o.objectiveId, o.status]));
	const risk = exposureByObjective(portfolio);
	return {
		id: 'alignment',
		name: 'Alignment',
		columns: [
			'Objective',
			'Coverage',
			'Projects serving it',
			'Funded projects',
			`Funded cost (${portfolio.currency})`,
			`With sub-objectives (${portfolio.currency})`,
			'FTE',
			'Funded value',
			'Value with sub-objectives',
			'KPI status',
			'Risk exposure'
		],
		rows: value.objectives.map(({ objectiveId }) => {
			const entry = alignment.byObjective.get(objectiveId)!;
			const v = valueOf.get(objectiveId)!;
			return [
				objectivePath(portfolio.objectives, objectiveId),
				COVERAGE_LABEL[entry.coverage],
				entry.projectIds.length,
				entry.fundedCount,
				round(entry.direct.cost),
				round(entry.total.cost),
				round(entry.direct.fte),
				round(v.direct, 1),
				round(v.total, 1),
				KPI_STATUS_LABEL[statuses.get(objectiveId) ?? 'no-data'],
				risk.get(objectiveId)?.total ?? 0
			];
		})
	};
}

/** Budget and capacity per period (the Portfolio view). */
export function capacityTable(portfolio: PortfolioContent): Table {
	return {
		id: 'capacity',
		name: 'Budget and capacity',
		columns: [
			'Period',
			`Budget (${portfolio.currency})`,
			...portfolio.roles.map((r) => `${r.name} (FTE)`)
		],
		rows: portfolio.periods.map((period) => [
			period,
			portfolio.budget[period] ?? null,
			...portfolio.roles.map((r) => r.capacity[period] ?? null)
		])
	};
}

/** The risk register, worst first within the register's own order kept as a column. */
export function risksTable(portfolio: PortfolioContent): Table {
	return {
		id: 'risks',
		name: 'Risks',
		columns: ['Risk', 'About', 'Likelihood', 'Impact', 'Exposure', 'Owner', 'Mitigation', 'Status'],
		rows: portfolio.risks.map((r) => [
			r.title,
			riskSubject(r, portfolio),
			r.likelihood,
			r.impact,
			exposure(r),
			r.owner,
			r.mitigation,
			r.status
		])
	};
}

/** The decision log, oldest first as stored. */
export function decisionsTable(portfolio: PortfolioContent): Table {
	const name = new Map(portfolio.projects.map((p) => [p.id, p.name]));
	return {
		id: 'decisions',
		name: 'Decisions',
		columns: ['When', 'Who', 'What', 'Why', 'Projects'],
		rows: portfolio.decisions.map((d) => [
			d.at,
			d.by,
			d.title,
			d.rationale,
			d.projectIds.map((id) => name.get(id) ?? id).join('; ')
		])
	};
}

/** The reviews taken: name, date and what they froze. */
export function reviewsTable(portfolio: Portfolio): Table {
	return {
		id: 'reviews',
		name: 'Reviews',
		columns: ['Review', 'Taken', 'Projects', 'Risks', 'Decisions'],
		rows: portfolio.reviews.map((r) => [
			r.name,
			r.at,
			r.snapshot.projects.length,
			r.snapshot.risks.length,
			r.snapshot.decisions.length
		])
	};
}

/** A table per view, in the order of the navigation, for the XLSX export. */
export function allTables(portfolio: Portfolio): Table[] {
	return [
		projectsTable(portfolio),
		rankingTable(portfolio),
		scoresTable(portfolio),
		criteriaTable(portfolio),
		kpisTable(portfolio),
		alignmentTable(portfolio),
		capacityTable(portfolio),
		risksTable(portfolio),
		decisionsTable(portfolio),
		reviewsTable(portfolio)
	];
}

function csvCell(cell: Cell): string {
	if (cell === null) return '';
	const text = typeof cell === 'boolean' ? (cell ? 'yes' : 'no') : String(cell);
	// Quote what a spreadsheet would split or misread; neutralise formula injection.
	const safe = /^[=+\-@\t\r]/.test(text) && typeof cell === 'string' ? `'${text}` : text;
	return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A table as RFC 4180 CSV (CRLF line ends, a header row). */
export function tableToCsv(table: Table): string {
	return (
		[table.columns, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
	);
}
