import { parseCellValue } from './paste';
import { PROJECT_STATUSES, type PeriodId, type ProjectStatus } from './types';

/**
 * How a typed or pasted text is read in a column of the fast-entry grid: texts (name,
 * sponsor), a status, a start period of the plan, a duration in whole periods, and
 * amounts (FTE, cost: `paste.ts`, the same as every other grid). Pure.
 */

export type EntryColumnKind = 'name' | 'sponsor' | 'status' | 'start' | 'duration' | 'fte' | 'cost';

export type EntryValue = string | number;

/** A cell read: its value (null clears), or why it cannot be one ("is not a number"). */
export type EntryCell = { ok: true; value: EntryValue | null } | { ok: false; message: string };

/** A status typed in a cell: its id or label, any case, or the start of one ("act"). */
export function matchStatus(text: string): ProjectStatus | null {
	const typed = text.trim().toLowerCase().replace(/\s+/g, '-');
	if (typed === '') return null;
	const exact = PROJECT_STATUSES.find((s) => s === typed);
	if (exact) return exact;
	const starts = PROJECT_STATUSES.filter((s) => s.startsWith(typed));
	return starts.length === 1 ? starts[0] : null;
}

/**
 * Reads `text` for a column of `kind`. `periods` are the plan's (a start must be one of
 * them, any case); `newRow` says the cell is on the empty last row, where an empty name
 * is no error (it adds nothing).
 */
export function parseEntryCell(
	text: string,
	kind: EntryColumnKind,
	context: { periods: readonly PeriodId[]; newRow: boolean }
): EntryCell {
	const trimmed = text.trim();
	switch (kind) {
		case 'name':
			if (trimmed === '' && !context.newRow) {
				return { ok: false, message: 'cannot be empty: a project needs a name' };
			}
			return { ok: true, value: trimmed === '' ? null : trimmed };
		case 'sponsor':
			return { ok: true, value: trimmed === '' ? null : trimmed };
		case 'status': {
			if (trimmed === '') return { ok: true, value: null };
			const status = matchStatus(trimmed);
			return status
				? { ok: true, value: status }
				: { ok: false, message: `is not a status (${PROJECT_STATUSES.join(', ')})` };
		}
		case 'start': {
			if (trimmed === '') return { ok: true, value: null };
			const { periods } = context;
			const period = periods.find((p) => p.toLowerCase() === trimmed.toLowerCase());
			if (period) return { ok: true, value: period };
			return {
				ok: false,
				message:
					periods.length === 0
						? 'is not a period: the plan has no periods yet'
						: `is not a period of the plan (${periods[0]} to ${periods.at(-1)})`
			};
		}
		case 'duration': {
			if (trimmed === '') return { ok: true, value: null };
			if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1) {
				return { ok: false, message: 'is not a whole number of periods (1 or more)' };
			}
			return { ok: true, value: Number(trimmed) };
		}
		default:
			return parseCellValue(text, 'amount');
	}
}
