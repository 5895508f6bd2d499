/**
 * Words of the automatic decision-log entries (issue 9): what the doc layer writes when
 * a project's decision or status changes, a gate is passed or a review is taken, so
 * every peer and the report read the same sentences.
 */
import { STAGE_NAME } from './gates';
import type { Decision, ProjectStatus } from './types';

/** How a funding decision reads everywhere (views, log, report). */
export const DECISION_NAME: Readonly<Record<Decision, string>> = {
	auto: 'Auto',
	in: 'Forced in',
	out: 'Forced out'
};

/** Title of the entry for a decision change: "CRM consolidation: Auto → Forced in". */
export function decisionChangeTitle(project: string, from: Decision, to: Decision): string {
	return `${project}: ${DECISION_NAME[from]} → ${DECISION_NAME[to]}`;
}

/** Title of the entry for a status change made outside a gate (e.g. the project editor). */
export function statusChangeTitle(project: string, from: ProjectStatus, to: ProjectStatus): string {
	return `${project}: status ${STAGE_NAME[from]} → ${STAGE_NAME[to]}`;
}

/** Title of the entry for a review: "Review taken: Q1 steering". */
export function reviewTitle(name: string): string {
	return `Review taken: ${name}`;
}
