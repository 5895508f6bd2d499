/**
 * One log line per event: `level event key=value ...`, so that an operator can grep
 * for `reject` or `store-error` and a test can assert on a line.
 */

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
	info(event: string, fields?: LogFields): void;
	warn(event: string, fields?: LogFields): void;
	error(event: string, fields?: LogFields): void;
}

/** Formats an event and its fields as one line; values with spaces are quoted. */
export function formatLine(level: string, event: string, fields: LogFields = {}): string {
	const parts = [level, event];
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined) continue;
		const text = String(value);
		parts.push(`${key}=${/[\s"=]/.test(text) || text === '' ? JSON.stringify(text) : text}`);
	}
	return parts.join(' ');
}

/** Info to stdout, warnings and errors to stderr. */
export const consoleLogger: Logger = {
	info: (event, fields) => process.stdout.write(formatLine('info', event, fields) + '\n'),
	warn: (event, fields) => process.stderr.write(formatLine('warn', event, fields) + '\n'),
	error: (event, fields) => process.stderr.write(formatLine('error', event, fields) + '\n')
};

/** A logger that keeps its lines in memory (tests) instead of printing them. */
export function memoryLogger(): Logger & { lines: string[] } {
	const lines: string[] = [];
	return {
		lines,
		info: (event, fields) => lines.push(formatLine('info', event, fields)),
		warn: (event, fields) => lines.push(formatLine('warn', event, fields)),
		error: (event, fields) => lines.push(formatLine('error', event, fields))
	};
}
