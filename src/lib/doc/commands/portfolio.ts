import * as Y from 'yjs';
import type { PeriodId } from '../../domain/types';
import type { Position } from '../order';
import {
	DEMAND_SEPARATOR,
	budgetMap,
	childMap,
	metaMap,
	objectivesMap,
	periodsMap,
	projectsMap,
	rolesMap,
	type EntityMap,
	type NumberMap
} from '../schema';
import { amount, checkPatch, CommandError, periodId, text } from '../validate';
import { setField } from '../write';
import {
	checkPeriod,
	keyAt,
	moveIn,
	positionOf,
	run,
	setNumber,
	syncIdList,
	type CommandOptions,
	type PlaceOptions
} from './shared';

/** The portfolio's own fields (meta), its periods and its budget. */

export interface PortfolioFields {
	name: string;
	vision: string;
	mission: string;
	currency: string;
}

const META_FIELDS = { name: text, vision: text, mission: text, currency: text };

/**
 * Edits name, vision, mission or currency. Each field is its own key, so two people
 * editing the vision and the name at once both keep their edit.
 */
export function setPortfolioFields(
	doc: Y.Doc,
	patch: Partial<PortfolioFields>,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const meta = metaMap(doc);
		for (const [field, value] of checkPatch(patch, META_FIELDS, 'portfolio')) {
			setField(meta, field, value);
		}
	});
}

/** Every number map keyed by period, for cleanup and renames. */
function periodRecords(doc: Y.Doc): NumberMap[] {
	const maps: NumberMap[] = [budgetMap(doc)];
	const nested = (entity: EntityMap, field: string) => {
		const map = childMap<number>(entity, field);
		if (map) maps.push(map);
	};
	rolesMap(doc).forEach((role) => nested(role, 'capacity'));
	projectsMap(doc).forEach((project) => nested(project, 'cost'));
	objectivesMap(doc).forEach((objective) =>
		childMap<EntityMap>(objective, 'kpis')?.forEach((kpi) => nested(kpi, 'actuals'))
	);
	return maps;
}

/** Demand cells of a period: key suffix `|period`. */
function demandCells(doc: Y.Doc, period: string): { map: NumberMap; key: string; role: string }[] {
	const cells: { map: NumberMap; key: string; role: string }[] = [];
	const suffix = DEMAND_SEPARATOR + period;
	projectsMap(doc).forEach((project) => {
		const map = childMap<number>(project, 'demand');
		map?.forEach((_value, key) => {
			if (key.endsWith(suffix)) cells.push({ map, key, role: key.slice(0, -suffix.length) });
		});
	});
	return cells;
}

function dropPeriod(doc: Y.Doc, period: string): void {
	for (const map of periodRecords(doc)) if (map.has(period)) map.delete(period);
	for (const { map, key } of demandCells(doc, period)) map.delete(key);
	periodsMap(doc).delete(period);
}

/**
 * Adds a period (at the end by default). Periods are the keys of every per-period
 * record, so they may not contain `|`.
 */
export function addPeriod(doc: Y.Doc, period: PeriodId, opts?: PlaceOptions): void {
	run(doc, opts, () => {
		periodId(period, 'period');
		const periods = periodsMap(doc);
		if (periods.has(period)) throw new CommandError(`period '${period}' already exists`);
		periods.set(period, keyAt(periods, positionOf(opts), 'period'));
	});
}

/**
 * Removes a period and every value recorded for it (cost, demand, capacity, budget,
 * KPI actuals), so nothing refers to a period that is gone.
 */
export function removePeriod(doc: Y.Doc, period: PeriodId, opts?: CommandOptions): void {
	run(doc, opts, () => {
		checkPeriod(doc, period, 'removePeriod');
		dropPeriod(doc, period);
	});
}

/** Renames a period in place, carrying all its values along (e.g. fixing a typo). */
export function renamePeriod(
	doc: Y.Doc,
	from: PeriodId,
	to: PeriodId,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		checkPeriod(doc, from, 'renamePeriod');
		periodId(to, 'renamePeriod.to');
		if (from === to) return;
		const periods = periodsMap(doc);
		if (periods.has(to)) throw new CommandError(`renamePeriod: period '${to}' already exists`);
		for (const map of periodRecords(doc)) {
			const value = map.get(from);
			if (value !== undefined) {
				map.set(to, value);
				map.delete(from);
			}
		}
		for (const { map, key, role } of demandCells(doc, from)) {
			map.set(role + DEMAND_SEPARATOR + to, map.get(key) as number);
			map.delete(key);
		}
		periods.set(to, periods.get(from) as string);
		periods.delete(from);
	});
}

/** Moves a period in the list by rewriting only its order key. */
export function movePeriod(
	doc: Y.Doc,
	period: PeriodId,
	position: Position,
	opts?: CommandOptions
): void {
	run(doc, opts, () => moveIn(periodsMap(doc), period, position, 'period'));
}

/**
 * Makes the period list exactly `list`: removes the missing ones (with their values),
 * adds the new ones where they appear, and re-orders only when the kept periods
 * changed their relative order, so a concurrent addPeriod elsewhere still merges.
 */
export function setPeriods(doc: Y.Doc, list: PeriodId[], opts?: CommandOptions): void {
	run(doc, opts, () => {
		if (!Array.isArray(list)) throw new CommandError('setPeriods: periods must be an array');
		const wanted = new Set<string>();
		list.forEach((period, i) => {
			periodId(period, `periods[${i}]`);
			if (wanted.has(period)) throw new CommandError(`periods[${i}]: '${period}' is listed twice`);
			wanted.add(period);
		});
		const periods = periodsMap(doc);
		for (const id of Array.from(periods.keys())) if (!wanted.has(id)) dropPeriod(doc, id);
		syncIdList(periods, list, 'setPeriods');
	});
}

/**
 * Sets the budget of a period, or clears it with null. A period without a value
 * counts as 0; an empty budget means no limit at all (DESIGN, funding line).
 */
export function setBudget(
	doc: Y.Doc,
	period: PeriodId,
	value: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		checkPeriod(doc, period, 'setBudget');
		const checked = value === null ? null : amount(value, `budget.${period}`);
		setNumber(budgetMap(doc), period, checked);
	});
}
