// Renders static/favicon.svg into the PWA's PNG icons with the system Chromium.
// Run by hand when the logo changes: node scripts/make-icons.js
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';

const svg = readFileSync('static/favicon.svg', 'utf8');
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu']
});
const page = await browser.newPage();
/** @type {[string, number, number][]} */
const icons = [
	['icon-192.png', 192, 0],
	['icon-512.png', 512, 0],
	// A maskable icon keeps its content inside the central 80 % safe zone.
	['icon-maskable-512.png', 512, 0.12]
];
for (const [name, size, padding] of icons) {
	await page.setViewportSize({ width: size, height: size });
	const inner = Math.round(size * (1 - 2 * padding));
	await page.setContent(
		`<body style="margin:0;background:#1f4e5f;display:grid;place-items:center;height:100vh">` +
			`<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`
	);
	await page.screenshot({ path: `static/icons/${name}`, omitBackground: padding === 0 });
}
await browser.close();
