import type { ResourceInfo, ResourceLoad } from '$lib/domain/capacity';
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
