/**
 * The optimiser's Web Worker: HiGHS (WebAssembly) and the same domain code as the CLI,
 * off the main thread so the UI never freezes. The protocol is `domain/optimize-job.ts`.
 */
import wasmUrl from 'highs/runtime?url';
import { loadHighs } from '$lib/domain/optimize';
import { handleOptimizeRequest, type OptimizeMessage } from '$lib/domain/optimize-job';

/** What this file uses of the worker's global scope (the DOM lib types `self` as a Window). */
const scope = self as unknown as {
	onmessage: ((event: MessageEvent<unknown>) => void) | null;
	postMessage(message: OptimizeMessage): void;
};
const highs = () => loadHighs({ locateFile: () => wasmUrl });

// One solve at a time: requests queue up in order, each answered before the next starts.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event: MessageEvent<unknown>) => {
	queue = queue.then(() =>
		handleOptimizeRequest(event.data, (message: OptimizeMessage) => scope.postMessage(message), {
			highs
		})
	);
};
