/** Money in the portfolio's currency, no decimals; unknown currency codes fall back to plain numbers. */
export function formatMoney(value: number, currency: string): string {
	try {
		return new Intl.NumberFormat(undefined, {
			style: 'currency',
			currency,
			maximumFractionDigits: 0
		}).format(value);
	} catch {
		return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(value)} ${currency}`;
	}
}

/** Sum of a per-period record. */
export function total(values: Record<string, number>): number {
	let sum = 0;
	for (const value of Object.values(values)) sum += value;
	return sum;
}

/**
 * Reads a number typed by a person: '' means "no value" (null); commas are accepted as
 * decimal separators; anything else that is not a finite number is an error message.
 */
export function parseAmount(
	text: string,
	{ min = 0, max = Infinity }: { min?: number; max?: number } = {}
): { ok: true; value: number | null } | { ok: false; message: string } {
	const trimmed = text.trim().replace(/\s/g, '');
	if (trimmed === '') return { ok: true, value: null };
	const normalised = /^-?\d+,\d+$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
	const value = Number(normalised);
	if (!Number.isFinite(value)) return { ok: false, message: `“${text}” is not a number` };
	if (value < min) return { ok: false, message: `must be at least ${min}` };
	if (value > max) return { ok: false, message: `must be at most ${max}` };
	return { ok: true, value };
}

/**
 * A project's or a plan's value (0-100 scale) as every view prints it: one decimal,
 * rounded once from the exact value (sum first, then format; see `fundedValue`).
 */
export function formatValue(value: number): string {
	return value.toFixed(1);
}

/**
 * A count with its noun, singular for exactly one: "1 objective", "3 objectives",
 * "0 projects". Irregular plurals are given: `countOf(n, 'person', 'people')`.
 */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
	return `${count} ${nounFor(count, singular, plural)}`;
}

/** The noun alone for a count printed elsewhere ("8 of 1 project" never happens). */
export function nounFor(count: number, singular: string, plural = `${singular}s`): string {
	return count === 1 ? singular : plural;
}
