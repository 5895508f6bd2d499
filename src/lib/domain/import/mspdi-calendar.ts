import type { PeriodId } from '../types';
import { periodBounds } from './source';

/**
 * Working time for the MS Project XML reader and writer: day numbers, calendars with
 * working weekdays and exceptions, and xsd durations (`PT8H0M0S`). Pure arithmetic on
 * UTC day numbers (days since 1970-01-01), so that spreading 10,000 tasks over their
 * working days never builds a Date per day.
 */

/** Days since 1970-01-01 of an ISO date or date-time (`2027-03-15`, `2027-03-15T08:00:00`). */
export function dayNumber(iso: string): number {
	return Math.floor(
		Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) /
			86_400_000
	);
}

/** The ISO date (yyyy-mm-dd) of a day number. */
export function isoOfDay(day: number): string {
	return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (MSPDI's DayType is this plus one). */
export function weekdayOf(day: number): number {
	return (((day + 4) % 7) + 7) % 7;
}

/** A calendar resolved against its base: which weekdays work, for how long, and the exceptions. */
export interface WorkCalendar {
	/** Working minutes per weekday, Sunday first; 0 = not a working day. */
	minutes: number[];
	/** Day numbers that do not work although their weekday does, sorted. */
	holidays: number[];
	/** Day numbers that work although their weekday does not, sorted. */
	extraDays: number[];
}

/** Monday to Friday, 8 hours a day: what MS Project's Standard calendar holds. */
export const STANDARD_CALENDAR: WorkCalendar = {
	minutes: [0, 480, 480, 480, 480, 480, 0],
	holidays: [],
	extraDays: []
};

/** Working minutes of an average working day of the calendar (480 when it has none). */
export function minutesPerDay(calendar: WorkCalendar): number {
	const working = calendar.minutes.filter((m) => m > 0);
	return working.length === 0 ? 480 : working.reduce((a, b) => a + b, 0) / working.length;
}

/** How many of the listed days fall in `from..to` (inclusive day numbers). */
function countIn(sorted: readonly number[], from: number, to: number): number {
	let n = 0;
	for (const day of sorted) if (day >= from && day <= to) n++;
	return n;
}

/** Working days from `from` to `to` inclusive: whole weeks at once, then the remainder. */
export function workingDays(calendar: WorkCalendar, from: number, to: number): number {
	if (to < from) return 0;
	const span = to - from + 1;
	const weeks = Math.floor(span / 7);
	let perWeek = 0;
	for (const m of calendar.minutes) if (m > 0) perWeek++;
	let n = weeks * perWeek;
	for (let day = from + weeks * 7; day <= to; day++) if (calendar.minutes[weekdayOf(day)] > 0) n++;
	return n - countIn(calendar.holidays, from, to) + countIn(calendar.extraDays, from, to);
}

/** Whether one day works in the calendar. */
export function isWorkingDay(calendar: WorkCalendar, day: number): boolean {
	if (calendar.holidays.includes(day)) return false;
	if (calendar.extraDays.includes(day)) return true;
	return calendar.minutes[weekdayOf(day)] > 0;
}

/** A period as inclusive day numbers. */
export function periodDays(period: PeriodId): { first: number; last: number } {
	const { first, last } = periodBounds(period);
	return { first: dayNumber(first), last: dayNumber(last) };
}

/**
 * Hours of an xsd duration as MS Project writes it (`PT8H0M0S`, `PT7H30M0S`, `P2DT4H`;
 * a day is 24 hours as in xsd). Null when the text is not a duration.
 */
export function durationHours(text: string | undefined): number | null {
	if (!text) return null;
	const m =
		/^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
			text.trim()
		);
	if (!m) return null;
	const n = (i: number) => (m[i] ? Number(m[i]) : 0);
	const hours = n(2) * 365 * 24 + n(3) * 30 * 24 + n(4) * 24 + n(5) + n(6) / 60 + n(7) / 3600;
	return m[1] ? -hours : hours;
}

/**
 * Hours as MS Project writes work: whole hours and minutes, seconds with up to three
 * decimals, so that a fractional FTE survives the round trip to well under 1e-6.
 */
export function formatHours(hours: number): string {
	const totalMs = Math.round(Math.abs(hours) * 3_600_000);
	const h = Math.floor(totalMs / 3_600_000);
	const m = Math.floor((totalMs % 3_600_000) / 60_000);
	const s = (totalMs % 60_000) / 1000;
	return `${hours < 0 ? '-' : ''}PT${h}H${m}M${s}S`;
}
