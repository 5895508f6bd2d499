/**
 * The bench's result object, the budget verdicts, and BENCHMARKS.md. Every verdict
 * compares a number measured in this invocation with DESIGN's budget; the reference
 * column is measured in the same invocation, so a slower machine shows in both.
 */
import type { BrowserResult, DragResult, OpenResult } from './browser';
import type { DocGrowthResult } from './doc-growth';
import type { Machine, Revision } from './machine';
import { FRONTIER_POINTS, type OptimizerResult, type OptimizerRun } from './optimizer';
import type { MapBenchResult } from './map';
import type { StageBenchResult } from './stage';
import type { ConvertProfile, ImportBenchResult, PipelineResult } from './import';
import type { Profile } from './profiles';
import type { RelayRun } from './relay-load';
import type { ServerKind } from './relay-server';
import { fmt, median, ratio, type Summary } from './stats';
import type { StormRun } from './storm';
import { presenceBudget, type PresenceRun } from './presence';

export type Part =
	'relay' | 'storm' | 'browser' | 'doc' | 'optimizer' | 'map' | 'presence' | 'stage' | 'import';
export const PARTS: readonly Part[] = [
	'relay',
	'storm',
	'browser',
	'doc',
	'optimizer',
	'map',
	'presence',
	'stage',
	'import'
];

export type Verdict = 'met' | 'not met' | 'not judged' | 'not measured' | 'no budget';

export interface BudgetRow {
	area: string;
	budget: string;
	measured: string;
	reference: string;
	ratio: string;
	verdict: Verdict;
	note: string;
}

export interface BenchResult {
	meta: {
		date: string;
		command: string;
		profile: Profile['name'];
		parts: Part[];
		revision: Revision;
		machine: Machine;
		durationS: number;
	};
	relay: RelayRun[] | null;
	storm: StormRun[] | null;
	browser: BrowserResult | null;
	doc: DocGrowthResult | null;
	/** Absent in results saved before the optimiser was benched. */
	optimizer?: OptimizerResult | null;
	/** Absent in results saved before the map part existed. */
	map?: MapBenchResult | null;
	/** Absent in results saved before the presence part existed. */
	presence?: PresenceRun[] | null;
	/** Absent in results saved before the stage part existed. */
	stage?: StageBenchResult | null;
	/** Absent in results saved before the import part existed. */
	import?: ImportBenchResult | null;
	errors: { part: Part; message: string }[];
	budgets: BudgetRow[];
}

const KIND_LABEL: Record<ServerKind, string> = {
	'ours-sqlite': 'ours, SQLite store',
	'ours-memory': 'ours, no store',
	reference: 'reference (y-websocket-server), memory',
	'reference-leveldb': 'reference, LevelDB'
};

/** The runs of one kind folded into one: the median of each number over the rounds. */
export interface RelaySummary {
	kind: ServerKind;
	rounds: number;
	p50: number;
	p90: number;
	p99: number;
	max: number;
	updatesPerS: number;
	deliveriesPerS: number;
	savedPerS: number;
	echoesPerS: number;
	lost: number;
	cpuPercent: number;
	rssLoadedMiB: number;
	rssPerRoomKiB: number;
	heapPerRoomKiB: number;
	sendLagP99: number;
	loadLoopDelayP99: number;
	loadCpuPercent: number;
	relayLoopDelayP99: number;
	relayLoopDelayMax: number;
	relayGcMaxMs: number;
	otherLoadPercent: number;
	relayMessagesOutPerS: number | null;
	compactions: number | null;
	storeWaitMeanMs: number | null;
	storeWaitP99Ms: number | null;
	p99s: number[];
	/** Worst delivery latency per second of the window, per round. */
	perSecond: number[][];
}

export function summarizeRelay(runs: readonly RelayRun[], kind: ServerKind): RelaySummary | null {
	const mine = runs.filter((r) => r.kind === kind);
	if (mine.length === 0) return null;
	const m = (pick: (r: RelayRun) => number) => median(mine.map(pick));
	return {
		kind,
		rounds: mine.length,
		p50: m((r) => r.latency.p50),
		p90: m((r) => r.latency.p90),
		p99: m((r) => r.latency.p99),
		max: m((r) => r.latency.max),
		updatesPerS: m((r) => r.updatesPerS),
		deliveriesPerS: m((r) => r.deliveriesPerS),
		savedPerS: m((r) => r.savedPerS),
		echoesPerS: m((r) => r.echoesPerS),
		lost: mine.reduce((n, r) => n + r.lost, 0),
		cpuPercent: m((r) => r.cpuPercent),
		rssLoadedMiB: m((r) => r.rssLoadedMiB),
		rssPerRoomKiB: m((r) => r.rssPerRoomKiB),
		heapPerRoomKiB: m((r) => r.heapPerRoomKiB),
		sendLagP99: m((r) => r.sendLagP99),
		loadLoopDelayP99: m((r) => r.loadLoopDelayP99),
		loadCpuPercent: m((r) => r.loadCpuPercent),
		relayLoopDelayP99: m((r) => r.relayLoopDelayP99),
		relayLoopDelayMax: m((r) => r.relayLoopDelayMax),
		relayGcMaxMs: m((r) => r.relayGcMaxMs),
		otherLoadPercent: m((r) => r.otherLoadPercent),
		relayMessagesOutPerS:
			mine[0].relayMessagesOutPerS === null ? null : m((r) => r.relayMessagesOutPerS ?? NaN),
		compactions: mine[0].compactions === null ? null : m((r) => r.compactions ?? NaN),
		storeWaitMeanMs: mine[0].storeWaitMeanMs === null ? null : m((r) => r.storeWaitMeanMs ?? NaN),
		storeWaitP99Ms: mine[0].storeWaitP99Ms === null ? null : m((r) => r.storeWaitP99Ms ?? NaN),
		p99s: mine.map((r) => r.latency.p99),
		perSecond: mine.map((r) =>
			Array.from({ length: Math.ceil(r.timeline.length / 10) }, (_, i) =>
				Math.max(0, ...r.timeline.slice(i * 10, i * 10 + 10))
			)
		)
	};
}

const ms = (v: number | undefined, digits = 1) => `${fmt(v, digits)} ms`;
const kb = (bytes: number) => `${fmt(bytes / 1000, 1)} KB`;
const mb = (bytes: number) => `${fmt(bytes / 1e6, 2)} MB`;

function verdict(value: number | undefined, limit: number, judged: boolean): Verdict {
	if (typeof value !== 'number' || !Number.isFinite(value)) return 'not measured';
	if (!judged) return 'not judged';
	return value <= limit ? 'met' : 'not met';
}

function missing(area: string, budget: string, note: string): BudgetRow {
	return {
		area,
		budget,
		measured: '–',
		reference: '–',
		ratio: '–',
		verdict: 'not measured',
		note
	};
}

