import type * as Y from 'yjs';
import { describeImportWrite, type ImportWrite } from '../../domain/import/apply';
import { settledMapping } from '../../domain/import/map';
import { sanitizeSource } from '../../domain/import/source-link';
import { SOURCE_LABEL } from '../../domain/import/source';
import type { ImportedValues, PerPeriod } from '../../domain/types';
import { wouldCycle } from '../graph';
import {
	childMap,
	demandKey,
	importMappingsMap,
	periodsMap,
	projectsMap,
	rolesMap,
	type EntityMap
} from '../schema';
import { amount, CommandError, periodId } from '../validate';
import { logDecision } from './governance';
import { setPeriods } from './portfolio';
import { addProject, checkProjectPatch, updateProject } from './projects';
import { addRole } from './roles';
import { entityOf, keyAt, recordOf, run, setNumber, type CommandOptions } from './shared';

/**
 * Applies an import (domain/import/apply.ts plans it from the rows the person
 * accepted) as ONE transaction: one undo step takes the whole import back, and one
 * decision-log entry says what it did. Everything is checked before the first write
 * (Yjs cannot roll a transaction back); a dependency that would close a cycle with
 * Cairn's own links is left out and returned. Also remembers the mapping per kind of
 * file (`importMappings`, a settings root outside the portfolio format).
 */

export interface ImportResult {
	/** Real ids of the projects added, by source key. */
	added: Record<string, string>;
	/** Dependencies left out because they would close a cycle: "'A' on 'B'". */
	skipped: string[];
	/** What was done, in words ("3 new, 5 changed"). */
	summary: string;
}

/** The mapping last used for a kind of file, or undefined. */
export function readImportMapping(doc: Y.Doc, kind: string): unknown {
	return importMappingsMap(doc).get(kind);
}

function checkAmounts(values: Record<string, number | null>, what: string, periods: Set<string>) {
	for (const [period, value] of Object.entries(values)) {
		if (!periods.has(period)) throw new CommandError(`${what}: unknown period '${period}'`);
		if (value !== null) amount(value, `${what}.${period}`);
	}
}

