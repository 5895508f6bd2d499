/** Runs the `cairn` CLI in a child process, as a user would, for the CLI tests. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './server';

/** The Northwind sample file. */
export const FIXTURE = join(ROOT, 'src/lib/fixtures/northwind.cairn.json');

export interface Run {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs the CLI (from source by default, or another entry such as `bin/cairn.js`). */
export function cairn(args: string[], entry = ['--import', 'tsx', 'server/cli.ts']): Promise<Run> {
	return new Promise((resolve) => {
		execFile(process.execPath, [...entry, ...args], { cwd: ROOT }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
			resolve({ code, stdout, stderr });
		});
	});
}
