import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, formatAnalyzeTable } from '../../src/lib/domain/analyze';
import { formatErrors, parsePortfolioBytes, serializePortfolio } from '../../src/lib/domain/format';
import { formatOptimizeTable, runOptimize } from '../../src/lib/domain/optimize-report';
import { newPortfolioKeys } from '../../src/lib/sync/keys';
import { DB_FILE, SqliteStore } from '../store/sqlite';
import { StoreOpenError } from '../store/store';
import { readRoomPortfolio, writeRoomPortfolio } from './room-io';
import { convertToPortfolio, isSourceKind } from '../../src/lib/doc/convert';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
	stdout(text: string): void;
	stderr(text: string): void;
}

/** The help text (stdout for --help, stderr after a usage error). */
export const USAGE = `Usage: cairn <command> [options]

Commands:
  validate FILE                      check a *.cairn.json file
  export --room ID --data DIR        print a room of the relay's store as cairn/portfolio@1 JSON
  import FILE --data DIR [--room ID] write a portfolio into the store (a new room unless --room)
  analyze FILE [--json]              weights, values, funding line and loads per period
  optimize FILE [--json]             the optimum (exact MILP) and the efficient frontier
  convert FILE [--from KIND] [--mapping MAP.json]
                                     MS Project XML, a Jira CSV export, an Excel sheet or a
                                     CSV in, a cairn/portfolio@1 file out (on stdout)

Options:
  -h, --help                         show this help
  --time-limit SECONDS               optimize: stop each solve there, keeping the best found
  --from KIND                        convert: mspdi, jira-csv, xlsx or csv (default: detected)
  --mapping MAP.json                 convert: the import's choices (resources to roles,
                                     statuses, outline level, issue types, rate, columns)

Exit codes: 0 success, 1 invalid input, 2 usage.
`;

/** Exit codes of DESIGN "The cairn CLI". */
export const EXIT = Object.freeze({ ok: 0, invalid: 1, usage: 2 });

class UsageError extends Error {}
class InputError extends Error {}

const ROOM_ID = /^[A-Za-z0-9_-]{22}$/;

/** Runs one CLI invocation and returns its exit code; never calls process.exit. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
	try {
		if (argv.length === 0) throw new UsageError('a command is required');
		if (argv.includes('--help') || argv.includes('-h')) {
			io.stdout(USAGE);
			return EXIT.ok;
		}
		const [command, ...rest] = argv;
		switch (command) {
			case 'validate':
				return validate(rest, io);
			case 'export':
				return await exportRoom(rest, io);
			case 'import':
				return await importFile(rest, io);
			case 'analyze':
				return analyzeFile(rest, io);
			case 'optimize':
				return await optimizeFile(rest, io);
			case 'convert':
				return await convertCommand(rest, io);
			default:
				throw new UsageError(`unknown command '${command}'`);
		}
	} catch (error) {
		if (error instanceof UsageError) {
			io.stderr(`cairn: ${error.message}\n\n${USAGE}`);
			return EXIT.usage;
		}
		if (error instanceof InputError) {
			io.stderr(`cairn: ${error.message}\n`);
			return EXIT.invalid;
		}
		throw error;
	}
}

function parse<T extends Record<string, { type: 'string' | 'boolean' }>>(
	args: string[],
	options: T
) {
	try {
		return parseArgs({
			args: joinStringValues(args, options),
			options,
			allowPositionals: true,
			strict: true
		});
	} catch (error) {
		throw new UsageError(error instanceof Error ? error.message : String(error));
	}
}

/**
 * `--room -abc…` → `--room=-abc…`: the word after a string option is always its value.
 * parseArgs would read a value that starts with '-' as another option, and 1 room id in
 * 64 does (base64url). `--room=<id>` is accepted as it is.
 */
function joinStringValues(args: string[], options: Record<string, { type: string }>): string[] {
	const out: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		const name = arg.startsWith('--') ? arg.slice(2) : null;
		if (name && options[name]?.type === 'string' && i + 1 < args.length) {
			out.push(`${arg}=${args[++i]}`);
		} else {
			out.push(arg);
		}
	}
	return out;
}

function onePositional(positionals: string[], name: string): string {
	if (positionals.length === 0) throw new UsageError(`${name} is required`);
	if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
	return positionals[0];
}

