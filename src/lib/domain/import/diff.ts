import { canTransition, isGateStage, STAGE_NAME } from '../gates';
import type {
	Decision,
	ImportedValues,
	PerPeriod,
	PeriodId,
	Portfolio,
	Project,
	ProjectStatus
} from '../types';
import type { DraftProject, ImportDraft, SourceKind } from './source';

/**
 * The preview of an import: per project of the file, what would change in Cairn, next
 * to what Cairn changed itself since the last import. A three-way comparison: the file
 * now, Cairn now, and what the file said last time (kept on each imported project as
 * `source.imported`). A field the file did not change keeps Cairn's edit; a field both
 * changed is a conflict the person decides (its row is not accepted by default).
 */

export type RowKind = 'new' | 'changed' | 'same' | 'gone';

/** One field of a project that the import would change. */
export interface FieldChange {
	/** `name`, `status`, `cost`, `demand:<role id>`, `dependsOn`, `baselineCost`, `dates`… */
	field: string;
	/** How the preview names it: "Cost", "Engineering (FTE)". */
	label: string;
	/** Cairn's value now, in words. */
	cairn: string;
	/** The file's value, in words. */
	file: string;
	/** Cairn changed this field since the last import too. */
	conflict: boolean;
}

export interface DiffRow {
	key: string;
	where: string;
	/** The Cairn project it updates; null for a new one. */
	projectId: string | null;
	name: string;
	kind: RowKind;
	changes: FieldChange[];
	/** What stays as Cairn has it, and why ("Cost: changed in Cairn, not in the file"). */
	kept: string[];
	/** Whether the preview ticks the row at first: new and changed rows without a conflict. */
	accept: boolean;
}

export interface ImportDiff {
	kind: SourceKind;
	rows: DiffRow[];
	counts: Record<RowKind, number>;
}

const TOLERANCE = 1e-9;

