/**
 * The client in headless Chromium, on the production build served by
 * `node build-server/main.js`:
 *
 * (a) open a portfolio from IndexedDB: reload /p/<room> and time navigation start →
 *     the projects table in the DOM for every project (`aria-rowcount`) with the rows
 *     that fill the window drawn (a long table draws only those), and → the next frame
 *     painted;
 * (b) one drag step on the ranking board: a handle picked up with Space, then ArrowDown /
 *     ArrowUp; per step the renderer's main-thread busy time from the keydown task to the
 *     commit of the frame that shows it (from a Chromium trace), and the in-page time
 *     from the key event to the next frame painted (which also includes waiting for the
 *     frame); the same on the capacity view, where the board's list drives the capacity
 *     charts beside it, with the time from the key event to the charts' DOM updated
 *     (on the same portfolios made `workshopLike`, so that the line moves);
 * (c) the JavaScript loaded before the first render, gzip-compressed (level 9, as
 *     `precompress` serves it), on a cold HTTP cache: the home page, and a portfolio
 *     page up to its first rendered table;
 * (d) the repeat load offline: with the service worker installed, offline, reload a
 *     (small) portfolio and time navigation → its table rendered.
 *
 * Each is run on the 1,000-project portfolio (DESIGN's scale) and on a 24-project one
 * in the same browser, as the baseline.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { serializePortfolio } from '../../src/lib/domain/format';
import type { Portfolio } from '../../src/lib/domain/types';
import { generatePortfolio, LARGE, type GenerateSize } from '../helpers/generate';
import type { AppBuild } from './app';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import { serveApp } from './app';
import { summarize, type Summary } from './stats';
import { stepBusyTimes } from './trace';

export interface BrowserConfig {
	/** Reloads timed per portfolio. */
	opens: number;
	/** Drag steps timed per portfolio (after `warmupSteps` untimed ones). */
	dragSteps: number;
	warmupSteps: number;
	/** Offline reloads timed. */
	offlineOpens: number;
	/** Project counts: DESIGN's scale and the baseline. */
	projects: number;
	baselineProjects: number;
	seed: number;
}

export interface OpenResult {
	projects: number;
	/** Navigation start → the table's rows in view in the DOM (ms). */
	dom: Summary;
	/** …→ the next frame painted after that. */
	painted: Summary;
	/** Import through the home page's file input, to the first render (ms, once). */
	importMs: number;
}

export interface DragResult {
	projects: number;
	/** Main-thread busy time per step, keydown task → frame committed (trace), ms. */
	busy: Summary;
	/** Key event → next frame painted, in the page (includes the wait for the frame). */
	frame: Summary;
	/** Key event → the list's DOM updated (script only). */
	script: Summary;
	/** Key event → the capacity charts' DOM fully updated (capacity view only). */
	chart?: Summary;
}

export interface JsResult {
	/** Gzip bytes of the JS the home page loads, and files. */
	homeGzip: number;
	homeFiles: number;
	/** Gzip bytes of the JS loaded before a portfolio's table first rendered (cold cache). */
	portfolioGzip: number;
	portfolioFiles: number;
	portfolioRaw: number;
	largest: { file: string; gzip: number }[];
}

export interface BrowserResult {
	config: BrowserConfig;
	chromium: string;
	buildMs: number;
	open: { large: OpenResult; baseline: OpenResult };
	drag: { large: DragResult; baseline: DragResult };
	/** The drag step on the capacity view: the list with the capacity charts beside it. */
	dragCapacity?: { large: DragResult; baseline: DragResult };
	js: JsResult;
	offline: { projects: number; painted: Summary } | null;
	notes: string[];
}

/**
 * Installed before any page script: records when the projects table first shows
 * `expected` projects (DOM) and when the frame after that was painted (rAF, then a task).
 */
