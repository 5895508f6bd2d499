import {
	PROJECT_STATUSES,
	type PerPeriod,
	type PeriodId,
	type Portfolio,
	type ProjectStatus
} from '../types';
import {
	granularityOf,
	periodBounds,
	periodsBetween,
	type Granularity,
	type DraftProject,
	type DraftRole,
	type ImportDraft,
	type ImportProblem,
	type SourceRead
} from './source';

/**
 * The mapping step: a file read (`SourceRead`) becomes an `ImportDraft` in this
 * portfolio's ids. Resources become roles (an existing one, a new one named like the
 * resource, or nothing), the source's status words become Cairn's statuses, amounts
 * outside the portfolio's periods extend the periods or are clipped (and said so).
 */

/** What a resource's work becomes: a role id, a new role, or nothing. */
export type ResourceTarget = string | typeof NEW_ROLE | typeof IGNORE;
export const NEW_ROLE = 'new';
export const IGNORE = 'ignore';

/** The id a role created by the import has in a draft, until the write gives it a real one. */
export function draftRoleId(resourceKey: string): string {
	return `new-role:${resourceKey}`;
}

export interface SourceMapping {
	/** Resource key → role id, `new` or `ignore`. */
	resources: Record<string, ResourceTarget>;
	/** The source's status word → Cairn's status. */
	statuses: Record<string, ProjectStatus>;
	/** Take each resource's max units as its role's capacity in every period of the draft. */
	capacity: boolean;
	/** Amounts in periods the portfolio lacks: add the periods, or leave the amounts out. */
	outside: 'extend' | 'clip';
}

/** Every period from the earliest to the latest of `periods`. */
function contiguous(periods: readonly PeriodId[], granularity: Granularity): PeriodId[] {
	const sorted = [...periods].sort();
	return periodsBetween(
		periodBounds(sorted[0]).first,
		periodBounds(sorted[sorted.length - 1]).first,
		granularity
	);
}

