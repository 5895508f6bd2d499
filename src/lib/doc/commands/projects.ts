import type * as Y from 'yjs';
import { decisionChangeTitle, statusChangeTitle } from '../../domain/decision-log';
import {
	DECISIONS,
	PROJECT_STATUSES,
	type Decision,
	type Project,
	type ProjectStatus
} from '../../domain/types';
import { newId } from '../ids';
import type { Position } from '../order';
import {
	childMap,
	criteriaMap,
	decisionsMap,
	demandKey,
	objectivesMap,
	periodsMap,
	projectsMap,
	risksMap,
	rolesMap
} from '../schema';
import {
	amount,
	checkPatch,
	CommandError,
	contribution,
	oneOf,
	score,
	text,
	type Check
} from '../validate';
import { setField, writeProject } from '../write';
import {
	checkIds,
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
import { logDecision } from './governance';

/** Projects: fields, rank, and the per-period and per-criterion records. */

export type ProjectInput = Partial<Omit<Project, 'name'>> & { name: string };

export type ProjectPatch = Partial<
	Pick<Project, 'name' | 'description' | 'sponsor' | 'status' | 'decision' | 'decisionReason'>
>;

const PROJECT_FIELDS: Record<keyof ProjectPatch, Check<unknown>> = {
	name: text,
	description: text,
	sponsor: text,
	status: oneOf(PROJECT_STATUSES),
	decision: oneOf(DECISIONS),
	decisionReason: text
};

/** Checks a patch of a project's fields without writing it (for bulk commands). */
export function checkProjectPatch(patch: ProjectPatch): void {
	checkPatch(patch, PROJECT_FIELDS, 'project');
}

/**
 * Adds a project (at the end of the ranking unless placed before/after another) and
 * returns its id. Everything in `input` is checked before the project is written.
 */
export function addProject(doc: Y.Doc, input: ProjectInput, opts?: PlaceOptions): string {
	return run(doc, opts, () => {
		const projects = projectsMap(doc);
		const periods = periodsMap(doc);
		const roles = rolesMap(doc);
		const hasPeriod = (p: string) => periods.has(p);
		const fields = checkPatch(
			{
				name: input?.name,
				description: input.description ?? '',
				sponsor: input.sponsor ?? '',
				status: input.status ?? 'proposed',
				decision: input.decision ?? 'auto',
				decisionReason: input.decisionReason ?? ''
			},
			PROJECT_FIELDS,
			'project'
		);
		if (typeof input.name !== 'string') throw new CommandError('project.name must be a string');
		const demand: Project['demand'] = {};
		if (input.demand !== undefined) {
			if (typeof input.demand !== 'object' || input.demand === null) {
				throw new CommandError('project.demand must be an object');
			}
			for (const [roleId, perPeriod] of Object.entries(input.demand)) {
				if (!roles.has(roleId)) throw new CommandError(`project.demand: unknown role '${roleId}'`);
				demand[roleId] = checkRecord(perPeriod, hasPeriod, amount, `project.demand.${roleId}`);
			}
		}
		const taken = (id: string) => projects.has(id);
		const id = idFor(input.id, taken, () => newId('p', taken), 'project');
		const project: Omit<Project, 'id'> = {
			...(Object.fromEntries(fields) as Pick<Project, keyof ProjectPatch>),
			cost: checkRecord(input.cost, hasPeriod, amount, 'project.cost'),
			demand,
			scores: checkRecord(input.scores, (c) => criteriaMap(doc).has(c), score, 'project.scores'),
			contributions: checkRecord(
				input.contributions,
				(o) => objectivesMap(doc).has(o),
				contribution,
				'project.contributions'
			),
			dependsOn: checkIds(input.dependsOn, taken, 'project.dependsOn', id),
			excludes: checkIds(input.excludes, taken, 'project.excludes', id)
		};
		writeProject(projects, id, keyAt(projects, positionOf(opts), 'project'), project);
		return id;
	});
}

/**
 * Edits a project's scalar fields. Only the fields in the patch are written, so two
 * people editing the sponsor and the status at once both keep their edit.
 */
export function updateProject(
	doc: Y.Doc,
	id: string,
	patch: ProjectPatch,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = entityOf(projectsMap(doc), id, 'project');
		const before = { decision: entity.get('decision'), status: entity.get('status') };
		for (const [field, value] of checkPatch(patch, PROJECT_FIELDS, 'project')) {
			setField(entity, field, value);
		}
		logProjectChanges(doc, id, entity, before, opts);
	});
}

