#!/usr/bin/env node
// The `cairn` command. It runs the bundled CLI (build-server/cli.js) with plain node,
// bundling it first when it is missing or older than its sources (a fresh checkout,
// or a pull since the last build).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { root, serverSources, stale } from '../scripts/stale.js';

const cli = new URL('../build-server/cli.js', import.meta.url);
if (stale('build-server/cli.js', serverSources)) {
	try {
		// Build output goes to stderr: stdout may be an export redirected to a file.
		execFileSync(process.execPath, ['scripts/build-server.js'], {
			cwd: root,
			stdio: ['ignore', 2, 2]
		});
	} catch (error) {
		// Without the build tools (a production install) an existing bundle still runs.
		if (!existsSync(cli)) throw error;
	}
}
await import(cli.href);
