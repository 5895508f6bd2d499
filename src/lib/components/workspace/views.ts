/**
 * The workspace's views, grouped into the sections of the navigation. One table, read by
 * the navigation, the presence list ("you · Projects") and the tests, so a view's name is
 * written once. Paths are relative to `/p/<roomId>`; '' is the projects list.
 *
 * Names are chosen so that no two differ by a letter or two (people read them at a
 * glance, from the back of a room): the workshop's phone cards are "Vote and comment",
 * the governance snapshots "Portfolio reviews".
 */

export interface ViewOption {
	path: string;
	label: string;
}

export interface WorkspaceView {
	path: string;
	label: string;
	/** Other ways to show the same view (its URLs stay: followers and links use them). */
	options?: ViewOption[];
}

export interface Section {
	label: string;
	views: WorkspaceView[];
}

export const SECTIONS: readonly Section[] = [
	{ label: 'Strategy', views: [{ path: '/map', label: 'Map' }] },
	{
		label: 'Prioritise',
		views: [
			{
				path: '',
				label: 'Projects',
				options: [
					{ path: '', label: 'Details' },
					{ path: '/ranking', label: 'Rank' },
					{ path: '/entry', label: 'Fast entry' }
				]
			},
			{ path: '/criteria', label: 'Criteria' },
			{ path: '/scores', label: 'Scores' }
		]
	},
	{
		label: 'Plan',
		views: [
			{ path: '/resources', label: 'Resources' },
			{ path: '/capacity', label: 'Capacity' },
			{ path: '/optimize', label: 'Optimise' }
		]
	},
	{
		label: 'Workshop',
		views: [
			{ path: '/workshop', label: 'Agenda' },
			{ path: '/review', label: 'Vote and comment' }
		]
	},
	{
		label: 'Govern',
		views: [
			{ path: '/dashboard', label: 'Dashboard' },
			{ path: '/risks', label: 'Risks' },
			{ path: '/gates', label: 'Gates' },
			{ path: '/decisions', label: 'Decisions' },
			{ path: '/reviews', label: 'Portfolio reviews' },
			{ path: '/report', label: 'Report' }
		]
	},
	{ label: 'Settings', views: [{ path: '/portfolio', label: 'Portfolio' }] }
];

export interface Location {
	section: Section;
	view: WorkspaceView;
	option?: ViewOption;
}

/**
 * Where a view path (the part after `/p/<roomId>`, with or without slashes: "ranking",
 * "/map", "") sits in the navigation. A path below a view ("reviews/abc") belongs to
 * that view; an unknown path to none.
 */
export function locate(view: string): Location | null {
	const first = '/' + view.replace(/^\/+/, '').split('/')[0];
	const path = first === '/' ? '' : first;
	for (const section of SECTIONS) {
		for (const v of section.views) {
			const option = v.options?.find((o) => o.path === path);
			if (v.path === path || option) return { section, view: v, option };
		}
	}
	return null;
}

/**
 * The name people see for a view path: "review" → "Vote and comment"; an option other
 * than the view's first is named after it: "ranking" → "Projects (Rank)".
 */
export function viewName(view: string): string {
	const place = locate(view);
	if (place) {
		const { view: v, option } = place;
		return option && option !== v.options?.[0] ? `${v.label} (${option.label})` : v.label;
	}
	const first = view.replace(/^\/+/, '').split('/')[0];
	return first.charAt(0).toUpperCase() + first.slice(1).replace(/-/g, ' ');
}
