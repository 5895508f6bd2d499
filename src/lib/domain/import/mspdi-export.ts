import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { XMLBuilder } from 'fast-xml-parser';
import type { PeriodId, Portfolio, Project } from '../types';
import {
	STANDARD_CALENDAR,
	dayNumber,
	formatHours,
	isWorkingDay,
	isoOfDay,
	periodDays,
	workingDays
} from './mspdi-calendar';
import { MSPDI_NAMESPACE } from './mspdi-file';
import { granularityOf, periodBounds, type Granularity } from './source';

/**
 * Writes projects as MS Project XML that MS Project and ProjectLibre open, and that
 * `readMspdi` at level 1 reads back to the same cost and FTE per period.
 *
 * The shape, and why:
 * - one summary task per project (outline level 1), in the order given;
 * - beneath it one task per period that holds cost or demand (outline level 2), from the
 *   period's first to its last working day. MSPDI has no timephased type for planned
 *   cost (only baseline and actual), and a fixed cost on one long task would be accrued
 *   evenly by MS Project; a task per period carries the period's cost as its fixed cost,
 *   so the amounts are exact in MS Project's own cost views and on reading back;
 * - on each period task one assignment per role: Units = the FTE, Work = FTE × 8 h ×
 *   working days of the period (Mon–Fri), with the same work as timephased data (type 1);
 * - period tasks are "start no earlier than" their first day, so MS Project keeps them
 *   in their period unless a dependency pushes them later;
 * - one work resource per role used, each with its own calendar based on Standard;
 * - currency values are written in hundredths, as MS Project does (`Cost` 150000 is
 *   1,500.00).
 */
