/**
 * `npm run bench` (node --import tsx tests/bench/run.ts): every DESIGN performance
 * budget, each against a reference measured in the same invocation, written to
 * BENCHMARKS.md.
 *
 *   --quick          same scales, shorter windows, fewer samples (under 2 minutes)
 *   --only=a,b       some of: relay, storm, browser, doc, optimizer, map, presence, stage, import
 *   --no-build       use the existing build/ instead of building a private copy
 *   --out=FILE       where to write the report (default BENCHMARKS.md; "-" for none)
 *   --json=FILE      also write the result object as JSON
 *   --from-json=FILE re-render the report from a saved result (no measuring)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareApp } from './app';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import { runBrowser } from './browser';
import { ROOT } from './child';
import { runDocGrowth } from './doc-growth';
import { runOptimizerBench } from './optimizer';
import { runMapBench } from './map';
import { runStageBench } from './stage';
import { runImportBench } from './import';
import { chromiumVersion, describeMachine, describeRevision } from './machine';
import { FULL, QUICK, TINY, type Profile } from './profiles';

const PROFILES: Record<Profile['name'], Profile> = { full: FULL, quick: QUICK, tiny: TINY };
import { runRelayLoad, type RelayRun } from './relay-load';
import type { ServerKind } from './relay-server';
import { budgetRows, PARTS, renderMarkdown, type BenchResult, type Part } from './report';
import { runStorm, type StormRun } from './storm';
import { runPresence, type PresenceRun } from './presence';

export interface BenchOptions {
	profile: Profile;
	parts: Part[];
	build: boolean;
	command: string;
	/** Progress lines (stderr by default). */
	log?: (line: string) => void;
}

