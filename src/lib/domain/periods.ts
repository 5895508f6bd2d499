import type { PeriodId, Portfolio } from './types';

const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The period after `period`, in the same granularity: 2027-Q4 → 2028-Q1, 2027-12 → 2028-01. */
export function nextPeriod(period: PeriodId): PeriodId {
	const quarter = QUARTER.exec(period);
	if (quarter) {
		const year = Number(quarter[1]);
		const q = Number(quarter[2]);
		return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
	}
	const month = MONTH.exec(period);
	if (month) {
		const year = Number(month[1]);
		const m = Number(month[2]);
		return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
	}
	throw new Error(`“${period}” is not a period (expected 2027-Q1 or 2027-01)`);
}

/** The first period of a new plan: the quarter or month after `today`. */
export function firstPeriod(kind: 'quarter' | 'month', today = new Date()): PeriodId {
	const year = today.getFullYear();
	if (kind === 'quarter') return nextPeriod(`${year}-Q${Math.floor(today.getMonth() / 3) + 1}`);
	return nextPeriod(`${year}-${String(today.getMonth() + 1).padStart(2, '0')}`);
}

/** Whether a text is a period: `2027-Q1` (a quarter) or `2027-01` (a month). */
export function isPeriod(text: string): boolean {
	return QUARTER.test(text) || MONTH.test(text);
}

/** The granularity of a period: quarter (`2027-Q1`) or month (`2027-01`). */
export function periodKind(period: PeriodId): 'quarter' | 'month' {
	return QUARTER.test(period) ? 'quarter' : 'month';
}

/**
 * `count` periods from `first` on, in its granularity: (2027-Q3, 4) → 2027-Q3 … 2028-Q2.
 * Throws on a text that is not a period or a count that is not a whole number 1-240.
 */
export function periodRange(first: PeriodId, count: number): PeriodId[] {
	if (!isPeriod(first)) {
		throw new Error(`“${first}” is not a period (expected 2027-Q1 or 2027-01)`);
	}
	if (!Number.isInteger(count) || count < 1 || count > 240) {
		throw new Error('the number of periods must be a whole number from 1 to 240');
	}
	const out = [first];
	while (out.length < count) out.push(nextPeriod(out[out.length - 1]));
	return out;
}

/**
 * The periods among `periods` that hold a value (budget, capacity, a project's cost
 * or demand, a KPI actual), so that a new period list never drops one silently.
 */
export function periodsHoldingValues(
	portfolio: Pick<Portfolio, 'budget' | 'roles' | 'projects' | 'objectives'>,
	periods: readonly PeriodId[]
): PeriodId[] {
	const holds = (period: PeriodId) =>
		portfolio.budget[period] !== undefined ||
		portfolio.roles.some((r) => r.capacity[period] !== undefined) ||
		portfolio.projects.some(
			(p) =>
				p.cost[period] !== undefined || Object.values(p.demand).some((d) => d[period] !== undefined)
		) ||
		portfolio.objectives.some((o) => o.kpis.some((k) => k.actuals[period] !== undefined));
	return periods.filter(holds);
}

/**
 * The period list of the one-step form: `count` periods of `kind` from `first`. Refused,
 * with a message, when `first` is not a period of that kind or when the new list would
 * drop periods that hold values (named, so the person sees what would be lost).
 */
export function periodSetup(
	portfolio: Pick<Portfolio, 'periods' | 'budget' | 'roles' | 'projects' | 'objectives'>,
	input: { first: string; count: number; kind: 'quarter' | 'month' }
): { ok: true; periods: PeriodId[] } | { ok: false; message: string } {
	const first = input.first.trim().toUpperCase();
	let list: PeriodId[];
	try {
		list = periodRange(first, input.count);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return { ok: false, message: message.charAt(0).toUpperCase() + message.slice(1) };
	}
	if (periodKind(first) !== input.kind) {
		return {
			ok: false,
			message:
				input.kind === 'quarter'
					? `First period: ${first} is a month; type a quarter such as 2027-Q1, or choose months`
					: `First period: ${first} is a quarter; type a month such as 2027-01, or choose quarters`
		};
	}
	const dropped = portfolio.periods.filter((p) => !list.includes(p));
	const holding = periodsHoldingValues(portfolio, dropped);
	if (holding.length > 0) {
		const them = holding.length === 1 ? 'it' : 'them';
		return {
			ok: false,
			message:
				`${holding.join(', ')} ${holding.length === 1 ? 'holds' : 'hold'} values (budget, ` +
				`capacity, cost, demand or KPI actuals) and would be removed. Choose periods that keep ` +
				`${them}, or clear ${them} first`
		};
	}
	return { ok: true, periods: list };
}
