import type { ResourceInfo, ResourceLoad } from '$lib/domain/capacity';
import type { HotCell } from '$lib/domain/capacity-peak';
import { formatCompactMoney, formatFte } from '$lib/state/ranking.svelte';

/** An amount of a resource in words: "2.5 FTE" or "€1.2M". */
export function formatAmount(value: number, info: ResourceInfo, currency: string): string {
	return info.unit === 'money' ? formatCompactMoney(value, currency) : `${formatFte(value)} FTE`;
}

/** A tick label: the number alone for FTE (the axis says FTE), short money for the budget. */
export function formatTick(value: number, info: ResourceInfo, currency: string): string {
	return info.unit === 'money' ? formatCompactMoney(value, currency) : formatFte(value);
}

/** How many periods of a load are over capacity. */
export function periodsOver(load: ResourceLoad): number {
	let n = 0;
	for (const v of load.over) if (v > 0) n++;
	return n;
}

/** "Engineering" / "Budget" with what its limit is called. */
export function limitName(info: ResourceInfo): string {
	return info.unit === 'money' ? 'Budget' : 'Capacity';
}

/** What the stacked amounts are called. */
export function demandName(info: ResourceInfo): string {
	return info.unit === 'money' ? 'Funded cost' : 'Funded demand';
}

/** A share of capacity in words: "112 %", or "no capacity" for a load on none. */
export function formatShare(share: number): string {
	return Number.isFinite(share) ? `${Math.round(share * 100)} %` : 'no capacity';
}

/**
 * A cell's load against its limit: "Software engineering in 2028-Q1: 112 % (11.2 of
 * 10 FTE)". The peak's headline on the dashboard and the stage.
 */
export function peakWords(cell: HotCell, currency: string): string {
	const amount = (v: number) => formatAmount(v, cell.info, currency);
	const of =
		cell.capacity > 0
			? `${formatShare(cell.share)} (${cell.info.unit === 'money' ? amount(cell.load) : formatFte(cell.load)} of ${amount(cell.capacity)})`
			: `${amount(cell.load)} on no capacity`;
	return `${cell.info.name} in ${cell.period}: ${of}`;
}

/**
 * The largest contributors to a cell, with amounts: "Portal 4, WMS 3.5, and 2 more
 * (1.2)" (FTE, as the headline says) or money. At most `top` named.
 */
export function contributorWords(cell: HotCell, currency: string, top = 3): string {
	const amount = (v: number) =>
		cell.info.unit === 'money' ? formatCompactMoney(v, currency) : formatFte(v);
	const named = cell.contributors.slice(0, top).map((c) => `${c.name} ${amount(c.amount)}`);
	const rest = cell.contributors.slice(top);
	if (rest.length > 0) {
		const sum = rest.reduce((s, c) => s + c.amount, 0);
		named.push(`${rest.length} more (${amount(sum)})`);
	}
	return named.join(', ');
}

/** What a hot cell is, in a word or two. */
export const CELL_STATE_LABEL: Record<HotCell['state'], string> = {
	over: 'over capacity',
	full: 'full',
	blocking: 'keeps projects out',
	room: 'has room'
};

/** "Chat, ESG and 2 more": names of the projects a cell keeps out. */
export function keptOutWords(cell: HotCell, top = 4): string {
	const names = cell.keepsOut.map((k) => k.name);
	if (names.length <= top) {
		return names.length > 1
			? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
			: (names[0] ?? '');
	}
	return `${names.slice(0, top).join(', ')} and ${names.length - top} more`;
}
