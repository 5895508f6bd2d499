/**
 * The strategy map at 50 objectives × 300 projects (issue 4: "interactive, under 100 ms
 * for a relayout"):
 *
 * (a) in Node, the pure work of one relayout: `buildMapLayout` and `analyzeAlignment`
 *     (funding line included) on the snapshot;
 * (b) in headless Chromium on the production build: opening the map view (navigation →
 *     every project node in the DOM → the next frame painted), and a relayout: changing
 *     a link's contribution in the side panel (one doc transaction → new snapshot →
 *     layout + alignment → SVG nodes patched, and the contribution links repainted on
 *     their canvases, only where the changed link runs), timed from the change event to
 *     the frame painted, and as main-thread busy time from a Chromium trace;
 * (c) a zoom step (the "Zoom in" / "Zoom out" buttons in turn, from the view the map
 *     opens with, its width fitted): the SVG moves and every link in view is repainted,
 *     timed and traced the same way.
 *
 * Without a GPU (as here) canvas painting runs on the main thread, inside the frame, so
 * the busy time includes it; the SVG nodes are rasterised off the main thread.
 */
import { chromium, type Page } from '@playwright/test';
import { analyzeAlignment } from '../../src/lib/domain/alignment';
import { buildMapLayout } from '../../src/lib/charts/map-layout';
import { generatePortfolio, LARGE } from '../helpers/generate';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import { serveApp, type AppBuild } from './app';
import { seed } from './browser';
import { summarize, type Summary } from './stats';
import { timeSteps } from './steps';

export interface MapBenchConfig {
	objectives: number;
	projects: number;
	/** Pure relayouts timed in Node. */
	samples: number;
	/** Map opens timed in the browser. */
	opens: number;
	/** Contribution changes timed in the browser (after `warmup` untimed ones). */
	edits: number;
	/** Zoom steps timed in the browser (after `warmup` untimed ones). */
	zooms: number;
	warmup: number;
	seed: number;
}

export interface MapBenchResult {
	config: MapBenchConfig;
	/** Contribution links drawn. */
	links: number;
	node: { layout: Summary; alignment: Summary };
	chromium: string;
	buildMs: number;
	/** Navigation → every project node painted. */
	open: Summary;
	/** Change event → the next frame painted. */
	relayout: Summary;
	/** Main-thread busy per change, event task → frame committed (trace). */
	busy: Summary;
	/** Zoom button click → the next frame painted (absent in results saved before it). */
	zoom?: Summary;
	/** Main-thread busy per zoom step (trace). */
	zoomBusy?: Summary;
}

/** The generated portfolio of the measurement. */
function sizeOf(config: MapBenchConfig) {
	return { ...LARGE, objectives: config.objectives, projects: config.projects };
}

function timeNode(config: MapBenchConfig) {
	const portfolio = generatePortfolio(config.seed, sizeOf(config));
	const layoutTimes: number[] = [];
	const alignmentTimes: number[] = [];
	let links = 0;
	for (let i = 0; i < config.samples + 5; i++) {
		// A fresh snapshot object each time, as after an edit.
		const snapshot = { ...portfolio, projects: portfolio.projects.map((p) => ({ ...p })) };
		const t0 = performance.now();
		const layout = buildMapLayout(snapshot);
		const t1 = performance.now();
		analyzeAlignment(snapshot);
		const t2 = performance.now();
		if (i < 5) continue; // warm-up
		layoutTimes.push(t1 - t0);
		alignmentTimes.push(t2 - t1);
		links = layout.edges.filter((e) => e.kind === 'contribution').length;
	}
	return { layout: summarize(layoutTimes), alignment: summarize(alignmentTimes), links };
}

/** Before any page script: when every project node is in the DOM, and painted after it. */
function installMapProbe(expected: number): void {
	const w = window as unknown as { __mapDom?: number; __mapPainted?: number };
	const observer = new MutationObserver(() => {
		if (w.__mapDom !== undefined) return;
		if (document.querySelectorAll('[data-node^="p:"]').length < expected) return;
		w.__mapDom = performance.now();
		observer.disconnect();
		requestAnimationFrame(() => {
			const channel = new MessageChannel();
			channel.port1.onmessage = () => (w.__mapPainted = performance.now());
			channel.port2.postMessage(0);
		});
	});
	observer.observe(document, { childList: true, subtree: true });
}

async function mapPainted(page: Page): Promise<number> {
	const handle = await page.waitForFunction(
		() => (window as unknown as { __mapPainted?: number }).__mapPainted ?? null,
		null,
		{ timeout: 120_000, polling: 50 }
	);
	return (await handle.jsonValue()) as number;
}

/** Runs the map measurements; `build` is served for the browser part. */
export async function runMapBench(
	build: AppBuild,
	config: MapBenchConfig
): Promise<MapBenchResult> {
	const node = timeNode(config);
	const app = await serveApp(build);
	const browser = await chromium.launch(CHROMIUM_LAUNCH);
	try {
		const context = await browser.newContext({
			baseURL: app.url,
			serviceWorkers: 'block',
			viewport: { width: 1280, height: 900 }
		});
		const setup = await context.newPage();
		const seeded = await seed(setup, config.projects, config.seed, sizeOf(config));
		await setup.close();
		const [path, hash] = seeded.path.split('#');

		const page = await context.newPage();
		await page.addInitScript(installMapProbe, config.projects);
		await page.goto(`${path}/map#${hash}`);
		await mapPainted(page); // warms the caches
		const opens: number[] = [];
		for (let i = 0; i < config.opens; i++) {
			await page.reload({ waitUntil: 'commit' });
			opens.push(await mapPainted(page));
		}

		// The objective served by the most projects, edited from its side panel.
		const objective = await page.evaluate(() => {
			let best: { id: string; count: number } | null = null;
			for (const el of document.querySelectorAll('[data-node^="o:"]')) {
				const count = Number(/(\d+) projects\./.exec(el.getAttribute('aria-label') ?? '')?.[1]);
				const id = el.getAttribute('data-node')!;
				if (!best || count > best.count) best = { id, count };
			}
			return best?.id ?? null;
		});
		if (!objective) throw new Error('the generated map has no objective');
		await page.locator(`[data-node="${objective}"]`).click();
		const select = page.getByRole('region', { name: 'Details' }).getByLabel(/^Contribution of /);
		// Found once: the steps time the app's work, not the test driver's search of the
		// page (the panel keeps its rows, so the element stays).
		const field = (await select.first().elementHandle())!;
		const edits = await timeSteps(
			page,
			'change',
			config.warmup + config.edits,
			config.edits,
			async (i) => {
				await field.selectOption(i % 2 === 0 ? '3' : '1');
			}
		);

		// Zoom steps from the view the map opens with (its width fitted), with the
		// objective's links highlighted.
		const zoomIn = page.getByRole('button', { name: 'Zoom in' });
		const zoomOut = page.getByRole('button', { name: 'Zoom out' });
		const zooms = await timeSteps(page, 'click', config.warmup + config.zooms, config.zooms, (i) =>
			(i % 2 === 0 ? zoomIn : zoomOut).click()
		);
		await context.close();
		return {
			config,
			links: node.links,
			node: { layout: node.layout, alignment: node.alignment },
			chromium: browser.version(),
			buildMs: build.buildMs,
			open: summarize(opens),
			relayout: summarize(edits.times),
			busy: summarize(edits.busy),
			zoom: summarize(zooms.times),
			zoomBusy: summarize(zooms.busy)
		};
	} finally {
		await browser.close();
		await app.stop();
	}
}
