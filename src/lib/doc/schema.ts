import * as Y from 'yjs';

/**
 * The Yjs layout of a portfolio doc (see README.md for the tree). Only the doc layer
 * imports this module: everything else reads snapshots and calls commands.
 *
 * Rules that keep concurrent edits mergeable:
 * - every container that two peers could create at the same time is a top-level type
 *   (top-level types never conflict); nested Y.Maps are created only together with the
 *   entity that owns them, never lazily, so no edit can land in a losing twin map;
 * - entities live in a Y.Map keyed by id, one Y.Map of fields per entity;
 * - order is a fractional-index string in the entity's `order` field.
 */

/** The schema this code reads and writes; `migrate` brings older docs up to it. */
export const SCHEMA_VERSION = 1;

/** Names of the top-level types. They are stored in every doc: never rename them. */
export const ROOTS = [
	'meta',
	'periods',
	'objectives',
	'criteria',
	'comparisons',
	'directWeights',
	'roles',
	'budget',
	'projects',
	'risks',
	'decisions',
	'reviews'
] as const;

export type RootName = (typeof ROOTS)[number];

/**
 * Workshop state: kept in the doc so the whole room sees it live, but not part of the
 * `cairn/portfolio@1` content (import does not clear it, export does not write it).
 * Absent means empty, so adding one needs no migration. See commands/judgements.ts.
 */
export const WORKSHOP_ROOTS = ['judgements', 'judges', 'scenarios', 'comments'] as const;

/**
 * Governance settings (gate checklists, review cadence): edited like content and
 * shared live, but not part of `cairn/portfolio@1` either, so import leaves them and
 * export does not write them. Absent means empty. See commands/governance.ts.
 */
export const SETTINGS_ROOTS = ['governance', 'gateChecklist', 'importMappings'] as const;

/**
 * Live facilitation state (timer, poker and dot-voting rounds and their votes): in the
 * doc so that the room shares it, but outside the undo scope, so Ctrl+Z never stops a
 * timer, hides a reveal or takes back a vote the room has seen. See commands/workshop.ts.
 */
export const LIVE_ROOT = 'workshop';

/**
 * Applied migrations, id → true (see migrations.ts). Kept apart from ROOTS: it is not
 * content, so import does not clear it and undo does not track it.
 */
export const SCHEMA_ROOT = 'schema';

/** An entity: one Y.Map of fields (strings, numbers, nested Y.Maps). */
export type EntityMap = Y.Map<unknown>;
/** A per-key number record such as cost per period or scores per criterion. */
export type NumberMap = Y.Map<number>;
/** A set of ids that merges without duplicates: id → order key. */
export type IdListMap = Y.Map<string>;

/** What a pairwise judgement stores: one immutable value, so a pair never mixes. */
export interface StoredComparison {
	a: string;
	b: string;
	value: number;
	order: string;
}

/** Nested Y.Map fields of each entity kind, created with the entity. */
export const PROJECT_RECORDS = [
	'cost',
	'demand',
	'scores',
	'contributions',
	'dependsOn',
	'excludes'
] as const;

/** Applied migrations; see migrations.ts. */
export function schemaMap(doc: Y.Doc): Y.Map<boolean> {
	return doc.getMap(SCHEMA_ROOT);
}
/** The portfolio's own fields, one key each so that edits merge field by field. */
export function metaMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('meta');
}
/** period → order key. */
export function periodsMap(doc: Y.Doc): Y.Map<string> {
	return doc.getMap('periods');
}
/** Objectives by id; the tree is in each one's `parentId`, KPIs nested. */
export function objectivesMap(doc: Y.Doc): Y.Map<EntityMap> {
	return doc.getMap('objectives');
}
/** Criteria by id. */
export function criteriaMap(doc: Y.Doc): Y.Map<EntityMap> {
	return doc.getMap('criteria');
}
/** pairKey(a, b) → StoredComparison. */
export function comparisonsMap(doc: Y.Doc): Y.Map<StoredComparison> {
	return doc.getMap('comparisons');
}
/** criterion id → direct weight. */
export function directWeightsMap(doc: Y.Doc): NumberMap {
	return doc.getMap('directWeights');
}
/** Roles by id, each with its capacity map. */
export function rolesMap(doc: Y.Doc): Y.Map<EntityMap> {
	return doc.getMap('roles');
}
/** period → budget. */
export function budgetMap(doc: Y.Doc): NumberMap {
	return doc.getMap('budget');
}
/** Projects by id; rank is each one's `order` key. */
export function projectsMap(doc: Y.Doc): Y.Map<EntityMap> {
	return doc.getMap('projects');
}
/** Risks by id. */
export function risksMap(doc: Y.Doc): Y.Map<EntityMap> {
	return doc.getMap('risks');
}
/** Decision log entries by id. */
export function decisionsMap(doc: Y.Doc): Y.Map<EntityMap> {
	return doc.getMap('decisions');
}
/** Reviews by id, each with its frozen JSON snapshot. */
export function reviewsMap(doc: Y.Doc): Y.Map<EntityMap> {
	return doc.getMap('reviews');
}

