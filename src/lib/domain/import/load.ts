import { readCsv, type CsvTable } from '../projects-csv';
import { checkSize, decodeText } from './decode';
import { detectKind } from './detect';
import type { Granularity, ImportProblem, SourceRead } from './source';
import type { ProjectStatus } from '../types';

/**
 * The first step of an import, shared by the app and `cairn convert`: a file's bytes
 * are checked (size, kind, encoding) and parsed once; reading them with the person's
 * options (outline level, issue types, rate) is then cheap and repeatable. The
 * parsers load only when a file of their kind is chosen.
 */

export type LoadedFile =
	| {
			kind: 'mspdi' | 'jira-csv';
			/** Reads the parsed file with the person's options (cheap: it is parsed once). */
			read: (options: ReadOptions) => SourceRead;
			/** The default Cairn status of a source's status word. */
			statusOf: (word: string) => ProjectStatus;
			notes: string[];
	  }
	| { kind: 'csv'; text: string; notes: string[] }
	| {
			kind: 'xlsx';
			bytes: Uint8Array;
			sheets: string[];
			sheet: string;
			table: CsvTable;
			notes: string[];
	  };

export interface ReadOptions {
	level: number | 'file';
	issueTypes: string[];
	estimate: 'points' | 'hours';
	rate: number;
	granularity: Granularity;
}

type Loaded = { ok: true; file: LoadedFile } | { ok: false; problem: ImportProblem };

/** Checks and parses a chosen file. `kind` forces a kind (the CLI's `--from`). */
export async function loadImportFile(
	fileName: string,
	bytes: Uint8Array,
	kind?: LoadedFile['kind']
): Promise<Loaded> {
	const tooBig = checkSize(bytes.byteLength, fileName);
	if (tooBig) return { ok: false, problem: tooBig };
	let detected: LoadedFile['kind'];
	if (kind) detected = kind;
	else {
		const found = detectKind(fileName, bytes);
		if (!found.ok) return found;
		if (found.kind === 'cairn-json') {
			return {
				ok: false,
				problem: {
					where: null,
					message: `${fileName} is a Cairn portfolio file: open it from the start page with Import a portfolio (it replaces a whole portfolio, not its projects)`
				}
			};
		}
		detected = found.kind;
	}
	if (detected === 'xlsx') {
		const { readXlsx } = await import('./xlsx');
		const read = await readXlsx(bytes);
		if (!read.ok) return read;
		return {
			ok: true,
			file: {
				kind: 'xlsx',
				bytes,
				sheets: read.sheets,
				sheet: read.sheet,
				table: read.table,
				notes: []
			}
		};
	}
	const decoded = decodeText(bytes);
	if (!decoded.ok) return decoded;
	const notes = decoded.note ? [decoded.note] : [];
	if (detected === 'mspdi') {
		const { parseMspdi, readMspdi } = await import('./mspdi');
		const parsed = parseMspdi(decoded.text);
		if (!parsed.ok) return parsed;
		const file = parsed.file;
		return {
			ok: true,
			file: {
				kind: 'mspdi',
				read: (o) => readMspdi(file, { granularity: o.granularity, level: o.level }),
				statusOf: () => 'proposed',
				notes
			}
		};
	}
	if (detected === 'jira-csv') {
		const table = readCsv(decoded.text);
		if (!table.ok) return { ok: false, problem: { where: null, message: table.message } };
		const { parseJira, readJira, defaultJiraStatus } = await import('./jira');
		const parsed = parseJira(table.table);
		if (!parsed.ok) return parsed;
		const file = parsed.file;
		return {
			ok: true,
			file: {
				kind: 'jira-csv',
				read: (o) =>
					readJira(file, {
						projectTypes: o.issueTypes,
						estimate: o.estimate,
						rate: o.rate,
						granularity: o.granularity
					}),
				statusOf: defaultJiraStatus,
				notes
			}
		};
	}
	return { ok: true, file: { kind: 'csv', text: decoded.text, notes } };
}
