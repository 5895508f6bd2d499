import * as Y from 'yjs';
import { DIRECTIONS, type Direction, type Kpi } from '../../domain/types';
import { newId } from '../ids';
import type { Position } from '../order';
import {
	childMap,
	criteriaMap,
	objectivesMap,
	periodsMap,
	projectsMap,
	risksMap,
	type EntityMap
} from '../schema';
import { checkPatch, CommandError, finite, idOrNull, oneOf, text } from '../validate';
import { setField, writeKpi, writeObjective } from '../write';
import {
	checkPeriod,
	checkRecord,
	entityOf,
	idFor,
	keyAt,
	moveIn,
	positionOf,
	recordOf,
	run,
	setNumber,
	type CommandOptions,
	type PlaceOptions
} from './shared';

/** The objective tree (parentId) and the KPIs that hang off each objective. */

export interface ObjectiveInput {
	id?: string;
	title: string;
	parentId?: string | null;
	description?: string;
	owner?: string;
}

export interface ObjectivePatch {
	title?: string;
	description?: string;
	owner?: string;
}

const OBJECTIVE_FIELDS = { title: text, description: text, owner: text };

/** The raw parent of an objective, or null when it is a root or the field is bad. */
function parentOf(objectives: Y.Map<EntityMap>, id: string): string | null {
	const parent = objectives.get(id)?.get('parentId');
	return typeof parent === 'string' ? parent : null;
}

/** Whether `ancestor` is `id` or above it; walks with a seen-set in case peers made a cycle. */
function isAncestorOrSelf(
	objectives: Y.Map<EntityMap>,
	ancestor: string,
	id: string | null
): boolean {
	const seen = new Set<string>();
	while (id !== null && !seen.has(id)) {
		if (id === ancestor) return true;
		seen.add(id);
		id = parentOf(objectives, id);
	}
	return false;
}

function checkParent(objectives: Y.Map<EntityMap>, parentId: unknown, what: string): string | null {
	const parent = idOrNull(parentId ?? null, what);
	if (parent !== null && !objectives.has(parent)) {
		throw new CommandError(`${what}: unknown objective '${parent}'`);
	}
	return parent;
}

/** Adds an objective under `parentId` (a root by default) and returns its id. */
export function addObjective(doc: Y.Doc, input: ObjectiveInput, opts?: PlaceOptions): string {
	return run(doc, opts, () => {
		const objectives = objectivesMap(doc);
		const title = text(input?.title, 'objective.title');
		const parentId = checkParent(objectives, input.parentId, 'objective.parentId');
		const description = text(input.description ?? '', 'objective.description');
		const owner = text(input.owner ?? '', 'objective.owner');
		const id = idFor(
			input.id,
			(i) => objectives.has(i),
			() => newId('o', (i) => objectives.has(i)),
			'objective'
		);
		const order = keyAt(objectives, positionOf(opts), 'objective');
		writeObjective(objectives, id, order, { parentId, title, description, owner });
		return id;
	});
}

/** Edits title, description or owner; each is its own key, so edits merge field by field. */
export function updateObjective(
	doc: Y.Doc,
	id: string,
	patch: ObjectivePatch,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = entityOf(objectivesMap(doc), id, 'objective');
		for (const [field, value] of checkPatch(patch, OBJECTIVE_FIELDS, 'objective')) {
			setField(entity, field, value);
		}
	});
}

export interface ObjectiveMove {
	/** The new parent (null: a root); omit to keep the parent. */
	parentId?: string | null;
	before?: string;
	after?: string;
}

/**
 * Re-parents and/or re-orders an objective. Refuses to put an objective under itself
 * or its own descendant; a cycle made by two concurrent moves is broken by `read`.
 * Siblings are ordered by the one global objective order.
 */
export function moveObjective(
	doc: Y.Doc,
	id: string,
	move: ObjectiveMove,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const objectives = objectivesMap(doc);
		const entity = entityOf(objectives, id, 'objective');
		let parent: string | null | undefined;
		if (move.parentId !== undefined) {
			parent = checkParent(objectives, move.parentId, 'moveObjective.parentId');
			if (parent !== null && isAncestorOrSelf(objectives, id, parent)) {
				throw new CommandError(`moveObjective: '${parent}' is '${id}' or below it (a cycle)`);
			}
		}
		// moveIn checks the neighbour before it writes, so a refusal leaves no half-move.
		if (move.before !== undefined || move.after !== undefined) {
			moveIn(objectives, id, { before: move.before, after: move.after }, 'objective');
		}
		if (parent !== undefined) setField(entity, 'parentId', parent);
	});
}

/**
 * Deletes an objective with its KPIs. Its children move up to its parent; criteria and
 * risks linked to it are unlinked and project contributions to it removed, all in the
 * same transaction, so the tree and the ranking stay one model.
 */
