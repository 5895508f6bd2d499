import type { Component } from 'svelte';
import type { PortfolioContent } from '$lib/domain/types';
import CapacitySection from './CapacitySection.svelte';
import DashboardSection from './DashboardSection.svelte';
import DecisionsSection from './DecisionsSection.svelte';
import MapSection from './MapSection.svelte';
import RankedSection from './RankedSection.svelte';
import RisksSection from './RisksSection.svelte';
import SummarySection from './SummarySection.svelte';

/** What every report section is given: the portfolio (now, or a review's frozen copy). */
export interface SectionProps {
	/** The section's heading (from this list). */
	title: string;
	portfolio: PortfolioContent;
	/** False for a frozen review: no CSV buttons, nothing to edit. */
	live: boolean;
}

/**
 * The sections of the printable report, in order: what was decided first (the summary
 * and the ranked list start on page 1), then what it takes (capacity, the dashboard's
 * charts), then why (map and alignment), risks and the decision log. Each section is a
 * component that renders a `<section>` with an `<h2>`; sections follow each other
 * without forced page breaks (small blocks keep together, long tables flow).
 */
export const REPORT_SECTIONS: { id: string; title: string; component: Component<SectionProps> }[] =
	[
		{ id: 'summary', title: 'Summary', component: SummarySection },
		{ id: 'ranking', title: 'Ranked list and funding line', component: RankedSection },
		{ id: 'capacity', title: 'Capacity and budget per period', component: CapacitySection },
		{ id: 'dashboard', title: 'Value and spend', component: DashboardSection },
		{ id: 'map', title: 'Strategy map and alignment', component: MapSection },
		{ id: 'risks', title: 'Risks', component: RisksSection },
		{ id: 'decisions', title: 'Decisions', component: DecisionsSection }
	];