/** One row per DESIGN budget (and the storm, which has none), in DESIGN's order. */
export function budgetRows(result: Omit<BenchResult, 'budgets'>, profile: Profile): BudgetRow[] {
	const rows: BudgetRow[] = [];
	const errorOf = (part: Part) => result.errors.find((e) => e.part === part)?.message;
	const skipped = (part: Part) => errorOf(part) ?? 'not run (--only)';
	const b = result.browser;

	// App shell.
	if (b) {
		rows.push({
			area: 'App shell: JS before the first portfolio renders (gzip)',
			budget: '≤ 150 KB',
			measured: `${kb(b.js.portfolioGzip)} (${b.js.portfolioFiles} files)`,
			reference: `home page: ${kb(b.js.homeGzip)}`,
			ratio: ratio(b.js.portfolioGzip, b.js.homeGzip),
			verdict: verdict(b.js.portfolioGzip, 150_000, true),
			note: 'cold HTTP cache, /p/<room> up to its table painted; 1 KB = 1,000 bytes'
		});
		rows.push({
			area: 'App shell: repeat load offline',
			budget: '≤ 1 s to interactive',
			measured: b.offline ? `${ms(b.offline.painted.p50, 0)} (p50)` : '–',
			reference: `online, warm cache: ${ms(b.open.baseline.painted.p50, 0)}`,
			ratio: b.offline ? ratio(b.offline.painted.p50, b.open.baseline.painted.p50) : '–',
			verdict: b.offline ? verdict(b.offline.painted.p50, 1000, true) : 'not measured',
			note: `service worker + IndexedDB, ${b.offline?.projects ?? b.config.baselineProjects}-project portfolio, reload → table painted`
		});
	} else {
		rows.push(
			missing('App shell: JS before the first portfolio renders', '≤ 150 KB', skipped('browser'))
		);
		rows.push(missing('App shell: repeat load offline', '≤ 1 s', skipped('browser')));
	}

	// Interactions at 1,000 projects.
	if (b) {
		const scale = b.config.projects >= 1000;
		const drag = (d: DragResult) => d.busy.p95;
		rows.push({
			area: `Drag-rank step at ${b.config.projects.toLocaleString('en')} projects (main-thread busy, p95)`,
			budget: '≤ 16 ms',
			measured: `${ms(b.drag.large.busy.p95)} (p50 ${ms(b.drag.large.busy.p50)})`,
			reference: `${b.drag.baseline.projects} projects: ${ms(drag(b.drag.baseline))}`,
			ratio: ratio(drag(b.drag.large), drag(b.drag.baseline)),
			verdict: verdict(drag(b.drag.large), 16, scale),
			note: `key → frame committed; key → next paint p95 ${ms(b.drag.large.frame.p95)}`
		});
		const withCharts = b.dragCapacity;
		if (withCharts) {
			const chart = (d: DragResult) => d.chart?.p95 ?? NaN;
			rows.push({
				area: `Drag-rank step with the capacity charts at ${b.config.projects.toLocaleString('en')} projects (main-thread busy, p95)`,
				budget: '≤ 16 ms',
				measured: `${ms(withCharts.large.busy.p95)} (p50 ${ms(withCharts.large.busy.p50)})`,
				reference: `${withCharts.baseline.projects} projects: ${ms(drag(withCharts.baseline))}`,
				ratio: ratio(drag(withCharts.large), drag(withCharts.baseline)),
				verdict: verdict(drag(withCharts.large), 16, scale),
				note: `capacity view, list and charts side by side; key → charts updated p95 ${ms(chart(withCharts.large))} (${withCharts.baseline.projects} projects: ${ms(chart(withCharts.baseline))})`
			});
		}
		const open = (o: OpenResult) => o.painted.p50;
		rows.push({
			area: `Open a portfolio from IndexedDB at ${b.config.projects.toLocaleString('en')} projects (p50)`,
			budget: '≤ 500 ms',
			measured: `${ms(open(b.open.large), 0)} (p95 ${ms(b.open.large.painted.p95, 0)})`,
			reference: `${b.open.baseline.projects} projects: ${ms(open(b.open.baseline), 0)}`,
			ratio: ratio(open(b.open.large), open(b.open.baseline)),
			verdict: verdict(open(b.open.large), 500, scale),
			note: 'reload → the projects table painted (the rows in view: a long table draws only those)'
		});
	} else {
		rows.push(missing('Drag-rank step at 1,000 projects', '≤ 16 ms', skipped('browser')));
		rows.push(missing('Open from IndexedDB at 1,000 projects', '≤ 500 ms', skipped('browser')));
	}

	rows.push(mapBudgetRow(result.map ?? null, skipped('map')));
	rows.push(...stageBudgetRows(result.stage ?? null, skipped('stage')));
	rows.push(...importBudgetRows(result.import ?? null, skipped('import')));

	// Optimiser.
	rows.push(...optimizerRows(result.optimizer ?? null, skipped('optimizer')));

	// Relay.
	const relay = result.relay;
	const ours = relay ? summarizeRelay(relay, 'ours-sqlite') : null;
	const oursMemory = relay ? summarizeRelay(relay, 'ours-memory') : null;
	const reference = relay ? summarizeRelay(relay, 'reference') : null;
	if (ours) {
		const c = profile.relay;
		const scale = c.rooms >= 100 && c.clientsPerRoom >= 5 && c.rate >= 10;
		const area = `Relay p99 delivery at ${c.rooms} rooms × ${c.clientsPerRoom} clients × ${c.rate} updates/s`;
		rows.push({
			area: `${area} (ours, SQLite)`,
			budget: '≤ 50 ms',
			measured: `${ms(ours.p99)} (p50 ${ms(ours.p50)})`,
			reference: reference ? `y-websocket-server: ${ms(reference.p99)}` : '–',
			ratio: ratio(ours.p99, reference?.p99),
			verdict: verdict(ours.p99, 50, scale),
			note: `${c.durationS} s window × ${c.rounds} round(s), median of rounds (per round: ${ours.p99s.map((p) => fmt(p, 1)).join(' / ')} ms; reference ${reference?.p99s.map((p) => fmt(p, 1)).join(' / ') ?? '–'} ms)`
		});
		if (oursMemory) {
			rows.push({
				area: `${area} (ours, no store)`,
				budget: '≤ 50 ms',
				measured: `${ms(oursMemory.p99)} (p50 ${ms(oursMemory.p50)})`,
				reference: reference ? `y-websocket-server: ${ms(reference.p99)}` : '–',
				ratio: ratio(oursMemory.p99, reference?.p99),
				verdict: verdict(oursMemory.p99, 50, scale),
				note: 'persistence off: a store that keeps nothing'
			});
		}
	} else {
		rows.push(missing('Relay p99 delivery at 100 × 5 × 10/s', '≤ 50 ms', skipped('relay')));
	}

	// Document growth.
	const d = result.doc;
	if (d) {
		const scale = d.config.edits >= 100_000;
		rows.push({
			area: `Stored document after ${d.config.edits.toLocaleString('en')} edits`,
			budget: '≤ 2 MB',
			measured: mb(d.ours.bytes),
			reference: `naive Y.Map layout: ${mb(d.reference.bytes)}`,
			ratio: ratio(d.ours.bytes, d.reference.bytes),
			verdict: verdict(d.ours.bytes, 2_000_000, scale),
			note: `from ${d.config.projects} projects (${mb(d.startBytes)}); same state with no history ${mb(d.freshBytes)}; 1 MB = 10⁶ bytes`
		});
		rows.push({
			area: 'Cold load of that document (apply + read, p50)',
			budget: '≤ 200 ms',
			measured: ms(d.ours.load.p50),
			reference: `naive layout (apply + toJSON): ${ms(d.reference.load.p50)}`,
			ratio: ratio(d.ours.load.p50, d.reference.load.p50),
			verdict: verdict(d.ours.load.p50, 200, scale),
			note: `apply alone ${ms(d.ours.apply.p50)}`
		});
		if (d.large) {
			rows.push({
				area: 'For scale: 1,000-project portfolio, no edits (size, cold load p50)',
				budget: '–',
				measured: `${mb(d.large.bytes)}, ${ms(d.large.load.p50, 0)}`,
				reference: '–',
				ratio: '–',
				verdict: 'no budget',
				note: 'DESIGN’s interaction scale; the 2 MB / 200 ms budgets are for the edited document'
			});
		}
	} else {
		rows.push(missing('Stored document after 100,000 edits', '≤ 2 MB', skipped('doc')));
		rows.push(missing('Cold load', '≤ 200 ms', skipped('doc')));
	}

	// Reconnect storm: no budget in DESIGN, reported against the stock client.
	const storm = result.storm;
	const ourStorm = storm?.find((s) => s.kind === 'relay-connection');
	const stockStorm = storm?.find((s) => s.kind === 'stock-provider');
	if (ourStorm) {
		rows.push({
			area: `Reconnect storm: ${ourStorm.clients} clients back after a relay restart (all synced / all saved)`,
			budget: '–',
			measured: `${ms(ourStorm.synced.max, 0)} / ${ms(ourStorm.saved?.max, 0)}`,
			reference: stockStorm ? `stock provider, synced: ${ms(stockStorm.synced.max, 0)}` : '–',
			ratio: ratio(ourStorm.synced.max, stockStorm?.synced.max),
			verdict: 'no budget',
			note: `RelayConnection; peak ${ourStorm.peakAttemptsPer100msAfterUp} vs ${stockStorm?.peakAttemptsPer100msAfterUp ?? '–'} connection attempts per 100 ms after the restart`
		});
	} else {
		rows.push(missing('Reconnect storm', '–', skipped('storm')));
	}

	// Presence: DESIGN's ≤ 10 awareness updates/s per client, for a 30-person room.
	const ourPresence = result.presence?.find((p) => p.throttled);
	const rawPresence = result.presence?.find((p) => !p.throttled);
	if (ourPresence) {
		const budget = presenceBudget(ourPresence.participants);
		const atScale = ourPresence.participants >= 30;
		rows.push({
			area: `Presence: ${ourPresence.participants} participants moving pointers in one room, awareness messages/s at the relay`,
			budget: `≤ ${budget}/s (10 per participant)`,
			measured: `${ourPresence.messagesPerS.toFixed(0)}/s (${ourPresence.perParticipantPerS.toFixed(1)} per participant)`,
			reference: rawPresence ? `unthrottled: ${rawPresence.messagesPerS.toFixed(0)}/s` : '–',
			ratio: ratio(ourPresence.messagesPerS, rawPresence?.messagesPerS),
			verdict: !atScale ? 'not judged' : ourPresence.messagesPerS <= budget ? 'met' : 'not met',
			note: `pointers move ${ourPresence.moveRate} times a second each (${ourPresence.movesPerS.toFixed(0)} moves/s in all)`
		});
	} else {
		rows.push(missing('Presence (awareness rate)', '≤ 10/s per participant', skipped('presence')));
	}
	return rows;
}

