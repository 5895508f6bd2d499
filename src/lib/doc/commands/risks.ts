import type * as Y from 'yjs';
import { RISK_STATUSES, type Risk } from '../../domain/types';
import { newId } from '../ids';
import type { Position } from '../order';
import { objectivesMap, projectsMap, risksMap, type EntityMap } from '../schema';
import { checkPatch, CommandError, idOrNull, level, oneOf, text, type Check } from '../validate';
import { setField, writeRisk } from '../write';
import {
	entityOf,
	idFor,
	keyAt,
	moveIn,
	positionOf,
	run,
	type CommandOptions,
	type PlaceOptions
} from './shared';

/** The risk register: each risk may point at a project and/or an objective. */

export type RiskInput = Partial<Omit<Risk, 'title'>> & { title: string };
export type RiskPatch = Partial<Omit<Risk, 'id'>>;

function riskFields(doc: Y.Doc): Record<keyof RiskPatch, Check<unknown>> {
	const reference =
		(map: Y.Map<EntityMap>, kind: string): Check<string | null> =>
		(value, what) => {
			const id = idOrNull(value, what);
			if (id !== null && !map.has(id)) throw new CommandError(`${what}: unknown ${kind} '${id}'`);
			return id;
		};
	return {
		title: text,
		projectId: reference(projectsMap(doc), 'project'),
		objectiveId: reference(objectivesMap(doc), 'objective'),
		likelihood: level,
		impact: level,
		owner: text,
		mitigation: text,
		status: oneOf(RISK_STATUSES)
	};
}

/** Adds a risk and returns its id. */
export function addRisk(doc: Y.Doc, input: RiskInput, opts?: PlaceOptions): string {
	return run(doc, opts, () => {
		const risks = risksMap(doc);
		const fields = checkPatch(
			{
				title: input?.title,
				projectId: input.projectId ?? null,
				objectiveId: input.objectiveId ?? null,
				likelihood: input.likelihood ?? 3,
				impact: input.impact ?? 3,
				owner: input.owner ?? '',
				mitigation: input.mitigation ?? '',
				status: input.status ?? 'open'
			},
			riskFields(doc),
			'risk'
		);
		if (typeof input.title !== 'string') throw new CommandError('risk.title must be a string');
		const taken = (id: string) => risks.has(id);
		const id = idFor(input.id, taken, () => newId('x', taken), 'risk');
		const risk = Object.fromEntries(fields) as Omit<Risk, 'id'>;
		writeRisk(risks, id, keyAt(risks, positionOf(opts), 'risk'), risk);
		return id;
	});
}

/** Edits a risk field by field. */
export function updateRisk(doc: Y.Doc, id: string, patch: RiskPatch, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const entity = entityOf(risksMap(doc), id, 'risk');
		for (const [field, value] of checkPatch(patch, riskFields(doc), 'risk')) {
			setField(entity, field, value);
		}
	});
}

/** Re-orders the register. */
export function moveRisk(doc: Y.Doc, id: string, position: Position, opts?: CommandOptions): void {
	run(doc, opts, () => moveIn(risksMap(doc), id, position, 'risk'));
}

/** Deletes a risk; nothing refers to risks. */
export function deleteRisk(doc: Y.Doc, id: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		entityOf(risksMap(doc), id, 'risk');
		risksMap(doc).delete(id);
	});
}
