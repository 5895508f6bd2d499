import { sanitizeSource } from '../domain/import/source-link';
import * as Y from 'yjs';
import { allDirectWeightsZero } from '../domain/ahp';
import {
	CRITERION_KINDS,
	DECISIONS,
	DIRECTIONS,
	PROJECT_STATUSES,
	RISK_STATUSES,
	type Criterion,
	type DecisionEntry,
	type Kpi,
	type Objective,
	type PairwiseComparison,
	type Portfolio,
	type Project,
	type Review,
	type Risk,
	type Role,
	type Weights
} from '../domain/types';
import { breakDependencyCycles, breakParentCycles } from './graph';
import { compareOrder } from './order';
import { memoFor } from './read-cache';
import {
	anyFinite,
	cellIndex,
	demand,
	entities,
	finiteNonNegative,
	idList,
	indexOf,
	isContribution,
	isLevel,
	isPairwise,
	isScore,
	num,
	numbers,
	orderOf,
	pick,
	reviewSnapshot,
	str,
	type Cell
} from './read-records';
import {
	budgetMap,
	childMap,
	comparisonsMap,
	criteriaMap,
	decisionsMap,
	directWeightsMap,
	metaMap,
	objectivesMap,
	pairKey,
	periodsMap,
	projectsMap,
	reviewsMap,
	risksMap,
	rolesMap,
	type EntityMap
} from './schema';
import { RESERVED_IDS } from './validate';

/**
 * Y.Doc → plain `Portfolio`. Called on every update, so it is one linear pass with
 * Map lookups, and projects (the bulk) are memoised per Y.Map (read-cache.ts). It
 * never shows a dangling reference, whatever concurrent edits left in the doc:
 * references to deleted entities are dropped (or set to null), values of the wrong
 * type or range are skipped, and cycles that only two peers together could make are
 * broken by rules that depend on the data alone, so every peer reads the same.
 */

function freezeProject(p: Project): Project {
	for (const record of Object.values(p.demand)) Object.freeze(record);
	for (const value of [p.cost, p.demand, p.scores, p.contributions, p.dependsOn, p.excludes]) {
		Object.freeze(value);
	}
	return Object.freeze(p);
}

/** The optional fields of an imported project (baseline cost, source link), when valid. */
function importedFields(p: EntityMap): Pick<Project, 'baselineCost' | 'source'> {
	const out: Pick<Project, 'baselineCost' | 'source'> = {};
	const baselineCost = p.get('baselineCost');
	if (typeof baselineCost === 'number' && finiteNonNegative(baselineCost)) {
		out.baselineCost = baselineCost;
	}
	const source = sanitizeSource(p.get('source'));
	if (source) out.source = source;
	return out;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((id, i) => id === b[i]);
}

interface ProjectRow {
	id: string;
	order: string;
	entity: EntityMap;
	dependsOn: string[];
	excludes: string[];
}

/**
 * The plain snapshot every view, the CLI and export work from. Entities come in their
 * total order (fractional key, then id). It is read-only: projects and review
 * snapshots are shared between reads (and frozen), so unchanged ones keep their
 * identity from one read to the next.
 */
