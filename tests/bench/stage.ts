/**
 * The existing drag-step and relayout budgets on the stages that Present shows (issue 15),
 * in headless Chromium on the production build:
 *
 * (a) ranking stage step: presenting /ranking, the funding line's row moved with its
 *     "Move … down" / "Move … up" button (focused, then Enter), alternately so it stays
 *     at the line; key → next frame painted in the page, and main-thread busy from a
 *     trace (`timeSteps`, as the map bench), at the large scale and the baseline;
 * (b) remote ranking step: the same row moved from the ranking board of a second browser
 *     context on the same portfolio; on the presenting page, the last WebSocket message
 *     before the stage changed (the update's arrival) → the stage's next frame painted,
 *     and the click on the other page → that paint (relay hop included);
 * (c) map stage relayout: presenting /map, in the side panel of the map view in a second
 *     context, the objective's first project unlinked (contribution "None") and linked
 *     again in turn (the stage shows counts, not weights, at this scale, so the map
 *     bench's 3 ↔ 1 change would not show); the change → the stage's next frame painted
 *     on the presenting page, with the change → paint of the editing page's own map
 *     (the existing relayout) as the reference, in the same steps.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { LARGE } from '../helpers/generate';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import { serveApp, type AppBuild } from './app';
import { seed } from './browser';
import { summarize, type Summary } from './stats';
import { installStepProbe, timeSteps } from './steps';

export interface StageBenchConfig {
	/** Ranking: DESIGN's scale and the baseline. */
	projects: number;
	baselineProjects: number;
	seed: number;
	/** Stage steps timed (after `warmup` untimed ones). */
	steps: number;
	/** Remote steps and map changes timed (after `warmup` untimed ones). */
	remoteSteps: number;
	warmup: number;
	/** The map bench's portfolio. */
	map: { objectives: number; projects: number; seed: number };
}

export interface StageStepResult {
	projects: number;
	/** Key event → next frame painted. */
	frame: Summary;
	/** Main-thread busy per step, keydown task → frame committed (trace). */
	busy: Summary;
}

export interface RemoteResult {
	/** The update's arrival (last WebSocket message before the change) → stage painted. */
	arrival: Summary;
	/** The event on the other page → the stage painted (relay hop included). */
	endToEnd: Summary;
	/** Steps whose stage change was not seen within the timeout. */
	missed: number;
}

export interface StageBenchResult {
	config: StageBenchConfig;
	chromium: string;
	ranking: { large: StageStepResult; baseline: StageStepResult };
	remote: RemoteResult | null;
	/** Map stage: change on the other page → stage painted, and the editor's own map. */
	map: { stage: RemoteResult; reference: Summary } | null;
	notes: string[];
}

interface RemoteSample {
	arrived: number;
	painted: number;
}

/**
 * Before any page script: notes when each WebSocket message arrives (epoch ms), ahead of
 * the app's own listener, so a remote change can be timed from its arrival.
 */
function installArrivalProbe(): void {
	const w = window as unknown as { __arrived?: number };
	const Native = window.WebSocket;
	window.WebSocket = class extends Native {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols);
			this.addEventListener(
				'message',
				() => (w.__arrived = performance.timeOrigin + performance.now())
			);
		}
	};
}

/**
 * Watches the stage: at the first change after a paint, takes the last arrival, and
 * records when the next frame was painted (epoch ms) into `__remote`.
 */
function watchStage(selector: string): void {
	const w = window as unknown as { __arrived?: number; __remote: RemoteSample[] };
	w.__remote = [];
	const stage = document.querySelector(selector);
	if (!stage) throw new Error(`no ${selector}`);
	let pending = false;
	new MutationObserver(() => {
		if (pending) return;
		pending = true;
		const arrived = w.__arrived ?? NaN;
		requestAnimationFrame(() => {
			const channel = new MessageChannel();
			channel.port1.onmessage = () => {
				pending = false;
				w.__remote.push({ arrived, painted: performance.timeOrigin + performance.now() });
			};
			channel.port2.postMessage(0);
		});
	}).observe(stage, { childList: true, subtree: true, attributes: true, characterData: true });
}

/** Notes the epoch time of each event of these types on the page into `__events`. */
function noteEvents(types: string[]): void {
	const w = window as unknown as { __events: number[] };
	w.__events = [];
	for (const type of types) {
		addEventListener(type, (e) => w.__events.push(performance.timeOrigin + e.timeStamp), true);
	}
}

const remoteCount = (page: Page) =>
	page.evaluate(() => (window as unknown as { __remote: RemoteSample[] }).__remote.length);

/**
 * Runs `act(i)` on the editing page `count` times; after each, waits (up to 10 s) for
 * the presenting page's stage to paint a change, and pairs it with the event.
 */
