import { exposureBand, type ExposureBand, type ExposureSummary } from '$lib/domain/risk';
import type { RiskStatus } from '$lib/domain/types';

/** How a risk's status reads in every view. */
export const RISK_STATUS_LABEL: Record<RiskStatus, string> = {
	open: 'Open',
	mitigated: 'Mitigated',
	closed: 'Closed'
};

/** A date or date-time as the reader's short date (and time when there is one). */
export function formatWhen(iso: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
	return new Intl.DateTimeFormat(undefined, {
		dateStyle: 'medium',
		...(dateOnly ? { timeZone: 'UTC' } : { timeStyle: 'short' })
	}).format(date);
}

/** How an exposure band reads next to its colour. */
export const EXPOSURE_BAND_LABEL: Record<ExposureBand, string> = {
	low: 'Low',
	medium: 'Medium',
	high: 'High',
	severe: 'Severe'
};

/** An exposure roll-up in words: "Risk exposure 27 (worst risk high, 3 open risks)". */
export function exposureLabel(summary: ExposureSummary): string {
	const band = EXPOSURE_BAND_LABEL[exposureBand(summary.max)].toLowerCase();
	const risks = `${summary.count} open ${summary.count === 1 ? 'risk' : 'risks'}`;
	return `Risk exposure ${summary.total} (worst risk ${band}, ${risks})`;
}
