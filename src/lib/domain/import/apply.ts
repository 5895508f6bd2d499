import type {
	Decision,
	ImportedValues,
	PerPeriod,
	PeriodId,
	Portfolio,
	ProjectSource,
	ProjectStatus
} from '../types';
import { fileValues, matchProjects, patched, resolveDependencies, type ImportDiff } from './diff';
import type { DraftProject, DraftRole, ImportDraft, SourceKind } from './source';

/**
 * What applying an import writes, from the draft and the rows the person accepted:
 * the doc command (`doc/commands/import.ts`) only checks and writes it. Ids of
 * projects and roles the import creates are `new-project:<key>` / `new-role:<key>`
 * until the write gives them real ones.
 */

export interface AddedProject {
	key: string;
	draftId: string;
	/** The id a spreadsheet's id column gives it. */
	id?: string;
	decision?: Decision;
	decisionReason?: string;
	name: string;
	description: string;
	sponsor: string;
	status: ProjectStatus;
	cost: PerPeriod;
	demand: Record<string, PerPeriod>;
	baselineCost?: number;
	dependsOn: string[];
	/** What the source says, kept as its link; absent for a file with no key of its own. */
	imported?: ImportedValues;
}

export interface UpdatedProject {
	projectId: string;
	key: string;
	patch: {
		name?: string;
		description?: string;
		sponsor?: string;
		status?: ProjectStatus;
		decision?: Decision;
		decisionReason?: string;
	};
	cost?: Record<PeriodId, number | null>;
	demand?: Record<string, Record<PeriodId, number | null>>;
	dependsOn?: string[];
	baselineCost?: number;
	imported?: ImportedValues;
}

export interface ImportWrite {
	kind: SourceKind;
	fileName: string;
	/** ISO date-time of the import (kept on each project's source link). */
	at: string;
	addPeriods: PeriodId[];
	newRoles: DraftRole[];
	capacity: Record<string, PerPeriod>;
	add: AddedProject[];
	update: UpdatedProject[];
	/** Projects the file no longer has: forced out (their Cairn data stays). */
	gone: { projectId: string; name: string }[];
	/** Projects whose source link only moves on to this file (nothing else changes). */
	relink: { projectId: string; source: ProjectSource }[];
}

/** A set of rows (`rowId`s), replaced whole when the person ticks or unticks one. */
export function rowSet(ids: Iterable<string> = []): ReadonlySet<string> {
	return new Set(ids);
}

/** The rows the preview ticks at first. */
export function acceptedByDefault(diff: ImportDiff): Set<string> {
	return new Set(diff.rows.filter((r) => r.accept).map((r) => rowId(r)));
}

/** A row's identity in the accepted set: a gone row and a file row may share a key. */
export function rowId(row: { kind: string; key: string }): string {
	return `${row.kind === 'gone' ? 'gone' : 'file'}:${row.key}`;
}

function imported(
	d: DraftProject,
	dependsOn: string[] | undefined,
	base: ImportedValues | undefined
): ImportedValues {
	const out: ImportedValues = { name: d.name };
	if (d.description !== undefined) out.description = d.description;
	if (d.sponsor !== undefined) out.sponsor = d.sponsor;
	if (d.status !== undefined) out.status = d.status;
	if (d.cost) out.cost = patched(base?.cost ?? {}, d.cost);
	if (d.demand) {
		out.demand = { ...base?.demand };
		for (const [roleId, values] of Object.entries(d.demand)) {
			out.demand[roleId] = patched(base?.demand?.[roleId] ?? {}, values);
		}
	}
	if (dependsOn !== undefined) out.dependsOn = dependsOn;
	if (d.baselineCost !== undefined) out.baselineCost = d.baselineCost;
	if (d.start !== undefined) out.start = d.start;
	if (d.finish !== undefined) out.finish = d.finish;
	return out;
}

