// Whether a build output is missing or older than its sources: shared by `npm start`
// (scripts/start.js) and the `cairn` command (bin/cairn.js).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
/** @param {string} path */
const at = (path) => join(root, path);

/**
 * The newest modification time among files under `paths` (0 when none exist).
 * @param {string[]} paths
 */
function newest(paths) {
	let time = 0;
	/** @param {string} path */
	const visit = (path) => {
		if (!existsSync(path)) return;
		const stat = statSync(path);
		if (stat.isDirectory()) {
			for (const entry of readdirSync(path)) visit(join(path, entry));
		} else {
			time = Math.max(time, stat.mtimeMs);
		}
	};
	for (const path of paths) visit(at(path));
	return time;
}

/**
 * True when `output` is missing or older than any file under `inputs`.
 * @param {string} output
 * @param {string[]} inputs
 */
export function stale(output, inputs) {
	if (!existsSync(at(output))) return true;
	return statSync(at(output)).mtimeMs < newest(inputs);
}

/** The sources of the server bundle (build-server/). */
export const serverSources = ['src', 'package.json', 'server', 'scripts/build-server.js'];
