import * as Y from 'yjs';
import { applyImport, importPortfolio, read } from './index';
import { emptyPortfolio, parsePortfolio, toPortfolioFile } from '../domain/format';
import { planImportWrite, rowId } from '../domain/import/apply';
import { draftFromCsvPlan } from '../domain/import/csv-draft';
import { diffImport } from '../domain/import/diff';
import { loadImportFile, type LoadedFile } from '../domain/import/load';
import { defaultMapping, IGNORE, mapSource, NEW_ROLE } from '../domain/import/map';
import {
	columnTarget,
	defaultRate,
	sanitizeRemembered,
	type RememberedMapping
} from '../domain/import/remembered';
import {
	describeImportProblem,
	SOURCE_KINDS,
	type ImportDraft,
	type SourceKind
} from '../domain/import/source';
import { guessColumns, planImport, readCsv, type CsvTable } from '../domain/projects-csv';
import type { Portfolio, Role } from '../domain/types';

/**
 * An import into a NEW portfolio, without a person to choose: `cairn convert` and the
 * start page's "Import a file" use it. The file is read as the import dialog reads it, (kind, size and
 * encoding checked; parsed once), mapped with the choices of MAP.json (the same shape
 * the app remembers per kind of file: resources → role names, statuses, outline level,
 * Jira's issue types and rate, columns by header, and `granularity`), every project
 * imported, and the result checked as `cairn/portfolio@1`.
 */

export type ConvertResult =
	{ ok: true; portfolio: Portfolio; notes: string[] } | { ok: false; problems: string[] };

const PERIOD_AT_END = /^(.*\S)\s+(\d{4}-(?:[Qq][1-4]|0[1-9]|1[0-2]))$/;

function slug(text: string): string {
	return (
		text
			.toLowerCase()
			.normalize('NFKD')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 40) || 'role'
	);
}

/** Roles named in a mapping (`resources` targets that are not new/ignore) as roles of a new portfolio. */
function rolesFromNames(names: Iterable<string>): Role[] {
	const roles: Role[] = [];
	const taken = new Set<string>();
	for (const name of names) {
		if (roles.some((r) => r.name === name)) continue;
		let id = `r-${slug(name)}`;
		for (let n = 2; taken.has(id); n++) id = `r-${slug(name)}-${n}`;
		taken.add(id);
		roles.push({ id, name, capacity: {} });
	}
	return roles;
}

/** A new portfolio's periods and roles from a spreadsheet's headers (`cost 2027-Q1`, `Engineers 2027-Q1`). */
function skeletonFromHeaders(name: string, table: CsvTable): Portfolio {
	const periods = new Set<string>();
	const roleNames: string[] = [];
	for (const header of table.headers) {
		const match = PERIOD_AT_END.exec(header.trim());
		if (!match) continue;
		periods.add(match[2].toUpperCase().replace(/-Q/, '-Q'));
		if (match[1].trim().toLowerCase() !== 'cost') roleNames.push(match[1].trim());
	}
	return {
		...emptyPortfolio(name),
		periods: [...periods].sort(),
		roles: rolesFromNames(roleNames)
	};
}