export function applyImport(
	doc: Y.Doc,
	write: ImportWrite,
	opts?: CommandOptions & { mapping?: unknown }
): ImportResult {
	return run(doc, opts, () => {
		const projects = projectsMap(doc);
		const roles = rolesMap(doc);
		// --- check everything first ---
		write.addPeriods.forEach((p, i) => periodId(p, `import.addPeriods[${i}]`));
		const periods = new Set([...periodsMap(doc).keys(), ...write.addPeriods]);
		const roleIds = new Set([...roles.keys(), ...write.newRoles.map((r) => r.id)]);
		const checkDemand = (demand: Record<string, Record<string, number | null>>, what: string) => {
			for (const [roleId, values] of Object.entries(demand)) {
				if (!roleIds.has(roleId)) throw new CommandError(`${what}: unknown role '${roleId}'`);
				checkAmounts(values, `${what}.${roleId}`, periods);
			}
		};
		for (const [roleId, values] of Object.entries(write.capacity)) {
			if (!roleIds.has(roleId)) throw new CommandError(`import.capacity: unknown role '${roleId}'`);
			checkAmounts(values, `import.capacity.${roleId}`, periods);
		}
		for (const p of write.add) {
			const what = `import '${p.name}'`;
			checkProjectPatch({
				name: p.name,
				description: p.description,
				sponsor: p.sponsor,
				status: p.status,
				...(p.decision === undefined ? {} : { decision: p.decision }),
				...(p.decisionReason === undefined ? {} : { decisionReason: p.decisionReason })
			});
			if (p.id !== undefined && projects.has(p.id)) {
				throw new CommandError(`${what}: project id '${p.id}' is already taken`);
			}
			if (p.name.trim() === '') throw new CommandError(`${what}: the name is empty`);
			checkAmounts(p.cost, `${what}.cost`, periods);
			checkDemand(p.demand, `${what}.demand`);
			if (p.baselineCost !== undefined) amount(p.baselineCost, `${what}.baselineCost`);
		}
		for (const u of write.update) {
			const what = `import '${u.key}'`;
			entityOf(projects, u.projectId, 'project');
			checkProjectPatch(u.patch);
			checkAmounts(u.cost ?? {}, `${what}.cost`, periods);
			checkDemand(u.demand ?? {}, `${what}.demand`);
			if (u.baselineCost !== undefined) amount(u.baselineCost, `${what}.baselineCost`);
		}
		for (const g of write.gone) entityOf(projects, g.projectId, 'project');
		for (const r of write.relink) entityOf(projects, r.projectId, 'project');

		// --- write ---
		if (write.addPeriods.length > 0) {
			const existing = [...periodsMap(doc).keys()];
			setPeriods(doc, [...new Set([...existing, ...write.addPeriods])].sort(), opts);
		}
		const ids = new Map<string, string>();
		for (const role of write.newRoles) {
			ids.set(role.id, addRole(doc, { name: role.name, capacity: {} }, opts));
		}
		const real = (id: string) => ids.get(id) ?? id;
		for (const [roleId, values] of Object.entries(write.capacity)) {
			const capacity = recordOf<number>(entityOf(roles, real(roleId), 'role'), 'capacity');
			for (const [period, value] of Object.entries(values)) setNumber(capacity, period, value);
		}
		const realDemand = (demand: Record<string, PerPeriod>) =>
			Object.fromEntries(Object.entries(demand).map(([roleId, v]) => [real(roleId), v]));
		const added: Record<string, string> = {};
		for (const p of write.add) {
			const id = addProject(
				doc,
				{
					...(p.id === undefined ? {} : { id: p.id }),
					name: p.name,
					description: p.description,
					sponsor: p.sponsor,
					status: p.status,
					...(p.decision === undefined ? {} : { decision: p.decision }),
					...(p.decisionReason === undefined ? {} : { decisionReason: p.decisionReason }),
					cost: p.cost,
					demand: realDemand(p.demand)
				},
				opts
			);
			ids.set(p.draftId, id);
			added[p.key] = id;
		}
		const link = (entity: EntityMap, key: string, imported: ImportedValues | undefined) => {
			if (imported === undefined) return;
			const source = sanitizeSource({
				system: write.kind,
				key,
				at: write.at,
				imported: {
					...imported,
					...(imported.demand ? { demand: realDemand(imported.demand) } : {}),
					...(imported.dependsOn ? { dependsOn: imported.dependsOn.map(real) } : {})
				}
			});
			if (source) entity.set('source', source);
		};
		for (const p of write.add) {
			const entity = entityOf(projects, real(p.draftId), 'project');
			if (p.baselineCost !== undefined) entity.set('baselineCost', p.baselineCost);
			link(entity, p.key, p.imported);
		}
		const skipped: string[] = [];
		const nameOf = (id: string) => String(projects.get(id)?.get('name') ?? id);
		const setDependencies = (id: string, wanted: string[]) => {
			const entity = entityOf(projects, id, 'project');
			const list = recordOf<string>(entity, 'dependsOn');
			const target = new Set(
				wanted.map(real).filter((other) => other !== id && projects.has(other))
			);
			for (const other of Array.from(list.keys())) if (!target.has(other)) list.delete(other);
			for (const other of target) {
				if (list.has(other)) continue;
				const cycles = wouldCycle(id, other, (node) => {
					const deps = childMap<string>(projects.get(node) as EntityMap, 'dependsOn');
					return deps ? Array.from(deps.keys()) : [];
				});
				if (cycles) skipped.push(`'${nameOf(id)}' on '${nameOf(other)}'`);
				else list.set(other, keyAt(list, undefined, 'import.dependsOn'));
			}
		};
		for (const p of write.add)
			if (p.dependsOn.length > 0) setDependencies(real(p.draftId), p.dependsOn);
		for (const u of write.update) {
			const entity = entityOf(projects, u.projectId, 'project');
			if (Object.keys(u.patch).length > 0) updateProject(doc, u.projectId, u.patch, opts);
			const cost = recordOf<number>(entity, 'cost');
			for (const [period, value] of Object.entries(u.cost ?? {})) setNumber(cost, period, value);
			const demand = recordOf<number>(entity, 'demand');
			for (const [roleId, values] of Object.entries(u.demand ?? {})) {
				for (const [period, value] of Object.entries(values)) {
					setNumber(demand, demandKey(real(roleId), period), value);
				}
			}
			if (u.dependsOn !== undefined) setDependencies(u.projectId, u.dependsOn);
			if (u.baselineCost !== undefined) entity.set('baselineCost', u.baselineCost);
			link(entity, u.key, u.imported);
		}
		const date = write.at.slice(0, 10);
		for (const g of write.gone) {
			updateProject(
				doc,
				g.projectId,
				{
					decision: 'out',
					decisionReason: `Not in ${write.fileName} any more (import of ${date})`
				},
				opts
			);
		}
		for (const r of write.relink)
			entityOf(projects, r.projectId, 'project').set('source', r.source);
		if (opts?.mapping !== undefined) {
			const mapping = isRecord(opts.mapping) ? settledMapping(opts.mapping, ids) : opts.mapping;
			importMappingsMap(doc).set(write.kind, mapping);
		}

		const summary = describeImportWrite(write);
		logDecision(
			doc,
			{
				title: `Imported ${write.fileName} (${SOURCE_LABEL[write.kind]})`,
				rationale:
					summary +
					(skipped.length > 0 ? `; dependencies left out (a cycle): ${skipped.join(', ')}` : ''),
				projectIds: [
					...Object.values(added),
					...write.update.map((u) => u.projectId),
					...write.gone.map((g) => g.projectId)
				]
			},
			opts
		);
		return { added, skipped, summary };
	});
}

function isRecord(value: unknown): value is { resources?: Record<string, string> } {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
