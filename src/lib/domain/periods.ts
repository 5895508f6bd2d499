import type { PeriodId } from './types';

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