function normalise(text: string): string {
	return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Which Cairn project each draft project updates (by source key, reader's id, then name). */
export function matchProjects(
	portfolio: Pick<Portfolio, 'projects'>,
	draft: Pick<ImportDraft, 'kind' | 'projects'>
): Map<string, string> {
	const bySource = new Map<string, string>();
	const byName = new Map<string, string[]>();
	const ids = new Set<string>();
	for (const p of portfolio.projects) {
		ids.add(p.id);
		if (p.source?.system === draft.kind) bySource.set(p.source.key, p.id);
		else {
			const key = normalise(p.name);
			byName.set(key, [...(byName.get(key) ?? []), p.id]);
		}
	}
	const taken = new Set<string>();
	const matches = new Map<string, string>();
	const claim = (key: string, id: string | undefined) => {
		if (id === undefined || taken.has(id)) return false;
		matches.set(key, id);
		taken.add(id);
		return true;
	};
	for (const d of draft.projects) {
		if (d.projectId !== undefined && ids.has(d.projectId)) claim(d.key, d.projectId);
		else claim(d.key, bySource.get(d.key));
	}
	for (const d of draft.projects) {
		if (matches.has(d.key)) continue;
		const named = byName.get(normalise(d.name)) ?? [];
		if (named.length === 1) claim(d.key, named[0]);
	}
	return matches;
}

/** Values of a per-period record after a patch (null clears a period). */
export function patched(
	values: PerPeriod,
	patch: Record<PeriodId, number | null> | undefined
): PerPeriod {
	const out: PerPeriod = { ...values };
	for (const [period, value] of Object.entries(patch ?? {})) {
		if (value === null || value === 0) delete out[period];
		else out[period] = value;
	}
	return out;
}

/** The non-empty values of a patch: what the file says. */
export function fileValues(patch: Record<PeriodId, number | null>): PerPeriod {
	return patched({}, patch);
}

export function samePerPeriod(a: PerPeriod | undefined, b: PerPeriod | undefined): boolean {
	const left = a ?? {};
	const right = b ?? {};
	for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
		if (Math.abs((left[key] ?? 0) - (right[key] ?? 0)) > TOLERANCE) return false;
	}
	return true;
}

function sameSet(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
	const left = new Set(a ?? []);
	const right = new Set(b ?? []);
	return left.size === right.size && [...left].every((x) => right.has(x));
}

const WHOLE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const FTE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** "1,200,000 over 2027-Q1 – 2027-Q3", "none". */
export function describeAmounts(values: PerPeriod, unit: 'money' | 'fte'): string {
	const periods = Object.keys(values)
		.filter((p) => values[p] !== 0)
		.sort();
	if (periods.length === 0) return 'none';
	const span = periods.length === 1 ? periods[0] : `${periods[0]} – ${periods.at(-1)}`;
	if (unit === 'money') {
		const total = periods.reduce((sum, p) => sum + values[p], 0);
		return `${WHOLE.format(total)} over ${span}`;
	}
	const peak = Math.max(...periods.map((p) => values[p]));
	return `up to ${FTE.format(peak)} FTE over ${span}`;
}

const DECISION_WORD: Record<Decision, string> = {
	auto: 'By rank',
	in: 'Forced in',
	out: 'Forced out'
};

interface Compare {
	field: string;
	label: string;
	file: unknown;
	cairn: unknown;
	base: unknown;
	same: (a: unknown, b: unknown) => boolean;
	show: (value: unknown) => string;
	/** What the preview shows, when the compared values are only part of it. */
	shown?: { file: unknown; cairn: unknown };
}

/**
 * The changes an import makes to one project: three-way per field. Returns the changes
 * and the fields where Cairn's own edit is kept.
 */
function compareFields(list: Compare[]): { changes: FieldChange[]; kept: string[] } {
	const changes: FieldChange[] = [];
	const kept: string[] = [];
	for (const c of list) {
		if (c.file === undefined || c.same(c.file, c.cairn)) continue;
		const hasBase = c.base !== undefined;
		if (hasBase && c.same(c.file, c.base)) {
			kept.push(`${c.label}: changed in Cairn, not in the file`);
			continue;
		}
		changes.push({
			field: c.field,
			label: c.label,
			cairn: c.show(c.shown ? c.shown.cairn : c.cairn),
			file: c.show(c.shown ? c.shown.file : c.file),
			conflict: hasBase && !c.same(c.cairn, c.base)
		});
	}
	return { changes, kept };
}

const sameText = (a: unknown, b: unknown) => a === b;
const showText = (v: unknown) => (v === '' || v === undefined ? '(empty)' : String(v));

/** The project ids a draft's dependencies name (new projects as `new-project:<key>`), and the unknown keys. */
export function resolveDependencies(
	draft: DraftProject,
	matches: Map<string, string>,
	draftKeys: Set<string>,
	projectIds: Set<string>
): { ids: string[]; unknown: string[] } {
	const ids: string[] = [];
	const unknown: string[] = [];
	for (const key of draft.dependsOn ?? []) {
		const matched = matches.get(key);
		if (matched !== undefined) ids.push(matched);
		else if (draftKeys.has(key)) ids.push(newProjectId(key));
		else if (projectIds.has(key)) ids.push(key);
		else unknown.push(key);
	}
	return { ids, unknown };
}

/** The id a new project has in a preview, until the write gives it a real one. */
export function newProjectId(key: string): string {
	return `new-project:${key}`;
}

/**
 * Compares a draft with the portfolio. `roleName` names roles (the draft's new ones
 * included) in the labels.
 */
export function diffImport(portfolio: Portfolio, draft: ImportDraft): ImportDiff {
	const matches = matchProjects(portfolio, draft);
	const byId = new Map(portfolio.projects.map((p) => [p.id, p]));
	const roleNames = new Map<string, string>([
		...portfolio.roles.map((r) => [r.id, r.name] as const),
		...draft.newRoles.map((r) => [r.id, `${r.name} (new role)`] as const)
	]);
	const names = new Map<string, string>(portfolio.projects.map((p) => [p.id, p.name]));
	for (const d of draft.projects) names.set(newProjectId(d.key), d.name);
	const showIds = (v: unknown) =>
		(v as string[]).length === 0
			? 'none'
			: (v as string[]).map((id) => `'${names.get(id) ?? id}'`).join(', ');
	const draftKeys = new Set(draft.projects.map((d) => d.key));
	const projectIds = new Set(portfolio.projects.map((p) => p.id));

	const rows: DiffRow[] = draft.projects.map((d) => {
		const projectId = matches.get(d.key) ?? null;
		const project = projectId === null ? undefined : byId.get(projectId);
		const deps = resolveDependencies(d, matches, draftKeys, projectIds);
		const kept: string[] = deps.unknown.map(
			(key) => `Depends on '${key}', which is not in the file or the portfolio: left out`
		);
		if (!project) {
			return {
				key: d.key,
				where: d.where,
				projectId: null,
				name: d.name,
				kind: 'new',
				changes: newProjectChanges(d, deps.ids, roleNames, showIds),
				kept,
				accept: true
			};
		}
		const base = project.source?.system === draft.kind ? project.source.imported : undefined;
		const list = fieldComparisons(project, d, base, deps.ids, roleNames, showIds);
		const { changes, kept: keptFields } = compareFields(list);
		kept.push(...keptFields);
		if (d.status !== undefined && d.status !== project.status) {
			const change = changes.find((c) => c.field === 'status');
			const blocked = isGateStage(d.status)
				? `moving to ${STAGE_NAME[d.status]} goes through its gate: use Gates`
				: !canTransition(project.status, d.status)
					? `a project cannot move from ${STAGE_NAME[project.status]} to ${STAGE_NAME[d.status]}`
					: null;
			if (change && blocked) {
				changes.splice(changes.indexOf(change), 1);
				kept.push(`Status ${STAGE_NAME[d.status]} in the file: ${blocked}`);
			}
		}
		return {
			key: d.key,
			where: d.where,
			projectId: project.id,
			name: project.name,
			kind: changes.length > 0 ? 'changed' : 'same',
			changes,
			kept,
			accept: changes.length > 0 && changes.every((c) => !c.conflict)
		};
	});

	const matched = new Set(matches.values());
	for (const p of portfolio.projects) {
		if (p.source?.system !== draft.kind || matched.has(p.id) || draftKeys.has(p.source.key))
			continue;
		if (p.decision === 'out') continue;
		rows.push({
			key: p.source.key,
			where: p.source.at ? `imported ${p.source.at.slice(0, 10)}` : 'imported before',
			projectId: p.id,
			name: p.name,
			kind: 'gone',
			changes: [
				{
					field: 'decision',
					label: 'Decision',
					cairn: p.decision === 'in' ? 'Forced in' : 'By rank',
					file: 'Forced out (not in the file any more)',
					conflict: false
				}
			],
			kept: ['Scores, contributions, risks and decisions stay'],
			accept: false
		});
	}
	const counts: Record<RowKind, number> = { new: 0, changed: 0, same: 0, gone: 0 };
	for (const row of rows) counts[row.kind] += 1;
	return { kind: draft.kind, rows, counts };
}

function fieldComparisons(
	project: Project,
	d: DraftProject,
	base: ImportedValues | undefined,
	dependsOn: string[],
	roleNames: Map<string, string>,
	showIds: (v: unknown) => string
): Compare[] {
	const list: Compare[] = [];
	for (const [field, label] of [
		['name', 'Name'],
		['description', 'Description'],
		['sponsor', 'Sponsor']
	] as const) {
		list.push({
			field,
			label,
			file: d[field],
			cairn: project[field],
			base: base?.[field],
			same: sameText,
			show: showText
		});
	}
	list.push({
		field: 'decision',
		label: 'Decision',
		file: d.decision,
		cairn: project.decision,
		base: undefined,
		same: sameText,
		show: (v) => DECISION_WORD[v as Decision] ?? String(v)
	});
	list.push({
		field: 'decisionReason',
		label: 'Decision reason',
		file: d.decisionReason,
		cairn: project.decisionReason,
		base: undefined,
		same: sameText,
		show: showText
	});
	list.push({
		field: 'status',
		label: 'Status',
		file: d.status,
		cairn: project.status,
		base: base?.status,
		same: sameText,
		show: (v) => STAGE_NAME[v as ProjectStatus] ?? String(v)
	});
	const samePP = (a: unknown, b: unknown) => samePerPeriod(a as PerPeriod, b as PerPeriod);
	// Amounts are compared over the periods the file speaks of (all of the portfolio's
	// for a complete plan, the mapped columns for a CSV) and shown whole.
	const amounts = (
		field: string,
		label: string,
		patch: Record<PeriodId, number | null>,
		cairn: PerPeriod,
		before: PerPeriod | undefined,
		unit: 'money' | 'fte'
	): Compare => ({
		field,
		label,
		file: fileValues(patch),
		cairn: within(cairn, patch),
		base: before === undefined ? undefined : within(before, patch),
		same: samePP,
		show: (v) => describeAmounts(v as PerPeriod, unit),
		shown: { file: patched(cairn, patch), cairn }
	});
	if (d.cost) list.push(amounts('cost', 'Cost', d.cost, project.cost, base?.cost, 'money'));
	for (const [roleId, patch] of Object.entries(d.demand ?? {})) {
		const label = `${roleNames.get(roleId) ?? roleId} (FTE)`;
		const before = base?.demand === undefined ? undefined : (base.demand[roleId] ?? {});
		list.push(
			amounts(`demand:${roleId}`, label, patch, project.demand[roleId] ?? {}, before, 'fte')
		);
	}
	if (d.dependsOn !== undefined) {
		list.push({
			field: 'dependsOn',
			label: 'Depends on',
			file: dependsOn,
			cairn: project.dependsOn,
			base: base?.dependsOn,
			same: (a, b) => sameSet(a as string[], b as string[]),
			show: showIds
		});
	}
	list.push({
		field: 'baselineCost',
		label: 'Baseline cost',
		file: d.baselineCost,
		cairn: project.baselineCost,
		base: base?.baselineCost,
		same: (a, b) => a === b,
		show: (v) => (v === undefined ? 'none' : WHOLE.format(v as number))
	});
	if (d.start !== undefined || d.finish !== undefined) {
		const file = `${d.start ?? '?'} – ${d.finish ?? '?'}`;
		const before =
			base?.start !== undefined || base?.finish !== undefined
				? `${base?.start ?? '?'} – ${base?.finish ?? '?'}`
				: undefined;
		if (before !== undefined && before !== file) {
			list.push({
				field: 'dates',
				label: 'Dates',
				file,
				cairn: before,
				base: undefined,
				same: sameText,
				show: showText
			});
		}
	}
	return list;
}

/** The values of the periods a patch speaks of. */
function within(values: PerPeriod, patch: Record<PeriodId, number | null>): PerPeriod {
	const out: PerPeriod = {};
	for (const period of Object.keys(patch)) {
		if (values[period] !== undefined && values[period] !== 0) out[period] = values[period];
	}
	return out;
}

function newProjectChanges(
	d: DraftProject,
	dependsOn: string[],
	roleNames: Map<string, string>,
	showIds: (v: unknown) => string
): FieldChange[] {
	const changes: FieldChange[] = [];
	const add = (field: string, label: string, file: string) =>
		changes.push({ field, label, cairn: '', file, conflict: false });
	if (d.status) add('status', 'Status', STAGE_NAME[d.status]);
	if (d.decision) add('decision', 'Decision', DECISION_WORD[d.decision]);
	if (d.cost) add('cost', 'Cost', describeAmounts(fileValues(d.cost), 'money'));
	for (const [roleId, patch] of Object.entries(d.demand ?? {})) {
		const values = fileValues(patch);
		if (Object.keys(values).length === 0) continue;
		add(
			`demand:${roleId}`,
			`${roleNames.get(roleId) ?? roleId} (FTE)`,
			describeAmounts(values, 'fte')
		);
	}
	if (dependsOn.length > 0) add('dependsOn', 'Depends on', showIds(dependsOn));
	if (d.baselineCost !== undefined)
		add('baselineCost', 'Baseline cost', WHOLE.format(d.baselineCost));
	return changes;
}
