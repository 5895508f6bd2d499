/**
 * The optimiser at DESIGN's scale (500 projects × 24 periods × 12 roles): the optimum
 * (≤ 2 s) and the efficient frontier (≤ 10 s), in Node (the CLI's path) and in the
 * browser's Web Worker (the app's path: the built worker file, the .wasm as served).
 * HiGHS gets the budget as its time limit (the frontier's split over its 16 points), so
 * a run never takes much longer than the budget; what counts is whether it PROVED the
 * optimum in that time, and if not, how far the best selection found may be from it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { FRONTIER_SCALES, frontier, loadHighs, optimize } from '../../src/lib/domain/optimize';
import type { OptimizeMessage, OptimizeRequest } from '../../src/lib/domain/optimize-job';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import { realisticPortfolio } from '../helpers/optimize-portfolio';
import { serveApp, type AppBuild } from './app';

export interface OptimizerConfig {
	/** Solves per path (the median is reported). */
	runs: number;
	seed: number;
	/** Budget and capacity as a share of what the projects ask for. */
	share: number;
	/** Seconds HiGHS may take: the optimum, and each frontier point. */
	timeLimit: { optimum: number; point: number };
	/** Also measure in the browser worker. */
	worker: boolean;
}

export interface OptimizerRun {
	optimumMs: number;
	frontierMs: number;
	/** The optimum was proven (not stopped by the time limit). */
	optimal: boolean;
	/** Relative gap of the optimum when not proven (0 when proven). */
	gap: number;
	/** Frontier points proven optimal, of 16. */
	provenPoints: number;
	selected: number;
}

export interface OptimizerResult {
	config: OptimizerConfig;
	projects: number;
	node: OptimizerRun[];
	worker: OptimizerRun[] | null;
	notes: string[];
}

/** The solve in Node, as `cairn optimize` does it. */
async function nodeRun(config: OptimizerConfig): Promise<OptimizerRun> {
	const highs = await loadHighs();
	const portfolio = realisticPortfolio(config.seed, config.share);
	let t = performance.now();
	const result = await optimize(portfolio, { highs, timeLimit: config.timeLimit.optimum });
	const optimumMs = performance.now() - t;
	t = performance.now();
	const points = await frontier(portfolio, { highs, timeLimit: config.timeLimit.point });
	return {
		optimumMs,
		frontierMs: performance.now() - t,
		optimal: result.optimal,
		gap: result.gap,
		provenPoints: points.filter((p) => p.optimal).length,
		selected: result.selected.length
	};
}

/** The built worker file, e.g. `/_app/immutable/workers/optimize.worker-AbC.js`. */
function workerPath(build: AppBuild): string {
	const dir = join(build.dir, 'build/client/_app/immutable/workers');
	const file = readdirSync(dir).find((f) => /^optimize\.worker-.*\.js$/.test(f));
	if (!file) throw new Error(`no optimize.worker-*.js in ${dir}`);
	return `/_app/immutable/workers/${file}`;
}

/** The solve in Chromium's Web Worker; times are taken in the page from the progress messages. */
async function workerRuns(build: AppBuild, config: OptimizerConfig): Promise<OptimizerRun[]> {
	const app = await serveApp(build);
	const browser = await chromium.launch(CHROMIUM_LAUNCH);
	try {
		const page = await (await browser.newContext({ baseURL: app.url })).newPage();
		await page.goto('/');
		const portfolio = realisticPortfolio(config.seed, config.share);
		const runs: OptimizerRun[] = [];
		for (let i = 0; i < config.runs; i++) {
			const request: OptimizeRequest = {
				type: 'solve',
				id: i + 1,
				portfolio,
				frontier: true,
				timeLimit: config.timeLimit
			};
			runs.push(
				await page.evaluate(
					({ url, request }) =>
						new Promise<OptimizerRun>((resolve, reject) => {
							const worker = new Worker(url, { type: 'module' });
							const at: Record<string, number> = {};
							worker.onerror = (e) => reject(new Error(e.message));
							worker.onmessage = (event: MessageEvent<OptimizeMessage>) => {
								const m = event.data;
								const now = performance.now();
								if (m.type === 'error') reject(new Error(m.message));
								else if (m.type === 'progress') {
									const p = m.progress;
									if (p.step === 'optimum') at.optimum = now;
									if (p.step === 'frontier' && p.done === 0) at.frontier = now;
								} else {
									worker.terminate();
									resolve({
										optimumMs: at.frontier - at.optimum,
										frontierMs: now - at.frontier,
										optimal: m.result.optimal,
										gap: m.result.gap,
										provenPoints: (m.frontier ?? []).filter((p) => p.optimal).length,
										selected: m.result.selected.length
									});
								}
							};
							worker.postMessage(request);
						}),
					{ url: workerPath(build), request }
				)
			);
		}
		return runs;
	} finally {
		await browser.close();
		await app.stop();
	}
}

/** Measures the optimiser in Node and (when configured) in the browser worker. */
export async function runOptimizerBench(
	build: AppBuild | null,
	config: OptimizerConfig,
	log: (line: string) => void
): Promise<OptimizerResult> {
	const node: OptimizerRun[] = [];
	for (let i = 0; i < config.runs; i++) {
		log(`optimizer: node run ${i + 1} of ${config.runs}…`);
		node.push(await nodeRun(config));
	}
	const notes: string[] = [];
	let worker: OptimizerRun[] | null = null;
	if (config.worker && build) {
		log('optimizer: browser worker…');
		worker = await workerRuns(build, config);
	} else notes.push('browser worker not measured in this run');
	return { config, projects: 500, node, worker, notes };
}

/** How many frontier points there are (for the report). */
export const FRONTIER_POINTS = FRONTIER_SCALES.length;
