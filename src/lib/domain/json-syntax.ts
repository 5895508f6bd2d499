/**
 * Where a JSON text goes wrong, for people. `JSON.parse` says *that* it failed, but
 * where depends on the engine (V8 gives an offset for some errors and none for an
 * unexpected token; Firefox gives a line and column in its own words), so this
 * scanner finds the first offending character itself. It only runs after
 * `JSON.parse` has failed, so it need not be fast, only agree with the grammar
 * (RFC 8259).
 */

/** The first syntax error of a JSON text: a reason and a 1-based line and column. */
export interface JsonSyntaxError {
	reason: string;
	line: number;
	column: number;
}

class Fail {
	constructor(
		readonly at: number,
		readonly reason: string
	) {}
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** Scans `text` and returns its first syntax error, or null if it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
	let i = 0;
	const shown = (at: number) =>
		at >= text.length ? 'end of input' : `${JSON.stringify(text[at])}`.replace(/^"|"$/g, "'");
	const unexpected = (at: number, expected: string) =>
		new Fail(
			at,
			at >= text.length
				? `unexpected end of input, expected ${expected}`
				: `unexpected ${shown(at)}, expected ${expected}`
		);
	const space = () => {
		while (i < text.length && WHITESPACE.has(text[i])) i++;
	};
	const literal = (word: string) => {
		for (let k = 0; k < word.length; k++) {
			if (text[i + k] !== word[k]) throw unexpected(i + k, `'${word}'`);
		}
		i += word.length;
	};
	const string = () => {
		i++; // the opening quote
		for (;;) {
			if (i >= text.length) throw new Fail(i, 'unexpected end of input inside a string');
			const c = text[i];
			if (c === '"') {
				i++;
				return;
			}
			if (c < ' ') throw new Fail(i, 'a line break or control character inside a string');
			if (c === '\\') {
				const e = text[i + 1];
				if (e === 'u') {
					if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
						throw new Fail(i, 'a \\u escape needs four hex digits');
					}
					i += 6;
				} else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
				else throw new Fail(i, `unknown escape \\${e ?? ''}`);
			} else i++;
		}
	};
	const number = () => {
		const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
		if (!match || match[0] === '-') throw unexpected(i, 'a value');
		i += match[0].length;
	};
	const value = (): void => {
		space();
		const c = text[i];
		if (c === '{') return object();
		if (c === '[') return array();
		if (c === '"') return string();
		if (c === 't') return literal('true');
		if (c === 'f') return literal('false');
		if (c === 'n') return literal('null');
		if (c === '-' || (c >= '0' && c <= '9')) return number();
		throw unexpected(i, 'a value');
	};
	const object = () => {
		i++;
		space();
		if (text[i] === '}') {
			i++;
			return;
		}
		for (;;) {
			space();
			if (text[i] !== '"') {
				throw unexpected(i, text[i] === '}' ? 'a property name after the comma' : 'a "name"');
			}
			string();
			space();
			if (text[i] !== ':') throw unexpected(i, "':'");
			i++;
			value();
			space();
			if (text[i] === ',') {
				i++;
				continue;
			}
			if (text[i] === '}') {
				i++;
				return;
			}
			throw unexpected(i, "',' or '}'");
		}
	};
	const array = () => {
		i++;
		space();
		if (text[i] === ']') {
			i++;
			return;
		}
		for (;;) {
			value();
			space();
			if (text[i] === ',') {
				i++;
				continue;
			}
			if (text[i] === ']') {
				i++;
				return;
			}
			throw unexpected(i, "',' or ']'");
		}
	};
	try {
		value();
		space();
		if (i < text.length) throw new Fail(i, `unexpected ${shown(i)} after the end of the JSON`);
		return null;
	} catch (error) {
		if (!(error instanceof Fail)) throw error;
		return { reason: error.reason, ...lineAndColumn(text, error.at) };
	}
}

/** 1-based line and column of a character offset; columns count UTF-16 code units. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
	const before = text.slice(0, offset).split('\n');
	return { line: before.length, column: before[before.length - 1].length + 1 };
}
