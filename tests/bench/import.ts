/**
 * Issue 16: a 2,000-task MS Project XML file → the import preview in ≤ 1 s in the CLI
 * and ≤ 2 s in the browser.
 *
 * (a) CLI: `node bin/cairn.js convert FILE` of a generated file (`generateMspdi`) as a
 *     child process, wall time spawn → exit (stdout to a file); the reference, in the
 *     same rounds, is `node bin/cairn.js validate` of the converted file (Node start-up
 *     and the bundle's load, with a file of the same projects read and checked);
 * (b) in this process, the dialog's pipeline step by step: `loadImportFile` (size,
 *     kind, encoding, parse) → `read` → `defaultMapping` + `mapSource` → `diffImport`
 *     against the sample portfolio, and `convertToPortfolio` (the CLI's core: the same
 *     plus the write into a Y.Doc and the output's check). The reference is Cairn's own
 *     CSV export of a generated 2,000-project portfolio through the same domain path
 *     the dialog takes for a CSV (`loadImportFile` → `readCsv` → `guessColumns` +
 *     `planImport` + `draftFromCsvPlan` → `diffImport`, every row new);
 * (c) browser: the built app, the sample portfolio's Projects view, "Import projects…",
 *     the file set on the dialog's "File" input → the Preview's status line painted;
 *     the reference is the same with a 20-task file, runs alternating.
 */