/** Issue 4's goal for the strategy map (not a DESIGN budget): a relayout under 100 ms. */
function mapBudgetRow(m: MapBenchResult | null, skipped: string): BudgetRow {
	const area = 'Strategy map relayout at 50 objectives × 300 projects (key → paint, p95)';
	if (!m) return missing(area, '≤ 100 ms (issue 4)', skipped);
	const scale = m.config.objectives >= 50 && m.config.projects >= 300;
	const pure = m.node.layout.p50 + m.node.alignment.p50;
	return {
		area: `Strategy map relayout at ${m.config.objectives} objectives × ${m.config.projects} projects (change → paint, p95)`,
		budget: '≤ 100 ms (issue 4)',
		measured: `${ms(m.relayout.p95)} (p50 ${ms(m.relayout.p50)}; busy p95 ${ms(m.busy.p95)})`,
		reference: `layout + alignment in Node: ${ms(pure)}`,
		ratio: ratio(m.relayout.p95, pure),
		verdict: verdict(m.relayout.p95, 100, scale),
		note: `${m.links.toLocaleString('en')} links; open the map view p50 ${ms(m.open.p50, 0)}${m.zoom ? `; zoom step p95 ${ms(m.zoom.p95)}` : ''}`
	};
}

/** Issue 15: the drag-step and relayout budgets held on the stages that Present shows. */
function stageBudgetRows(st: StageBenchResult | null, skipped: string): BudgetRow[] {
	const rankingArea = 'Ranking stage step at 1,000 projects (main-thread busy, p95)';
	const mapArea =
		'Strategy map stage relayout at 50 objectives × 300 projects (change → paint, p95)';
	if (!st) {
		return [
			missing(rankingArea, '≤ 16 ms', skipped),
			missing(mapArea, '≤ 100 ms (issue 4)', skipped)
		];
	}
	const { large, baseline } = st.ranking;
	const rows: BudgetRow[] = [
		{
			area: `Ranking stage step at ${large.projects.toLocaleString('en')} projects (main-thread busy, p95)`,
			budget: '≤ 16 ms',
			measured: `${ms(large.busy.p95)} (p50 ${ms(large.busy.p50)})`,
			reference: `${baseline.projects} projects: ${ms(baseline.busy.p95)}`,
			ratio: ratio(large.busy.p95, baseline.busy.p95),
			verdict: verdict(large.busy.p95, 16, large.projects >= 1000),
			note: `presenting /ranking, Enter on a row's move button → frame committed; key → next paint p95 ${ms(large.frame.p95)}${st.remote ? `; a move from another device: arrival → stage painted p95 ${ms(st.remote.arrival.p95)}` : ''}`
		}
	];
	const m = st.map;
	if (!m) {
		rows.push(
			missing(mapArea, '≤ 100 ms (issue 4)', st.notes.find((n) => n.startsWith('map')) ?? '–')
		);
		return rows;
	}
	const scale = st.config.map.objectives >= 50 && st.config.map.projects >= 300;
	rows.push({
		area: `Strategy map stage relayout at ${st.config.map.objectives} objectives × ${st.config.map.projects} projects (change → paint, p95)`,
		budget: '≤ 100 ms (issue 4)',
		measured: `${ms(m.stage.endToEnd.p95)} (p50 ${ms(m.stage.endToEnd.p50)}; arrival → paint p95 ${ms(m.stage.arrival.p95)})`,
		reference: `the editor's own map relayout: ${ms(m.reference.p95)}`,
		ratio: ratio(m.stage.endToEnd.p95, m.reference.p95),
		verdict: verdict(m.stage.endToEnd.p95, 100, scale && m.stage.missed === 0),
		note: `change in another context's side panel → the presenting page's stage painted (relay hop included)${m.stage.missed ? `; ${m.stage.missed} change(s) not seen on the stage within 10 s` : ''}`
	});
	return rows;
}