async function timeRemote(
	presenter: Page,
	editor: Page,
	types: string[],
	options: { count: number; warmup: number; act: (i: number) => Promise<void> }
): Promise<RemoteResult> {
	await editor.evaluate(noteEvents, types);
	const pairs: { event: number; sample: RemoteSample | null }[] = [];
	for (let i = 0; i < options.warmup + options.count; i++) {
		const before = await remoteCount(presenter);
		await options.act(i);
		const seen = await presenter
			.waitForFunction(
				(n) => (window as unknown as { __remote: RemoteSample[] }).__remote.length > n,
				before,
				{ timeout: 10_000, polling: 20 }
			)
			.then(() => true)
			.catch(() => false);
		// Let the stage settle before the next change.
		await presenter.waitForTimeout(100);
		if (i < options.warmup) continue;
		const events = await editor.evaluate(
			() => (window as unknown as { __events: number[] }).__events
		);
		const samples = await presenter.evaluate(
			() => (window as unknown as { __remote: RemoteSample[] }).__remote
		);
		pairs.push({ event: events[events.length - 1], sample: seen ? samples[before] : null });
	}
	const seenPairs = pairs.filter((p) => p.sample !== null);
	return {
		arrival: summarize(seenPairs.map((p) => p.sample!.painted - p.sample!.arrived)),
		endToEnd: summarize(seenPairs.map((p) => p.sample!.painted - p.event)),
		missed: pairs.length - seenPairs.length
	};
}

/** Opens `path` (a /p/<room>#key=… link) at `view` and presents it. */
async function present(page: Page, path: string, view: string, stage: string): Promise<void> {
	const [room, hash] = path.split('#');
	await page.goto(`${room}/${view}#${hash}`);
	await page.getByRole('button', { name: 'Present', exact: true }).click({ timeout: 120_000 });
	await page.locator(`[data-stage="${stage}"]`).waitFor({ timeout: 60_000 });
	// The pointer off the header, where Present was and Stop presenting now is.
	await page.mouse.move(5, 890);
}

/** The funding line's row on the ranking stage (else the third), by project id and name. */
async function lineRow(page: Page): Promise<{ id: string; name: string }> {
	const row = page.locator(
		'[data-stage="ranking"] li.line-row, [data-stage="ranking"] li[data-rank="3"]'
	);
	await row.first().waitFor({ timeout: 60_000 });
	return row.first().evaluate((li) => ({
		id: li.getAttribute('data-id')!,
		name: li.querySelector('.name')?.textContent ?? ''
	}));
}

async function stageSteps(
	browser: Browser,
	url: string,
	path: string,
	projects: number,
	config: StageBenchConfig
): Promise<StageStepResult> {
	const context = await browser.newContext({
		baseURL: url,
		serviceWorkers: 'block',
		viewport: { width: 1280, height: 900 }
	});
	try {
		const page = await context.newPage();
		await present(page, path, 'ranking', 'ranking');
		const { id } = await lineRow(page);
		const steps = await timeSteps(
			page,
			'keydown',
			config.warmup + config.steps,
			config.steps,
			async (i) => {
				const direction = i % 2 === 0 ? 'down' : 'up';
				// Focus moves with the row; focusing its button is not part of the step.
				await page.evaluate(
					({ id, direction }) =>
						document
							.querySelector<HTMLButtonElement>(
								`[data-stage="ranking"] li[data-id="${CSS.escape(id)}"] [data-move="${direction}"]`
							)
							?.focus(),
					{ id, direction }
				);
				await page.keyboard.press('Enter');
			}
		);
		return { projects, frame: summarize(steps.times), busy: summarize(steps.busy) };
	} finally {
		await context.close();
	}
}