function normalise(text: string): string {
	return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The mapping the step starts from: a resource goes to the role of the same name (else
 * a new role), a status word to the status the source's table gives (`statusOf`), what
 * the person chose for this kind of file last time (`remembered`) wins over both, except
 * a remembered new role: the role of that name is there now, and a re-import uses it.
 */
export function defaultMapping(
	read: SourceRead,
	portfolio: Pick<Portfolio, 'roles'>,
	statusOf: (word: string) => ProjectStatus,
	remembered?: Partial<SourceMapping>
): SourceMapping {
	const roleIds = new Set(portfolio.roles.map((r) => r.id));
	const resources: Record<string, ResourceTarget> = {};
	const taken = new Set<string>();
	for (const resource of read.resources) {
		const kept = remembered?.resources?.[resource.key];
		// Two roles may share a name: each resource of that name takes the next one.
		const named = portfolio.roles.filter((r) => normalise(r.name) === normalise(resource.name));
		const byName = named.find((r) => !taken.has(r.id)) ?? named[0];
		if (byName) taken.add(byName.id);
		// A remembered "new role" was made by the last import: this time it is that role.
		resources[resource.key] =
			kept !== undefined && kept !== NEW_ROLE && (kept === IGNORE || roleIds.has(kept))
				? kept
				: (byName?.id ?? NEW_ROLE);
	}
	const statuses: Record<string, ProjectStatus> = {};
	for (const word of statusWords(read)) {
		const kept = remembered?.statuses?.[word];
		statuses[word] = kept && PROJECT_STATUSES.includes(kept) ? kept : statusOf(word);
	}
	return {
		resources,
		statuses,
		capacity: remembered?.capacity ?? false,
		outside: remembered?.outside ?? 'extend'
	};
}

/**
 * The mapping to remember after an import: resources that went to "a new role" now go to
 * the role the import created (`created`: draft role id → real id), so that the next
 * file of the kind does not create it again.
 */
export function settledMapping<T extends { resources?: Record<string, ResourceTarget> }>(
	mapping: T,
	created: ReadonlyMap<string, string>
): T {
	if (!mapping.resources) return mapping;
	const resources: Record<string, ResourceTarget> = {};
	for (const [key, target] of Object.entries(mapping.resources)) {
		resources[key] = target === NEW_ROLE ? (created.get(draftRoleId(key)) ?? target) : target;
	}
	return { ...mapping, resources };
}

/** Every distinct status word the projects use, in file order. */
export function statusWords(read: SourceRead): string[] {
	const words = new Set<string>();
	for (const p of read.projects) if (p.status !== undefined && p.status !== '') words.add(p.status);
	return [...words];
}

/**
 * Maps a file read onto the portfolio. Amounts are set for every period of the
 * portfolio (0 where the file has none, as null: cleared), so a re-import replaces a
 * project's plan rather than mixing two; periods outside are added or clipped.
 */
export function mapSource(
	read: SourceRead,
	mapping: SourceMapping,
	portfolio: Pick<Portfolio, 'roles' | 'periods'>,
	fileName: string
): ImportDraft {
	const problems: ImportProblem[] = [...read.problems];
	const notes = [...read.notes];
	const known = new Set(portfolio.periods);
	const outside = read.periods.filter((p) => !known.has(p));
	const fileGranularity =
		read.periods.length > 0 ? granularityOf(read.periods) : granularityOf(portfolio.periods);
	// A new portfolio (no periods yet) plans in the file's periods.
	const granularity =
		portfolio.periods.length > 0 ? granularityOf(portfolio.periods) : fileGranularity;
	if (fileGranularity !== granularity) {
		problems.push({
			where: null,
			message: `the file was read in ${fileGranularity}s but the portfolio plans in ${granularity}s`
		});
	}
	// Extending keeps the periods contiguous: the gap up to the file's periods is added too.
	const addPeriods =
		mapping.outside === 'extend' && outside.length > 0
			? contiguous([...portfolio.periods, ...outside], granularity).filter((p) => !known.has(p))
			: [];
	const periods = new Set([...portfolio.periods, ...addPeriods]);
	let clipped = 0;
	const clip = (values: PerPeriod | undefined): Record<string, number | null> | undefined => {
		if (!values) return undefined;
		const out: Record<string, number | null> = {};
		for (const p of periods) out[p] = null;
		for (const [period, value] of Object.entries(values)) {
			if (!periods.has(period)) {
				if (value !== 0) clipped += 1;
				continue;
			}
			out[period] = value === 0 ? null : value;
		}
		return out;
	};

	const newRoles: DraftRole[] = [];
	const roleOf = new Map<string, string | null>();
	for (const resource of read.resources) {
		const target = mapping.resources[resource.key] ?? NEW_ROLE;
		if (target === IGNORE) roleOf.set(resource.key, null);
		else if (target === NEW_ROLE) {
			const id = draftRoleId(resource.key);
			newRoles.push({ id, name: resource.name });
			roleOf.set(resource.key, id);
		} else if (portfolio.roles.some((r) => r.id === target)) roleOf.set(resource.key, target);
		else {
			problems.push({
				where: `resource '${resource.name}'`,
				message: `mapped to a role that is no longer in the portfolio: choose another`
			});
			roleOf.set(resource.key, null);
		}
	}

	const projects: DraftProject[] = read.projects.map((source) => {
		const draft: DraftProject = { key: source.key, where: source.where, name: source.name };
		for (const field of ['description', 'sponsor', 'start', 'finish'] as const) {
			if (source[field] !== undefined) draft[field] = source[field];
		}
		if (source.baselineCost !== undefined) draft.baselineCost = source.baselineCost;
		if (source.dependsOn !== undefined) draft.dependsOn = [...source.dependsOn];
		if (source.status !== undefined && source.status !== '') {
			draft.status = mapping.statuses[source.status] ?? 'proposed';
		}
		draft.cost = clip(source.cost);
		if (source.work) {
			const demand: Record<string, PerPeriod> = {};
			for (const [resourceKey, perPeriod] of Object.entries(source.work)) {
				const roleId = roleOf.get(resourceKey);
				if (!roleId) continue;
				const sum = (demand[roleId] ??= {});
				for (const [period, fte] of Object.entries(perPeriod)) {
					sum[period] = (sum[period] ?? 0) + fte;
				}
			}
			draft.demand = {};
			// Only the roles some resource maps to: a role the file knows nothing of keeps its plan.
			const mapped = new Set([...roleOf.values()].filter((id): id is string => id !== null));
			for (const roleId of mapped) {
				const values = clip(demand[roleId] ?? {});
				if (values) draft.demand[roleId] = values;
			}
		}
		return draft;
	});
	if (clipped > 0) {
		notes.push(
			`${clipped} ${clipped === 1 ? 'amount falls' : 'amounts fall'} outside the portfolio's periods (${outside.join(', ')}) and ${clipped === 1 ? 'is' : 'are'} left out`
		);
	}

	const capacity: Record<string, PerPeriod> = {};
	if (mapping.capacity) {
		for (const resource of read.resources) {
			const roleId = roleOf.get(resource.key);
			if (!roleId || resource.maxUnits === null) continue;
			const perPeriod = (capacity[roleId] ??= {});
			for (const period of periods) {
				perPeriod[period] = (perPeriod[period] ?? 0) + resource.maxUnits;
			}
		}
	}
	if (read.projects.length === 0 && problems.length === 0) {
		problems.push({ where: null, message: 'the file holds no project to import' });
	}
	return {
		kind: read.kind,
		fileName,
		projects,
		newRoles,
		capacity,
		addPeriods: [...addPeriods].sort(),
		problems,
		notes
	};
}
