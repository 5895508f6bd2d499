import type * as Y from 'yjs';
import { wouldCycle } from '../graph';
import { childMap, projectsMap, type EntityMap } from '../schema';
import { CommandError } from '../validate';
import { entityOf, keyAt, recordOf, run, type CommandOptions } from './shared';

/**
 * Links between projects: dependsOn and excludes. Each list is a Y.Map id → order key,
 * so two people adding the same link end up with one entry, and removing a link never
 * fights over array positions.
 */

type LinkField = 'dependsOn' | 'excludes';

function ids(entity: EntityMap | undefined, field: LinkField): string[] {
	const list = entity ? childMap<string>(entity, field) : undefined;
	return list ? Array.from(list.keys()) : [];
}

function link(doc: Y.Doc, id: string, other: string, field: LinkField, what: string): void {
	const projects = projectsMap(doc);
	const entity = entityOf(projects, id, 'project');
	entityOf(projects, other, 'project');
	if (id === other) throw new CommandError(`${what}: a project cannot refer to itself`);
	const list = recordOf<string>(entity, field);
	if (list.has(other)) return;
	if (field === 'dependsOn' && wouldCycle(id, other, (node) => ids(projects.get(node), field))) {
		throw new CommandError(`${what}: '${other}' already depends on '${id}' (a cycle)`);
	}
	list.set(other, keyAt(list, undefined, what));
}

function unlink(doc: Y.Doc, id: string, other: string, field: LinkField): void {
	const list = childMap<string>(entityOf(projectsMap(doc), id, 'project'), field);
	if (list?.has(other)) list.delete(other);
}

function listed(doc: Y.Doc, id: string, other: string, field: LinkField): boolean {
	const entity = projectsMap(doc).get(id);
	return entity !== undefined && (childMap<string>(entity, field)?.has(other) ?? false);
}

/**
 * Makes `id` depend on `dependsOnId` (funded only after it). Refuses unknown projects,
 * a self-dependency and a cycle; a cycle two peers make together is broken by `read`.
 */
export function addDependency(
	doc: Y.Doc,
	id: string,
	dependsOnId: string,
	opts?: CommandOptions
): void {
	run(doc, opts, () => link(doc, id, dependsOnId, 'dependsOn', 'addDependency'));
}

/** Removes a dependency; removing one that is not there is a no-op. */
export function removeDependency(
	doc: Y.Doc,
	id: string,
	dependsOnId: string,
	opts?: CommandOptions
): void {
	run(doc, opts, () => unlink(doc, id, dependsOnId, 'dependsOn'));
}

/**
 * Records that `id` and `otherId` cannot both be funded. Exclusion works both ways, so
 * when `otherId` already lists `id` nothing is written.
 */
export function addExclusion(doc: Y.Doc, id: string, otherId: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		if (listed(doc, otherId, id, 'excludes') && projectsMap(doc).has(id)) return;
		link(doc, id, otherId, 'excludes', 'addExclusion');
	});
}

/**
 * Removes the exclusion between two projects, whichever side lists it (both, if both
 * do), since the funding line reads it both ways.
 */
export function removeExclusion(
	doc: Y.Doc,
	id: string,
	otherId: string,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		entityOf(projectsMap(doc), otherId, 'project');
		unlink(doc, id, otherId, 'excludes');
		unlink(doc, otherId, id, 'excludes');
	});
}