/** Runs the stage measurements; `build` is served for the browser. */
export async function runStageBench(
	build: AppBuild,
	config: StageBenchConfig,
	log: (line: string) => void = () => {}
): Promise<StageBenchResult> {
	const app = await serveApp(build);
	const browser = await chromium.launch(CHROMIUM_LAUNCH);
	const notes: string[] = [];
	try {
		const setupContext = await browser.newContext({
			baseURL: app.url,
			serviceWorkers: 'block',
			viewport: { width: 1280, height: 900 }
		});
		const setup = await setupContext.newPage();
		log(`stage: seeding ${config.projects} and ${config.baselineProjects} projects…`);
		const large = await seed(setup, config.projects, config.seed, {}, { workshop: true });
		const small = await seed(
			setup,
			config.baselineProjects,
			config.seed + 1,
			{},
			{ workshop: true }
		);
		log('stage: ranking stage steps…');
		const baseline = await stageSteps(browser, app.url, small.path, small.projects, config);
		const largeSteps = await stageSteps(browser, app.url, large.path, large.projects, config);

		// Remote steps: the presenter in one context, an editor on the board in another.
		log('stage: remote ranking steps…');
		let remote: RemoteResult | null = null;
		const presenterContext = await browser.newContext({
			baseURL: app.url,
			serviceWorkers: 'block',
			viewport: { width: 1280, height: 900 }
		});
		try {
			const presenter = await presenterContext.newPage();
			await presenter.addInitScript(installArrivalProbe);
			await present(presenter, large.path, 'ranking', 'ranking');
			const { name } = await lineRow(presenter);
			await presenter.evaluate(watchStage, '[data-stage="ranking"] main');
			const [room, hash] = large.path.split('#');
			await setup.goto(`${room}/ranking#${hash}`);
			const down = setup.getByRole('button', { name: `Move ${name} down`, exact: true });
			const up = setup.getByRole('button', { name: `Move ${name} up`, exact: true });
			await down.waitFor({ state: 'attached', timeout: 120_000 });
			remote = await timeRemote(presenter, setup, ['click'], {
				count: config.remoteSteps,
				warmup: config.warmup,
				act: (i) => (i % 2 === 0 ? down : up).click({ force: true })
			});
		} catch (error) {
			notes.push(`remote ranking step not measured: ${String(error).split('\n')[0]}`);
		} finally {
			await presenterContext.close();
		}

		// Map stage: the map bench's portfolio, edited in the side panel of another context.
		log('stage: map stage relayout…');
		let map: StageBenchResult['map'] = null;
		const mapContext = await browser.newContext({
			baseURL: app.url,
			serviceWorkers: 'block',
			viewport: { width: 1280, height: 900 }
		});
		try {
			const seeded = await seed(setup, config.map.projects, config.map.seed, {
				...LARGE,
				objectives: config.map.objectives,
				projects: config.map.projects
			});
			const presenter = await mapContext.newPage();
			await presenter.addInitScript(installArrivalProbe);
			await present(presenter, seeded.path, 'map', 'map');
			await presenter.evaluate(watchStage, '[data-stage="map"] main');
			const [room, hash] = seeded.path.split('#');
			await setup.goto(`${room}/map#${hash}`);
			await setup.locator('[data-node^="p:"]').first().waitFor({ timeout: 120_000 });
			// As the map bench: the objective served by the most projects, its first link.
			const objective = await setup.evaluate(() => {
				let best: { id: string; count: number } | null = null;
				for (const el of document.querySelectorAll('[data-node^="o:"]')) {
					const count = Number(/(\d+) projects\./.exec(el.getAttribute('aria-label') ?? '')?.[1]);
					const id = el.getAttribute('data-node')!;
					if (!best || count > best.count) best = { id, count };
				}
				return best?.id ?? null;
			});
			if (!objective) throw new Error('the generated map has no objective');
			await setup.locator(`[data-node="${objective}"]`).click();
			// Unlink the objective's first project and link it again, in turn: the stage
			// shows the objective's count at every level of detail, not the weights.
			const label = await setup
				.getByRole('region', { name: 'Details' })
				.getByLabel(/^Contribution of /)
				.first()
				.getAttribute('aria-label');
			const name = label!.replace(/^Contribution of /, '');
			const details = setup.getByRole('region', { name: 'Details' });
			// The editor's own relayout after each doc change (the map bench's measure): the
			// reference, in the same steps.
			await setup.evaluate(installStepProbe, 'change');
			await setup.evaluate(installStepProbe, 'click');
			const stage = await timeRemote(presenter, setup, ['change', 'click'], {
				count: config.remoteSteps,
				warmup: config.warmup,
				act: async (i) => {
					if (i % 2 === 0) {
						await details.getByLabel(`Contribution of ${name}`, { exact: true }).selectOption('0');
					} else {
						await details.locator('fieldset.picker select').first().selectOption({ label: name });
						await details.getByRole('button', { name: 'Link project' }).click();
					}
				}
			});
			const own = await setup.evaluate(
				() => (window as unknown as { __steps: Record<string, number[]> }).__steps
			);
			// Each step adds one change event (the unlink, or picking the project to link);
			// a link adds its click.
			const reference: number[] = [];
			for (let i = config.warmup; i < config.warmup + config.remoteSteps; i++) {
				reference.push(i % 2 === 0 ? own.change[i] : own.click[(i - 1) / 2]);
			}
			map = { stage, reference: summarize(reference) };
		} catch (error) {
			notes.push(`map stage not measured: ${String(error).split('\n')[0]}`);
		} finally {
			await mapContext.close();
		}
		await setupContext.close();
		return {
			config,
			chromium: browser.version(),
			ranking: { large: largeSteps, baseline },
			remote,
			map,
			notes
		};
	} finally {
		await browser.close();
		await app.stop();
	}
}
