import { CommandError } from '$lib/doc';
import { toasts } from '$lib/state/toasts.svelte';

/**
 * Runs a workshop intent; a refused command (round closed, budget spent…) becomes an
 * error toast with the command's own words instead of an uncaught error.
 */
export function act(fn: () => void): void {
	try {
		fn();
	} catch (error) {
		if (!(error instanceof CommandError)) throw error;
		toasts.show({ message: error.message.replace(/^\w+: /, ''), tone: 'error' });
	}
}
