import type { CsvField, ColumnTarget } from '../projects-csv';
import { PROJECT_STATUSES, type ProjectStatus } from '../types';
import type { ResourceTarget, SourceMapping } from './map';
import type { Granularity } from './source';

/**
 * The choices of an import that are remembered per kind of file (in the document's
 * `importMappings`, and in the `--mapping` file of `cairn convert`): how resources map
 * to roles, status words, the outline level, Jira's issue types and rate, and the
 * columns of a spreadsheet by header. Read from untrusted data: only what is
 * well-formed is kept.
 */

/** What a column holds, as the mapping form offers it: a field, cost, a role, or nothing. */
export type ColumnWhat =
	'unset' | 'ignore' | 'key' | `field:${CsvField}` | 'cost' | `role:${string}`;

/** What the person chose for a kind of file, remembered in the document for next time. */
export interface RememberedMapping extends Partial<SourceMapping> {
	level?: number | 'file';
	issueTypes?: string[];
	estimate?: 'points' | 'hours';
	rate?: number;
	/** `cairn convert` into a new portfolio: quarters (the default) or months. */
	granularity?: Granularity;
	/** Spreadsheets: header → what the column holds. */
	columns?: Record<string, { what: ColumnWhat; period: string }>;
}

/** The column target of a mapping form's choice. */
export function columnTarget(what: ColumnWhat, period: string): ColumnTarget {
	if (what === 'key') return { kind: 'key' };
	if (what.startsWith('field:')) return { kind: 'field', field: what.slice(6) as CsvField };
	if (what === 'cost') return { kind: 'cost', period };
	if (what.startsWith('role:')) return { kind: 'demand', roleId: what.slice(5), period };
	return { kind: 'ignore' };
}

/** The mapping form's choice for a column target. */
export function columnWhat(target: ColumnTarget): ColumnWhat {
	if (target.kind === 'key') return 'key';
	if (target.kind === 'field') return `field:${target.field}`;
	if (target.kind === 'cost') return 'cost';
	if (target.kind === 'demand') return `role:${target.roleId}`;
	return 'ignore';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A remembered mapping read from the document: only what is well-formed. */
export function sanitizeRemembered(value: unknown): RememberedMapping {
	if (!isRecord(value)) return {};
	const out: RememberedMapping = {};
	if (isRecord(value.resources)) {
		out.resources = Object.fromEntries(
			Object.entries(value.resources).filter(([, v]) => typeof v === 'string')
		) as Record<string, ResourceTarget>;
	}
	if (isRecord(value.statuses)) {
		out.statuses = Object.fromEntries(
			Object.entries(value.statuses).filter(([, v]) =>
				PROJECT_STATUSES.includes(v as ProjectStatus)
			)
		) as Record<string, ProjectStatus>;
	}
	if (typeof value.capacity === 'boolean') out.capacity = value.capacity;
	if (value.outside === 'extend' || value.outside === 'clip') out.outside = value.outside;
	if (value.level === 'file' || (typeof value.level === 'number' && value.level >= 1)) {
		out.level = value.level;
	}
	if (Array.isArray(value.issueTypes)) {
		out.issueTypes = value.issueTypes.filter((t): t is string => typeof t === 'string');
	}
	if (value.granularity === 'quarter' || value.granularity === 'month') {
		out.granularity = value.granularity;
	}
	if (value.estimate === 'points' || value.estimate === 'hours') out.estimate = value.estimate;
	if (typeof value.rate === 'number' && Number.isFinite(value.rate) && value.rate > 0) {
		out.rate = value.rate;
	}
	if (isRecord(value.columns)) {
		const columns: NonNullable<RememberedMapping['columns']> = {};
		for (const [header, v] of Object.entries(value.columns)) {
			if (isRecord(v) && typeof v.what === 'string' && typeof v.period === 'string') {
				columns[header] = { what: v.what as ColumnWhat, period: v.period };
			}
		}
		out.columns = columns;
	}
	return out;
}

/** Points or hours one FTE delivers in one period, to start from. */
export function defaultRate(
	estimate: 'points' | 'hours',
	granularity: 'quarter' | 'month'
): number {
	const perMonth = estimate === 'points' ? 20 : 160;
	return granularity === 'quarter' ? perMonth * 3 : perMonth;
}