/** Issue 16: a 2,000-task MS Project file → preview in ≤ 1 s in the CLI, ≤ 2 s in the browser. */
function importBudgetRows(im: ImportBenchResult | null, skipped: string): BudgetRow[] {
	const cliArea = '`cairn convert` of a 2,000-task MS Project file (child process, p50)';
	const pipelineArea = 'Import preview of a 2,000-task MS Project file in Node (p50)';
	const browserArea = 'Import preview of a 2,000-task MS Project file in the browser (p50)';
	if (!im) {
		return [
			missing(cliArea, '≤ 1 s (issue 16)', skipped),
			missing(pipelineArea, '≤ 1 s (issue 16)', skipped),
			missing(browserArea, '≤ 2 s (issue 16)', skipped)
		];
	}
	const tasks = im.config.tasks.toLocaleString('en');
	const scale = im.config.tasks >= 2000;
	const dominant = (p: PipelineResult) => {
		const top = [...p.steps].sort((a, b) => b.time.p50 - a.time.p50)[0];
		return top ? `${top.name} ${ms(top.time.p50, 0)}` : '–';
	};
	const rows: BudgetRow[] = [];
	if (im.cli) {
		rows.push({
			area: `\`cairn convert\` of a ${tasks}-task MS Project file (child process, p50)`,
			budget: '≤ 1 s (issue 16)',
			measured: `${ms(im.cli.convert.p50, 0)} (p95 ${ms(im.cli.convert.p95, 0)})`,
			reference: `\`cairn validate\` of its output: ${ms(im.cli.validate.p50, 0)}`,
			ratio: ratio(im.cli.convert.p50, im.cli.validate.p50),
			verdict: verdict(im.cli.convert.p50, 1000, scale),
			note: `\`node bin/cairn.js convert FILE\`, spawn → exit, stdout to a file (${mb(im.cli.outputBytes)} out); \`convertToPortfolio\` in process p50 ${ms(im.convert.p50, 0)}`
		});
	} else {
		rows.push(missing(cliArea, '≤ 1 s (issue 16)', 'no child-process runs in this profile'));
	}
	rows.push({
		area: `Import preview of a ${tasks}-task MS Project file in Node (load → read → map → diff, p50)`,
		budget: '≤ 1 s (issue 16)',
		measured: `${ms(im.mspdi.total.p50, 0)} (p95 ${ms(im.mspdi.total.p95, 0)})`,
		reference: `Cairn's CSV of ${im.csv.projects.toLocaleString('en')} projects: ${ms(im.csv.total.p50, 0)}`,
		ratio: ratio(im.mspdi.total.p50, im.csv.total.p50),
		verdict: verdict(im.mspdi.total.p50, 1000, scale),
		note: `${im.mspdi.projects} projects at outline level 1, diffed against the sample portfolio; longest step: ${dominant(im.mspdi)} (CSV: ${dominant(im.csv)})`
	});
	const b = im.browser;
	if (b) {
		rows.push({
			area: `Import preview of a ${tasks}-task MS Project file in the browser (file set → Preview painted, p50)`,
			budget: '≤ 2 s (issue 16)',
			measured: `${ms(b.large.painted.p50, 0)} (p95 ${ms(b.large.painted.p95, 0)})`,
			reference: `${b.baseline.tasks}-task file: ${ms(b.baseline.painted.p50, 0)}`,
			ratio: ratio(b.large.painted.p50, b.baseline.painted.p50),
			verdict: verdict(b.large.painted.p50, 2000, scale),
			note: `the sample portfolio's "Import projects…" dialog, setInputFiles → the status "${b.large.status}" painted`
		});
	} else {
		rows.push(
			missing(
				browserArea,
				'≤ 2 s (issue 16)',
				im.notes.find((n) => n.startsWith('browser')) ?? 'no browser runs in this profile'
			)
		);
	}
	return rows;
}

/** Where one convert's CPU time went (one extra run under \`--cpu-prof\`). */
function convertProfile(p: ConvertProfile): string {
	return `
Where a convert's time goes: one more run under \`node --cpu-prof\`, its samples (${ms(p.totalMs, 0)} of CPU in all) split by the outermost step on the stack:

${table(
	['Step', 'CPU', 'share'],
	p.steps.map((s) => [s.name, ms(s.ms, 0), `${fmt((s.ms / p.totalMs) * 100, 0)} %`])
)}
`;
}