import { spawnSync } from 'node:child_process';
import {
	closeSync,
	mkdtempSync,
	openSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { convertToPortfolio } from '../../src/lib/doc/convert';
import { parsePortfolioText } from '../../src/lib/domain/format';
import { draftFromCsvPlan } from '../../src/lib/domain/import/csv-draft';
import { diffImport } from '../../src/lib/domain/import/diff';
import { loadImportFile, type LoadedFile } from '../../src/lib/domain/import/load';
import { defaultMapping, mapSource } from '../../src/lib/domain/import/map';
import {
	granularityOf,
	type ImportDraft,
	type SourceRead
} from '../../src/lib/domain/import/source';
import {
	exportProjectsCsv,
	guessColumns,
	planImport,
	readCsv
} from '../../src/lib/domain/projects-csv';
import type { Portfolio } from '../../src/lib/domain/types';
import { generatePortfolio, LARGE } from '../helpers/generate';
import { generateMspdi } from '../helpers/mspdi-gen';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import { serveApp, type AppBuild } from './app';
import { ROOT } from './child';
import { summarize, type Summary } from './stats';

export interface ImportBenchConfig {
	/** Issue 16's scale: tasks in the MS Project file, rows in the CSV reference. */
	tasks: number;
	/** The browser reference's file. */
	baselineTasks: number;
	seed: number;
	/** In-process pipeline runs timed (after `warmup` untimed ones). */
	runs: number;
	warmup: number;
	/** Child-process runs of each command (after one untimed run); 0: not run. */
	cliRuns: number;
	/** Browser runs of each file (after one untimed run); 0: not run. */
	browserRuns: number;
}

/** One pipeline, step by step (ms per run). */
export interface PipelineResult {
	/** What the file holds: tasks or rows, its size, the projects in the preview. */
	bytes: number;
	projects: number;
	counts: { new: number; changed: number; same: number; gone: number };
	total: Summary;
	steps: { name: string; time: Summary }[];
}

export interface BrowserImportRun {
	tasks: number;
	bytes: number;
	/** File set (input event) → the Preview's status in the DOM. */
	dom: Summary;
	/** File set → the frame showing it painted. */
	painted: Summary;
	/** The status line as shown. */
	status: string;
}

export interface ImportBenchResult {
	config: ImportBenchConfig;
	mspdi: PipelineResult;
	csv: PipelineResult;
	/** `convertToPortfolio` in this process (the CLI's work without Node's start-up). */
	convert: Summary;
	cli: {
		convert: Summary;
		validate: Summary;
		outputBytes: number;
		/** One more convert under `--cpu-prof`: where its CPU time went. */
		profile: ConvertProfile | null;
	} | null;
	browser: { chromium: string; large: BrowserImportRun; baseline: BrowserImportRun } | null;
	notes: string[];
}

/** The sample the app opens ("Open sample portfolio"). */
function samplePortfolio(): Portfolio {
	const text = readFileSync(join(ROOT, 'src/lib/fixtures/northwind.cairn.json'), 'utf8');
	const parsed = parsePortfolioText(text);
	if (!parsed.ok) throw new Error('the bundled sample is invalid');
	return parsed.portfolio;
}

type Step = [name: string, run: () => Promise<void> | void];

/** Runs the steps once, in order; the time of each and of the whole (ms). */
async function timePipelineOnce(
	steps: Step[]
): Promise<{ total: number; steps: [name: string, ms: number][] }> {
	const times: [string, number][] = [];
	const started = performance.now();
	for (const [name, run] of steps) {
		const t = performance.now();
		await run();
		times.push([name, performance.now() - t]);
	}
	return { total: performance.now() - started, steps: times };
}

function mspdiPipeline(fileName: string, bytes: Uint8Array, portfolio: Portfolio) {
	let outcome: { projects: number; counts: PipelineResult['counts'] } | null = null;
	const make = (): Step[] => {
		let loaded: LoadedFile | null = null;
		let read: SourceRead | null = null;
		let draft: ImportDraft | null = null;
		return [
			[
				'load (checks, parse)',
				async () => {
					const result = await loadImportFile(fileName, bytes);
					if (!result.ok) throw new Error(`mspdi: ${result.problem.message}`);
					loaded = result.file;
				}
			],
			[
				'read (outline level 1)',
				() => {
					if (loaded?.kind !== 'mspdi') throw new Error('not read as MS Project XML');
					read = loaded.read({
						level: 1,
						issueTypes: ['Epic'],
						estimate: 'points',
						rate: 60,
						granularity: granularityOf(portfolio.periods)
					});
				}
			],
			[
				'defaultMapping + mapSource',
				() => {
					if (loaded?.kind !== 'mspdi') throw new Error('not read as MS Project XML');
					const mapping = defaultMapping(read!, portfolio, loaded.statusOf);
					draft = mapSource(read!, mapping, portfolio, fileName);
					if (draft.problems.length > 0) {
						throw new Error(`mspdi: ${draft.problems.length} problem(s)`);
					}
				}
			],
			[
				'diffImport',
				() => {
					const diff = diffImport(portfolio, draft!);
					outcome = { projects: draft!.projects.length, counts: diff.counts };
				}
			]
		];
	};
	return { make, outcome: () => outcome! };
}

function csvPipeline(fileName: string, bytes: Uint8Array, portfolio: Portfolio) {
	let outcome: { projects: number; counts: PipelineResult['counts'] } | null = null;
	const make = (): Step[] => {
		let text = '';
		let table: Extract<ReturnType<typeof readCsv>, { ok: true }>['table'] | null = null;
		let draft: ReturnType<typeof draftFromCsvPlan> | null = null;
		return [
			[
				'load (checks, decode)',
				async () => {
					const result = await loadImportFile(fileName, bytes);
					if (!result.ok || result.file.kind !== 'csv') throw new Error('csv: not loaded as CSV');
					text = result.file.text;
				}
			],
			[
				'readCsv',
				() => {
					const result = readCsv(text);
					if (!result.ok) throw new Error(`csv: ${result.message}`);
					table = result.table;
				}
			],
			[
				'guessColumns + planImport + draftFromCsvPlan',
				() => {
					const guesses = guessColumns(portfolio, table!.headers);
					const plan = planImport({
						portfolio,
						table: table!,
						targets: guesses.map((g) => g.target),
						unresolved: guesses.map((g) => g.unresolved)
					});
					draft = draftFromCsvPlan(plan, 'csv', fileName, portfolio);
					if (draft.problems.length > 0) {
						throw new Error(
							`csv: ${draft.problems.length} problem(s), first: ${draft.problems[0].message}`
						);
					}
				}
			],
			[
				'diffImport',
				() => {
					const diff = diffImport(portfolio, draft!);
					outcome = { projects: draft!.projects.length, counts: diff.counts };
				}
			]
		];
	};
	return { make, outcome: () => outcome! };
}

/** Runs `node bin/cairn.js …args` in `dir`, stdout to `out`; wall time spawn → exit. */
function timeCli(dir: string, args: string[], out: string): number {
	const fd = openSync(out, 'w');
	try {
		const started = performance.now();
		const result = spawnSync(process.execPath, ['bin/cairn.js', ...args], {
			cwd: dir,
			stdio: ['ignore', fd, 'pipe']
		});
		const wall = performance.now() - started;
		if (result.status !== 0) {
			throw new Error(`cairn ${args[0]} exited ${result.status}: ${result.stderr?.toString()}`);
		}
		return wall;
	} finally {
		closeSync(fd);
	}
}

export interface ConvertProfile {
	/** Sampled time of the whole process (ms). */
	totalMs: number;
	/** Inclusive CPU time per step (ms), the rest last. */
	steps: { name: string; ms: number }[];
}

/**
 * The steps of a convert by the functions of the bundle (inclusive time; async steps
 * are counted where their own frames run) and the runtime's own entries.
 */
const PROFILE_STEPS: [name: string, functions: string[]][] = [
	['XML parse (loadImportFile: fast-xml-parser)', ['loadImportFile']],
	['readMspdi', ['readMspdi']],
	['mapSource + diffImport + planImportWrite', ['mapSource', 'diffImport', 'planImportWrite']],
	['applyImport (the Y.Doc written)', ['applyImport', 'importPortfolio']],
	['read (the Y.Doc as a portfolio)', ['read']],
	['output check and JSON', ['parsePortfolio', 'toPortfolioFile', 'serializePortfolio']],
	['garbage collector', ['(garbage collector)']],
	['module compile', ['compileSourceTextModule']]
];

interface CpuProfile {
	nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

/** Runs one convert with `--cpu-prof` and splits its CPU time by PROFILE_STEPS. */
function profileConvert(dir: string, input: string, scratch: string): ConvertProfile {
	const out = mkdtempSync(join(tmpdir(), 'cairn-bench-prof-'));
	try {
		const fd = openSync(join(scratch, 'profiled.json'), 'w');
		try {
			const result = spawnSync(
				process.execPath,
				['--cpu-prof', `--cpu-prof-dir=${out}`, 'bin/cairn.js', 'convert', input],
				{ cwd: dir, stdio: ['ignore', fd, 'pipe'] }
			);
			if (result.status !== 0) throw new Error(`profiled convert exited ${result.status}`);
		} finally {
			closeSync(fd);
		}
		const file = readdirSync(out).find((f) => f.endsWith('.cpuprofile'));
		if (!file) throw new Error('no CPU profile written');
		const profile = JSON.parse(readFileSync(join(out, file), 'utf8')) as CpuProfile;
		const self = new Map<number, number>();
		profile.samples.forEach((id, i) =>
			self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i] / 1000)
		);
		const parent = new Map<number, number>();
		for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
		const byId = new Map(profile.nodes.map((n) => [n.id, n]));
		const stepOf = new Map<string, string>();
		for (const [name, fns] of PROFILE_STEPS) for (const fn of fns) stepOf.set(fn, name);
		const times = new Map<string, number>(PROFILE_STEPS.map(([name]) => [name, 0]));
		let total = 0;
		for (const [id, ms] of self) {
			total += ms;
			// The outermost step on the stack takes the sample.
			let step: string | undefined;
			for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
				// The bundle renames clashing functions with a number (`read4`).
				const fn = byId.get(at)!.callFrame.functionName.replace(/(\D)\d+$/, '$1');
				const up = parent.get(at);
				// `read` is also the loaded file's reader and Node's own: only the doc's, called by convert.
				if (
					fn === 'read' &&
					(up === undefined || byId.get(up)!.callFrame.functionName !== 'convertToPortfolio')
				)
					continue;
				step = stepOf.get(fn) ?? step;
			}
			if (step) times.set(step, times.get(step)! + ms);
		}
		const named = [...times.values()].reduce((a, b) => a + b, 0);
		return {
			totalMs: total,
			steps: [
				...[...times].map(([name, ms]) => ({ name, ms })),
				{ name: 'the rest (Node start-up, module load, CLI)', ms: total - named }
			]
		};
	} finally {
		rmSync(out, { recursive: true, force: true });
	}
}

