import type { PeriodId, PerPeriod, Role } from './types';

/**
 * The demand quick entry: a start period, a duration in periods and FTE per role,
 * spread evenly over those periods, and optionally the cost filled from FTE × each
 * role's cost rate. Pure: the caller writes the result as one transaction.
 */

export interface QuickPlanInput {
	/** The portfolio's periods, in order. */
	periods: readonly PeriodId[];
	start: PeriodId;
	/** Number of periods, from `start` on (cut at the last period). */
	duration: number;
	/** FTE per role id: in each period (`perPeriod`) or in total over the duration. */
	fte: Record<string, number>;
	spread: 'per-period' | 'total';
	/**
	 * Roles with their cost rates, when cost is to be filled from FTE. Every role given
	 * FTE must have a rate: a missing rate is not 0 (that would under-cost the project).
	 */
	costFrom?: readonly Pick<Role, 'id' | 'name' | 'costRate'>[];
	/**
	 * The cost in total over the duration, spread evenly over its periods (the fast-entry
	 * grid: people know a project's cost, not its cost per quarter). Not with `costFrom`.
	 */
	costTotal?: number;
}

export interface QuickPlan {
	/** The periods the plan covers. */
	periods: PeriodId[];
	/** FTE per role and period (roles with 0 FTE are left out). */
	demand: Record<string, PerPeriod>;
	/** Cost per period (Σ FTE × rate, or the total's share), or null when cost is not filled. */
	cost: PerPeriod | null;
}

/** Rounds away binary noise (0.1 × 3) without touching meaningful decimals. */
function tidy(value: number): number {
	return Math.round(value * 1e9) / 1e9;
}

/**
 * Spreads FTE evenly over `duration` periods from `start`. With `spread: 'total'` the
 * FTE given is the whole effort (FTE-periods) and each period gets an equal share; a
 * `costTotal` is shared out the same way.
 * Throws an Error with a readable message on an unknown start, a duration below 1, a
 * negative or non-finite FTE, or (filling cost) FTE for a role without a cost rate.
 */
export function quickPlan(input: QuickPlanInput): QuickPlan {
	const from = input.periods.indexOf(input.start);
	if (from < 0) throw new Error(`Start: unknown period '${input.start}'`);
	if (!Number.isInteger(input.duration) || input.duration < 1) {
		throw new Error('Duration: must be a whole number of periods, at least 1');
	}
	const periods = input.periods.slice(from, from + input.duration);
	const demand: Record<string, PerPeriod> = {};
	for (const [roleId, fte] of Object.entries(input.fte)) {
		if (!Number.isFinite(fte) || fte < 0) throw new Error(`FTE must not be negative (${roleId})`);
		if (fte === 0) continue;
		const each = tidy(input.spread === 'total' ? fte / periods.length : fte);
		demand[roleId] = Object.fromEntries(periods.map((p) => [p, each]));
	}
	let cost: PerPeriod | null = null;
	if (input.costTotal !== undefined) {
		if (input.costFrom) throw new Error('Cost: give a total or fill it from the rates, not both');
		if (!Number.isFinite(input.costTotal) || input.costTotal < 0) {
			throw new Error('Cost must not be negative');
		}
		const each = tidy(input.costTotal / periods.length);
		cost = Object.fromEntries(periods.map((p) => [p, each]));
	} else if (input.costFrom) {
		const unrated = input.costFrom.filter((r) => r.costRate === undefined && demand[r.id]);
		if (unrated.length > 0) {
			const names = unrated.map((r) => r.name || r.id).join(', ');
			throw new Error(
				`Fill cost: ${names} ${unrated.length === 1 ? 'has' : 'have'} no cost rate, so the cost ` +
					'cannot be computed. Set the rate under Roles, or untick "Fill cost from FTE × cost rate"'
			);
		}
		cost = {};
		for (const period of periods) {
			let sum = 0;
			for (const role of input.costFrom)
				if (role.costRate !== undefined) sum += (demand[role.id]?.[period] ?? 0) * role.costRate;
			cost[period] = tidy(sum);
		}
	}
	return { periods, demand, cost };
}