export function installRenderProbe(expected: number): void {
	const w = window as unknown as { __rowsDom?: number; __rowsPainted?: number };
	const observer = new MutationObserver(() => {
		if (w.__rowsDom !== undefined) return;
		// The table says it has every project (`aria-rowcount`, the header row included)
		// and has drawn them all, or enough rows to fill the window (a long table draws
		// only the rows in view). Inline: a named helper would not survive serialisation.
		const table = document.querySelector(`table[aria-rowcount="${expected + 1}"]`);
		const rows = table?.querySelectorAll('tbody tr[aria-rowindex]') ?? [];
		const filled =
			rows.length > 0 && rows[rows.length - 1].getBoundingClientRect().bottom >= innerHeight;
		if (rows.length < expected && !filled) return;
		w.__rowsDom = performance.now();
		observer.disconnect();
		requestAnimationFrame(() => {
			const channel = new MessageChannel();
			channel.port1.onmessage = () => (w.__rowsPainted = performance.now());
			channel.port2.postMessage(0);
		});
	});
	observer.observe(document, { childList: true, subtree: true });
}

export async function renderTimes(page: Page): Promise<{ dom: number; painted: number }> {
	const handle = await page.waitForFunction(
		() => {
			const w = window as unknown as { __rowsDom?: number; __rowsPainted?: number };
			return w.__rowsPainted !== undefined ? { dom: w.__rowsDom!, painted: w.__rowsPainted } : null;
		},
		null,
		{ timeout: 120_000, polling: 50 }
	);
	return (await handle.jsonValue()) as { dom: number; painted: number };
}

interface Seeded {
	projects: number;
	/** /p/<room>#key=… */
	path: string;
	importMs: number;
}

/**
 * A generated portfolio as a workshop would have it: nothing forced in, no dependencies
 * or exclusions, and capacity and budget in every period exactly what the first `fit`
 * projects that take part need together, so the funding line sits just below them and
 * moves when a drag crosses it. As generated, a third of the projects are forced in,
 * which alone exceeds capacity, random gaps in capacity leave almost nothing fundable,
 * and the first unmet dependency stops the strict waterline: no drag would change what
 * is funded, nor what the capacity charts show.
 */
export function workshopLike(generated: Portfolio, fit = 4): Portfolio {
	const projects = generated.projects.map((p) => ({
		...p,
		decision: p.decision === 'in' ? ('auto' as const) : p.decision,
		dependsOn: [],
		excludes: []
	}));
	const first = projects
		.filter((p) => p.decision === 'auto' && p.status !== 'done' && p.status !== 'cancelled')
		.slice(0, fit);
	const sum = (records: Record<string, number>[], period: string) =>
		records.reduce((total, r) => total + (r[period] ?? 0), 0);
	const budget = Object.fromEntries(
		generated.periods.map((t) => [
			t,
			sum(
				first.map((p) => p.cost),
				t
			)
		])
	);
	const roles = generated.roles.map((role) => ({
		...role,
		capacity: Object.fromEntries(
			generated.periods.map((t) => [
				t,
				sum(
					first.map((p) => p.demand[role.id] ?? {}),
					t
				)
			])
		)
	}));
	return { ...generated, projects, budget, roles };
}

/**
 * Imports a generated portfolio through the home page, as a person would;
 * `workshop` makes it `workshopLike`.
 */