/** Before the file is set: notes the input event and the Preview's status appearing. */
function installImportProbe(): void {
	const w = window as unknown as {
		__import: { start: number; dom: number; painted: number; status: string };
	};
	w.__import = { start: NaN, dom: NaN, painted: NaN, status: '' };
	const dialog = document.querySelector('dialog.import[open]');
	if (!dialog) throw new Error('no open import dialog');
	dialog.addEventListener(
		'input',
		(e) => {
			if ((e.target as HTMLInputElement).type === 'file') w.__import.start = e.timeStamp;
		},
		{ capture: true, once: true }
	);
	const observer = new MutationObserver(() => {
		const status = dialog.querySelector('.preview [role="status"]');
		if (!status) return;
		observer.disconnect();
		w.__import.dom = performance.now();
		w.__import.status = status.textContent?.replace(/\s+/g, ' ').trim() ?? '';
		requestAnimationFrame(() => {
			const channel = new MessageChannel();
			channel.port1.onmessage = () => (w.__import.painted = performance.now());
			channel.port2.postMessage(0);
		});
	});
	observer.observe(dialog, { childList: true, subtree: true });
}

async function importOnce(
	page: Page,
	file: { name: string; buffer: Buffer }
): Promise<{ dom: number; painted: number; status: string }> {
	await page.getByRole('button', { name: 'Import projects…' }).click();
	const dialog = page.getByRole('dialog', { name: 'Import projects' });
	await dialog.getByLabel('File').waitFor({ timeout: 60_000 });
	await page.evaluate(installImportProbe);
	await dialog.getByLabel('File').setInputFiles({ ...file, mimeType: 'text/xml' });
	await page.waitForFunction(
		() => !Number.isNaN((window as unknown as { __import: { painted: number } }).__import.painted),
		null,
		{ timeout: 120_000, polling: 50 }
	);
	const probe = await page.evaluate(
		() =>
			(
				window as unknown as {
					__import: { start: number; dom: number; painted: number; status: string };
				}
			).__import
	);
	await dialog.getByRole('button', { name: 'Close' }).click();
	await dialog.waitFor({ state: 'hidden' });
	return {
		dom: probe.dom - probe.start,
		painted: probe.painted - probe.start,
		status: probe.status
	};
}