function importSection(im: ImportBenchResult | null | undefined): string {
	if (!im) return '';
	const c = im.config;
	const stepRows = (label: string, p: PipelineResult) => [
		...p.steps.map((s) => [label, s.name, ms(s.time.p50), ms(s.time.p95), String(s.time.count)]),
		[label, '**total**', ms(p.total.p50), ms(p.total.p95), String(p.total.count)]
	];
	const row = (label: string, s: Summary) => [
		label,
		ms(s.p50, 0),
		ms(s.p95, 0),
		ms(s.max, 0),
		String(s.count)
	];
	return `### Import (issue 16)

Files: \`generateMspdi(${c.tasks}, ${c.seed})\` (${mb(im.mspdi.bytes)}; ${im.mspdi.projects} projects at outline level 1: summary tasks every 5–15 tasks, work on five resources, some of it timephased) and, as the reference, \`exportProjectsCsv\` of \`generatePortfolio(${c.seed}, LARGE)\` at ${im.csv.projects.toLocaleString('en')} projects (${mb(im.csv.bytes)}; 12 roles × 24 quarters, half the demand cells filled). In Node, in this process, each pipeline ${c.runs} times after ${c.warmup} untimed run(s), the two in turn: the MS Project file as the import dialog reads it (\`loadImportFile\` → \`read\` at outline level 1 → \`defaultMapping\` + \`mapSource\` → \`diffImport\` against the sample portfolio: ${im.mspdi.counts.new} new); the CSV by the dialog's CSV path (\`loadImportFile\` → \`readCsv\` → \`guessColumns\` + \`planImport\` + \`draftFromCsvPlan\` → \`diffImport\` against the generated portfolio without its projects: ${im.csv.counts.new} new).

${table(
	['File', 'Step', 'p50', 'p95', 'samples'],
	[
		...stepRows(`MS Project, ${c.tasks} tasks`, im.mspdi),
		...stepRows(`CSV, ${im.csv.projects} projects`, im.csv)
	]
)}

${
	im.cli
		? `The CLI as a person runs it: \`node bin/cairn.js convert FILE\` with stdout to a file (the pipeline above plus the write into a Y.Doc, the output's check as \`cairn/portfolio@1\` and its JSON, ${mb(im.cli.outputBytes)}), spawn → exit, ${c.cliRuns} runs after an untimed one; the reference, in turn with it, \`node bin/cairn.js validate\` of that output (Node's start-up, the bundle's load and the same projects read and checked). \`convertToPortfolio\` in this process, for the part that is not start-up: p50 ${ms(im.convert.p50, 0)}, p95 ${ms(im.convert.p95, 0)}.

${table(
	['Command', 'p50', 'p95', 'max', 'samples'],
	[
		row('cairn convert (MS Project XML)', im.cli.convert),
		row('cairn validate (its output)', im.cli.validate)
	]
)}
${im.cli.profile ? convertProfile(im.cli.profile) : ''}`
		: `\`convertToPortfolio\` in this process: p50 ${ms(im.convert.p50, 0)}, p95 ${ms(im.convert.p95, 0)} (no child-process runs in this profile).
`
}
${
	im.browser
		? `Browser: ${im.browser.chromium}, the production build, viewport 1280 × 900. "Open sample portfolio", then per run "Import projects…", the file set on the dialog's "File" input (\`setInputFiles\`), and the dialog closed again; "file set" is the input event, "Preview in DOM" the status line of the section headed Preview appearing, "painted" the task after the next frame. ${c.browserRuns} runs of each file after an untimed one (the dialog's and the parser's chunks load then), alternating.

${table(
	['File', 'Preview in DOM p50', 'painted p50', 'painted p95', 'painted max', 'samples', 'status'],
	[im.browser.large, im.browser.baseline].map((r) => [
		`${r.tasks} tasks (${mb(r.bytes)})`,
		ms(r.dom.p50, 0),
		ms(r.painted.p50, 0),
		ms(r.painted.p95, 0),
		ms(r.painted.max, 0),
		String(r.painted.count),
		r.status
	])
)}
`
		: ''
}${im.notes.map((n) => `\n- ${n}`).join('')}
`;
}

function stageSection(st: StageBenchResult | null | undefined): string {
	if (!st) return '';
	const row = (label: string, s: Summary) => [
		label,
		ms(s.p50),
		ms(s.p95),
		ms(s.max),
		String(s.count)
	];
	const { large, baseline } = st.ranking;
	return `### Stages (Present)

${st.chromium}, viewport 1280 × 900, each page presenting (Present in the top bar; headless Chromium grants fullscreen). Ranking: \`generatePortfolio(${st.config.seed}, LARGE)\` at ${large.projects} projects and, as the baseline, ${baseline.projects}, made workshop-like as for the capacity drag step (so the funding line sits near the top and moves); the funding line's row is moved with its "Move … down" and "Move … up" buttons in turn (the button focused by script, then Enter), so it stays at the line. "key → paint" runs from the keydown to the task after the next frame; "busy" is the main thread from the keydown's task to the frame's commit (Chromium trace), as for the drag step. A remote step is the same row moved on the ranking board of a second browser context on the same portfolio: on the presenting page, "arrival" is the last WebSocket message before the stage changed, "click → paint" runs from the click on the other page (both clocks are epoch time in one browser) to the stage's next frame painted. Map stage: the map bench's portfolio (\`generatePortfolio(${st.config.map.seed}, LARGE)\`, ${st.config.map.objectives} objectives × ${st.config.map.projects} projects), presented in one context; in a second context, in the map view's side panel of the objective served by the most projects, its first project unlinked (contribution "None") and linked again ("Link project") in turn (the stage shows each objective's count, not the weights, so the map bench's 3 ↔ 1 change does not show on it at this scale); "change → stage painted" runs from the change or click on the other page to the presenting page's next frame painted (relay hop included), and the reference is the editing page's own map relayout (change → paint, the map bench's measure) in the same steps.

${table(
	['Measure', 'p50', 'p95', 'max', 'samples'],
	[
		row(`ranking stage step, ${large.projects} projects: main-thread busy`, large.busy),
		row(`ranking stage step, ${large.projects} projects: key → paint`, large.frame),
		row(`ranking stage step, ${baseline.projects} projects: main-thread busy`, baseline.busy),
		row(`ranking stage step, ${baseline.projects} projects: key → paint`, baseline.frame),
		...(st.remote
			? [
					row(
						`remote move, ${large.projects} projects: arrival → stage painted`,
						st.remote.arrival
					),
					row(`remote move, ${large.projects} projects: click → stage painted`, st.remote.endToEnd)
				]
			: []),
		...(st.map
			? [
					row('map stage: arrival → stage painted', st.map.stage.arrival),
					row('map stage: change → stage painted', st.map.stage.endToEnd),
					row("reference: the editor's own map, change → paint", st.map.reference)
				]
			: [])
	]
)}
${st.remote?.missed ? `\n${st.remote.missed} remote move(s) not seen on the stage within 10 s.\n` : ''}${st.notes.map((n) => `\n- ${n}`).join('')}
`;
}

function mapSection(m: MapBenchResult | null | undefined): string {
	if (!m) return '';
	const row = (label: string, s: Summary) => [
		label,
		ms(s.p50),
		ms(s.p95),
		ms(s.max),
		String(s.count)
	];
	return `### Strategy map

\`generatePortfolio(${m.config.seed}, LARGE)\` with ${m.config.objectives} objectives and ${m.config.projects} projects (${m.links.toLocaleString('en')} contribution links), imported through the home page; ${m.chromium}, viewport 1280 × 900. A relayout is one change of a link's contribution in the side panel: one transaction → new snapshot → layout + alignment → SVG nodes patched and the contribution links repainted on their canvases where the changed link runs; "change → paint" runs from the change event to the task after the next frame, "busy" is the main thread from the event's task to the frame's commit (Chromium trace; without a GPU the canvases are painted on the main thread, inside it). A zoom step is a click on "Zoom in" or "Zoom out" in turn from the view the map opens with (its width fitted): every link in view is repainted.

${table(
	['Measure', 'p50', 'p95', 'max', 'samples'],
	[
		row('buildMapLayout (Node)', m.node.layout),
		row('analyzeAlignment incl. funding line (Node)', m.node.alignment),
		row('relayout: change → paint', m.relayout),
		row('relayout: main-thread busy', m.busy),
		...(m.zoom ? [row('zoom step: click → paint', m.zoom)] : []),
		...(m.zoomBusy ? [row('zoom step: main-thread busy', m.zoomBusy)] : []),
		row('open the map view: navigation → every node painted', m.open)
	]
)}
`;
}

