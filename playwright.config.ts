import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_LAUNCH } from './tests/helpers/chromium';

const port = Number(process.env.E2E_PORT ?? 4173);
const dataDir = mkdtempSync(join(tmpdir(), 'cairn-e2e-'));

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.e2e.ts',
	fullyParallel: true,
	workers: 2,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		// Each test's browser context would install the service worker and precache the
		// whole app (about 6 MB) again; only the specs about offline use opt in to it.
		serviceWorkers: 'block',
		launchOptions: CHROMIUM_LAUNCH,
		trace: 'retain-on-failure'
	},
	projects: [
		{ name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: CHROMIUM_LAUNCH } }
	],
	webServer: {
		// The production build: the service worker only runs there.
		command: 'node build-server/main.js',
		url: `http://127.0.0.1:${port}/healthz`,
		// Never another run's server: its data and lifetime are not ours.
		reuseExistingServer: false,
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			CAIRN_DATA: dataDir,
			// Every test opens new portfolios, all from one address.
			CAIRN_MAX_NEW_ROOMS_PER_IP_PER_MINUTE: '100000'
		},
		timeout: 60_000
	}
});