async function runBrowserImport(
	build: AppBuild,
	config: ImportBenchConfig,
	files: { large: Buffer; baseline: Buffer }
): Promise<NonNullable<ImportBenchResult['browser']>> {
	const app = await serveApp(build);
	const browser = await chromium.launch(CHROMIUM_LAUNCH);
	try {
		const context = await browser.newContext({
			baseURL: app.url,
			serviceWorkers: 'block',
			viewport: { width: 1280, height: 900 }
		});
		const page = await context.newPage();
		await page.goto('/');
		await page.getByRole('button', { name: 'Open sample portfolio' }).click();
		await page.getByRole('heading', { name: /^Projects/ }).waitFor({ timeout: 60_000 });
		const large = { name: `plan-${config.tasks}.xml`, buffer: files.large };
		const small = { name: `plan-${config.baselineTasks}.xml`, buffer: files.baseline };
		// Untimed: the dialog's and the parser's chunks load the first time.
		await importOnce(page, small);
		const samples = {
			large: [] as Awaited<ReturnType<typeof importOnce>>[],
			baseline: [] as Awaited<ReturnType<typeof importOnce>>[]
		};
		for (let i = 0; i < config.browserRuns; i++) {
			// Alternate which goes first so a drift of the machine favours neither.
			const order =
				i % 2 === 0 ? (['large', 'baseline'] as const) : (['baseline', 'large'] as const);
			for (const which of order) {
				samples[which].push(await importOnce(page, which === 'large' ? large : small));
			}
		}
		const run = (tasks: number, buffer: Buffer, s: typeof samples.large): BrowserImportRun => ({
			tasks,
			bytes: buffer.byteLength,
			dom: summarize(s.map((x) => x.dom)),
			painted: summarize(s.map((x) => x.painted)),
			status: s[0]?.status ?? ''
		});
		await context.close();
		return {
			chromium: browser.version(),
			large: run(config.tasks, files.large, samples.large),
			baseline: run(config.baselineTasks, files.baseline, samples.baseline)
		};
	} finally {
		await browser.close();
		await app.stop();
	}
}