function required(value: string | boolean | undefined, flag: string): string {
	if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} is required`);
	return value;
}

function roomId(value: string): string {
	if (!ROOM_ID.test(value)) {
		throw new UsageError(`--room must be a room id (22 base64url characters), got '${value}'`);
	}
	return value;
}

/**
 * The file's bytes, not text: decoding as 'utf8' here would turn bytes that are not
 * UTF-8 into U+FFFD without a word, and the portfolio would be imported with them.
 */
function readBytes(file: string): Uint8Array {
	try {
		return readFileSync(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new InputError(`cannot read ${file}${code ? ` (${code})` : ''}`);
	}
}

function readPortfolioFile(file: string) {
	const result = parsePortfolioBytes(readBytes(file));
	if (!result.ok)
		throw new InputError(`${file} is not a valid portfolio:\n${formatErrors(result.errors)}`);
	return result.portfolio;
}

function validate(args: string[], io: CliIo): number {
	const { positionals } = parse(args, {});
	const file = onePositional(positionals, 'FILE');
	const result = parsePortfolioBytes(readBytes(file));
	if (!result.ok) {
		io.stderr(`${formatErrors(result.errors)}\n`);
		return EXIT.invalid;
	}
	io.stdout(`valid: ${result.portfolio.name}, ${result.portfolio.projects.length} projects\n`);
	return EXIT.ok;
}

/**
 * `cairn analyze FILE [--json]`: with --json exactly one JSON object (the AnalyzeReport
 * of DESIGN) on stdout, otherwise a table for people. An invalid file exits 1 with one
 * `path: message` line per problem on stderr.
 */
function analyzeFile(args: string[], io: CliIo): number {
	const { values, positionals } = parse(args, { json: { type: 'boolean' } });
	const file = onePositional(positionals, 'FILE');
	const portfolio = readPortfolioFile(file);
	const report = analyze(portfolio);
	io.stdout(
		values.json ? `${JSON.stringify(report, null, 2)}\n` : formatAnalyzeTable(report, portfolio)
	);
	return EXIT.ok;
}

/**
 * `cairn optimize FILE [--json] [--time-limit SECONDS]`: the optimum (formula 5) and
 * the frontier (formula 6). With --json exactly one JSON object (the OptimizeReport of
 * DESIGN) on stdout, otherwise a table for people. An infeasible portfolio is a valid
 * answer (exit 0, `feasible: false`, `broken` names the constraints). Solves are
 * exact unless --time-limit stops one; then a warning on stderr says so.
 */
async function optimizeFile(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, {
		json: { type: 'boolean' },
		'time-limit': { type: 'string' }
	});
	const file = onePositional(positionals, 'FILE');
	const limit = values['time-limit'];
	const timeLimit = limit === undefined ? undefined : Number(limit);
	if (timeLimit !== undefined && !(timeLimit > 0 && Number.isFinite(timeLimit)))
		throw new UsageError(`--time-limit must be a number of seconds > 0, got '${limit}'`);
	const portfolio = readPortfolioFile(file);
	const run = await runOptimize(portfolio, { timeLimit });
	io.stdout(
		values.json ? `${JSON.stringify(run.report, null, 2)}\n` : formatOptimizeTable(run, portfolio)
	);
	const stopped = [run.result, ...run.points].filter((r) => r.feasible && !r.optimal).length;
	if (stopped > 0)
		io.stderr(
			`cairn optimize: ${stopped} solve(s) stopped at the time limit of ${timeLimit} s; those results are the best found, not proven optimal\n`
		);
	return EXIT.ok;
}

/** The store in `dir`; one that cannot be opened is invalid input (exit 1, one line). */
function openStore(dir: string): SqliteStore {
	try {
		return new SqliteStore(dir);
	} catch (error) {
		if (error instanceof StoreOpenError) throw new InputError(error.message);
		throw error;
	}
}

async function exportRoom(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, {
		room: { type: 'string' },
		data: { type: 'string' }
	});
	if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
	const id = roomId(required(values.room, '--room'));
	const dir = required(values.data, '--data');
	// Exporting must not create an empty store where there was none.
	if (!existsSync(join(dir, DB_FILE))) throw new InputError(`no cairn store in ${dir}`);
	const store = openStore(dir);
	try {
		const portfolio = await readRoomPortfolio(store, id);
		if (!portfolio) throw new InputError(`no room ${id} in ${dir}`);
		io.stdout(serializePortfolio(portfolio));
		return EXIT.ok;
	} finally {
		await store.close();
	}
}

async function importFile(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, {
		room: { type: 'string' },
		data: { type: 'string' }
	});
	const file = onePositional(positionals, 'FILE');
	const dir = required(values.data, '--data');
	const given = values.room === undefined ? null : roomId(required(values.room, '--room'));
	const portfolio = readPortfolioFile(file);
	const keys = given ? null : newPortfolioKeys();
	const id = given ?? keys!.roomId;
	const store = openStore(dir);
	try {
		await writeRoomPortfolio(store, id, portfolio);
	} catch (error) {
		// e.g. a room written by a newer cairn, which an older layout must not overwrite.
		throw new InputError(
			`cannot import into room ${id}: ${error instanceof Error ? error.message : String(error)}`
		);
	} finally {
		await store.close();
	}
	io.stdout(`room: ${id}\n`);
	if (keys) {
		io.stdout(
			`edit key: ${keys.editKey}\nview key: ${keys.viewKey}\nshare: /p/${id}#key=${keys.editKey}\n`
		);
	}
	return EXIT.ok;
}

/**
 * `cairn convert FILE [--from KIND] [--mapping MAP.json]`: the import pipeline into a
 * new portfolio, printed as `cairn/portfolio@1`. Every problem is named on stderr (exit
 * 1) and nothing is printed on stdout then; notes (a clipped amount, a guessed
 * encoding) go to stderr on success too.
 */
async function convertCommand(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parse(args, {
		from: { type: 'string' },
		mapping: { type: 'string' }
	});
	const file = onePositional(positionals, 'FILE');
	const from = values.from;
	if (from !== undefined && !isSourceKind(from)) {
		throw new UsageError(`--from must be mspdi, jira-csv, xlsx or csv, got '${from}'`);
	}
	let mapping: unknown;
	if (values.mapping !== undefined) {
		const text = new TextDecoder().decode(readBytes(values.mapping));
		try {
			mapping = JSON.parse(text);
		} catch (error) {
			throw new InputError(
				`${values.mapping} is not JSON: ${error instanceof Error ? error.message : String(error)}`
			);
		}
		if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
			throw new InputError(`${values.mapping} must hold a JSON object`);
		}
	}
	const result = await convertToPortfolio(file, readBytes(file), {
		from,
		mapping,
		by: 'cairn convert'
	});
	if (!result.ok) {
		io.stderr(result.problems.map((p) => `cairn: ${file}: ${p}\n`).join(''));
		return EXIT.invalid;
	}
	for (const note of result.notes) io.stderr(`cairn: note: ${note}\n`);
	io.stdout(serializePortfolio(result.portfolio));
	return EXIT.ok;
}
