import { decodeText } from './decode';
import type { ImportProblem, SourceKind } from './source';

/**
 * Which reader a file goes to, by what it holds rather than what it is called: people
 * rename files, and mail gateways and "Save as" dialogs change extensions. The bytes
 * decide (zip → xlsx, OLE2 → refused with advice, XML → MS Project, `{` → Cairn JSON,
 * Jira's header → Jira CSV, other text → CSV); the extension only breaks a tie (an
 * XML file that starts with a comment, a JSON file that starts with `[`).
 */

export type DetectedKind = SourceKind | 'cairn-json';

export type DetectResult = { ok: true; kind: DetectedKind } | { ok: false; problem: ImportProblem };

/** Enough of the file to see its header row, also when it is UTF-16. */
const HEAD_BYTES = 64 * 1024;

/** The headers that make a CSV a Jira export (compared without case). */
export const JIRA_SIGNATURE = ['issue key', 'summary', 'issue type'];

function extensionOf(fileName: string): string {
	const dot = fileName.lastIndexOf('.');
	return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
	return magic.every((b, i) => bytes[i] === b);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** The advice for an OLE2 compound file, by what its extension says it is. */
function oleProblem(fileName: string): ImportProblem {
	const extension = extensionOf(fileName);
	const message =
		extension === 'mpp'
			? `${fileName} is an MS Project .mpp binary file: in MS Project, use Save As › XML Format (*.xml) and import that file`
			: extension === 'xls'
				? `${fileName} is an old Excel .xls binary file: in Excel, use Save As › Excel Workbook (*.xlsx) and import that file`
				: `${fileName} is an old Excel .xls or MS Project .mpp binary file: save it as .xlsx (Excel) or as XML (MS Project) and import that file`;
	return { where: null, message };
}

/** Is the first line of `text` a header with Jira's columns? */
function hasJiraHeader(text: string): boolean {
	const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
	const cells = new Set(
		firstLine.split(/[,;\t]/).map((cell) =>
			cell
				.trim()
				.replace(/^"(.*)"$/, '$1')
				.trim()
				.toLowerCase()
		)
	);
	return JIRA_SIGNATURE.every((header) => cells.has(header));
}

/**
 * The kind of an imported file, by its magic bytes and first characters, the
 * extension breaking ties. Old binary Office files and anything that is not text are
 * refused with a problem saying what to save them as.
 */
export function detectKind(fileName: string, bytes: Uint8Array): DetectResult {
	if (bytes.length === 0)
		return { ok: false, problem: { where: null, message: `${fileName} is empty` } };
	if (startsWith(bytes, ZIP) || startsWith(bytes, EMPTY_ZIP)) return { ok: true, kind: 'xlsx' };
	if (startsWith(bytes, OLE2)) return { ok: false, problem: oleProblem(fileName) };

	const decoded = decodeText(bytes.subarray(0, HEAD_BYTES));
	if (!decoded.ok) {
		return {
			ok: false,
			problem: { where: null, message: `${fileName}: ${decoded.problem.message}` }
		};
	}
	const text = decoded.text.replace(/^\uFEFF/, '');
	const start = text.trimStart();
	const extension = extensionOf(fileName);
	if (start === '') return { ok: false, problem: { where: null, message: `${fileName} is empty` } };

	if (/^<\?xml/i.test(start) || /^<Project[\s>]/.test(start)) {
		// Excel 2003's XML spreadsheet is XML too, but no MS Project file.
		if (/<Workbook[\s>]/.test(start.slice(0, 4096)) && !/<Project[\s>]/.test(start)) {
			return {
				ok: false,
				problem: {
					where: null,
					message: `${fileName} is an Excel 2003 XML spreadsheet: in Excel, save it as Excel Workbook (*.xlsx) and import that file`
				}
			};
		}
		return { ok: true, kind: 'mspdi' };
	}
	if (start.startsWith('{')) return { ok: true, kind: 'cairn-json' };
	// Ties: markup or a JSON array is what its extension says it is.
	if (start.startsWith('<') && extension === 'xml') return { ok: true, kind: 'mspdi' };
	if (start.startsWith('[') && extension === 'json') return { ok: true, kind: 'cairn-json' };
	if (hasJiraHeader(start)) return { ok: true, kind: 'jira-csv' };
	return { ok: true, kind: 'csv' };
}