/** Runs the import measurements; `build` (bin/ and build-server/, build/) is needed for the CLI and browser runs. */
export async function runImportBench(
	build: AppBuild | null,
	config: ImportBenchConfig,
	log: (line: string) => void = () => {}
): Promise<ImportBenchResult> {
	const notes: string[] = [];
	const sample = samplePortfolio();
	const xml = generateMspdi(config.tasks, config.seed);
	const xmlBytes = new TextEncoder().encode(xml);
	const fileName = `plan-${config.tasks}.xml`;

	// The reference file: Cairn's own CSV of a generated portfolio with as many rows,
	// imported into the same portfolio without its projects (every row new, as here).
	const generated = generatePortfolio(config.seed, { ...LARGE, projects: config.tasks });
	const csvBytes = new TextEncoder().encode(exportProjectsCsv(generated));
	const csvTarget: Portfolio = { ...generated, projects: [] };

	log(`import: in-process pipelines (${config.tasks} tasks / rows)…`);
	const mspdi = mspdiPipeline(fileName, xmlBytes, sample);
	const csv = csvPipeline(`portfolio-${config.tasks}.csv`, csvBytes, csvTarget);
	// Interleaved: one MS Project run, one CSV run, in turn.
	const totals = { mspdi: [] as number[], csv: [] as number[] };
	const steps = { mspdi: new Map<string, number[]>(), csv: new Map<string, number[]>() };
	for (let i = 0; i < config.warmup + config.runs; i++) {
		for (const kind of ['mspdi', 'csv'] as const) {
			const once = await timePipelineOnce(kind === 'mspdi' ? mspdi.make() : csv.make());
			if (i < config.warmup) continue;
			totals[kind].push(once.total);
			for (const [name, time] of once.steps) {
				steps[kind].set(name, [...(steps[kind].get(name) ?? []), time]);
			}
		}
	}
	const pipeline = (kind: 'mspdi' | 'csv', bytes: number): PipelineResult => {
		const outcome = kind === 'mspdi' ? mspdi.outcome() : csv.outcome();
		return {
			bytes,
			projects: outcome.projects,
			counts: outcome.counts,
			total: summarize(totals[kind]),
			steps: [...steps[kind]].map(([name, times]) => ({ name, time: summarize(times) }))
		};
	};

	log('import: convertToPortfolio in process…');
	const converts: number[] = [];
	for (let i = 0; i < config.warmup + config.runs; i++) {
		const t = performance.now();
		const result = await convertToPortfolio(fileName, xmlBytes, { by: 'bench' });
		const time = performance.now() - t;
		if (!result.ok) throw new Error(`convert: ${result.problems[0]}`);
		if (i >= config.warmup) converts.push(time);
	}

	let cli: ImportBenchResult['cli'] = null;
	if (config.cliRuns > 0 && build) {
		log(`import: cairn convert / validate as child processes, ${config.cliRuns} runs each…`);
		const dir = mkdtempSync(join(tmpdir(), 'cairn-bench-import-'));
		try {
			const input = join(dir, fileName);
			const output = join(dir, 'converted.cairn.json');
			const scratch = join(dir, 'validate.out');
			writeFileSync(input, xml);
			// Untimed: the first convert writes the file that validate reads.
			timeCli(build.dir, ['convert', input], output);
			timeCli(build.dir, ['validate', output], scratch);
			const convert: number[] = [];
			const validate: number[] = [];
			for (let i = 0; i < config.cliRuns; i++) {
				const first = i % 2 === 0;
				if (first) convert.push(timeCli(build.dir, ['convert', input], join(dir, 'again.json')));
				validate.push(timeCli(build.dir, ['validate', output], scratch));
				if (!first) convert.push(timeCli(build.dir, ['convert', input], join(dir, 'again.json')));
			}
			let profile: ConvertProfile | null = null;
			try {
				profile = profileConvert(build.dir, input, dir);
			} catch (error) {
				notes.push(`convert not profiled: ${String(error).split('\n')[0]}`);
			}
			cli = {
				convert: summarize(convert),
				validate: summarize(validate),
				outputBytes: readFileSync(output).byteLength,
				profile
			};
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}

	let browser: ImportBenchResult['browser'] = null;
	if (config.browserRuns > 0 && build) {
		log(`import: the dialog in Chromium, ${config.browserRuns} runs of each file…`);
		try {
			browser = await runBrowserImport(build, config, {
				large: Buffer.from(xml),
				baseline: Buffer.from(generateMspdi(config.baselineTasks, config.seed))
			});
		} catch (error) {
			notes.push(`browser import not measured: ${String(error).split('\n')[0]}`);
		}
	}

	return {
		config,
		mspdi: pipeline('mspdi', xmlBytes.byteLength),
		csv: pipeline('csv', csvBytes.byteLength),
		convert: summarize(converts),
		cli,
		browser,
		notes
	};
}
