import * as Y from 'yjs';
import type {
	Criterion,
	DecisionEntry,
	Kpi,
	Objective,
	Project,
	Review,
	Risk,
	Role
} from '../domain/types';
import { freshKeys } from './order';
import { demandKey, type EntityMap, type IdListMap, type NumberMap } from './schema';

/**
 * Writers that turn plain entities into their Y.Map form. Import and the add commands
 * share them, so an entity has one layout whichever way it entered the doc. Each one
 * attaches the entity map to its parent first and then fills it, creating every nested
 * map at the same time (never later, see schema.ts).
 */

/** Writes only what differs, so a no-op edit does not win a merge against a real one. */
export function setField(entity: Y.Map<unknown>, field: string, value: unknown): void {
	if (entity.get(field) !== value) entity.set(field, value);
}

function attach(parent: Y.Map<EntityMap>, id: string, order: string): EntityMap {
	const entity: EntityMap = new Y.Map();
	parent.set(id, entity);
	entity.set('order', order);
	return entity;
}

function numberMap(
	entity: EntityMap,
	field: string,
	values: Record<string, number> = {}
): NumberMap {
	const map: NumberMap = new Y.Map();
	entity.set(field, map);
	for (const [key, value] of Object.entries(values)) map.set(key, value);
	return map;
}

function idListMap(entity: EntityMap, field: string, ids: readonly string[] = []): IdListMap {
	const map: IdListMap = new Y.Map();
	entity.set(field, map);
	const keys = freshKeys(ids.length);
	ids.forEach((id, i) => map.set(id, keys[i]));
	return map;
}

export type ObjectiveFields = Omit<Objective, 'id' | 'kpis'> & { kpis?: Kpi[] };

/** An objective with its KPIs map (and the KPIs given, e.g. on import). */
export function writeObjective(
	parent: Y.Map<EntityMap>,
	id: string,
	order: string,
	o: ObjectiveFields
): EntityMap {
	const entity = attach(parent, id, order);
	entity.set('parentId', o.parentId);
	entity.set('title', o.title);
	entity.set('description', o.description);
	entity.set('owner', o.owner);
	const kpis: Y.Map<EntityMap> = new Y.Map();
	entity.set('kpis', kpis);
	const kpiList = o.kpis ?? [];
	const keys = freshKeys(kpiList.length);
	kpiList.forEach((kpi, i) => writeKpi(kpis, kpi.id, keys[i], kpi));
	return entity;
}

/** A KPI with its actuals map. */
export function writeKpi(
	parent: Y.Map<EntityMap>,
	id: string,
	order: string,
	k: Omit<Kpi, 'id'>
): EntityMap {
	const entity = attach(parent, id, order);
	entity.set('name', k.name);
	entity.set('unit', k.unit);
	entity.set('baseline', k.baseline);
	entity.set('target', k.target);
	entity.set('direction', k.direction);
	numberMap(entity, 'actuals', k.actuals);
	return entity;
}

/** A criterion. */
export function writeCriterion(
	parent: Y.Map<EntityMap>,
	id: string,
	order: string,
	c: Omit<Criterion, 'id'>
): EntityMap {
	const entity = attach(parent, id, order);
	entity.set('name', c.name);
	entity.set('kind', c.kind);
	entity.set('objectiveId', c.objectiveId);
	return entity;
}

/** A role with its capacity map. */
export function writeRole(
	parent: Y.Map<EntityMap>,
	id: string,
	order: string,
	r: Omit<Role, 'id'>
): EntityMap {
	const entity = attach(parent, id, order);
	entity.set('name', r.name);
	numberMap(entity, 'capacity', r.capacity);
	if (r.costRate !== undefined) entity.set('costRate', r.costRate);
	return entity;
}

/** A project with all six nested maps, even empty, so later edits never create one. */
export function writeProject(
	parent: Y.Map<EntityMap>,
	id: string,
	order: string,
	p: Omit<Project, 'id'>
): EntityMap {
	const entity = attach(parent, id, order);
	entity.set('name', p.name);
	entity.set('description', p.description);
	entity.set('sponsor', p.sponsor);
	entity.set('status', p.status);
	entity.set('decision', p.decision);
	entity.set('decisionReason', p.decisionReason);
	numberMap(entity, 'cost', p.cost);
	const demand = numberMap(entity, 'demand');
	for (const [roleId, perPeriod] of Object.entries(p.demand)) {
		for (const [period, value] of Object.entries(perPeriod))
			demand.set(demandKey(roleId, period), value);
	}
	numberMap(entity, 'scores', p.scores);
	numberMap(entity, 'contributions', p.contributions);
	idListMap(entity, 'dependsOn', p.dependsOn);
	idListMap(entity, 'excludes', p.excludes);
	if (p.baselineCost !== undefined) entity.set('baselineCost', p.baselineCost);
	// One immutable value: two imports at once replace it whole, never mix two sources.
	if (p.source !== undefined) entity.set('source', p.source);
	return entity;
}

/** A risk. */
export function writeRisk(
	parent: Y.Map<EntityMap>,
	id: string,
	order: string,
	r: Omit<Risk, 'id'>
): EntityMap {
	const entity = attach(parent, id, order);
	for (const field of [
		'title',
		'projectId',
		'objectiveId',
		'likelihood',
		'impact',
		'owner',
		'mitigation',
		'status'
	] as const) {
		entity.set(field, r[field]);
	}
	return entity;
}

/** A decision with its merged projectIds list. */
export function writeDecision(
	parent: Y.Map<EntityMap>,
	id: string,
	order: string,
	d: Omit<DecisionEntry, 'id'>
): EntityMap {
	const entity = attach(parent, id, order);
	entity.set('at', d.at);
	entity.set('by', d.by);
	entity.set('title', d.title);
	entity.set('rationale', d.rationale);
	idListMap(entity, 'projectIds', d.projectIds);
	return entity;
}

/** The snapshot is one JSON string: a review is a frozen copy, never merged field by field. */
export function writeReview(
	parent: Y.Map<EntityMap>,
	id: string,
	order: string,
	r: Omit<Review, 'id'>
): EntityMap {
	const entity = attach(parent, id, order);
	entity.set('name', r.name);
	entity.set('at', r.at);
	entity.set('snapshot', JSON.stringify(r.snapshot));
	return entity;
}