export function exportMspdi(portfolio: Portfolio, projectIds: readonly string[]): string {
	const byId = new Map(portfolio.projects.map((p) => [p.id, p]));
	const projects = [...new Set(projectIds)]
		.map((id) => byId.get(id))
		.filter((p): p is Project => !!p);
	const exported = new Set(projects.map((p) => p.id));
	const granularity = granularityOf(portfolio.periods);

	// Roles used by the exported projects, in the portfolio's order.
	const used = new Set<string>();
	for (const project of projects) {
		for (const [roleId, cells] of Object.entries(project.demand)) {
			if (Object.values(cells).some((v) => v > 0)) used.add(roleId);
		}
	}
	const known = portfolio.roles.filter((r) => used.has(r.id)).map((r) => r.id);
	const roleIds = [...known, ...[...used].filter((id) => !known.includes(id)).sort()];
	const resourceUid = new Map(roleIds.map((id, i) => [id, i + 1]));

	const fallback = portfolio.periods[0] ?? `${new Date().getUTCFullYear()}-01`;
	const tasks: Record<string, unknown>[] = [];
	const assignments: Record<string, unknown>[] = [];
	const summaryUid = new Map<string, number>();
	// UIDs and IDs in outline order: each summary, then its period tasks.
	let uid = 1;
	const planned = projects.map((project) => {
		const periods = periodsOf(project, granularity);
		const summary = uid++;
		summaryUid.set(project.id, summary);
		const children = periods.map((period) => ({ period, uid: uid++ }));
		return { project, periods, summary, children };
	});

	let projectStart = '';
	let projectFinish = '';
	planned.forEach(({ project, periods, summary, children }, index) => {
		const spans = children.map((c) => ({ ...c, ...workingSpan(c.period) }));
		// The summary spans whole periods (what Cairn means by a project's time); its
		// period tasks sit on working days inside them.
		const start =
			spans.length > 0 ? periodBounds(spans[0].period).first : workingSpan(fallback).start;
		const finish = spans.length > 0 ? periodBounds(spans[spans.length - 1].period).last : start;
		if (!projectStart || start < projectStart) projectStart = start;
		if (finish > projectFinish) projectFinish = finish;
		const total = periods.reduce((s, period) => s + Math.max(0, project.cost[period] ?? 0), 0);
		const links = project.dependsOn
			.filter((id) => exported.has(id) && id !== project.id)
			.map((id) => ({
				PredecessorUID: summaryUid.get(id),
				Type: 1,
				CrossProject: 0,
				LinkLag: 0,
				LagFormat: 7
			}));
		tasks.push({
			UID: summary,
			GUID: guidOf(project.id),
			ID: summary,
			Name: xmlText(project.name),
			Active: 1,
			Manual: 0,
			Type: 1,
			IsNull: 0,
			WBS: index + 1,
			OutlineNumber: index + 1,
			OutlineLevel: 1,
			Priority: 500,
			Start: `${start}T08:00:00`,
			Finish: `${finish}T17:00:00`,
			Duration: formatHours(
				8 * workingDays(STANDARD_CALENDAR, dayNumber(start), dayNumber(finish))
			),
			DurationFormat: 7,
			EffortDriven: 0,
			Estimated: 0,
			Milestone: spans.length === 0 ? 1 : 0,
			Summary: spans.length > 0 ? 1 : 0,
			FixedCost: spans.length > 0 ? 0 : hundredths(total),
			FixedCostAccrual: 3,
			Cost: hundredths(total),
			ConstraintType: 0,
			CalendarUID: -1,
			Notes: xmlText(project.description) || undefined,
			PredecessorLink: links.length > 0 ? links : undefined
		});
		spans.forEach((child, c) => {
			const cost = project.cost[child.period] ?? 0;
			const days = workingDays(STANDARD_CALENDAR, dayNumber(child.start), dayNumber(child.finish));
			tasks.push({
				UID: child.uid,
				ID: child.uid,
				Name: xmlText(`${project.name} · ${child.period}`),
				Active: 1,
				Manual: 0,
				Type: 1,
				IsNull: 0,
				WBS: `${index + 1}.${c + 1}`,
				OutlineNumber: `${index + 1}.${c + 1}`,
				OutlineLevel: 2,
				Priority: 500,
				Start: `${child.start}T08:00:00`,
				Finish: `${child.finish}T17:00:00`,
				Duration: formatHours(8 * days),
				DurationFormat: 7,
				EffortDriven: 0,
				Estimated: 0,
				Milestone: 0,
				Summary: 0,
				FixedCost: hundredths(cost),
				FixedCostAccrual: 3,
				Cost: hundredths(cost),
				ConstraintType: 4,
				CalendarUID: -1,
				ConstraintDate: `${child.start}T08:00:00`
			});
			const fullTimeHours = 8 * workingDays(STANDARD_CALENDAR, ...bounds(child.period));
			for (const roleId of roleIds) {
				const fte = project.demand[roleId]?.[child.period] ?? 0;
				if (!(fte > 0)) continue;
				const work = formatHours(fte * fullTimeHours);
				const assignment = assignments.length + 1;
				assignments.push({
					UID: assignment,
					TaskUID: child.uid,
					ResourceUID: resourceUid.get(roleId),
					Cost: 0,
					Finish: `${child.finish}T17:00:00`,
					RemainingWork: work,
					Start: `${child.start}T08:00:00`,
					Units: round(fte),
					Work: work,
					WorkContour: 0,
					TimephasedData: {
						Type: 1,
						UID: assignment,
						Start: `${child.start}T08:00:00`,
						Finish: `${child.finish}T17:00:00`,
						Unit: 2,
						Value: work
					}
				});
			}
		});
	});

	const firstPeriod = portfolio.periods[0];
	const resources = roleIds.map((roleId, i) => {
		const role = portfolio.roles.find((r) => r.id === roleId);
		const capacity = role && firstPeriod ? (role.capacity[firstPeriod] ?? 0) : 0;
		return {
			UID: i + 1,
			ID: i + 1,
			Name: xmlText(role?.name ?? roleId),
			Type: 1,
			IsNull: 0,
			MaxUnits: capacity > 0 ? round(capacity) : 1,
			CalendarUID: i + 2
		};
	});
	const calendars = [
		standardCalendar(),
		...resources.map((r) => ({
			UID: r.CalendarUID,
			Name: r.Name,
			IsBaseCalendar: 0,
			BaseCalendarUID: 1
		}))
	];
	const start = projectStart || workingSpan(fallback).start;
	const finish = projectFinish || start;
	const total = planned.reduce(
		(s, { project, periods }) =>
			s + periods.reduce((a, period) => a + Math.max(0, project.cost[period] ?? 0), 0),
		0
	);
	const document = {
		Project: {
			'@_xmlns': MSPDI_NAMESPACE,
			SaveVersion: 14,
			Name: `${xmlText(portfolio.name) || 'Cairn portfolio'}.xml`,
			Title: xmlText(portfolio.name) || 'Cairn portfolio',
			ScheduleFromStart: 1,
			StartDate: `${start}T08:00:00`,
			FinishDate: `${finish}T17:00:00`,
			FYStartDate: 1,
			CriticalSlackLimit: 0,
			CurrencyDigits: 2,
			CurrencyCode: /^[A-Z]{3}$/.test(portfolio.currency) ? portfolio.currency : undefined,
			CalendarUID: 1,
			DefaultStartTime: '08:00:00',
			DefaultFinishTime: '17:00:00',
			MinutesPerDay: 480,
			MinutesPerWeek: 2400,
			DaysPerMonth: 20,
			DefaultTaskType: 1,
			DefaultFixedCostAccrual: 3,
			DurationFormat: 7,
			WorkFormat: 2,
			NewTasksEffortDriven: 0,
			WeekStartDay: 1,
			Calendars: { Calendar: calendars },
			Tasks: {
				Task: [
					{
						UID: 0,
						ID: 0,
						Name: xmlText(portfolio.name) || 'Cairn portfolio',
						Type: 1,
						IsNull: 0,
						WBS: 0,
						OutlineNumber: 0,
						OutlineLevel: 0,
						Start: `${start}T08:00:00`,
						Finish: `${finish}T17:00:00`,
						Summary: 1,
						Cost: hundredths(total),
						CalendarUID: -1
					},
					...tasks
				]
			},
			Resources: resources.length > 0 ? { Resource: resources } : undefined,
			Assignments: assignments.length > 0 ? { Assignment: assignments } : undefined
		}
	};
	const builder = new XMLBuilder({
		ignoreAttributes: false,
		attributeNamePrefix: '@_',
		format: true,
		indentBy: '\t',
		suppressEmptyNode: true
	});
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${builder.build(document)}`;
}

/** Periods that hold cost or demand, in order. */
function periodsOf(project: Project, granularity: Granularity): PeriodId[] {
	const periods = new Set<PeriodId>();
	for (const [period, cost] of Object.entries(project.cost)) if (cost > 0) periods.add(period);
	for (const cells of Object.values(project.demand)) {
		for (const [period, fte] of Object.entries(cells)) if (fte > 0) periods.add(period);
	}
	// A key of the other granularity (a month in a portfolio of quarters) is not a period
	// of this portfolio; writing it would read back into the wrong period.
	const pattern = granularity === 'month' ? /^\d{4}-(0[1-9]|1[0-2])$/ : /^\d{4}-Q[1-4]$/;
	return [...periods].filter((p) => pattern.test(p)).sort();
}

/** Text without the control characters XML 1.0 cannot hold (a pasted \u0007 would break the file). */
function xmlText(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

function bounds(period: PeriodId): [number, number] {
	const { first, last } = periodDays(period);
	return [first, last];
}

/** The first and last working day (Mon–Fri) of a period, ISO. */
function workingSpan(period: PeriodId): { start: string; finish: string } {
	let [first, last] = bounds(period);
	while (first < last && !isWorkingDay(STANDARD_CALENDAR, first)) first++;
	while (last > first && !isWorkingDay(STANDARD_CALENDAR, last)) last--;
	return { start: isoOfDay(first), finish: isoOfDay(last) };
}

function round(n: number): number {
	return Math.round(n * 1e9) / 1e9;
}

/** Currency as MS Project writes it: hundredths of the unit. */
function hundredths(amount: number): number {
	return Math.round(amount * 100 * 1e6) / 1e6;
}

/** A GUID-shaped id that is always the same for one project id. */
export function guidOf(id: string): string {
	const hex = bytesToHex(sha256(utf8ToBytes(`cairn-project:${id}`)))
		.slice(0, 32)
		.toUpperCase();
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function standardCalendar(): Record<string, unknown> {
	const day = (dayType: number) =>
		dayType === 1 || dayType === 7
			? { DayType: dayType, DayWorking: 0 }
			: {
					DayType: dayType,
					DayWorking: 1,
					WorkingTimes: {
						WorkingTime: [
							{ FromTime: '08:00:00', ToTime: '12:00:00' },
							{ FromTime: '13:00:00', ToTime: '17:00:00' }
						]
					}
				};
	return {
		UID: 1,
		Name: 'Standard',
		IsBaseCalendar: 1,
		BaseCalendarUID: -1,
		WeekDays: { WeekDay: [1, 2, 3, 4, 5, 6, 7].map(day) }
	};
}
