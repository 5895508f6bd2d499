import {
	acceptedByDefault,
	planImportWrite,
	rowId,
	rowSet,
	type ImportWrite
} from '$lib/domain/import/apply';
import { draftFromCsvPlan } from '$lib/domain/import/csv-draft';
import { diffImport, type DiffRow, type ImportDiff } from '$lib/domain/import/diff';
import {
	defaultMapping,
	IGNORE,
	mapSource,
	NEW_ROLE,
	type ResourceTarget,
	type SourceMapping
} from '$lib/domain/import/map';
import {
	describeImportProblem,
	granularityOf,
	type ImportDraft,
	type SourceKind,
	type SourceRead
} from '$lib/domain/import/source';
import type { Portfolio, ProjectStatus } from '$lib/domain/types';
import { CsvImportState } from './csv-import.svelte';
import {
	defaultRate,
	sanitizeRemembered,
	type ColumnWhat,
	type RememberedMapping
} from '$lib/domain/import/remembered';
import { loadImportFile, type LoadedFile, type ReadOptions } from '$lib/domain/import/load';

/**
 * Importing projects from another tool's file, without a DOM: the pipeline of
 * domain/import (read → map → validate → preview → apply) with the person's choices.
 * One class for every kind of file: MS Project XML, a Jira CSV export, an Excel sheet
 * or Cairn's own CSV columns (whose column mapping is `CsvImportState`).
 */

export interface ImportOptions {
	portfolio: () => Portfolio;
	/** The mapping remembered for a kind of file, as stored (untrusted). */
	remembered: (kind: SourceKind) => unknown;
	/** Writes the import as ONE undoable transaction; returns what it did in words. Throws to refuse. */
	write: (write: ImportWrite, mapping: RememberedMapping) => string;
	/** The date-time of the import (tests fix it). */
	now?: () => string;
}

export class ImportState {
	#options: ImportOptions;
	/** The chosen file's name. */
	fileName = $state('');
	/** Why the file cannot be imported at all (its kind, size, encoding, structure). */
	failure = $state('');
	/** Set after the import ("3 new, 5 changed"). */
	result = $state('');
	loading = $state(false);
	#loaded = $state.raw<LoadedFile | null>(null);
	#remembered = $state.raw<RememberedMapping>({});

	/** MS Project: which outline level is a project, or the whole file. */
	level = $state<number | 'file'>(1);
	/** Jira: the issue types that become projects. */
	issueTypes = $state<string[]>(['Epic']);
	estimate = $state<'points' | 'hours'>('points');
	/** Jira: points or hours one FTE delivers per period. */
	rate = $state(60);
	/** Excel: the sheet read. */
	sheet = $state('');

	/** Resource key → role id, `new` or `ignore`. */
	resources = $state<Record<string, ResourceTarget>>({});
	statuses = $state<Record<string, ProjectStatus>>({});
	capacity = $state(false);
	outside = $state<'extend' | 'clip'>('extend');
	/** Rows (`rowId`) the person accepts. */
	accepted = $state.raw<ReadonlySet<string>>(rowSet());

	/** The column mapping of spreadsheets (Cairn's CSV columns, an Excel sheet). */
	readonly columns: CsvImportState;

	constructor(options: ImportOptions) {
		this.#options = options;
		this.columns = new CsvImportState({ portfolio: options.portfolio });
	}

	get kind(): SourceKind | null {
		return this.#loaded?.kind ?? null;
	}

	/** The sheets of an Excel workbook. */
	get sheets(): string[] {
		return this.#loaded?.kind === 'xlsx' ? this.#loaded.sheets : [];
	}