function draftOf(
	loaded: LoadedFile,
	fileName: string,
	remembered: RememberedMapping,
	name: string
): { draft: ImportDraft; skeleton: Portfolio } {
	if (loaded.kind === 'csv' || loaded.kind === 'xlsx') {
		let table: CsvTable;
		if (loaded.kind === 'xlsx') table = loaded.table;
		else {
			const parsed = readCsv(loaded.text);
			if (!parsed.ok) {
				const draft = draftFromCsvPlan({ rows: [], problems: [], items: [] }, 'csv', fileName, {
					projects: []
				});
				return {
					draft: { ...draft, problems: [{ where: null, message: parsed.message }] },
					skeleton: emptyPortfolio(name)
				};
			}
			table = parsed.table;
		}
		const skeleton = skeletonFromHeaders(name, table);
		const guesses = guessColumns(skeleton, table.headers);
		const targets = guesses.map((g, i) => {
			const kept = remembered.columns?.[table.headers[i]];
			return kept ? columnTarget(kept.what, kept.period) : g.target;
		});
		const unresolved = guesses.map((g, i) =>
			remembered.columns?.[table.headers[i]] ? null : g.unresolved
		);
		const plan = planImport({ portfolio: skeleton, table, targets, unresolved });
		return { draft: draftFromCsvPlan(plan, loaded.kind, fileName, skeleton), skeleton };
	}
	const granularity = remembered.granularity ?? 'quarter';
	const estimate = remembered.estimate ?? 'points';
	const read = loaded.read({
		level: remembered.level ?? 1,
		issueTypes: remembered.issueTypes ?? ['Epic'],
		estimate,
		rate: remembered.rate ?? defaultRate(estimate, granularity),
		granularity
	});
	// Resources mapped to a role name become that role (several may share one); the rest new roles.
	const named = Object.values(remembered.resources ?? {}).filter(
		(target) => target !== NEW_ROLE && target !== IGNORE
	);
	const skeleton: Portfolio = { ...emptyPortfolio(name), roles: rolesFromNames(named) };
	const byName = new Map(skeleton.roles.map((r) => [r.name, r.id]));
	const resources = Object.fromEntries(
		Object.entries(remembered.resources ?? {}).map(([key, target]) => [
			key,
			byName.get(target) ?? target
		])
	);
	const mapping = defaultMapping(read, skeleton, loaded.statusOf, { ...remembered, resources });
	return {
		draft: mapSource(read, { ...mapping, outside: 'extend' }, skeleton, fileName),
		skeleton
	};
}

/** The file's name without folders or extension ("plan" for "plans/plan.mspdi.xml"). */
function baseName(fileName: string): string {
	const last = fileName.split(/[\\/]/).pop() ?? fileName;
	return last.replace(/\.[^.]*$/, '').replace(/\.(mspdi|cairn)$/, '') || 'Imported portfolio';
}

export async function convertToPortfolio(
	filePath: string,
	bytes: Uint8Array,
	options: { from?: SourceKind; mapping?: unknown; by?: string } = {}
): Promise<ConvertResult> {
	const fileName = filePath.split(/[\\/]/).pop() ?? filePath;
	const loaded = await loadImportFile(fileName, bytes, options.from);
	if (!loaded.ok) return { ok: false, problems: [describeImportProblem(loaded.problem)] };
	const remembered = sanitizeRemembered(options.mapping);
	const name = baseName(fileName);
	const { draft, skeleton } = draftOf(loaded.file, fileName, remembered, name);
	if (draft.problems.length > 0) {
		return { ok: false, problems: draft.problems.map(describeImportProblem) };
	}
	const doc = importPortfolio(new Y.Doc(), skeleton);
	const diff = diffImport(skeleton, draft);
	const accepted = new Set(diff.rows.filter((r) => r.kind !== 'same').map(rowId));
	const write = planImportWrite(skeleton, draft, diff, accepted, new Date().toISOString());
	const result = applyImport(doc, write, { by: options.by ?? '' });
	const portfolio = read(doc);
	// The output must be a valid file: what the pipeline wrote is checked as any import is.
	const checked = parsePortfolio(JSON.parse(JSON.stringify(toPortfolioFile(portfolio))));
	if (!checked.ok) {
		return { ok: false, problems: checked.errors.map((e) => `${e.path}: ${e.message}`) };
	}
	const notes = [...loaded.file.notes, ...draft.notes];
	if (result.skipped.length > 0)
		notes.push(`dependencies left out (a cycle): ${result.skipped.join(', ')}`);
	return { ok: true, portfolio: checked.portfolio, notes };
}

export function isSourceKind(value: string): value is SourceKind {
	return (SOURCE_KINDS as readonly string[]).includes(value);
}
