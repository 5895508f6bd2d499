import type { Component } from 'svelte';
import type { PortfolioContent } from '$lib/domain/types';
import DecisionsSection from './DecisionsSection.svelte';
import MapSection from './MapSection.svelte';
import RankedSection from './RankedSection.svelte';
import RisksSection from './RisksSection.svelte';

/** What every report section is given: the portfolio (now, or a review's frozen copy). */
export interface SectionProps {
	/** The section's heading (from this list). */
	title: string;
	portfolio: PortfolioContent;
	/** False for a frozen review: no CSV buttons, nothing to edit. */
	live: boolean;
}

/**
 * The sections of the printable report, in order. The map and the capacity charts
 * add themselves here (one entry each) when they exist; each section is a component
 * that renders an `<section>` with an `<h2>` and prints on its own pages if long.
 */
export const REPORT_SECTIONS: { id: string; title: string; component: Component<SectionProps> }[] =
	[
		{ id: 'map', title: 'Strategy map and alignment', component: MapSection },
		{ id: 'ranking', title: 'Ranked list and funding line', component: RankedSection },
		{ id: 'risks', title: 'Risks', component: RisksSection },
		{ id: 'decisions', title: 'Decisions', component: DecisionsSection }
	];