/** Plans the write of the accepted rows (`rowId`s) of a diff. */
export function planImportWrite(
	portfolio: Portfolio,
	draft: ImportDraft,
	diff: ImportDiff,
	accepted: ReadonlySet<string>,
	at: string
): ImportWrite {
	const matches = matchProjects(portfolio, draft);
	const byKey = new Map(draft.projects.map((d) => [d.key, d]));
	const byId = new Map(portfolio.projects.map((p) => [p.id, p]));
	const draftKeys = new Set(byKey.keys());
	const projectIds = new Set(byId.keys());
	const acceptedNew = new Set(
		diff.rows.filter((r) => r.kind === 'new' && accepted.has(rowId(r))).map((r) => r.key)
	);
	const write: ImportWrite = {
		kind: draft.kind,
		fileName: draft.fileName,
		at,
		addPeriods: [...draft.addPeriods],
		newRoles: [],
		capacity: draft.capacity,
		add: [],
		update: [],
		gone: [],
		relink: []
	};
	const dependencies = (d: DraftProject) => {
		if (d.dependsOn === undefined) return undefined;
		const { ids } = resolveDependencies(d, matches, draftKeys, projectIds);
		// A new project that is not imported cannot be depended on.
		return ids.filter((id) => !id.startsWith('new-project:') || acceptedNew.has(id.slice(12)));
	};
	for (const row of diff.rows) {
		if (row.kind === 'gone') {
			if (accepted.has(rowId(row)) && row.projectId) {
				write.gone.push({ projectId: row.projectId, name: row.name });
			}
			continue;
		}
		const d = byKey.get(row.key);
		if (!d) continue;
		const dependsOn = dependencies(d);
		if (row.kind === 'new') {
			if (!accepted.has(rowId(row))) continue;
			const demand: Record<string, PerPeriod> = {};
			for (const [roleId, values] of Object.entries(d.demand ?? {})) {
				const clean = fileValues(values);
				if (Object.keys(clean).length > 0) demand[roleId] = clean;
			}
			write.add.push({
				key: d.key,
				draftId: `new-project:${d.key}`,
				...(d.projectId === undefined ? {} : { id: d.projectId }),
				...(d.decision === undefined ? {} : { decision: d.decision }),
				...(d.decisionReason === undefined ? {} : { decisionReason: d.decisionReason }),
				name: d.name,
				description: d.description ?? '',
				sponsor: d.sponsor ?? '',
				status: d.status ?? 'proposed',
				cost: fileValues(d.cost ?? {}),
				demand,
				...(d.baselineCost === undefined ? {} : { baselineCost: d.baselineCost }),
				dependsOn: dependsOn ?? [],
				...(d.linked === false ? {} : { imported: imported(d, dependsOn, undefined) })
			});
			continue;
		}
		const project = row.projectId === null ? undefined : byId.get(row.projectId);
		if (!project) continue;
		const base = project.source?.system === draft.kind ? project.source.imported : undefined;
		const source: ProjectSource = {
			system: draft.kind,
			key: d.key,
			at,
			imported: imported(d, dependsOn, base)
		};
		if (row.kind === 'same' || !accepted.has(rowId(row))) {
			// Unaccepted changes stay offered next time: only a row with none moves the link on.
			if (row.kind === 'same' && d.linked !== false) {
				write.relink.push({ projectId: project.id, source });
			}
			continue;
		}
		const fields = new Set(row.changes.map((c) => c.field));
		const update: UpdatedProject = { projectId: project.id, key: d.key, patch: {} };
		if (d.linked !== false) update.imported = source.imported;
		for (const field of [
			'name',
			'description',
			'sponsor',
			'status',
			'decision',
			'decisionReason'
		] as const) {
			const value = d[field];
			if (fields.has(field) && value !== undefined) {
				(update.patch as Record<string, string>)[field] = value;
			}
		}
		if (fields.has('cost') && d.cost) update.cost = d.cost;
		for (const [roleId, values] of Object.entries(d.demand ?? {})) {
			if (fields.has(`demand:${roleId}`)) (update.demand ??= {})[roleId] = values;
		}
		if (fields.has('dependsOn') && dependsOn !== undefined) update.dependsOn = dependsOn;
		if (fields.has('baselineCost') && d.baselineCost !== undefined) {
			update.baselineCost = d.baselineCost;
		}
		write.update.push(update);
	}
	// Only the new roles that something uses.
	const used = new Set<string>(Object.keys(write.capacity));
	for (const p of write.add) for (const roleId of Object.keys(p.demand)) used.add(roleId);
	for (const u of write.update) for (const roleId of Object.keys(u.demand ?? {})) used.add(roleId);
	write.newRoles = draft.newRoles.filter((r) => used.has(r.id));
	return write;
}

/** "3 new, 5 changed, 1 forced out": what an import did, for the log and the toast. */
export function describeImportWrite(write: ImportWrite): string {
	const parts = [
		write.add.length > 0 ? `${write.add.length} new` : null,
		write.update.length > 0 ? `${write.update.length} changed` : null,
		write.gone.length > 0 ? `${write.gone.length} forced out (not in the file any more)` : null,
		write.newRoles.length > 0
			? `${write.newRoles.length} new ${write.newRoles.length === 1 ? 'role' : 'roles'}`
			: null,
		write.addPeriods.length > 0
			? `${write.addPeriods.length} ${write.addPeriods.length === 1 ? 'period' : 'periods'} added`
			: null
	].filter(Boolean);
	return parts.length > 0 ? parts.join(', ') : 'nothing changed';
}
