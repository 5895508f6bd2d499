import { spawnSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { ROOT } from './child';

export interface Machine {
	cpu: string;
	cores: number;
	ramGiB: number;
	os: string;
	node: string;
	chromium: string | null;
	/** 1-minute load average when the bench started and ended (others share the machine). */
	loadBefore: number;
	loadAfter: number | null;
}

export interface Revision {
	commit: string | null;
	/** Uncommitted changes to tracked files (the bench measured the working tree). */
	dirty: boolean | null;
}

/** The machine the numbers belong to. */
export function describeMachine(): Machine {
	const list = cpus();
	return {
		cpu: list[0]?.model?.trim() ?? 'unknown',
		cores: list.length,
		ramGiB: totalmem() / 2 ** 30,
		os: `${osType()} ${release()}`,
		node: process.version,
		chromium: null,
		loadBefore: loadavg()[0],
		loadAfter: null
	};
}

/** Debian's Chromium version without starting a browser (when the browser part is skipped). */
export function chromiumVersion(executable: string): string | null {
	const result = spawnSync(executable, ['--version'], { encoding: 'utf8' });
	return result.status === 0 ? result.stdout.trim() : null;
}

/** The commit and whether tracked files differ from it; read-only (no index refresh). */
export function describeRevision(): Revision {
	const env = { ...process.env, GIT_OPTIONAL_LOCKS: '0' };
	const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8', env });
	if (head.status !== 0) return { commit: null, dirty: null };
	const status = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], {
		cwd: ROOT,
		encoding: 'utf8',
		env
	});
	return {
		commit: head.stdout.trim(),
		dirty: status.status === 0 ? status.stdout.trim().length > 0 : null
	};
}
