import type { Decision, ProjectStatus } from '$lib/domain/types';

/** How a project's status reads in every view. */
export const STATUS_LABEL: Record<ProjectStatus, string> = {
	proposed: 'Proposed',
	approved: 'Approved',
	active: 'Active',
	'on-hold': 'On hold',
	done: 'Done',
	cancelled: 'Cancelled'
};

/** How a funding decision reads in every view. */
export const DECISION_LABEL: Record<Decision, string> = {
	auto: 'Auto',
	in: 'Forced in',
	out: 'Forced out'
};
