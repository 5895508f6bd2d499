import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { prepareApp, serveApp } from './app';
import { CHROMIUM_LAUNCH, installRenderProbe, renderTimes, seed } from './browser';
const app = await serveApp(prepareApp({ build: false }));
const browser = await chromium.launch(CHROMIUM_LAUNCH);
const context = await browser.newContext({
	baseURL: app.url,
	serviceWorkers: 'block',
	viewport: { width: 1280, height: 900 }
});
const page = await context.newPage();
const s = await seed(page, 1000, 42);
await page.close();
const page2 = await context.newPage();
await page2.addInitScript(installRenderProbe, 1000);
await page.goto(s.path);
await renderTimes(page);
await page.reload({ waitUntil: 'commit' });
console.log('warm', await renderTimes(page));
const cdp = await context.newCDPSession(page2);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await page2.reload({ waitUntil: 'commit' });
console.log('profiled', await renderTimes(page2));
const { profile } = await cdp.send('Profiler.stop');
writeFileSync('/tmp/open-1000.cpuprofile', JSON.stringify(profile));
await browser.close();
await app.stop();
