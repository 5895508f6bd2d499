import { describe, expect, it } from 'vitest';
import { read } from '$lib/doc';
import {
	firstPeriod,
	nextPeriod,
	periodRange,
	periodSetup,
	periodsHoldingValues
} from '$lib/domain/periods';
import { northwindDoc } from '../helpers/doc-fixtures';
import { parseAmount } from '$lib/components/ui/format';

describe('periods', () => {
	it('nextPeriod steps quarters and months across a year end', () => {
		expect(nextPeriod('2027-Q1')).toBe('2027-Q2');
		expect(nextPeriod('2027-Q4')).toBe('2028-Q1');
		expect(nextPeriod('2027-09')).toBe('2027-10');
		expect(nextPeriod('2027-12')).toBe('2028-01');
	});

	it('nextPeriod refuses what is not a period', () => {
		expect(() => nextPeriod('2027-Q5')).toThrow(/not a period/);
		expect(() => nextPeriod('Q1')).toThrow(/not a period/);
	});

	it('firstPeriod is the quarter or month after today', () => {
		expect(firstPeriod('quarter', new Date(2026, 10, 21))).toBe('2027-Q1');
		expect(firstPeriod('month', new Date(2026, 10, 21))).toBe('2026-12');
	});
});

describe('parseAmount', () => {
	it('reads empty as no value, decimals with a comma, and refuses the rest with a reason', () => {
		expect(parseAmount('')).toEqual({ ok: true, value: null });
		expect(parseAmount(' 1 200 ')).toEqual({ ok: true, value: 1200 });
		expect(parseAmount('2,5')).toEqual({ ok: true, value: 2.5 });
		expect(parseAmount('-1')).toEqual({ ok: false, message: 'must be at least 0' });
		expect(parseAmount('11', { max: 10 })).toEqual({ ok: false, message: 'must be at most 10' });
		expect(parseAmount('abc')).toMatchObject({ ok: false });
		expect(parseAmount('Infinity')).toMatchObject({ ok: false });
	});
});

describe('periods in one step', () => {
	it('periodRange counts months and quarters across a year', () => {
		expect(periodRange('2027-Q3', 4)).toEqual(['2027-Q3', '2027-Q4', '2028-Q1', '2028-Q2']);
		expect(periodRange('2027-11', 3)).toEqual(['2027-11', '2027-12', '2028-01']);
		expect(() => periodRange('Q3', 2)).toThrow(/not a period/);
	});

	it('periodsHoldingValues names the periods that a new list would empty', () => {
		const p = read(northwindDoc());
		expect(periodsHoldingValues(p, ['2027-Q1', '2031-Q1'])).toEqual(['2027-Q1']);
	});

	it('periodSetup makes the list, and refuses to drop periods that hold values, naming them', () => {
		const p = read(northwindDoc());
		expect(periodSetup(p, { first: '2027-q1', count: 9, kind: 'quarter' })).toEqual({
			ok: true,
			periods: [...p.periods, '2029-Q1']
		});
		const shorter = periodSetup(p, { first: '2027-Q1', count: 6, kind: 'quarter' });
		expect(shorter).toMatchObject({ ok: false });
		expect(shorter.ok || shorter.message).toMatch(/^2028-Q3, 2028-Q4 hold values/);
		expect(periodSetup(p, { first: '2027-01', count: 8, kind: 'quarter' })).toMatchObject({
			ok: false,
			message: expect.stringMatching(/is a month/)
		});
	});
});
