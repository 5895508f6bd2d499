/**
 * Starts the optimiser's worker. Vite recognises this exact `new Worker(new URL(…))`
 * form and bundles the worker (and the HiGHS .wasm it imports) as their own files.
 */
export function spawnOptimizeWorker(): Worker {
	return new Worker(new URL('./optimize.worker.ts', import.meta.url), {
		type: 'module',
		name: 'cairn-optimiser'
	});
}
