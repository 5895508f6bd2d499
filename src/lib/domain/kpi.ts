/**
 * KPI progress and status against a straight-line plan.
 *
 * The rule (the map's badges and, later, the governance dashboard use the same one):
 *
 * - **Progress** is how much of the planned change has happened:
 *   `(latest − baseline) / (target − baseline)`, where `latest` is the actual of the
 *   last portfolio period that has one. 0 at the baseline, 1 at the target, negative
 *   when the KPI moved the wrong way, above 1 past the target. When target = baseline
 *   there is no change to plan: progress is 1 when the latest actual is at or better
 *   than the target in the KPI's direction, 0 otherwise.
 * - **Trajectory**: the KPI is planned to move in a straight line from the baseline
 *   (before the first period) to the target (at the end of the last period), so after
 *   period i of n (1-based) the plan is `baseline + (target − baseline) · i / n` and the
 *   expected progress is `i / n`.
 * - **Status** compares progress with the expected progress at the latest actual:
 *   `on-track` when progress ≥ 90 % of what was expected, `at-risk` when ≥ 60 %,
 *   `off-track` below that. A KPI with no actual in the portfolio's periods has status
 *   `no-data`. Actuals of periods the portfolio no longer has are ignored.
 */
import type { Kpi, PeriodId } from './types';

export type KpiStatus = 'on-track' | 'at-risk' | 'off-track' | 'no-data';

export const KPI_STATUSES: readonly KpiStatus[] = ['on-track', 'at-risk', 'off-track', 'no-data'];

/** The share of the expected progress at or above which a KPI is on track / at risk. */
export interface KpiThresholds {
	onTrack: number;
	atRisk: number;
}

export const KPI_THRESHOLDS: Readonly<KpiThresholds> = Object.freeze({ onTrack: 0.9, atRisk: 0.6 });

export interface KpiAssessment {
	status: KpiStatus;
	/** Share of the planned change achieved (see the module comment); null without data. */
	progress: number | null;
	/** Share of the change the straight-line plan expects by `period`; null without data. */
	expected: number | null;
	/** The period of the latest actual, or null. */
	period: PeriodId | null;
	/** The latest actual, or null. */
	latest: number | null;
	/** The planned value at `period` on the straight line, or null. */
	planned: number | null;
}

/** The planned value after `index` (0-based) of `count` periods, on the straight line. */
export function plannedValue(kpi: Pick<Kpi, 'baseline' | 'target'>, index: number, count: number) {
	if (count <= 0) return kpi.target;
	return kpi.baseline + ((kpi.target - kpi.baseline) * (index + 1)) / count;
}

/** The latest actual of `kpi` within `periods` (in their order), or null. */
export function latestActual(
	kpi: Pick<Kpi, 'actuals'>,
	periods: readonly PeriodId[]
): { period: PeriodId; index: number; value: number } | null {
	for (let i = periods.length - 1; i >= 0; i--) {
		const value = kpi.actuals[periods[i]];
		if (typeof value === 'number' && Number.isFinite(value)) {
			return { period: periods[i], index: i, value };
		}
	}
	return null;
}

/** Progress toward target for a value (see the module comment for the rule). */
export function kpiProgress(kpi: Pick<Kpi, 'baseline' | 'target' | 'direction'>, value: number) {
	const change = kpi.target - kpi.baseline;
	if (change === 0) {
		const better = kpi.direction === 'increase' ? value >= kpi.target : value <= kpi.target;
		return better ? 1 : 0;
	}
	return (value - kpi.baseline) / change;
}

/** The status of a progress against an expected progress. */
export function statusFor(
	progress: number,
	expected: number,
	thresholds: KpiThresholds = KPI_THRESHOLDS
): Exclude<KpiStatus, 'no-data'> {
	if (expected <= 0) return progress >= 0 ? 'on-track' : 'off-track';
	const ratio = progress / expected;
	if (ratio >= thresholds.onTrack) return 'on-track';
	if (ratio >= thresholds.atRisk) return 'at-risk';
	return 'off-track';
}

/** Progress and status of a KPI over the portfolio's `periods` (see the module comment). */
export function assessKpi(
	kpi: Kpi,
	periods: readonly PeriodId[],
	thresholds: KpiThresholds = KPI_THRESHOLDS
): KpiAssessment {
	const latest = latestActual(kpi, periods);
	if (!latest) {
		return {
			status: 'no-data',
			progress: null,
			expected: null,
			period: null,
			latest: null,
			planned: null
		};
	}
	const progress = kpiProgress(kpi, latest.value);
	const expected = (latest.index + 1) / periods.length;
	return {
		status: statusFor(progress, expected, thresholds),
		progress,
		expected,
		period: latest.period,
		latest: latest.value,
		planned: plannedValue(kpi, latest.index, periods.length)
	};
}

/** How a status reads, for badges and tables. */
export const KPI_STATUS_LABEL: Record<KpiStatus, string> = {
	'on-track': 'On track',
	'at-risk': 'At risk',
	'off-track': 'Off track',
	'no-data': 'No data'
};