function table(header: string[], body: string[][]): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	return [
		`| ${header.join(' | ')} |`,
		`| ${header.map(() => '---').join(' | ')} |`,
		...body.map((row) => `| ${row.map(escape).join(' | ')} |`)
	].join('\n');
}

function relaySection(result: BenchResult, profile: Profile): string {
	if (!result.relay) return '';
	const c = profile.relay;
	const kinds = (['ours-sqlite', 'ours-memory', 'reference', 'reference-leveldb'] as const)
		.map((k) => summarizeRelay(result.relay ?? [], k))
		.filter((s): s is RelaySummary => s !== null);
	const reference = kinds.find((k) => k.kind === 'reference');
	return `### Relay under load

${c.rooms} rooms × ${c.clientsPerRoom} clients × ${c.rate} updates/s per client (${(c.rooms * c.clientsPerRoom * c.rate).toLocaleString('en')} updates/s offered, each delivered to the ${c.clientsPerRoom - 1} other clients of its room), ${c.warmupS} s warm-up then a ${c.durationS} s window, ${c.rounds} round(s) (kinds interleaved, median of rounds). Ratios are against the reference server in memory.

${table(
	[
		'Relay',
		'p50',
		'p90',
		'p99',
		'max',
		'p99 ratio',
		'updates/s in',
		'deliveries/s',
		'saved msgs/s',
		'echoes/s',
		'lost',
		'CPU (% of a core)',
		'CPU ratio',
		'RSS loaded',
		'RSS / room',
		'heap / room'
	],
	kinds.map((k) => [
		KIND_LABEL[k.kind],
		ms(k.p50),
		ms(k.p90),
		ms(k.p99),
		ms(k.max),
		ratio(k.p99, reference?.p99),
		fmt(k.updatesPerS, 0),
		fmt(k.deliveriesPerS, 0),
		fmt(k.savedPerS, 0),
		fmt(k.echoesPerS, 0),
		String(k.lost),
		fmt(k.cpuPercent, 0),
		ratio(k.cpuPercent, reference?.cpuPercent),
		`${fmt(k.rssLoadedMiB, 0)} MiB`,
		`${fmt(k.rssPerRoomKiB, 0)} KiB`,
		`${fmt(k.heapPerRoomKiB, 0)} KiB`
	])
)}

Where the time went, per relay (medians of rounds): the relay's event-loop delay (p99 / max) and longest GC pause during the window; for ours, from its own metrics, the messages it sent per second, how long an update waited for its store append (call → committed; the room's queue waits that long before its next message; mean / p99 bucket bound) and the log compactions in the window; the load generator's CPU (% of a core, both processes), its send lag p99 and event-loop delay p99 (large values would mean the generator, not the relay, was the bottleneck); and the CPU that everything else on the machine used meanwhile, in % of the whole machine (other people's builds and tests: a disturbed run shows here).

${table(
	[
		'Relay',
		'relay loop delay p99 / max',
		'relay GC max',
		'relay msgs out/s',
		'store wait mean / p99',
		'compactions',
		'generator CPU',
		'send lag p99',
		'generator loop delay p99',
		'other load on the machine',
		'p99 per round'
	],
	kinds.map((k) => [
		KIND_LABEL[k.kind],
		`${ms(k.relayLoopDelayP99)} / ${ms(k.relayLoopDelayMax)}`,
		ms(k.relayGcMaxMs),
		k.relayMessagesOutPerS === null ? '–' : fmt(k.relayMessagesOutPerS, 0),
		k.storeWaitMeanMs === null
			? '–'
			: `${ms(k.storeWaitMeanMs, 2)} / ≤ ${ms(k.storeWaitP99Ms ?? NaN, 1)}`,
		k.compactions === null ? '–' : fmt(k.compactions, 0),
		`${fmt(k.loadCpuPercent, 0)} %`,
		ms(k.sendLagP99),
		ms(k.loadLoopDelayP99),
		`${fmt(k.otherLoadPercent, 0)} %`,
		k.p99s.map((p) => ms(p)).join(' / ')
	])
)}

Worst delivery latency in each second of the window (ms), per round: ${kinds
		.map(
			(k) =>
				`${KIND_LABEL[k.kind]}: ${k.perSecond.map((round) => round.map((v) => fmt(v, 0)).join(' ')).join(' | ')}`
		)
		.join('; ')}.
`;
}

function stormSection(result: BenchResult, profile: Profile): string {
	if (!result.storm) return '';
	const c = profile.storm;
	return `### Reconnect storm

${c.rooms} rooms × ${c.clientsPerRoom} clients in ${c.workers} processes against our relay (SQLite). The relay is stopped (SIGTERM-like close: 1001 to every socket, flush), every client makes an edit while it is down, and ${c.downtimeMs} ms after the stop request a new relay starts on the same port and data directory. Times are from "new relay listening" to each client synced again, and (RelayConnection) to its status "saved".

${table(
	[
		'Client',
		'clients',
		'downtime',
		'synced p50',
		'synced p95',
		'all synced',
		'saved p50',
		'all saved',
		'missing',
		'attempts (after restart)',
		'peak attempts / 100 ms (after restart)'
	],
	result.storm.map((s) => [
		s.kind === 'relay-connection'
			? 'RelayConnection (jittered backoff)'
			: 'stock WebsocketProvider (fixed backoff)',
		String(s.clients),
		ms(s.downtimeMs, 0),
		ms(s.synced.p50, 0),
		ms(s.synced.p95, 0),
		ms(s.synced.max, 0),
		s.saved ? ms(s.saved.p50, 0) : '–',
		s.saved ? ms(s.saved.max, 0) : '–',
		String(s.missing),
		`${s.attempts} (${s.attemptsAfterUp})`,
		`${s.peakAttemptsPer100ms} (${s.peakAttemptsPer100msAfterUp})`
	])
)}
`;
}