/**
 * The automatic decision-log entries of `updateProject`: a changed decision (auto,
 * in, out) or status, written in the caller's transaction so that one undo removes the
 * change and its entry together.
 */
function logProjectChanges(
	doc: Y.Doc,
	id: string,
	entity: Y.Map<unknown>,
	before: { decision: unknown; status: unknown },
	opts: CommandOptions | undefined
): void {
	const name = String(entity.get('name') ?? id);
	const decision = entity.get('decision') as Decision;
	const status = entity.get('status') as ProjectStatus;
	const reason = String(entity.get('decisionReason') ?? '');
	if ((DECISIONS as readonly unknown[]).includes(before.decision) && before.decision !== decision) {
		logDecision(
			doc,
			{
				title: decisionChangeTitle(name, before.decision as Decision, decision),
				rationale: reason,
				projectIds: [id]
			},
			opts
		);
	}
	if (
		(PROJECT_STATUSES as readonly unknown[]).includes(before.status) &&
		before.status !== status
	) {
		logDecision(
			doc,
			{
				title: statusChangeTitle(name, before.status as ProjectStatus, status),
				projectIds: [id]
			},
			opts
		);
	}
}

/**
 * Changes a project's rank by rewriting its one `order` key: to an index of the list
 * without it, or right before/after another project. Concurrent moves of the same
 * project resolve to one of them; moves of different projects all apply.
 */
export function moveProject(
	doc: Y.Doc,
	id: string,
	position: Position,
	opts?: CommandOptions
): void {
	run(doc, opts, () => moveIn(projectsMap(doc), id, position, 'project'));
}

/**
 * Deletes a project and, in the same transaction, every reference to it: other
 * projects' dependsOn/excludes, decisions' projectIds, risks' projectId.
 */
export function deleteProject(doc: Y.Doc, id: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const projects = projectsMap(doc);
		entityOf(projects, id, 'project');
		projects.forEach((p) => {
			for (const field of ['dependsOn', 'excludes']) {
				const list = childMap<string>(p, field);
				if (list?.has(id)) list.delete(id);
			}
		});
		decisionsMap(doc).forEach((d) => {
			const list = childMap<string>(d, 'projectIds');
			if (list?.has(id)) list.delete(id);
		});
		risksMap(doc).forEach((r) => {
			if (r.get('projectId') === id) r.set('projectId', null);
		});
		projects.delete(id);
	});
}

/** Sets (or clears with null) a project's cost in one period; other periods merge independently. */
export function setProjectCost(
	doc: Y.Doc,
	id: string,
	period: string,
	value: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = entityOf(projectsMap(doc), id, 'project');
		checkPeriod(doc, period, 'setProjectCost');
		const checked = value === null ? null : amount(value, `project.cost.${period}`);
		setNumber(recordOf<number>(entity, 'cost'), period, checked);
	});
}

/** Sets (or clears with null) a project's demand for one role in one period, in FTE. */
export function setProjectDemand(
	doc: Y.Doc,
	id: string,
	roleId: string,
	period: string,
	value: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = entityOf(projectsMap(doc), id, 'project');
		entityOf(rolesMap(doc), roleId, 'role');
		checkPeriod(doc, period, 'setProjectDemand');
		const checked = value === null ? null : amount(value, `project.demand.${roleId}.${period}`);
		setNumber(recordOf<number>(entity, 'demand'), demandKey(roleId, period), checked);
	});
}

/** Scores a project on a criterion (0-10), or clears the score with null. */
export function setProjectScore(
	doc: Y.Doc,
	id: string,
	criterionId: string,
	value: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = entityOf(projectsMap(doc), id, 'project');
		entityOf(criteriaMap(doc), criterionId, 'criterion');
		const checked = value === null ? null : score(value, `project.scores.${criterionId}`);
		setNumber(recordOf<number>(entity, 'scores'), criterionId, checked);
	});
}

/** Sets a project's contribution to an objective (0-3), or clears it with null. */
export function setProjectContribution(
	doc: Y.Doc,
	id: string,
	objectiveId: string,
	value: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = entityOf(projectsMap(doc), id, 'project');
		entityOf(objectivesMap(doc), objectiveId, 'objective');
		const checked =
			value === null ? null : contribution(value, `project.contributions.${objectiveId}`);
		setNumber(recordOf<number>(entity, 'contributions'), objectiveId, checked);
	});
}
