import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

// Unit and server tests run in Node. The app's vite config (PWA, SvelteKit) is not
// needed for them, so they get a config of their own.
export default defineConfig({
	plugins: [svelte({ hot: false })],
	resolve: {
		alias: { $lib: fileURLToPath(new URL('./src/lib', import.meta.url)) }
	},
	test: {
		include: ['tests/unit/**/*.spec.ts', 'tests/server/**/*.spec.ts'],
		environment: 'node',
		pool: 'forks',
		maxWorkers: 2,
		testTimeout: 20_000
	}
});