export function read(doc: Y.Doc): Portfolio {
	const memo = memoFor(doc);
	const meta = metaMap(doc);

	const periodItems: { id: string; order: string }[] = [];
	periodsMap(doc).forEach((order, id) => {
		if (!RESERVED_IDS.has(id)) periodItems.push({ id, order: str(order) });
	});
	const periods = indexOf(periodItems.sort(compareOrder).map((p) => p.id));

	// A dangling parent (deleted concurrently) makes the node a root.
	const objectiveRows = entities(objectivesMap(doc), (id, o): Objective => ({
		id,
		parentId: typeof o.get('parentId') === 'string' ? (o.get('parentId') as string) : null,
		title: str(o.get('title')),
		description: str(o.get('description')),
		owner: str(o.get('owner')),
		kpis: entities(childMap<EntityMap>(o, 'kpis'), (kid, k): Kpi => ({
			id: kid,
			name: str(k.get('name')),
			unit: str(k.get('unit')),
			baseline: num(k.get('baseline'), anyFinite, 0),
			target: num(k.get('target'), anyFinite, 0),
			direction: pick(k.get('direction'), DIRECTIONS),
			actuals: numbers(childMap(k, 'actuals'), periods, anyFinite)
		}))
	}));
	const objectiveIds = new Set(objectiveRows.map((o) => o.id));
	const parents = new Map<string, string | null>();
	for (const o of objectiveRows) {
		parents.set(o.id, o.parentId !== null && objectiveIds.has(o.parentId) ? o.parentId : null);
	}
	breakParentCycles(parents);
	for (const o of objectiveRows) o.parentId = parents.get(o.id) ?? null;
	const objectives = indexOf(objectiveRows.map((o) => o.id));

	const criteriaRows = entities(criteriaMap(doc), (id, c): Criterion => {
		const objectiveId = c.get('objectiveId');
		return {
			id,
			name: str(c.get('name')),
			kind: pick(c.get('kind'), CRITERION_KINDS),
			objectiveId:
				typeof objectiveId === 'string' && objectiveIds.has(objectiveId) ? objectiveId : null
		};
	});
	const criteria = indexOf(criteriaRows.map((c) => c.id));

	let weights: Weights;
	if (meta.get('weightsMethod') !== 'pairwise') {
		const values = numbers(directWeightsMap(doc), criteria, finiteNonNegative);
		// All 0 is no preference: read as none given (equal weights), which the format allows.
		weights = { method: 'direct', values: allDirectWeightsZero(values) ? {} : values };
	} else {
		const rows: { id: string; order: string; comparison: PairwiseComparison }[] = [];
		comparisonsMap(doc).forEach((stored, key) => {
			if (typeof stored !== 'object' || stored === null) return;
			const { a, b, value } = stored;
			if (typeof a !== 'string' || typeof b !== 'string' || a === b) return;
			if (!criteria.at.has(a) || !criteria.at.has(b) || key !== pairKey(a, b)) return;
			if (typeof value !== 'number' || !isPairwise(value)) return;
			rows.push({ id: key, order: str(stored.order), comparison: { a, b, value } });
		});
		const comparisons = rows.sort(compareOrder).map((r) => r.comparison);
		weights = { method: 'pairwise', comparisons };
	}

	const roleRows = entities(rolesMap(doc), (id, r): Role => {
		const role: Role = {
			id,
			name: str(r.get('name')),
			capacity: numbers(childMap(r, 'capacity'), periods, finiteNonNegative)
		};
		const costRate = r.get('costRate');
		if (typeof costRate === 'number' && finiteNonNegative(costRate)) role.costRate = costRate;
		return role;
	});
	const roles = indexOf(roleRows.map((r) => r.id));

	// Projects: links first (they depend on which projects exist and on cycle breaking),
	// then each project from the memo when neither it nor the lists it is read against changed.
	const rows: ProjectRow[] = [];
	projectsMap(doc).forEach((entity, id) => {
		if (!(entity instanceof Y.Map) || RESERVED_IDS.has(id)) return;
		rows.push({ id, order: orderOf(entity), entity, dependsOn: [], excludes: [] });
	});
	rows.sort(compareOrder);
	const projectIds = new Set(rows.map((row) => row.id));
	const edges = new Map<string, string[]>();
	for (const row of rows) {
		row.dependsOn = idList(childMap(row.entity, 'dependsOn'), projectIds, row.id);
		row.excludes = idList(childMap(row.entity, 'excludes'), projectIds, row.id);
		if (row.dependsOn.length > 0) edges.set(row.id, row.dependsOn);
	}
	if (edges.size > 1) {
		const dropped = breakDependencyCycles(
			rows.map((row) => row.id),
			edges
		);
		for (const row of rows) {
			const cut = dropped.get(row.id);
			if (cut) row.dependsOn = row.dependsOn.filter((id) => !cut.has(id));
		}
	}
	const context = [periods.ids, roles.ids, criteria.ids, objectives.ids]
		.map((ids) => ids.join('\n'))
		.join('\u0001');
	let cells: Map<string, Cell> | undefined;
	const projectRows = rows.map((row): Project => {
		const p = row.entity;
		const cached = memo.get<Project>(p, context);
		if (
			cached &&
			sameIds(cached.dependsOn, row.dependsOn) &&
			sameIds(cached.excludes, row.excludes)
		) {
			return cached;
		}
		const project = freezeProject(
			cached
				? { ...cached, dependsOn: row.dependsOn, excludes: row.excludes }
				: {
						id: row.id,
						name: str(p.get('name')),
						description: str(p.get('description')),
						sponsor: str(p.get('sponsor')),
						status: pick(p.get('status'), PROJECT_STATUSES),
						decision: pick(p.get('decision'), DECISIONS),
						decisionReason: str(p.get('decisionReason')),
						cost: numbers(childMap(p, 'cost'), periods, finiteNonNegative),
						demand: demand(
							childMap(p, 'demand'),
							(cells ??= cellIndex(roles, periods)),
							roles,
							periods
						),
						scores: numbers(childMap(p, 'scores'), criteria, isScore),
						contributions: numbers(childMap(p, 'contributions'), objectives, isContribution),
						dependsOn: row.dependsOn,
						excludes: row.excludes,
						...importedFields(p)
					}
		);
		memo.set(p, context, project);
		return project;
	});

	const risks = entities(risksMap(doc), (id, r): Risk => {
		const projectId = r.get('projectId');
		const objectiveId = r.get('objectiveId');
		return {
			id,
			title: str(r.get('title')),
			projectId: typeof projectId === 'string' && projectIds.has(projectId) ? projectId : null,
			objectiveId:
				typeof objectiveId === 'string' && objectiveIds.has(objectiveId) ? objectiveId : null,
			likelihood: num(r.get('likelihood'), isLevel, 1),
			impact: num(r.get('impact'), isLevel, 1),
			owner: str(r.get('owner')),
			mitigation: str(r.get('mitigation')),
			status: pick(r.get('status'), RISK_STATUSES)
		};
	});

	const decisions = entities(decisionsMap(doc), (id, d): DecisionEntry => ({
		id,
		at: str(d.get('at')),
		by: str(d.get('by')),
		title: str(d.get('title')),
		rationale: str(d.get('rationale')),
		projectIds: idList(childMap(d, 'projectIds'), projectIds)
	}));

	const reviews = entities(reviewsMap(doc), (id, r): Review | null => {
		const snapshot = reviewSnapshot(r);
		if (snapshot === null) return null;
		return { id, name: str(r.get('name')), at: str(r.get('at')), snapshot };
	});

	return {
		name: str(meta.get('name')),
		vision: str(meta.get('vision')),
		mission: str(meta.get('mission')),
		currency: str(meta.get('currency')),
		periods: periods.ids,
		objectives: objectiveRows,
		criteria: criteriaRows,
		weights,
		roles: roleRows,
		budget: numbers(budgetMap(doc), periods, finiteNonNegative),
		projects: projectRows,
		risks,
		decisions,
		reviews
	};
}