function browserSection(b: BrowserResult | null): string {
	if (!b) return '';
	const open = (o: OpenResult) => [
		`${o.projects} projects`,
		ms(o.dom.p50, 0),
		ms(o.painted.p50, 0),
		ms(o.painted.p95, 0),
		ms(o.painted.max, 0),
		ms(o.importMs, 0)
	];
	const drag = (d: DragResult) => [
		`${d.projects} projects`,
		ms(d.busy.p50),
		ms(d.busy.p95),
		ms(d.busy.max),
		ms(d.script.p50),
		ms(d.frame.p50),
		ms(d.frame.p95),
		String(d.busy.count)
	];
	return `### Client in headless Chromium

${b.chromium}, production build (${b.buildMs > 0 ? `built for this run in ${fmt(b.buildMs / 1000, 0)} s` : 'the existing build/'}), served by \`node build-server/main.js\`; viewport 1280 × 900, service worker blocked except for the offline load. Portfolios: \`generatePortfolio(seed, LARGE)\` at ${b.config.projects} projects and, as the baseline, ${b.config.baselineProjects} projects; imported once through the home page's file input.

Open from IndexedDB (${b.config.opens} reloads each, warm HTTP cache):

${table(['Portfolio', 'table in DOM p50', 'painted p50', 'painted p95', 'painted max', 'first import'], [open(b.open.large), open(b.open.baseline)])}

Drag step on the ranking board (${b.config.dragSteps} keyboard steps each after ${b.config.warmupSteps} untimed ones; "busy" is the renderer main thread from the keydown task to the commit of the frame that shows it, from a Chromium trace; "key → paint" also contains the wait for the next frame):

${table(['Portfolio', 'busy p50', 'busy p95', 'busy max', 'script p50', 'key → paint p50', 'key → paint p95', 'samples'], [drag(b.drag.large), drag(b.drag.baseline)])}
${b.dragCapacity ? capacityDrag(b.dragCapacity, drag) : ''}
JavaScript (gzip level 9 of the files in build/client, 1 KB = 1,000 bytes): home page ${kb(b.js.homeGzip)} in ${b.js.homeFiles} files; portfolio page before its table was painted ${kb(b.js.portfolioGzip)} (${kb(b.js.portfolioRaw)} uncompressed) in ${b.js.portfolioFiles} files. Largest: ${b.js.largest.map((f) => `\`${f.file}\` ${kb(f.gzip)}`).join(', ')}.

${b.offline ? `Repeat load offline (${b.offline.projects} projects, service worker active, ${b.config.offlineOpens} reloads): painted p50 ${ms(b.offline.painted.p50, 0)}, max ${ms(b.offline.painted.max, 0)}.` : ''}
${b.notes.map((n) => `\n- ${n}`).join('')}
`;
}

/** The drag step on the capacity view: the list drives the capacity charts beside it. */
function capacityDrag(
	d: NonNullable<BrowserResult['dragCapacity']>,
	drag: (d: DragResult) => string[]
): string {
	const row = (r: DragResult) => [...drag(r), ms(r.chart?.p50 ?? NaN), ms(r.chart?.p95 ?? NaN)];
	return `
The same drag step on the capacity view (the ranking list with the capacity charts of the budget and every role beside it, re-stacked on every step; the same portfolios with nothing forced in, no dependencies or exclusions, and capacity and budget set to what the first 4 projects need, since as generated the forced-in projects alone exceed capacity and no drag changes what is funded; "key → charts" is the key event to the charts' last DOM change before the frame, over the steps that changed them):

${table(['Portfolio', 'busy p50', 'busy p95', 'busy max', 'script p50', 'key → paint p50', 'key → paint p95', 'samples', 'key → charts p50', 'key → charts p95'], [row(d.large), row(d.baseline)])}
`;
}

function docSection(d: DocGrowthResult | null): string {
	if (!d) return '';
	const row = (label: string, v: DocGrowthResult['ours']) => [
		label,
		mb(v.bytes),
		ms(v.apply.p50),
		ms(v.load.p50),
		ms(v.load.max),
		`${fmt(v.usPerEdit, 1)} µs`
	];
	return `### Document growth

Start: \`generatePortfolio(${d.config.seed}, LARGE)\` with ${d.config.projects} projects (${mb(d.startBytes)} stored). ${d.config.edits.toLocaleString('en')} seeded random edits through the doc-layer commands, a new session (store, reopen: a new Yjs client) every ${d.config.editsPerSession.toLocaleString('en')} edits. Mix: scores 25 %, contributions 7 %, cost 15 %, demand 15 %, moves 15 %, project fields 11 %, capacity 7 %, budget 4.4 %, add 0.3 %, delete 0.3 %. ${d.finalProjects} projects at the end. Stored = \`Y.encodeStateAsUpdate\` (what the relay keeps after compaction). Cold load = \`Y.applyUpdate\` into a fresh doc + materialise (ours: \`read\`), ${d.config.loads} times.

Reference: the same logical edits with plain Y.Map sets on a naive layout (nested Y.Maps per project, rank as a Y.Array of ids so a move is delete + insert), no doc layer. The same final state imported with no history: ${mb(d.freshBytes)}.

${table(['Layout', 'stored', 'apply p50', 'cold load p50', 'cold load max', 'time per edit'], [row('ours (doc layer)', d.ours), row('naive Y.Map layout', d.reference)])}
${d.large ? `\nFor scale, DESIGN's 1,000 × 20 × 12 × 24 portfolio freshly imported: ${mb(d.large.bytes)}, cold load p50 ${ms(d.large.load.p50, 0)}.\n` : ''}`;
}

