import {
	PROJECT_STATUSES,
	type ImportedValues,
	type PerPeriod,
	type ProjectSource,
	type ProjectStatus
} from '../types';
import { SOURCE_KINDS, type SourceKind } from './source';

/**
 * Reads an imported project's link to its source (`Project.source`) from untrusted
 * data (a doc value written by any peer, a `*.cairn.json` file): the shape is checked,
 * values that are not what they claim are left out, and a value that is not a link at
 * all gives null. Pure.
 */
export function sanitizeSource(value: unknown): ProjectSource | null {
	if (!isRecord(value)) return null;
	const { system, key, at, imported } = value;
	if (!SOURCE_KINDS.includes(system as SourceKind)) return null;
	if (typeof key !== 'string' || key === '' || key.length > 500) return null;
	if (!isRecord(imported) || typeof imported.name !== 'string') return null;
	const out: ImportedValues = { name: imported.name };
	for (const field of ['description', 'sponsor', 'start', 'finish'] as const) {
		if (typeof imported[field] === 'string') out[field] = imported[field] as string;
	}
	if (PROJECT_STATUSES.includes(imported.status as ProjectStatus)) {
		out.status = imported.status as ProjectStatus;
	}
	const cost = perPeriod(imported.cost);
	if (cost) out.cost = cost;
	if (isRecord(imported.demand)) {
		const demand: Record<string, PerPeriod> = {};
		for (const [roleId, values] of Object.entries(imported.demand)) {
			const clean = perPeriod(values);
			if (clean) demand[roleId] = clean;
		}
		out.demand = demand;
	}
	if (Array.isArray(imported.dependsOn)) {
		out.dependsOn = imported.dependsOn.filter((id): id is string => typeof id === 'string');
	}
	if (isAmount(imported.baselineCost)) out.baselineCost = imported.baselineCost;
	return {
		system: system as SourceKind,
		key,
		at: typeof at === 'string' ? at : '',
		imported: out
	};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAmount(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function perPeriod(value: unknown): PerPeriod | null {
	if (!isRecord(value)) return null;
	const out: PerPeriod = {};
	for (const [period, amount] of Object.entries(value)) if (isAmount(amount)) out[period] = amount;
	return out;
}
