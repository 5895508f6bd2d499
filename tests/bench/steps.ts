/**
 * Timed UI steps in a page: each step's event → the next frame painted (in the page),
 * and its main-thread busy time from a Chromium trace (`stepBusyTimes`). Shared by the
 * map and the stage benches.
 */
import type { Page } from '@playwright/test';
import { stepBusyTimes } from './trace';

/** Times each `type` event in the page (into `__steps[type]`): event → next frame painted. */
export function installStepProbe(type: string): void {
	const w = window as unknown as { __steps?: Record<string, number[]> };
	const steps = (w.__steps ??= {});
	steps[type] = [];
	addEventListener(
		type,
		(event) => {
			const t0 = event.timeStamp;
			requestAnimationFrame(() => {
				const channel = new MessageChannel();
				channel.port1.onmessage = () => steps[type].push(performance.now() - t0);
				channel.port2.postMessage(0);
			});
		},
		true
	);
}

/** Runs `step(i)` `count` times, each once the previous one has painted; traces the last `traced`. */
export async function timeSteps(
	page: Page,
	type: string,
	count: number,
	traced: number,
	step: (i: number) => Promise<void>
): Promise<{ times: number[]; busy: number[] }> {
	await page.evaluate(installStepProbe, type);
	const browser = page.context().browser()!;
	let tracing = false;
	for (let i = 0; i < count; i++) {
		if (i === count - traced) {
			await browser.startTracing(page, {
				categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline']
			});
			tracing = true;
		}
		await step(i);
		await page.waitForFunction(
			({ type, n }) =>
				(window as unknown as { __steps: Record<string, number[]> }).__steps[type].length >= n,
			{ type, n: i + 1 },
			{ polling: 'raf' }
		);
	}
	const trace = tracing ? await browser.stopTracing() : null;
	const times = (await page.evaluate(
		(type) => (window as unknown as { __steps: Record<string, number[]> }).__steps[type],
		type
	)) as number[];
	return {
		times: times.slice(count - traced),
		busy: trace ? stepBusyTimes(trace, traced, type) : []
	};
}
