/**
 * Numbers in the optimum's sentences: money as a room reads it (€1.15m), FTE, and pairs
 * printed with as many digits as it takes to tell them apart.
 */
const compact = new Map<string, Intl.NumberFormat>();

/** €1.15m, $240k, 950 CHF: money as a room reads it; `digits` more when two must differ. */
export function formatMoney(amount: number, currency: string, digits = 2): string {
	const key = `${currency}/${digits}`;
	let format = compact.get(key);
	if (!format) {
		try {
			format = new Intl.NumberFormat('en-US', {
				style: 'currency',
				currency,
				notation: 'compact',
				minimumFractionDigits: 0,
				maximumFractionDigits: digits
			});
		} catch {
			// Not an ISO 4217 code: plain digits and the code as written.
			const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
			return `${plain.format(amount)} ${currency}`.trim();
		}
		compact.set(key, format);
	}
	return format.format(amount).replace(/(\d)([KMBT])$/, (_, d: string, unit: string) => {
		const suffix: Record<string, string> = { K: 'k', M: 'm', B: 'bn', T: 'tn' };
		return d + suffix[unit];
	});
}

/** FTE with up to `digits` decimals. */
export function formatAmount(amount: number, digits = 2): string {
	return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(amount);
}

/**
 * Two amounts formatted alike, with as many more digits as it takes to tell them apart
 * (€1.15m needed and €1.15m available would say nothing).
 */
export function formatPair(
	a: number,
	b: number,
	format: (value: number, digits: number) => string
): [string, string] {
	let digits = 2;
	let pair: [string, string] = [format(a, digits), format(b, digits)];
	while (a !== b && pair[0] === pair[1] && digits < 12) {
		digits++;
		pair = [format(a, digits), format(b, digits)];
	}
	return pair;
}

/**
 * The constraints that the forced projects alone break, in words; empty when some
 * selection meets every constraint. "Forced" is every `in` project that takes part and,
 * since x(p) ≤ x(q), every project such a project depends on, transitively. With no
 * negative amounts that set is the least any selection must contain, so the model is
 * feasible exactly when this returns nothing:
 *
 * - "dependency: X is forced in but depends on cancelled Y" (or on Y, which is forced out);
 * - "exclusion: X and Y are both forced in";
 * - "budget 2027-Q1: forced-in projects need €1.3m, €1.15m available";
 * - "Software engineering 2027-Q3: forced-in projects need 15 FTE, 14 available".
 */
