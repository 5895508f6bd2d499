/**
 * Checks at the command boundary. Commands validate everything before they write,
 * because a Yjs transaction cannot be rolled back: a refusal must leave the doc as it was.
 */

/** A command refused its input; the message names the field and the problem. */
export class CommandError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CommandError';
	}
}

/** A field check: throws a CommandError naming `what`, or returns the accepted value. */
export type Check<T> = (value: unknown, what: string) => T;

/** Names and descriptions: any string, empty included (a field being retyped is empty). */
export const text: Check<string> = (value, what) => {
	if (typeof value !== 'string') throw new CommandError(`${what} must be a string`);
	return value;
};

/** Ids given by a caller. */
export const nonEmptyText: Check<string> = (value, what) => {
	if (text(value, what).trim() === '') throw new CommandError(`${what} must not be empty`);
	return value as string;
};

/** Any finite number (KPI baselines, targets and actuals may be negative). -0 becomes 0. */
export const finite: Check<number> = (value, what) => {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw new CommandError(`${what} must be a finite number, got ${String(value)}`);
	}
	// -0 would survive the doc but not JSON, and break round trips.
	return value === 0 ? 0 : value;
};

/** Money, FTE, weights: finite and not negative. */
export const amount: Check<number> = (value, what) => {
	const n = finite(value, what);
	if (n < 0) throw new CommandError(`${what} must not be negative, got ${n}`);
	return n;
};

/** A project's score on a criterion, 0-10 (DESIGN formula 2). */
export const score: Check<number> = (value, what) => {
	const n = amount(value, what);
	if (n > 10) throw new CommandError(`${what} must be between 0 and 10, got ${n}`);
	return n;
};

/** Contribution to an objective: none, weak, moderate, strong. */
export const contribution: Check<number> = (value, what) => {
	const n = amount(value, what);
	if (!Number.isInteger(n) || n > 3) throw new CommandError(`${what} must be 0, 1, 2 or 3`);
	return n;
};

/** Likelihood and impact of a risk. */
export const level: Check<number> = (value, what) => {
	const n = amount(value, what);
	if (!Number.isInteger(n) || n < 1 || n > 5) {
		throw new CommandError(`${what} must be an integer from 1 to 5`);
	}
	return n;
};

/** Saaty's scale, 1/9..9; files write 1/9 rounded, so 0.1 % below it passes (as in format). */
export const PAIRWISE_MIN = (1 / 9) * (1 - 1e-3);
export const PAIRWISE_MAX = 9 + 1e-9;

/** A pairwise judgement on Saaty's scale. */
export const pairwise: Check<number> = (value, what) => {
	const n = amount(value, what);
	if (n < PAIRWISE_MIN || n > PAIRWISE_MAX) {
		throw new CommandError(`${what} must be between 1/9 and 9, got ${n}`);
	}
	return n;
};

/**
 * Names found on Object.prototype: as ids or record keys they would poison lookups in
 * plain snapshots (`scores.constructor`), so the format refuses them and so do we.
 */
export const RESERVED_IDS: ReadonlySet<string> = new Set([
	...Object.getOwnPropertyNames(Object.prototype),
	'prototype'
]);

/** A new id given by the caller: non-empty and not reserved. */
export const entityId: Check<string> = (value, what) => {
	const id = nonEmptyText(value, what);
	if (RESERVED_IDS.has(id)) throw new CommandError(`${what}: id '${id}' is reserved`);
	return id;
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Dates of decisions and reviews, as the format accepts them (2027-03-31, ISO date-time). */
export const isoDate: Check<string> = (value, what) => {
	const date = text(value, what);
	if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(date))) {
		throw new CommandError(`${what} must be an ISO date such as 2027-03-31, got '${date}'`);
	}
	return date;
};

/** A reference that may be cleared; the caller checks that the id exists. */
export const idOrNull: Check<string | null> = (value, what) => {
	if (value === null) return null;
	return nonEmptyText(value, what);
};

/** A check for a string-literal union (status, kind…), listing the allowed values when it refuses. */
export function oneOf<T extends string>(allowed: readonly T[]): Check<T> {
	return (value, what) => {
		if (typeof value !== 'string' || !allowed.includes(value as T)) {
			throw new CommandError(`${what} must be one of ${allowed.join(', ')}`);
		}
		return value as T;
	};
}

const PERIOD_ID = /^\d{4}-(Q[1-4]|0[1-9]|1[0-2])$/;

/**
 * A quarter (2027-Q1) or a month (2027-01), as the format requires. This also keeps
 * `|`, the separator of flattened demand cells, out of period ids.
 */
export const periodId: Check<string> = (value, what) => {
	const period = text(value, what);
	if (!PERIOD_ID.test(period)) {
		throw new CommandError(
			`${what} must be a quarter (2027-Q1) or a month (2027-01), got '${period}'`
		);
	}
	return period;
};

/**
 * Checks a partial patch against a table of field checks and returns the accepted
 * fields. Unknown fields are refused so that a typo never silently does nothing.
 */
export function checkPatch(
	patch: object,
	fields: Record<string, Check<unknown>>,
	what: string
): [string, unknown][] {
	if (typeof patch !== 'object' || patch === null)
		throw new CommandError(`${what}: patch must be an object`);
	const accepted: [string, unknown][] = [];
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) continue;
		const check = fields[key];
		if (!check) throw new CommandError(`${what}: unknown or read-only field '${key}'`);
		accepted.push([key, check(value, `${what}.${key}`)]);
	}
	return accepted;
}