/** One participant's judgement of one pair: one immutable value, like a comparison. */
export interface StoredJudgement {
	participant: string;
	a: string;
	b: string;
	value: number;
}

/** judgementKey(participant, a, b) → StoredJudgement: everyone's own pairwise judgements. */
export function judgementsMap(doc: Y.Doc): Y.Map<StoredJudgement> {
	return doc.getMap('judgements');
}
/** participant id → display name of whoever entered judgements. */
export function judgesMap(doc: Y.Doc): Y.Map<string> {
	return doc.getMap('judges');
}

/** Scenarios (what-ifs) by id: see commands/scenarios.ts. */
export function scenariosMap(doc: Y.Doc): Y.Map<EntityMap> {
	return doc.getMap('scenarios');
}

/** Nested Y.Map fields of a scenario, created with it. */
export const SCENARIO_RECORDS = ['capacity', 'decisions', 'shifts'] as const;

/** One item of a gate checklist: one immutable value, replaced whole on edit. */
export interface StoredGateItem {
	stage: 'approved' | 'active' | 'done';
	text: string;
	order: string;
}

/** Governance settings by key (`reviewCadenceDays` → number). */
export function governanceMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('governance');
}
/** Gate checklist items by id: flat, the stage in each value (no map per stage). */
export function gateChecklistMap(doc: Y.Doc): Y.Map<StoredGateItem> {
	return doc.getMap('gateChecklist');
}
/** Timer, rounds and votes (see commands/workshop.ts): one immutable value per key. */
export function workshopMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap(LIVE_ROOT);
}
/** The mapping last used per kind of imported file: kind → an immutable value. */
export function importMappingsMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap('importMappings');
}

/** Comments by id: one Y.Map of fields each (see commands/comments.ts). */
export function commentsMap(doc: Y.Doc): Y.Map<EntityMap> {
	return doc.getMap('comments');
}

/**
 * Every top-level type a person edits (content and workshop state), e.g. for an
 * UndoManager scope.
 */
export function rootTypes(doc: Y.Doc): Y.Map<unknown>[] {
	return [...ROOTS, ...WORKSHOP_ROOTS, ...SETTINGS_ROOTS].map((name) => doc.getMap(name));
}

/**
 * The key of a pairwise comparison: the same for (a, b) and (b, a), so two people
 * judging the same pair write the same key and Yjs keeps one of them.
 */
export function pairKey(a: string, b: string): string {
	return JSON.stringify(a < b ? [a, b] : [b, a]);
}

/**
 * The key of one participant's judgement of a pair: flat (no nested map per
 * participant, which two tabs of the same person could create twice), and the same
 * for (a, b) and (b, a).
 */
export function judgementKey(participant: string, a: string, b: string): string {
	return JSON.stringify(a < b ? [participant, a, b] : [participant, b, a]);
}

/**
 * Demand cells are flattened into one map per project (`roleId|period`) so that a
 * cell for a role nobody has planned yet never needs a nested map created on demand.
 * Periods never contain `|` (refused at the command boundary), so the last `|` splits.
 */
export const DEMAND_SEPARATOR = '|';

/** The flat key of one demand cell. */
export function demandKey(roleId: string, period: string): string {
	return roleId + DEMAND_SEPARATOR + period;
}

/** Reads a nested Y.Map field; undefined when absent or of another type (a bad peer). */
export function childMap<T>(entity: EntityMap, field: string): Y.Map<T> | undefined {
	const value = entity.get(field);
	return value instanceof Y.Map ? (value as Y.Map<T>) : undefined;
}