	#readOptions = $derived.by((): ReadOptions => ({
		level: this.level,
		issueTypes: this.issueTypes,
		estimate: this.estimate,
		rate: this.rate,
		granularity: granularityOf(this.#options.portfolio().periods)
	}));

	#read = $derived.by((): SourceRead | null => {
		const loaded = this.#loaded;
		if (!loaded || loaded.kind === 'csv' || loaded.kind === 'xlsx') return null;
		return loaded.read(this.#readOptions);
	});

	/** The file as read (MS Project, Jira), before it is mapped. */
	get read(): SourceRead | null {
		return this.#read;
	}

	get mapping(): SourceMapping {
		return {
			resources: this.resources,
			statuses: this.statuses,
			capacity: this.capacity,
			outside: this.outside
		};
	}

	#draft = $derived.by((): ImportDraft | null => {
		const loaded = this.#loaded;
		if (!loaded) return null;
		const portfolio = this.#options.portfolio();
		if (loaded.kind === 'csv' || loaded.kind === 'xlsx') {
			const plan = this.columns.plan;
			if (!plan) return null;
			return draftFromCsvPlan(plan, loaded.kind, this.fileName, portfolio);
		}
		const read = this.#read;
		return read ? mapSource(read, this.mapping, portfolio, this.fileName) : null;
	});

	/** What the import would write, before it is compared with the portfolio. */
	get draft(): ImportDraft | null {
		return this.#draft;
	}

	#diff = $derived.by((): ImportDiff | null => {
		const draft = this.#draft;
		if (!draft || draft.problems.length > 0) return null;
		return diffImport(this.#options.portfolio(), draft);
	});

	/** The preview: per project, what changes. Null while there are problems. */
	get diff(): ImportDiff | null {
		return this.#diff;
	}

	/** Every problem in one line each; the import waits until there is none. */
	get problems(): string[] {
		if (this.failure) return [];
		const loaded = this.#loaded;
		if ((loaded?.kind === 'csv' || loaded?.kind === 'xlsx') && this.columns.table?.ok === false) {
			return [this.columns.table.message];
		}
		return (this.#draft?.problems ?? []).map(describeImportProblem);
	}

	get notes(): string[] {
		return [...(this.#loaded?.notes ?? []), ...(this.#draft?.notes ?? [])];
	}

	/** How many accepted rows would change something. */
	get acceptedCount(): number {
		return (
			this.#diff?.rows.filter((r) => r.kind !== 'same' && this.accepted.has(rowId(r))).length ?? 0
		);
	}

	get canImport(): boolean {
		return this.#diff !== null && this.acceptedCount > 0;
	}

	/** Reads a chosen file: its kind, size and encoding are checked before anything else. */
	async load(fileName: string, bytes: Uint8Array): Promise<void> {
		this.fileName = fileName;
		this.failure = '';
		this.result = '';
		this.loading = true;
		this.#loaded = null;
		try {
			const loaded = await loadImportFile(fileName, bytes);
			if (!loaded.ok) {
				this.failure = describeImportProblem(loaded.problem);
				return;
			}
			this.#remembered = sanitizeRemembered(this.#options.remembered(loaded.file.kind));
			this.#applyRemembered(loaded.file);
			this.#loaded = loaded.file;
			if (loaded.file.kind === 'csv') this.columns.load(fileName, loaded.file.text);
			if (loaded.file.kind === 'xlsx') {
				this.sheet = loaded.file.sheet;
				this.columns.loadTable(fileName, loaded.file.table);
			}
			this.#rememberColumns();
			this.#guessMapping();
		} finally {
			this.loading = false;
		}
	}

	/** Reads another sheet of the workbook. */
	async chooseSheet(sheet: string): Promise<void> {
		const loaded = this.#loaded;
		if (loaded?.kind !== 'xlsx') return;
		const { readXlsx } = await import('$lib/domain/import/xlsx');
		const next = await readXlsx(loaded.bytes, sheet);
		if (!next.ok) {
			this.failure = describeImportProblem(next.problem);
			return;
		}
		this.failure = '';
		this.sheet = next.sheet;
		this.#loaded = { ...loaded, sheet: next.sheet, table: next.table };
		this.columns.loadTable(this.fileName, next.table);
		this.#rememberColumns();
		this.#resetAccepted();
	}

	#applyRemembered(file: LoadedFile): void {
		const r = this.#remembered;
		this.level = r.level ?? 1;
		if (file.kind === 'jira-csv') {
			this.estimate = r.estimate ?? 'points';
			this.issueTypes = r.issueTypes ?? ['Epic'];
			const granularity = granularityOf(this.#options.portfolio().periods);
			this.rate = r.rate ?? defaultRate(this.estimate, granularity);
		}
		this.capacity = r.capacity ?? false;
		this.outside = r.outside ?? 'extend';
	}

	/** A spreadsheet's columns as the person mapped them last time, where the headers match. */
	#rememberColumns(): void {
		const columns = this.#remembered.columns;
		if (!columns) return;
		const portfolio = this.#options.portfolio();
		this.columns.mappings.forEach((mapping, i) => {
			const kept = columns[mapping.header];
			if (!kept) return;
			const role = kept.what.startsWith('role:') ? kept.what.slice(5) : null;
			if (role !== null && !portfolio.roles.some((r) => r.id === role)) return;
			if (kept.period && !portfolio.periods.includes(kept.period) && kept.what !== 'ignore') {
				if (kept.what === 'cost' || role !== null) return;
			}
			this.columns.setColumn(i, { what: kept.what, period: kept.period });
		});
	}

	/** Starts the resource and status mapping from the remembered one, else from names. */
	#guessMapping(): void {
		const read = this.#read;
		const portfolio = this.#options.portfolio();
		if (read) {
			const mapping = defaultMapping(
				read,
				portfolio,
				(word) => statusFor(this.#loaded, word),
				this.#remembered
			);
			this.resources = mapping.resources;
			this.statuses = mapping.statuses;
		}
		this.#resetAccepted();
	}

	#resetAccepted(): void {
		const diff = this.#diff;
		this.accepted = diff ? acceptedByDefault(diff) : rowSet();
	}

	/** Changes a reading option (level, issue types, estimate, rate): the mapping follows. */
	setReadOption(change: Partial<Pick<ImportState, 'level' | 'issueTypes' | 'estimate' | 'rate'>>) {
		if (change.level !== undefined) this.level = change.level;
		if (change.issueTypes !== undefined) this.issueTypes = change.issueTypes;
		if (change.estimate !== undefined && change.estimate !== this.estimate) {
			this.estimate = change.estimate;
			this.rate = defaultRate(change.estimate, granularityOf(this.#options.portfolio().periods));
		}
		if (change.rate !== undefined) this.rate = change.rate;
		this.#guessMapping();
	}

	setResource(key: string, target: ResourceTarget): void {
		this.resources = { ...this.resources, [key]: target };
		this.#resetAccepted();
	}

	setStatus(word: string, status: ProjectStatus): void {
		this.statuses = { ...this.statuses, [word]: status };
		this.#resetAccepted();
	}

	setCapacity(on: boolean): void {
		this.capacity = on;
	}

	setOutside(outside: 'extend' | 'clip'): void {
		this.outside = outside;
		this.#resetAccepted();
	}

	/** A spreadsheet column mapped to something else. */
	setColumn(index: number, change: { what?: ColumnWhat; period?: string }): void {
		this.columns.setColumn(index, change);
		this.#resetAccepted();
	}

	/** After the mapping changed under the preview (a peer's edit, a column): tick the defaults. */
	refreshAccepted(): void {
		this.#resetAccepted();
	}

	isAccepted(row: DiffRow): boolean {
		return this.accepted.has(rowId(row));
	}

	toggle(row: DiffRow, on: boolean): void {
		const id = rowId(row);
		this.accepted = rowSet(
			on ? [...this.accepted, id] : [...this.accepted].filter((x) => x !== id)
		);
	}

	acceptAll(): void {
		this.accepted = rowSet(this.#diff?.rows.filter((r) => r.kind !== 'same').map((r) => rowId(r)));
	}

	acceptNone(): void {
		this.accepted = rowSet();
	}

	/** Writes the accepted rows as one undoable step; returns whether it did. */
	apply(): boolean {
		const draft = this.#draft;
		const diff = this.#diff;
		if (!draft || !diff || !this.canImport) return false;
		const portfolio = this.#options.portfolio();
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, not state
		const at = this.#options.now?.() ?? new Date().toISOString();
		const write = planImportWrite(portfolio, draft, diff, this.accepted, at);
		try {
			this.result = this.#options.write(write, this.#mappingToRemember());
		} catch (error) {
			this.failure = `Nothing was imported: ${error instanceof Error ? error.message : String(error)}`;
			return false;
		}
		return true;
	}

	#mappingToRemember(): RememberedMapping {
		const kind = this.kind;
		const mapping: RememberedMapping = { ...this.mapping };
		if (kind === 'mspdi') mapping.level = this.level;
		if (kind === 'jira-csv') {
			mapping.issueTypes = this.issueTypes;
			mapping.estimate = this.estimate;
			mapping.rate = this.rate;
		}
		if (kind === 'csv' || kind === 'xlsx') {
			mapping.columns = Object.fromEntries(
				this.columns.mappings
					.filter((m) => m.what !== 'unset')
					.map((m) => [m.header, { what: m.what, period: m.period }])
			);
		}
		return mapping;
	}

	/** Starts over with another file. */
	reset(): void {
		this.#loaded = null;
		this.fileName = '';
		this.failure = '';
		this.columns.reset();
		this.accepted = rowSet();
	}
}

/** The default status of a source's word (Jira's table; other kinds have no words). */
function statusFor(loaded: LoadedFile | null, word: string): ProjectStatus {
	return loaded?.kind === 'jira-csv' || loaded?.kind === 'mspdi'
		? loaded.statusOf(word)
		: 'proposed';
}

export { IGNORE, NEW_ROLE };
