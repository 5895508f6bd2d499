import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parsePortfolioText } from '../../src/lib/domain/format';
import { optimize } from '../../src/lib/domain/optimize';
import type { Portfolio } from '../../src/lib/domain/types';
import { cairn, FIXTURE } from '../helpers/cli';
import { Resources, tempDir } from '../helpers/server';

const res = new Resources();
afterEach(() => res.closeAll());

function fixture(): Portfolio {
	const result = parsePortfolioText(readFileSync(FIXTURE, 'utf8'));
	if (!result.ok) throw new Error('the fixture should be valid');
	return result.portfolio;
}

// Each run solves the optimum and 16 frontier points in a fresh process: slower than analyze.
describe('cairn optimize', { timeout: 60_000 }, () => {
	it('prints exactly one JSON object of DESIGN’s shape with --json', async () => {
		const run = await cairn(['optimize', FIXTURE, '--json']);
		expect(run.code).toBe(0);
		expect(run.stderr).toBe('');
		expect(run.stdout.trim().startsWith('{')).toBe(true);
		expect(run.stdout.trim().endsWith('}')).toBe(true);
		const report = JSON.parse(run.stdout);
		expect(Object.keys(report)).toEqual(['feasible', 'value', 'selected', 'broken', 'frontier']);

		const p = fixture();
		const optimum = await optimize(p);
		expect(report.feasible).toBe(true);
		expect(report.broken).toEqual([]);
		// Full precision (DESIGN: --json is not rounded for display).
		expect(report.value).toBe(optimum.value);
		expect(Math.round(report.value * 10) / 10).not.toBe(report.value);
		expect(report.selected).toEqual(optimum.selected);
		// Rank order: the order of the portfolio's projects.
		const rank = new Map(p.projects.map((q, i) => [q.id, i]));
		const ranks = report.selected.map((id: string) => rank.get(id));
		expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

		expect(report.frontier).toHaveLength(16);
		report.frontier.forEach((point: Record<string, unknown>, i: number) => {
			expect(Object.keys(point)).toEqual(['scale', 'value', 'cost']);
			expect(point.scale).toBe(i / 10);
		});
		expect(report.frontier[10]).toEqual({
			scale: 1,
			value: expect.any(Number),
			cost: optimum.cost
		});
		expect(report.frontier[10].value).toBeCloseTo(report.value, 9);
		// The fixture forces a project in that costs money: no budget, no selection.
		expect(report.frontier[0]).toEqual({ scale: 0, value: null, cost: null });
		expect(JSON.parse((await cairn(['optimize', '--json', FIXTURE])).stdout)).toEqual(report);
	});

	it('prints the selection, why the rest is out and the frontier without --json', async () => {
		const p = fixture();
		const optimum = await optimize(p);
		const run = await cairn(['optimize', FIXTURE]);
		expect(run.code).toBe(0);
		expect(run.stderr).toBe('');
		expect(run.stdout).toContain('Optimum (exact, by HiGHS)');
		for (const q of p.projects) expect(run.stdout).toContain(q.name);
		expect(run.stdout).toContain(`Total: value ${optimum.value.toFixed(1)}, cost €`);
		expect(run.stdout).toMatch(/Left out\n/);
		expect(run.stdout).toMatch(/does not fit: /);
		expect(run.stdout).toContain('Efficient frontier');
		expect(run.stdout).toMatch(/^\s+1\.5\s+\d/m);
	});

	it('exits 0 with feasible false and the broken constraints when forced projects do not fit', async () => {
		const dir = tempDir(res);
		const data = JSON.parse(readFileSync(FIXTURE, 'utf8'));
		for (const q of data.projects)
			if (q.status !== 'done' && q.status !== 'cancelled') q.decision = 'in';
		const file = join(dir, 'forced.cairn.json');
		writeFileSync(file, JSON.stringify(data));
		const [json, text] = await Promise.all([
			cairn(['optimize', file, '--json']),
			cairn(['optimize', file])
		]);
		expect(json.code).toBe(0);
		expect(json.stderr).toBe('');
		const report = JSON.parse(json.stdout);
		expect(report).toMatchObject({ feasible: false, value: null, selected: [] });
		expect(report.broken.length).toBeGreaterThan(0);
		expect(report.broken).toEqual(
			expect.arrayContaining([
				'exclusion: Cloud data warehouse and Data lake (superseded) are both forced in',
				'budget 2027-Q3: forced-in projects need €1.4m, €1.15m available',
				'Software engineering 2027-Q4: forced-in projects need 19 FTE, 14 available'
			])
		);
		expect(report.frontier).toHaveLength(16);
		expect(text.code).toBe(0);
		expect(text.stdout).toContain('Infeasible: the forced projects alone break these constraints');
		expect(text.stdout).toContain(`  - ${report.broken[0]}`);
	});

	it('exits 1 naming the path of the problem for an invalid file, and for an unreadable one', async () => {
		const dir = tempDir(res);
		const bad = JSON.parse(readFileSync(FIXTURE, 'utf8'));
		bad.projects[1].cost = { '2027-Q1': -5 };
		const badFile = join(dir, 'bad.cairn.json');
		writeFileSync(badFile, JSON.stringify(bad));
		const [invalid, absent] = await Promise.all([
			cairn(['optimize', badFile, '--json']),
			cairn(['optimize', join(dir, 'absent.cairn.json')])
		]);
		expect(invalid.code).toBe(1);
		expect(invalid.stdout).toBe('');
		expect(invalid.stderr).toMatch(/^projects\[1\]\.cost\S*: /m);
		expect(absent.code).toBe(1);
		expect(absent.stdout).toBe('');
		expect(absent.stderr).toContain('absent.cairn.json');
	});

	it('exits 2 with usage for a missing file, an extra argument, an unknown option or a bad time limit', async () => {
		const [none, extra, flag, limit] = await Promise.all([
			cairn(['optimize']),
			cairn(['optimize', FIXTURE, FIXTURE]),
			cairn(['optimize', FIXTURE, '--csv']),
			cairn(['optimize', FIXTURE, '--time-limit', '0'])
		]);
		for (const [run, message] of [
			[none, 'FILE is required'],
			[extra, 'unexpected argument'],
			[flag, "Unknown option '--csv'"],
			[limit, '--time-limit must be a number of seconds > 0']
		] as const) {
			expect(run.code).toBe(2);
			expect(run.stdout).toBe('');
			expect(run.stderr).toContain(message);
			expect(run.stderr).toContain('Usage: cairn');
		}
	});

	it('gives the same exact answer under a time limit the solves stay within', async () => {
		const [plain, limited] = await Promise.all([
			cairn(['optimize', FIXTURE, '--json']),
			cairn(['optimize', FIXTURE, '--json', '--time-limit', '60'])
		]);
		expect(limited.code).toBe(0);
		expect(limited.stderr).toBe('');
		expect(JSON.parse(limited.stdout)).toEqual(JSON.parse(plain.stdout));
	});
});
