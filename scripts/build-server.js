// Bundles server/ (relay, HTTP server, CLI) with esbuild so that `node` runs it
// without a TypeScript loader. Packages stay external: they are installed.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const external = [
	...Object.keys(pkg.dependencies ?? {}),
	...Object.keys(pkg.devDependencies ?? {})
];

await build({
	entryPoints: { main: 'server/main.ts', cli: 'server/cli.ts' },
	outdir: 'build-server',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	sourcemap: true,
	external: [...external, './build/handler.js'],
	logLevel: 'warning'
});
