import type { Coverage } from '$lib/domain/alignment';
import type { KpiStatus } from '$lib/domain/kpi';

/**
 * Colours and badge glyphs of the strategy map. Literal colours rather than CSS
 * variables: the exported SVG and PNG must look the same outside the app. All of them
 * reach 4.5:1 on white (WCAG AA) and every state also has a glyph and a pattern, so
 * nothing is told by colour alone (and a projector's washed-out colours still read).
 */
export const MAP_COLORS = {
	ink: '#1b1f23',
	ink2: '#4a5159',
	line: '#6b737b',
	surface: '#ffffff',
	vision: '#1f4e5f',
	objective: '#eef4f6',
	theme: '#dbe8ec',
	kpi: '#f7f7f4',
	project: '#ffffff',
	focus: '#0b66d6',
	selected: '#1f4e5f',
	link: '#1f4e5f',
	ok: '#2e6b34',
	warn: '#8a5a00',
	danger: '#a4262c',
	muted: '#4a5159'
} as const;

export interface Badge {
	/** A one-character glyph drawn in the badge. */
	glyph: string;
	color: string;
	/** `solid`, `hatch` (diagonal lines) or `dots`: the second channel besides colour. */
	pattern: 'solid' | 'hatch' | 'dots';
	label: string;
}

export const COVERAGE_BADGE: Record<Coverage, Badge> = {
	funded: {
		glyph: '✓',
		color: MAP_COLORS.ok,
		pattern: 'solid',
		label: 'Served by funded projects'
	},
	unfunded: {
		glyph: '!',
		color: MAP_COLORS.warn,
		pattern: 'dots',
		label: 'Served only by unfunded projects'
	},
	uncovered: {
		glyph: '✕',
		color: MAP_COLORS.danger,
		pattern: 'hatch',
		label: 'No project serves it'
	}
};

export const KPI_BADGE: Record<KpiStatus, Badge> = {
	'on-track': { glyph: '▲', color: MAP_COLORS.ok, pattern: 'solid', label: 'On track' },
	'at-risk': { glyph: '◆', color: MAP_COLORS.warn, pattern: 'dots', label: 'At risk' },
	'off-track': { glyph: '▼', color: MAP_COLORS.danger, pattern: 'hatch', label: 'Off track' },
	'no-data': { glyph: '–', color: MAP_COLORS.muted, pattern: 'solid', label: 'No data' }
};

export const ORPHAN_BADGE: Badge = {
	glyph: '∅',
	color: MAP_COLORS.danger,
	pattern: 'hatch',
	label: 'Orphan: serves no objective'
};

/** Contribution links are translucent: thousands of them stay readable together. */
export const LINK_OPACITY = 0.35;

/** Stroke width and dash of a contribution link, by weight: thicker is stronger. */
export const LINK_STYLE: Record<1 | 2 | 3, { width: number; dash: string; label: string }> = {
	1: { width: 1.5, dash: '5 5', label: 'weak' },
	2: { width: 3.5, dash: '', label: 'moderate' },
	3: { width: 7, dash: '', label: 'strong' }
};
