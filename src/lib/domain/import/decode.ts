import type { ImportProblem } from './source';

/**
 * Bytes of an imported file → text. Spreadsheets and trackers write CSV in many
 * encodings: Excel's "Unicode text" is UTF-16 LE (with or without a BOM), its "CSV"
 * in western locales is Windows-1252, Jira and Cairn write UTF-8. The order of the
 * checks matters: a BOM is certain, NUL bytes at every other position are UTF-16,
 * bytes that decode as strict UTF-8 are UTF-8 (random Windows-1252 text almost never
 * does), and anything else that still looks like text is read as Windows-1252, which
 * maps every byte to a character and so cannot fail. Binary files (images, .mpp, .xls)
 * are refused before any of that, so they never show up as a table of gibberish.
 */

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type DecodeResult =
	| { ok: true; text: string; encoding: TextEncoding; note: string | null }
	| { ok: false; problem: ImportProblem };

/** The largest file the import reads: a browser tab holds the file, its text and its table. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export const WINDOWS_1252_NOTE =
	'read as Windows-1252 (the file is not UTF-8): check accented names';

const BINARY_PROBLEM: ImportProblem = {
	where: null,
	message:
		'the file is not text (it holds binary data, like an image, an .mpp or an .xls): export it as CSV, Excel .xlsx or MS Project XML'
};

/** How many bytes the NUL and control-character checks look at. */
const SAMPLE = 8192;

/** A problem when a file is over the limit: `plan.xml is 61.2 MB: the limit is 50 MB`. */
export function checkSize(bytes: number, fileName: string): ImportProblem | null {
	if (bytes <= MAX_IMPORT_BYTES) return null;
	const mb = (n: number) => (n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
	return {
		where: null,
		message: `${fileName} is ${mb(bytes)} MB: the limit is ${mb(MAX_IMPORT_BYTES)} MB`
	};
}

/**
 * Decodes a file's bytes as text: a BOM decides (UTF-8, UTF-16 LE/BE); else NULs at
 * every other byte mean UTF-16 without a BOM; else strict UTF-8; else Windows-1252
 * with a note. Binary data is refused with a problem. The BOM is not part of `text`.
 */
export function decodeText(bytes: Uint8Array): DecodeResult {
	const [b0, b1, b2] = bytes;
	if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return decoded(bytes.subarray(3), 'utf-8');
	if (b0 === 0xff && b1 === 0xfe) return decoded(bytes.subarray(2), 'utf-16le');
	if (b0 === 0xfe && b1 === 0xff) return decoded(bytes.subarray(2), 'utf-16be');

	const sample = bytes.subarray(0, SAMPLE);
	const utf16 = utf16Order(sample);
	if (utf16) {
		const result = decoded(bytes, utf16);
		// UTF-16 text is still text: a "UTF-16" file full of control characters is binary.
		if (result.ok && !looksLikeText(result.text.slice(0, SAMPLE))) {
			return { ok: false, problem: BINARY_PROBLEM };
		}
		return result;
	}
	if (!bytesLookLikeText(sample)) return { ok: false, problem: BINARY_PROBLEM };

	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return { ok: true, text, encoding: 'utf-8', note: null };
	} catch {
		const text = new TextDecoder('windows-1252').decode(bytes);
		return { ok: true, text, encoding: 'windows-1252', note: WINDOWS_1252_NOTE };
	}
}

function decoded(bytes: Uint8Array, encoding: TextEncoding): DecodeResult {
	// After a BOM the encoding is known: bad sequences become U+FFFD rather than failing.
	const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
	return { ok: true, text, encoding, note: null };
}

/**
 * UTF-16 without a BOM: text that is mostly ASCII has a NUL in every other byte, the
 * odd ones for little-endian, the even ones for big-endian.
 */
function utf16Order(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
	const pairs = Math.floor(sample.length / 2);
	if (pairs < 2) return null;
	let evenNul = 0;
	let oddNul = 0;
	for (let i = 0; i + 1 < sample.length; i += 2) {
		if (sample[i] === 0) evenNul++;
		if (sample[i + 1] === 0) oddNul++;
	}
	if (oddNul >= pairs * 0.4 && evenNul <= pairs * 0.05) return 'utf-16le';
	if (evenNul >= pairs * 0.4 && oddNul <= pairs * 0.05) return 'utf-16be';
	return null;
}

/** Control bytes other than tab, line feed, form feed and carriage return. */
function isControl(code: number): boolean {
	return (
		(code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) ||
		code === 0x7f
	);
}

function bytesLookLikeText(sample: Uint8Array): boolean {
	let control = 0;
	for (const byte of sample) if (isControl(byte)) control++;
	return control <= sample.length * 0.02;
}

function looksLikeText(text: string): boolean {
	let control = 0;
	for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) control++;
	return control <= text.length * 0.02;
}