export async function seed(
	page: Page,
	projects: number,
	seedValue: number,
	size: Partial<GenerateSize> = {},
	options: { workshop?: boolean } = {}
): Promise<Seeded> {
	const generated = generatePortfolio(seedValue, { ...LARGE, ...size, projects });
	const portfolio = options.workshop ? workshopLike(generated) : generated;
	const buffer = Buffer.from(serializePortfolio(portfolio));
	await page.goto('/');
	await page.getByRole('heading', { name: 'Cairn', level: 1 }).waitFor();
	// The import opens the portfolio in the same document: the probe sees its table.
	await page.evaluate(installRenderProbe, projects);
	const started = Date.now();
	await page
		.locator('input[type=file]')
		.setInputFiles({ name: `bench-${projects}.cairn.json`, mimeType: 'application/json', buffer });
	await page.waitForURL(/\/p\//, { timeout: 120_000 });
	await renderTimes(page);
	const importMs = Date.now() - started;
	// The first open uploads the portfolio to the relay; later opens only exchange vectors.
	await page.locator('[data-status="saved"]').waitFor({ timeout: 180_000 });
	// The app takes the key out of the address bar once this device remembers it; a
	// fresh browser context needs it in the link.
	const room = new URL(page.url()).pathname.split('/')[2];
	const key = await page.evaluate((roomId) => {
		const entries = JSON.parse(localStorage.getItem('cairn:portfolios') ?? '[]') as {
			roomId: string;
			key: string;
		}[];
		return entries.find((e) => e.roomId === roomId)?.key ?? null;
	}, room);
	if (!key) throw new Error(`no key remembered for room ${room}`);
	return { projects, path: `/p/${room}#key=${key}`, importMs };
}

/** Reloads each portfolio `opens` times, alternating between them (same machine state). */
async function measureOpens(context: BrowserContext, portfolios: Seeded[], opens: number) {
	const pages: Page[] = [];
	for (const seeded of portfolios) {
		const page = await context.newPage();
		await page.addInitScript(installRenderProbe, seeded.projects);
		await page.goto(seeded.path);
		await renderTimes(page); // warms the HTTP cache and the code cache
		pages.push(page);
	}
	const times = portfolios.map(() => ({ dom: [] as number[], painted: [] as number[] }));
	for (let i = 0; i < opens; i++) {
		for (const [p, page] of pages.entries()) {
			await page.reload({ waitUntil: 'commit' });
			const t = await renderTimes(page);
			times[p].dom.push(t.dom);
			times[p].painted.push(t.painted);
		}
	}
	for (const page of pages) await page.close();
	return portfolios.map((seeded, p) => ({
		projects: seeded.projects,
		dom: summarize(times[p].dom),
		painted: summarize(times[p].painted)
	}));
}

interface StepSample {
	t0: number;
	dom?: number;
	/** The capacity charts' last DOM change before the frame (when they are on the page). */
	chart?: number;
	raf?: number;
	paint?: number;
}

/** Times key steps in the page: key event → list mutated → rAF → the frame painted. */
function installStepProbe(): void {
	const w = window as unknown as { __steps: StepSample[] };
	w.__steps = [];
	const list = document.querySelector('ol.ranking');
	let current: StepSample | null = null;
	const observer = new MutationObserver(() => {
		if (current && current.dom === undefined) current.dom = performance.now();
	});
	if (list) observer.observe(list, { childList: true, subtree: true, attributes: true });
	const charts = document.querySelector('[data-bench="capacity-charts"]');
	const chartObserver = new MutationObserver(() => {
		// The last chart mutation before the frame: the charts are fully redrawn by then.
		if (current && current.raf === undefined) current.chart = performance.now();
	});
	if (charts) {
		chartObserver.observe(charts, {
			childList: true,
			subtree: true,
			attributes: true,
			characterData: true
		});
	}
	addEventListener(
		'keydown',
		(event) => {
			if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
			const sample: StepSample = { t0: event.timeStamp };
			current = sample;
			requestAnimationFrame(() => {
				sample.raf = performance.now();
				const channel = new MessageChannel();
				channel.port1.onmessage = () => {
					sample.paint = performance.now();
					w.__steps.push(sample);
				};
				channel.port2.postMessage(0);
			});
		},
		true
	);
}

async function measureDrag(
	browser: Browser,
	context: BrowserContext,
	seeded: Seeded,
	config: BrowserConfig,
	view: 'ranking' | 'capacity' = 'ranking'
): Promise<DragResult> {
	const page = await context.newPage();
	const [path, hash] = seeded.path.split('#');
	await page.goto(`${path}/${view}#${hash}`);
	const rows = page.locator('ol.ranking > li');
	// A long list draws only the rows in view: wait for its first row, which says how
	// many there are.
	await page.waitForFunction(
		(n) => document.querySelector(`ol.ranking > li[aria-posinset="1"][aria-setsize="${n}"]`),
		seeded.projects,
		{ timeout: 120_000 }
	);
	if (view === 'capacity') {
		await page.locator('[data-bench="capacity-charts"] svg').first().waitFor({ timeout: 60_000 });
	}
	await page.evaluate(installStepProbe);
	// A row near the top, moved down and up in runs of ten so it stays in view. On the
	// capacity view, the first funded one: moving it down crosses the funding line.
	const firstFunded = async () => {
		const names = await rows.evaluateAll((items) =>
			items.map((li) => /(^|\W)Funded(\W|$)/.test(li.textContent ?? ''))
		);
		const i = names.indexOf(true);
		return i < 0 ? Math.min(3, seeded.projects - 1) : i;
	};
	const start = view === 'capacity' ? await firstFunded() : Math.min(3, seeded.projects - 1);
	const handle = rows.nth(start).locator('button.handle');
	await handle.focus();
	await page.keyboard.press('Space');
	await page.waitForFunction(() =>
		document
			.querySelector('[aria-label="Ranking announcements"]')
			?.textContent?.includes('Picked up')
	);
	const room = Math.max(1, Math.min(10, seeded.projects - start - 1));
	const total = config.warmupSteps + config.dragSteps;
	let traced = false;
	for (let i = 0; i < total; i++) {
		if (i === config.warmupSteps) {
			await browser.startTracing(page, {
				categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline']
			});
			traced = true;
		}
		const key = Math.floor(i / room) % 2 === 0 ? 'ArrowDown' : 'ArrowUp';
		await page.keyboard.press(key);
		await page.waitForFunction(
			(n) => (window as unknown as { __steps: unknown[] }).__steps.length >= n,
			i + 1,
			{ polling: 'raf' }
		);
	}
	const trace = traced ? await browser.stopTracing() : null;
	// BENCH_TRACE_DIR=dir keeps the traces (open them in Chrome DevTools' Performance panel).
	const traceDir = process.env.BENCH_TRACE_DIR;
	if (trace && traceDir) {
		writeFileSync(join(traceDir, `drag-${view}-${seeded.projects}.json`), trace);
	}
	const samples = (await page.evaluate(
		() => (window as unknown as { __steps: StepSample[] }).__steps
	)) as StepSample[];
	await page.keyboard.press('Escape');
	await page.close();
	const timed = samples.slice(config.warmupSteps);
	return {
		projects: seeded.projects,
		busy: summarize(trace ? stepBusyTimes(trace, config.dragSteps) : []),
		frame: summarize(timed.map((s) => (s.paint ?? NaN) - s.t0)),
		script: summarize(timed.filter((s) => s.dom !== undefined).map((s) => s.dom! - s.t0)),
		...(view === 'capacity'
			? {
					chart: summarize(timed.filter((s) => s.chart !== undefined).map((s) => s.chart! - s.t0))
				}
			: {})
	};
}

/** Gzip size of a file of the build, by its URL path. */
function gzipOf(build: AppBuild, pathname: string): { raw: number; gzip: number } {
	const bytes = readFileSync(join(build.dir, 'build/client', decodeURIComponent(pathname)));
	return { raw: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
}

/** JS files (URL paths) the page loaded up to `until` (ms since navigation start). */
async function scriptsLoaded(page: Page, until: number): Promise<string[]> {
	return page.evaluate((limit) => {
		return performance
			.getEntriesByType('resource')
			.filter((e) => (e as PerformanceResourceTiming).responseEnd <= limit)
			.map((e) => new URL(e.name).pathname)
			.filter((p) => p.endsWith('.js'));
	}, until);
}

async function measureJs(browser: Browser, build: AppBuild, baseURL: string, seeded: Seeded) {
	const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
	const sizes = (files: string[]) => {
		const unique = [...new Set(files)];
		const each = unique.map((file) => ({ file, ...gzipOf(build, file) }));
		return {
			gzip: each.reduce((n, f) => n + f.gzip, 0),
			raw: each.reduce((n, f) => n + f.raw, 0),
			files: each.length,
			each
		};
	};
	const home = await context.newPage();
	await home.goto('/', { waitUntil: 'networkidle' });
	const homeJs = sizes(await scriptsLoaded(home, Infinity));
	await home.close();
	// A fresh context again: the portfolio page on a cold cache (from the relay: this
	// context has no IndexedDB copy, so the JS is the same the IndexedDB path needs).
	await context.close();
	const cold = await browser.newContext({ baseURL, serviceWorkers: 'block' });
	const page = await cold.newPage();
	await page.addInitScript(installRenderProbe, seeded.projects);
	await page.goto(seeded.path);
	const { painted } = await renderTimes(page);
	const portfolioJs = sizes(await scriptsLoaded(page, painted));
	await cold.close();
	return {
		homeGzip: homeJs.gzip,
		homeFiles: homeJs.files,
		portfolioGzip: portfolioJs.gzip,
		portfolioFiles: portfolioJs.files,
		portfolioRaw: portfolioJs.raw,
		largest: portfolioJs.each
			.sort((a, b) => b.gzip - a.gzip)
			.slice(0, 5)
			.map(({ file, gzip }) => ({ file, gzip }))
	};
}

/** Repeat load offline: the service worker serves the shell, IndexedDB the portfolio. */
async function measureOffline(
	browser: Browser,
	baseURL: string,
	config: BrowserConfig
): Promise<{ projects: number; painted: Summary }> {
	const context = await browser.newContext({ baseURL });
	try {
		const page = await context.newPage();
		const seeded = await seed(page, config.baselineProjects, config.seed + 2);
		// Wait until the service worker controls the page (a reload after it activated).
		await page.evaluate(async () => {
			await navigator.serviceWorker.ready;
		});
		await page.reload();
		await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
			timeout: 60_000
		});
		await page.close();
		await context.setOffline(true);
		const probe = await context.newPage();
		await probe.addInitScript(installRenderProbe, seeded.projects);
		await probe.goto(seeded.path);
		await renderTimes(probe);
		const painted: number[] = [];
		for (let i = 0; i < config.offlineOpens; i++) {
			await probe.reload({ waitUntil: 'commit' });
			painted.push((await renderTimes(probe)).painted);
		}
		return { projects: seeded.projects, painted: summarize(painted) };
	} finally {
		await context.close();
	}
}