export function deleteObjective(doc: Y.Doc, id: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const objectives = objectivesMap(doc);
		entityOf(objectives, id, 'objective');
		const grandParent = parentOf(objectives, id);
		const newParent = grandParent !== null && objectives.has(grandParent) ? grandParent : null;
		objectives.forEach((child, childId) => {
			if (childId !== id && child.get('parentId') === id) child.set('parentId', newParent);
		});
		criteriaMap(doc).forEach((c) => {
			if (c.get('objectiveId') === id) c.set('objectiveId', null);
		});
		risksMap(doc).forEach((r) => {
			if (r.get('objectiveId') === id) r.set('objectiveId', null);
		});
		projectsMap(doc).forEach((p) => {
			const contributions = childMap<number>(p, 'contributions');
			if (contributions?.has(id)) contributions.delete(id);
		});
		objectives.delete(id);
	});
}

// KPIs

export interface KpiInput {
	id?: string;
	name: string;
	unit?: string;
	baseline?: number;
	target?: number;
	direction?: Direction;
	actuals?: Record<string, number>;
}

export type KpiPatch = Partial<Pick<Kpi, 'name' | 'unit' | 'baseline' | 'target' | 'direction'>>;

const KPI_FIELDS = {
	name: text,
	unit: text,
	baseline: finite,
	target: finite,
	direction: oneOf(DIRECTIONS)
};

interface FoundKpi {
	objectiveId: string;
	kpis: Y.Map<EntityMap>;
	entity: EntityMap;
}

/** KPIs live inside their objective; ids are unique across the whole portfolio. */
function findKpi(doc: Y.Doc, kpiId: unknown): FoundKpi | undefined {
	if (typeof kpiId !== 'string') return undefined;
	let found: FoundKpi | undefined;
	objectivesMap(doc).forEach((objective, objectiveId) => {
		const kpis = childMap<EntityMap>(objective, 'kpis');
		const entity = kpis?.get(kpiId);
		if (kpis && entity instanceof Y.Map) found = { objectiveId, kpis, entity };
	});
	return found;
}

function kpiOf(doc: Y.Doc, kpiId: unknown): FoundKpi {
	const found = findKpi(doc, kpiId);
	if (!found) throw new CommandError(`unknown KPI '${String(kpiId)}'`);
	return found;
}

/** Adds a KPI to an objective and returns its id. */
export function addKpi(
	doc: Y.Doc,
	objectiveId: string,
	input: KpiInput,
	opts?: PlaceOptions
): string {
	return run(doc, opts, () => {
		const objective = entityOf(objectivesMap(doc), objectiveId, 'objective');
		const periods = periodsMap(doc);
		const kpi: Omit<Kpi, 'id'> = {
			name: text(input?.name, 'kpi.name'),
			unit: text(input.unit ?? '', 'kpi.unit'),
			baseline: finite(input.baseline ?? 0, 'kpi.baseline'),
			target: finite(input.target ?? 0, 'kpi.target'),
			direction: oneOf(DIRECTIONS)(input.direction ?? 'increase', 'kpi.direction'),
			actuals: { ...checkRecord(input.actuals, (p) => periods.has(p), finite, 'kpi.actuals') }
		};
		const taken = (id: string) => findKpi(doc, id) !== undefined;
		const id = idFor(input.id, taken, () => newId('k', taken), 'kpi');
		const kpis = recordOf<EntityMap>(objective, 'kpis');
		writeKpi(kpis, id, keyAt(kpis, positionOf(opts), 'kpi'), kpi);
		return id;
	});
}

/** Edits a KPI's fields; the objective it belongs to does not change. */
export function updateKpi(doc: Y.Doc, kpiId: string, patch: KpiPatch, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const { entity } = kpiOf(doc, kpiId);
		for (const [field, value] of checkPatch(patch, KPI_FIELDS, 'kpi'))
			setField(entity, field, value);
	});
}

/** Moves a KPI among its objective's KPIs. */
export function moveKpi(
	doc: Y.Doc,
	kpiId: string,
	position: Position,
	opts?: CommandOptions
): void {
	run(doc, opts, () => moveIn(kpiOf(doc, kpiId).kpis, kpiId, position, 'kpi'));
}

/** Deletes a KPI with its actuals. Nothing else refers to a KPI. */
export function deleteKpi(doc: Y.Doc, kpiId: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const { kpis } = kpiOf(doc, kpiId);
		kpis.delete(kpiId);
	});
}

/** Records (or clears with null) a KPI's measured value in one period. */
export function setKpiActual(
	doc: Y.Doc,
	kpiId: string,
	period: string,
	value: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const { entity } = kpiOf(doc, kpiId);
		checkPeriod(doc, period, 'setKpiActual');
		const checked = value === null ? null : finite(value, `kpi.actuals.${period}`);
		setNumber(recordOf<number>(entity, 'actuals'), period, checked);
	});
}
