#!/usr/bin/env node
// The `cairn` command. It runs the bundled CLI (build-server/cli.js) with plain node,
// bundling it first when it is missing (a fresh checkout before `npm run build`).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = new URL('../build-server/cli.js', import.meta.url);
if (!existsSync(cli)) {
	// Build output goes to stderr: stdout may be an export redirected to a file.
	execFileSync(process.execPath, ['scripts/build-server.js'], {
		cwd: root,
		stdio: ['ignore', 2, 2]
	});
}
await import(cli.href);