/** Every browser measurement on one build. */
export async function runBrowser(build: AppBuild, config: BrowserConfig): Promise<BrowserResult> {
	const app = await serveApp(build);
	const browser = await chromium.launch(CHROMIUM_LAUNCH);
	const notes: string[] = [];
	try {
		const context = await browser.newContext({
			baseURL: app.url,
			serviceWorkers: 'block',
			viewport: { width: 1280, height: 900 }
		});
		const setup = await context.newPage();
		const large = await seed(setup, config.projects, config.seed);
		const small = await seed(setup, config.baselineProjects, config.seed + 1);
		await setup.close();

		// Baseline and large alternate so that a drift of the machine hits both alike.
		const [openLarge, openSmall] = await measureOpens(context, [large, small], config.opens);
		const dragSmall = await measureDrag(browser, context, small, config);
		const dragLarge = await measureDrag(browser, context, large, config);
		let dragCapacity: BrowserResult['dragCapacity'];
		try {
			// The same portfolios as a workshop has them, so that the line moves in the drag.
			const setupAuto = await context.newPage();
			const largeAuto = await seed(setupAuto, config.projects, config.seed, {}, { workshop: true });
			const smallAuto = await seed(
				setupAuto,
				config.baselineProjects,
				config.seed + 1,
				{},
				{
					workshop: true
				}
			);
			await setupAuto.close();
			dragCapacity = {
				baseline: await measureDrag(browser, context, smallAuto, config, 'capacity'),
				large: await measureDrag(browser, context, largeAuto, config, 'capacity')
			};
		} catch (error) {
			notes.push(`capacity drag step not measured: ${String(error).split('\n')[0]}`);
		}
		await context.close();

		const js = await measureJs(browser, build, app.url, large);
		let offline: BrowserResult['offline'] = null;
		try {
			offline = await measureOffline(browser, app.url, config);
		} catch (error) {
			notes.push(`offline repeat load not measured: ${String(error).split('\n')[0]}`);
		}
		return {
			config,
			chromium: browser.version(),
			buildMs: build.buildMs,
			open: {
				large: { ...openLarge, importMs: large.importMs },
				baseline: { ...openSmall, importMs: small.importMs }
			},
			drag: { large: dragLarge, baseline: dragSmall },
			dragCapacity,
			js,
			offline,
			notes
		};
	} finally {
		await browser.close();
		await app.stop();
	}
}
