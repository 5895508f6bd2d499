import { describe, expect, it } from 'vitest';
import {
	assessKpi,
	kpiProgress,
	latestActual,
	plannedValue,
	statusFor
} from '../../src/lib/domain/kpi';
import type { Kpi } from '../../src/lib/domain/types';

const PERIODS = ['2027-Q1', '2027-Q2', '2027-Q3', '2027-Q4'];

function kpi(over: Partial<Kpi> = {}): Kpi {
	return {
		id: 'k',
		name: 'ARR',
		unit: 'EUR m',
		baseline: 40,
		target: 60,
		direction: 'increase',
		actuals: {},
		...over
	};
}

describe('kpi progress and status', () => {
	it('measures progress as the share of the planned change achieved', () => {
		expect(kpiProgress(kpi(), 40)).toBe(0);
		expect(kpiProgress(kpi(), 50)).toBe(0.5);
		expect(kpiProgress(kpi(), 65)).toBe(1.25);
		expect(kpiProgress(kpi(), 30)).toBe(-0.5);
	});

	it('measures progress of a decreasing KPI toward a lower target', () => {
		const incidents = kpi({ baseline: 10, target: 2, direction: 'decrease' });
		expect(kpiProgress(incidents, 6)).toBe(0.5);
		expect(kpiProgress(incidents, 12)).toBe(-0.25);
	});

	it('counts a KPI that must hold its level as done when it is at or better than the target', () => {
		const hold = kpi({ baseline: 95, target: 95 });
		expect(kpiProgress(hold, 96)).toBe(1);
		expect(kpiProgress(hold, 94)).toBe(0);
		expect(kpiProgress({ ...hold, direction: 'decrease' }, 94)).toBe(1);
	});

	it('plans a straight line from the baseline to the target over the periods', () => {
		expect(plannedValue(kpi(), 0, 4)).toBe(45);
		expect(plannedValue(kpi(), 3, 4)).toBe(60);
	});

	it('uses the actual of the last portfolio period that has one', () => {
		const k = kpi({ actuals: { '2027-Q1': 41, '2027-Q3': 47, '2030-Q1': 99 } });
		expect(latestActual(k, PERIODS)).toEqual({ period: '2027-Q3', index: 2, value: 47 });
		expect(latestActual(kpi(), PERIODS)).toBeNull();
	});

	it('is on track at or above 90 % of the planned progress, at risk from 60 %, off track below', () => {
		expect(statusFor(0.5, 0.5)).toBe('on-track');
		expect(statusFor(0.45, 0.5)).toBe('on-track');
		expect(statusFor(0.44, 0.5)).toBe('at-risk');
		expect(statusFor(0.3, 0.5)).toBe('at-risk');
		expect(statusFor(0.29, 0.5)).toBe('off-track');
		expect(statusFor(-0.1, 0.25)).toBe('off-track');
	});

	it('assesses a KPI against the plan at its latest actual', () => {
		// Halfway through the plan (Q2 of 4), the plan is 50; 47 is 70 % of the way: at risk.
		const a = assessKpi(kpi({ actuals: { '2027-Q1': 44, '2027-Q2': 47 } }), PERIODS);
		expect(a.status).toBe('at-risk');
		expect(a.period).toBe('2027-Q2');
		expect(a.latest).toBe(47);
		expect(a.planned).toBe(50);
		expect(a.expected).toBe(0.5);
		expect(a.progress).toBeCloseTo(0.35);
		// Ahead of plan.
		expect(assessKpi(kpi({ actuals: { '2027-Q1': 46 } }), PERIODS).status).toBe('on-track');
		// Going the wrong way.
		expect(assessKpi(kpi({ actuals: { '2027-Q3': 39 } }), PERIODS).status).toBe('off-track');
	});

	it('says there is no data when no portfolio period has an actual', () => {
		const a = assessKpi(kpi({ actuals: { '2031-Q1': 50 } }), PERIODS);
		expect(a).toMatchObject({ status: 'no-data', progress: null, expected: null });
	});
});