/** Runs the chosen parts; a part that fails is reported and the others still run. */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
	const { profile, parts } = options;
	const log = options.log ?? ((line: string) => process.stderr.write(`bench: ${line}\n`));
	const started = performance.now();
	const machine = describeMachine();
	const partial: Omit<BenchResult, 'budgets'> = {
		meta: {
			date: new Date().toISOString(),
			command: options.command,
			profile: profile.name,
			parts,
			revision: describeRevision(),
			machine,
			durationS: 0
		},
		relay: null,
		storm: null,
		browser: null,
		doc: null,
		optimizer: null,
		map: null,
		presence: null,
		stage: null,
		import: null,
		errors: []
	};
	const attempt = async (part: Part, task: () => Promise<void>) => {
		if (!parts.includes(part)) return;
		const t = performance.now();
		try {
			await task();
			log(`${part} done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			partial.errors.push({ part, message: message.split('\n')[0] });
			log(`${part} FAILED: ${message}`);
		}
	};

	await attempt('doc', async () => {
		log(`doc: ${profile.doc.edits} edits…`);
		partial.doc = runDocGrowth(profile.doc);
	});
	await attempt('relay', async () => {
		const runs: RelayRun[] = [];
		for (let round = 0; round < profile.relay.rounds; round++) {
			// Alternate the order so that a drift of the machine does not favour one kind.
			const kinds: ServerKind[] =
				round % 2 === 0 ? [...profile.relay.kinds] : [...profile.relay.kinds].reverse();
			for (const kind of kinds) {
				log(`relay: round ${round + 1}, ${kind}…`);
				const run = await runRelayLoad(kind, profile.relay);
				log(
					`relay: ${kind} p50 ${run.latency.p50.toFixed(1)} ms, p99 ${run.latency.p99.toFixed(1)} ms, cpu ${run.cpuPercent.toFixed(0)} %`
				);
				runs.push(run);
			}
		}
		partial.relay = runs;
	});
	await attempt('storm', async () => {
		const runs: StormRun[] = [];
		for (const kind of ['relay-connection', 'stock-provider'] as const) {
			log(`storm: ${kind}…`);
			runs.push(await runStorm(kind, profile.storm));
		}
		partial.storm = runs;
	});
	await attempt('presence', async () => {
		const runs: PresenceRun[] = [];
		for (const throttled of [true, false]) {
			log(
				`presence: ${profile.presence.participants} participants, ${throttled ? 'throttled' : 'unthrottled'}…`
			);
			const run = await runPresence(profile.presence, throttled);
			log(`presence: ${run.messagesPerS.toFixed(0)} awareness messages/s at the relay`);
			runs.push(run);
		}
		partial.presence = runs;
	});
	await attempt('browser', async () => {
		log(options.build ? 'browser: building the app into a private copy…' : 'browser: …');
		const build = prepareApp({ build: options.build });
		try {
			partial.browser = await runBrowser(build, profile.browser);
			machine.chromium = partial.browser.chromium;
		} finally {
			build.dispose();
		}
	});
	await attempt('optimizer', async () => {
		const worker = profile.optimizer.worker;
		if (worker)
			log(options.build ? 'optimizer: building the app into a private copy…' : 'optimizer: …');
		const build = worker ? prepareApp({ build: options.build }) : null;
		try {
			partial.optimizer = await runOptimizerBench(build, profile.optimizer, log);
		} finally {
			build?.dispose();
		}
	});
	await attempt('map', async () => {
		log(options.build ? 'map: building the app into a private copy…' : 'map: …');
		const build = prepareApp({ build: options.build });
		try {
			partial.map = await runMapBench(build, profile.map);
			machine.chromium ??= partial.map.chromium;
		} finally {
			build.dispose();
		}
	});
	await attempt('stage', async () => {
		log(options.build ? 'stage: building the app into a private copy…' : 'stage: …');
		const build = prepareApp({ build: options.build });
		try {
			partial.stage = await runStageBench(build, profile.stage, log);
			machine.chromium ??= partial.stage.chromium;
		} finally {
			build.dispose();
		}
	});
	await attempt('import', async () => {
		// The CLI runs bin/cairn.js against a built server, the browser the built app; the
		// tiny profile runs neither and needs no build.
		const needsBuild = profile.import.cliRuns > 0 || profile.import.browserRuns > 0;
		if (needsBuild)
			log(options.build ? 'import: building the app into a private copy…' : 'import: …');
		const build = needsBuild ? prepareApp({ build: options.build }) : null;
		try {
			partial.import = await runImportBench(build, profile.import, log);
			if (partial.import.browser) machine.chromium ??= partial.import.browser.chromium;
		} finally {
			build?.dispose();
		}
	});
	machine.chromium ??= chromiumVersion(CHROMIUM_LAUNCH.executablePath);
	machine.loadAfter = loadavg()[0];
	partial.meta.durationS = (performance.now() - started) / 1000;
	return { ...partial, budgets: budgetRows(partial, profile) };
}

/** BENCHMARKS.md text, formatted with the project's prettier settings. */
export async function markdownFor(result: BenchResult, profile: Profile): Promise<string> {
	const { format, resolveConfig } = await import('prettier');
	const file = join(ROOT, 'BENCHMARKS.md');
	const config = (await resolveConfig(file)) ?? {};
	return format(renderMarkdown(result, profile), { ...config, filepath: file });
}

function parseArgs(argv: string[]) {
	const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
	const unknown = argv.filter(
		(a) => !/^--(quick|tiny|no-build|only=.*|out=.*|json=.*|from-json=.*)$/.test(a)
	);
	if (unknown.length) throw new Error(`unknown argument(s): ${unknown.join(' ')}`);
	const only = value('only')?.split(',') ?? [...PARTS];
	for (const part of only) {
		if (!PARTS.includes(part as Part)) throw new Error(`--only: unknown part '${part}'`);
	}
	return {
		profile: argv.includes('--tiny') ? TINY : argv.includes('--quick') ? QUICK : FULL,
		parts: only as Part[],
		build: !argv.includes('--no-build'),
		out: value('out') ?? join(ROOT, 'BENCHMARKS.md'),
		json: value('json'),
		fromJson: value('from-json')
	};
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const args = parseArgs(argv);
	// The report names what was measured, not where this machine wrote its side files.
	const shown = argv.filter((a) => !/^--(json|out|from-json)=/.test(a));
	const command = `npm run bench${shown.length ? ` -- ${shown.join(' ')}` : ''}`;
	let result: BenchResult;
	if (args.fromJson) {
		// The measurements of an earlier run; verdicts and text are computed afresh.
		const saved = JSON.parse(readFileSync(resolve(args.fromJson), 'utf8')) as BenchResult;
		args.profile = PROFILES[saved.meta.profile];
		result = { ...saved, budgets: budgetRows(saved, args.profile) };
	} else {
		result = await runBench({ ...args, command });
	}
	if (args.json) writeFileSync(resolve(args.json), JSON.stringify(result, null, '\t') + '\n');
	if (args.out !== '-') {
		writeFileSync(resolve(args.out), await markdownFor(result, args.profile));
		process.stderr.write(`bench: wrote ${args.out}\n`);
	}
	for (const row of result.budgets) {
		process.stdout.write(`${row.verdict.padEnd(12)} ${row.area}: ${row.measured}\n`);
	}
	process.exit(result.errors.length ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	main().catch((error: unknown) => {
		process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(2);
	});
}
