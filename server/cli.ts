/**
 * The `cairn` command (bin/cairn.js runs the bundled build-server/cli.js). Everything
 * is in cli/run.ts; this entry only connects it to the process.
 */
import { runCli } from './cli/run';

process.exitCode = await runCli(process.argv.slice(2), {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text)
});