/** BENCHMARKS.md (before prettier). */
export function renderMarkdown(result: BenchResult, profile: Profile): string {
	const { meta } = result;
	const m = meta.machine;
	const revision = meta.revision.commit
		? `\`${meta.revision.commit.slice(0, 12)}\`${meta.revision.dirty ? ' plus uncommitted changes in the working tree' : ''}`
		: 'unknown';
	return `# Benchmarks

Generated by \`${meta.command}\` on ${meta.date} (profile **${meta.profile}**, ${fmt(meta.durationS, 0)} s), commit ${revision}. Do not edit by hand: run \`npm run bench\` (full, several minutes) or \`npm run bench -- --quick\` (under 2 minutes, shorter windows and fewer samples, same scales) to regenerate it.

## Machine

${table(
	['CPU', 'cores', 'RAM', 'OS', 'Node', 'Chromium', 'load average (1 min) at start / end'],
	[
		[
			m.cpu,
			String(m.cores),
			`${fmt(m.ramGiB, 1)} GiB`,
			m.os,
			m.node,
			m.chromium ?? '–',
			`${fmt(m.loadBefore, 2)} / ${fmt(m.loadAfter ?? NaN, 2)}`
		]
	]
)}

The machine is shared: other work running at the same time slows a run down. Each budget therefore comes with a reference measured in the same invocation; the reference ratio says whether a change is ours or the machine's.

## Budgets (DESIGN "Performance budgets")

${table(
	['Budget', 'DESIGN', 'Measured', 'Reference (same run)', 'Ratio', 'Verdict', 'Notes'],
	result.budgets.map((r) => [
		r.area,
		r.budget,
		r.measured,
		r.reference,
		r.ratio,
		r.verdict === 'met' ? '**met**' : r.verdict === 'not met' ? '**NOT MET**' : r.verdict,
		r.note
	])
)}

"not judged" means the run was smaller than the budget's scale (a tiny or custom run). ${result.errors.length ? `\n\nErrors: ${result.errors.map((e) => `${e.part}: ${e.message}`).join('; ')}` : ''}

## Method

- **Relay under load.** The relay runs alone in a child process (its CPU time is \`process.cpuUsage()\` there, memory its RSS after a GC). The clients run in ${profile.relay.workers} other processes (\`child_process.fork\`): client j of room r lives in process (r + j) mod ${profile.relay.workers}, so every room has peers in another process. Each client speaks the y-websocket protocol over a real WebSocket (\`ws\`), syncs, and then writes its own key of a Y.Map at the given rate, spread evenly; the value carries \`performance.timeOrigin + performance.now()\` at the time of writing. Receivers find that stamp in the update's bytes and record now − stamp (delivery latency, both event loops included; receivers do not apply the update to a Y.Doc, which is client work). Our relay is connected to as the app does (\`/yjs/<room>?key=…&saved=1\`, so it also sends its "saved" messages); "no store" passes \`startServer\` a store that keeps nothing. The reference is \`@y/websocket-server\` 0.1.1's \`setupWSConnection\` on the same \`ws\` version and yjs 13.6; it also sends each update back to its sender ("echoes", not timed). Updates still missing ${profile.relay.drainMs} ms after the window count as lost.
- **Reconnect storm.** See its section; both client kinds run against our relay with SQLite, same rooms and sizes.
- **Client.** Timings come from the page itself (\`performance.now()\`, navigation start = 0; a MutationObserver installed before any page script notes when the projects table holds every project (\`aria-rowcount\`) and has drawn its rows, or enough of them to fill the window, since a long table draws only the rows in view; "painted" is the task after the next animation frame) and, for the drag step, from a Chromium trace. JS sizes are the gzip sizes of the build's files that the page's Resource Timing lists before its table was painted.
- **Document growth.** In this process, pure CPU; see its section.
- **Optimiser.** See its section: the same generated portfolio (500 projects × 24 quarters × 12 roles, 20 criteria) in Node and in Chromium's Web Worker (the built worker file and .wasm, served by the app), HiGHS held to the budget as its time limit.
- **Presence.** Our relay (no store) in a child process; ${profile.presence.participants} participants in one room, in this process, each moving its pointer ${profile.presence.moveRate} times a second through the app's \`PresenceChannel\`; a viewer counts the awareness messages the relay forwards over ${profile.presence.durationS} s after ${profile.presence.warmupS} s of warm-up. The reference sends every move at once.

## Details

${relaySection(result, profile)}
${stormSection(result, profile)}
${browserSection(result.browser)}
${docSection(result.doc)}
${optimizerSection(result.optimizer ?? null)}
${mapSection(result.map)}
${stageSection(result.stage)}
${importSection(result.import)}`;
}

/** Median of one number over the runs. */
function medianOf(runs: readonly OptimizerRun[], pick: (r: OptimizerRun) => number): number {
	return median(runs.map(pick));
}

/**
 * The optimiser's budget rows: met only when the median time is within the budget AND
 * every run proved its answer optimal (the time limit is the budget, so a run that
 * stops there is quick but not exact).
 */
function optimizerRows(o: OptimizerResult | null, notRun: string): BudgetRow[] {
	const scale = '500 projects × 24 periods × 12 roles';
	if (!o) {
		return [
			missing(`Optimum, ${scale}`, '≤ 2 s', notRun),
			missing('Efficient frontier', '≤ 10 s', notRun)
		];
	}
	const rows: BudgetRow[] = [];
	// Judged only when HiGHS was given the budgets themselves as its time limits.
	const limit = o.config.timeLimit;
	const judged = limit.optimum >= 2 && limit.point * FRONTIER_POINTS >= 10 - 1e-9;
	const judge = (value: number, budget: number, exact: boolean): Verdict =>
		!judged ? 'not judged' : exact ? verdict(value, budget, true) : 'not met';
	const paths: [string, OptimizerRun[] | null][] = [
		['Node', o.node],
		['browser worker', o.worker]
	];
	for (const [path, runs] of paths) {
		if (!runs || runs.length === 0) {
			rows.push(missing(`Optimum, ${scale} (${path})`, '≤ 2 s', o.notes.join('; ')));
			continue;
		}
		const optimum = medianOf(runs, (r) => r.optimumMs);
		const proven = runs.every((r) => r.optimal);
		const gap = Math.max(...runs.map((r) => r.gap));
		rows.push({
			area: `Optimum, ${scale} (${path}, median of ${runs.length})`,
			budget: '≤ 2 s',
			measured: `${ms(optimum, 0)}${proven ? ', proven optimal' : `, NOT proven (gap ≤ ${fmt(gap * 100, 2)} %)`}`,
			reference: '–',
			ratio: '–',
			verdict: judge(optimum, 2000, proven),
			note: `${medianOf(runs, (r) => r.selected)} projects selected; HiGHS time limit ${o.config.timeLimit.optimum} s`
		});
		const front = medianOf(runs, (r) => r.frontierMs);
		const points = Math.min(...runs.map((r) => r.provenPoints));
		rows.push({
			area: `Efficient frontier, 16 budget scales (${path})`,
			budget: '≤ 10 s',
			measured: `${ms(front, 0)}, ${points} of ${FRONTIER_POINTS} points proven optimal`,
			reference: '–',
			ratio: '–',
			verdict: judge(front, 10_000, points === FRONTIER_POINTS),
			note: `HiGHS time limit ${o.config.timeLimit.point} s per point`
		});
	}
	return rows;
}

function optimizerSection(o: OptimizerResult | null): string {
	if (!o) return '';
	const runTable = (runs: OptimizerRun[]) =>
		table(
			['Run', 'Optimum', 'Proven', 'Gap', 'Selected', 'Frontier', 'Points proven'],
			runs.map((r, i) => [
				String(i + 1),
				ms(r.optimumMs, 0),
				r.optimal ? 'yes' : 'no',
				`${fmt(r.gap * 100, 2)} %`,
				String(r.selected),
				ms(r.frontierMs, 0),
				`${r.provenPoints} of ${FRONTIER_POINTS}`
			])
		);
	return `### Optimiser

${o.projects} projects × 24 quarters × 12 roles (\`tests/helpers/optimize-portfolio.ts\`, seed ${o.config.seed}: runs of 2-8 quarters on 1-4 roles, cost following demand, budget and capacity ${o.config.share} of what the projects ask for). HiGHS may take ${o.config.timeLimit.optimum} s for the optimum and ${o.config.timeLimit.point} s per frontier point; stopped there, it returns the best selection found and the gap to its best bound.

Node:

${runTable(o.node)}

Browser worker:

${o.worker ? runTable(o.worker) : o.notes.join('; ')}
`;
}
