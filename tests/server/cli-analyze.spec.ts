import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/lib/domain/analyze';
import { parsePortfolioText } from '../../src/lib/domain/format';
import type { Portfolio } from '../../src/lib/domain/types';
import { runCli } from '../../server/cli/run';
import { cairn, FIXTURE } from '../helpers/cli';
import { Resources, tempDir } from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

function fixture(): Portfolio {
	const result = parsePortfolioText(readFileSync(FIXTURE, 'utf8'));
	if (!result.ok) throw new Error('the fixture should be valid');
	return result.portfolio;
}

describe('cairn analyze', () => {
	it('prints exactly one JSON object equal to analyze() with --json', async () => {
		const run = await cairn(['analyze', FIXTURE, '--json']);
		expect(run.code).toBe(0);
		expect(run.stderr).toBe('');
		const report = JSON.parse(run.stdout);
		expect(report).toEqual(analyze(fixture()));
		expect(run.stdout.trim().startsWith('{')).toBe(true);
		expect(run.stdout.trim().endsWith('}')).toBe(true);
		expect(Object.keys(report)).toEqual(['weights', 'consistency', 'projects', 'line', 'periods']);
		expect(typeof report.line).toBe('string');
		// Full precision (DESIGN): at least one value has more than one decimal.
		expect(
			report.projects.some((p: { value: number }) => Math.round(p.value * 10) / 10 !== p.value)
		).toBe(true);
		// --json may come first too.
		expect(JSON.parse((await cairn(['analyze', '--json', FIXTURE])).stdout)).toEqual(report);
	});

	it('prints a table with every project and the funding line without --json', async () => {
		const p = fixture();
		const report = analyze(p);
		const run = await cairn(['analyze', FIXTURE]);
		expect(run.code).toBe(0);
		expect(run.stderr).toBe('');
		for (const q of p.projects) expect(run.stdout).toContain(q.name);
		for (const c of p.criteria) expect(run.stdout).toContain(c.name);
		const line = p.projects.find((q) => q.id === report.line)!;
		expect(run.stdout).toMatch(new RegExp(`${line.name}.*◀ funding line: `));
		expect(run.stdout).toContain(`Funding line: ${line.name} (${line.id})`);
		expect(run.stdout).toMatch(/─+ funding line ─+/);
		expect(run.stdout).toContain(p.periods[0]);
	});

	it('refuses direct weights that are all 0, naming their path', async () => {
		const dir = tempDir(res);
		const file = JSON.parse(readFileSync(FIXTURE, 'utf8'));
		file.weights = {
			method: 'direct',
			values: Object.fromEntries(file.criteria.map((c: { id: string }) => [c.id, 0]))
		};
		const path = join(dir, 'zero.cairn.json');
		writeFileSync(path, JSON.stringify(file));
		// In this process: a child process would only add start-up time.
		let stdout = '';
		let stderr = '';
		const code = await runCli(['analyze', path, '--json'], {
			stdout: (text) => (stdout += text),
			stderr: (text) => (stderr += text)
		});
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr).toMatch(
			/weights\.values.*are all 0: give at least one criterion a weight above 0/
		);
	});

	it('exits 1 naming the path of the problem for an invalid file, and for an unreadable one', async () => {
		const dir = tempDir(res);
		const bad = JSON.parse(readFileSync(FIXTURE, 'utf8'));
		bad.projects[2].demand = { 'r-nowhere': { '2027-Q1': 1 } };
		const badFile = join(dir, 'bad.cairn.json');
		writeFileSync(badFile, JSON.stringify(bad));
		const [invalid, absent] = await Promise.all([
			cairn(['analyze', badFile, '--json']),
			cairn(['analyze', join(dir, 'absent.cairn.json')])
		]);
		expect(invalid.code).toBe(1);
		expect(invalid.stdout).toBe('');
		expect(invalid.stderr).toMatch(/^projects\[2\]\.demand\S*: /m);
		expect(absent.code).toBe(1);
		expect(absent.stdout).toBe('');
		expect(absent.stderr).toContain('absent.cairn.json');
	});

	it('exits 2 with usage for a missing file, an extra argument or an unknown option', async () => {
		const [none, extra, flag] = await Promise.all([
			cairn(['analyze']),
			cairn(['analyze', FIXTURE, FIXTURE]),
			cairn(['analyze', FIXTURE, '--csv'])
		]);
		for (const [run, message] of [
			[none, 'FILE is required'],
			[extra, 'unexpected argument'],
			[flag, "Unknown option '--csv'"]
		] as const) {
			expect(run.code).toBe(2);
			expect(run.stdout).toBe('');
			expect(run.stderr).toContain(message);
			expect(run.stderr).toContain('Usage: cairn');
		}
	});
});
