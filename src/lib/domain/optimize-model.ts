/**
 * The model of the optimum (DESIGN formula 5): the portfolio read the way the funding
 * line reads it (formula 4, `funding.ts`), as dense arrays, and written out as a MILP
 * in CPLEX LP text for HiGHS. The check that names what forced-in projects alone
 * break lives here too, since it reads the same constraints. Solving is `optimize.ts`.
 */
import { ceilingOf } from './funding';
import { projectValues } from './scoring';
import type { PeriodId, Portfolio } from './types';

/** What a project does in the model: `inactive` (done or cancelled) takes no part. */
export type Part = 'inactive' | 'in' | 'out' | 'auto';

/** A budget row (one per period) or a capacity row (one per role and period). */
export interface Resource {
	kind: 'budget' | 'capacity';
	period: PeriodId;
	/** The role of a capacity row; null for a budget row. */
	roleId: string | null;
	/** The limit, budget already scaled; Infinity for a budget when there is no budget. */
	limit: number;
	/** Its LP row name, e.g. `budget_2027Q1` or `cap_r_eng_2027Q1`. */
	row: string;
}

/** One dependency of a project: the index of the project it needs, or -1 for never. */
export interface Dependency {
	/** -1 when it can never be met: the project is cancelled or unknown. */
	index: number;
	id: string;
}

/**
 * Everything formula 5 reads, by project index (portfolio order, which is rank order).
 * Resources are numbered period-major like the funding line's slots: `t·(1+R)` is the
 * budget of period t, `t·(1+R)+1+r` role r's capacity in it.
 */
export interface OptimizeProblem {
	readonly portfolio: Portfolio;
	readonly ids: readonly string[];
	readonly parts: readonly Part[];
	/** v(p), formula 3. */
	readonly values: Float64Array;
	/** Σ cost over the portfolio's periods (unscaled), for every project. */
	readonly costs: Float64Array;
	readonly budgetScale: number;
	readonly resources: readonly Resource[];
	/** Project i's non-zero cells: resource[k] needs amount[k] (none for inactive projects). */
	readonly cells: readonly { resource: Int32Array; amount: Float64Array }[];
	/** What each project that takes part depends on; a done project is not listed. */
	readonly deps: readonly (readonly Dependency[])[];
	/** Exclusion pairs [i, j] with i < j, among projects that take part, each once. */
	readonly exclusions: readonly (readonly [number, number])[];
	/** LP column name of each project (`x_` + a sanitised id), unique. */
	readonly columns: readonly string[];
}

/** What a row of the LP stands for, for people and for `broken`. */
export interface RowInfo {
	kind: 'budget' | 'capacity' | 'dependency' | 'exclusion';
	/** E.g. "budget 2027-Q1", "Software engineering 2027-Q3", "dependency: A needs B". */
	description: string;
}

/** A MILP in CPLEX LP text, with the names it uses. */
export interface OptimizeModel {
	lp: string;
	/** Row name → what it stands for, in row order. */
	rows: Map<string, RowInfo>;
	/** Column name → project id, for every project that takes part. */
	columns: Map<string, string>;
}

/** Options of `prepareOptimize` and `buildModel`. */
export interface ModelOptions {
	/** Every period's budget is multiplied by this (formula 6); capacity is not. Default 1. */
	budgetScale?: number;
	/** v(p) by project id, when already at hand; default `projectValues(portfolio)`. */
	values?: ReadonlyMap<string, number>;
}

function read(record: Record<string, number> | undefined, key: string): number | undefined {
	const value = record?.[key];
	return typeof value === 'number' ? value : undefined;
}

/** LP names may use letters, digits and a few signs; `-` is an operator, so it goes. */
function sanitise(text: string): string {
	return text.replace(/[^A-Za-z0-9_]/g, '_');
}

/** `2027-Q1` → `2027Q1`: readable and LP-legal. */
function periodName(period: PeriodId): string {
	return sanitise(period.replace(/-/g, ''));
}

/** Hands out unique names: a second `x_a_b` (from `a-b` and `a_b`) becomes `x_a_b_2`. */
function namer(): (name: string) => string {
	const used = new Set<string>();
	return (name) => {
		let unique = name;
		for (let k = 2; used.has(unique); k++) unique = `${name}_${k}`;
		used.add(unique);
		return unique;
	};
}

/**
 * Reads `portfolio` for formula 5 exactly as `prepareFunding` reads it for formula 4:
 * done and cancelled projects take no part (and their exclusions do not count); a
 * dependency on a done project is met, one on a cancelled or unknown project never is;
 * an empty or absent budget means no budget limit, a period missing from a budget or a
 * role's capacity counts as 0; records are read for numbers only.
 */
export function prepareOptimize(portfolio: Portfolio, options: ModelOptions = {}): OptimizeProblem {
	const { periods, roles, projects } = portfolio;
	const budgetScale = options.budgetScale ?? 1;
	if (!(budgetScale >= 0) || !Number.isFinite(budgetScale))
		throw new RangeError(`budgetScale must be a finite number ≥ 0, got ${budgetScale}`);
	const valueOf = options.values ?? projectValues(portfolio);
	const stride = 1 + roles.length;
	const hasBudget = Object.keys(portfolio.budget ?? {}).length > 0;

	const name = namer();
	const resources: Resource[] = [];
	periods.forEach((period, t) => {
		const p = periodName(period);
		resources[t * stride] = {
			kind: 'budget',
			period,
			roleId: null,
			limit: hasBudget ? (read(portfolio.budget, period) ?? 0) * budgetScale : Infinity,
			row: name(`budget_${p}`)
		};
		roles.forEach((role, r) => {
			resources[t * stride + 1 + r] = {
				kind: 'capacity',
				period,
				roleId: role.id,
				limit: read(role.capacity, period) ?? 0,
				row: name(`cap_${sanitise(role.id)}_${p}`)
			};
		});
	});

	const periodAt = new Map(periods.map((period, t) => [period, t]));
	const roleAt = new Map(roles.map((role, r) => [role.id, r]));
	const index = new Map<string, number>();
	projects.forEach((p, i) => {
		if (!index.has(p.id)) index.set(p.id, i);
	});
	const parts: Part[] = projects.map((p) =>
		p.status === 'done' || p.status === 'cancelled' ? 'inactive' : p.decision
	);

	const n = projects.length;
	const values = new Float64Array(n);
	const costs = new Float64Array(n);
	const cells: OptimizeProblem['cells'][number][] = [];
	const deps: Dependency[][] = [];
	const pairs = new Set<number>();
	const exclusions: [number, number][] = [];
	const column = namer();
	const columns: string[] = [];
	for (let i = 0; i < n; i++) {
		const p = projects[i];
		values[i] = valueOf.get(p.id) ?? 0;
		columns.push(column(`x_${sanitise(p.id)}`));
		const slots: number[] = [];
		const amounts: number[] = [];
		const list: Dependency[] = [];
		for (const period in p.cost) {
			const t = periodAt.get(period);
			const amount = p.cost[period];
			if (t === undefined || typeof amount !== 'number' || !Number.isFinite(amount)) continue;
			costs[i] += amount;
			if (parts[i] !== 'inactive' && amount !== 0) {
				slots.push(t * stride);
				amounts.push(amount);
			}
		}
		if (parts[i] !== 'inactive') {
			for (const roleId in p.demand) {
				const r = roleAt.get(roleId);
				const byPeriod = p.demand[roleId];
				if (r === undefined || !byPeriod) continue;
				for (const period in byPeriod) {
					const t = periodAt.get(period);
					const amount = byPeriod[period];
					if (t === undefined || typeof amount !== 'number') continue;
					if (amount === 0 || !Number.isFinite(amount)) continue;
					slots.push(t * stride + 1 + r);
					amounts.push(amount);
				}
			}
			for (const id of p.dependsOn) {
				const j = index.get(id);
				if (j !== undefined && projects[j].status === 'done') continue;
				list.push({ index: j === undefined || projects[j].status === 'cancelled' ? -1 : j, id });
			}
			for (const id of p.excludes) {
				const j = index.get(id);
				if (j === undefined || j === i || parts[j] === 'inactive') continue;
				const [a, b] = i < j ? [i, j] : [j, i];
				if (pairs.has(a * n + b)) continue;
				pairs.add(a * n + b);
				exclusions.push([a, b]);
			}
		}
		cells.push({ resource: Int32Array.from(slots), amount: Float64Array.from(amounts) });
		deps.push(list);
	}
	exclusions.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
	return {
		portfolio,
		ids: projects.map((p) => p.id),
		parts,
		values,
		costs,
		budgetScale,
		resources,
		cells,
		deps,
		exclusions,
		columns
	};
}

/**
 * The same problem with every period's budget at `scale` × the portfolio's budget
 * (formula 6), without reading the portfolio again.
 */
export function rescaleBudget(problem: OptimizeProblem, scale: number): OptimizeProblem {
	if (!(scale >= 0) || !Number.isFinite(scale))
		throw new RangeError(`budgetScale must be a finite number ≥ 0, got ${scale}`);
	const budget = problem.portfolio.budget;
	const resources = problem.resources.map((r) =>
		r.kind === 'budget' && Number.isFinite(r.limit)
			? { ...r, limit: (read(budget, r.period) ?? 0) * scale }
			: r
	);
	return { ...problem, budgetScale: scale, resources };
}

/** A number as LP text: shortest round-trip form; JS exponents (1e-7, 1e+21) are legal. */
function num(value: number): string {
	return String(value);
}

/** Terms as `+ 3 x_a - 1 x_b`, a few per line (the LP reader takes long lines badly). */
function terms(list: readonly { coefficient: number; column: string }[]): string {
	const out: string[] = [];
	list.forEach(({ coefficient, column }, k) => {
		const sign = coefficient < 0 ? '-' : '+';
		out.push(
			`${k > 0 && k % 8 === 0 ? '\n  ' : ''}${sign} ${num(Math.abs(coefficient))} ${column}`
		);
	});
	return out.join(' ');
}

/** The name of a project, for messages. */
export function projectName(problem: OptimizeProblem, i: number): string {
	return problem.portfolio.projects[i].name || problem.ids[i];
}

/** "budget 2027-Q1" or "Software engineering 2027-Q3". */
export function resourceLabel(
	portfolio: Portfolio,
	resource: Pick<Resource, 'kind' | 'period' | 'roleId'>
): string {
	if (resource.kind === 'budget') return `budget ${resource.period}`;
	const role = portfolio.roles.find((r) => r.id === resource.roleId);
	return `${role?.name || resource.roleId} ${resource.period}`;
}

/**
 * The MILP of formula 5 for a prepared problem, in CPLEX LP text: maximise Σ v(p)·x(p)
 * over binaries x(p) of the projects that take part, subject to
 *
 * - `budget_<period>`: Σ cost·x ≤ budget (none at all when the portfolio has no budget);
 * - `cap_<role>_<period>`: Σ demand·x ≤ capacity;
 * - `dep_<p>_<q>`: x(p) − x(q) ≤ 0, or x(p) ≤ 0 when q is cancelled or unknown;
 * - `excl_<p>_<q>`: x(p) + x(q) ≤ 1, whichever side lists it;
 * - bounds x = 1 for decision `in`, x = 0 for `out`, 0 ≤ x ≤ 1 otherwise.
 *
 * A resource row's right-hand side is `ceilingOf(limit)`, the funding line's tolerance,
 * so decimals that add up exactly to a limit fit here as they do there. Rows without a
 * non-zero term are left out. Names are sanitised ids, made unique.
 */
export function modelOf(problem: OptimizeProblem): OptimizeModel {
	const { parts, columns, cells, resources, deps, exclusions, values } = problem;
	const rows = new Map<string, RowInfo>();
	const lines: string[] = ['\\ Cairn optimum (DESIGN formula 5)', 'Maximize'];
	const active: number[] = [];
	for (let i = 0; i < parts.length; i++) if (parts[i] !== 'inactive') active.push(i);
	lines.push(
		` value: ${active.length === 0 ? '' : terms(active.map((i) => ({ coefficient: values[i], column: columns[i] })))}`
	);
	lines.push('Subject To');

	const byResource: { coefficient: number; column: string }[][] = resources.map(() => []);
	for (const i of active) {
		const { resource, amount } = cells[i];
		for (let k = 0; k < resource.length; k++)
			byResource[resource[k]].push({ coefficient: amount[k], column: columns[i] });
	}
	resources.forEach((r, slot) => {
		if (!Number.isFinite(r.limit) || byResource[slot].length === 0) return;
		rows.set(r.row, { kind: r.kind, description: resourceLabel(problem.portfolio, r) });
		lines.push(` ${r.row}: ${terms(byResource[slot])} <= ${num(ceilingOf(r.limit))}`);
	});

	const rowName = namer();
	for (const r of resources) rowName(r.row);
	const id = (i: number) => columns[i].slice(2);
	for (const i of active) {
		for (const d of deps[i]) {
			const row = rowName(`dep_${id(i)}_${d.index < 0 ? sanitise(d.id) : id(d.index)}`);
			const other = d.index < 0 ? d.id : projectName(problem, d.index);
			rows.set(row, {
				kind: 'dependency',
				description: `dependency: ${projectName(problem, i)} needs ${other}`
			});
			lines.push(
				d.index < 0
					? ` ${row}: + 1 ${columns[i]} <= 0`
					: ` ${row}: + 1 ${columns[i]} - 1 ${columns[d.index]} <= 0`
			);
		}
	}
	for (const [a, b] of exclusions) {
		const row = rowName(`excl_${id(a)}_${id(b)}`);
		rows.set(row, {
			kind: 'exclusion',
			description: `exclusion: ${projectName(problem, a)} and ${projectName(problem, b)}`
		});
		lines.push(` ${row}: + 1 ${columns[a]} + 1 ${columns[b]} <= 1`);
	}

	lines.push('Bounds');
	for (const i of active) {
		const part = parts[i];
		lines.push(
			part === 'in'
				? ` ${columns[i]} = 1`
				: part === 'out'
					? ` ${columns[i]} = 0`
					: ` 0 <= ${columns[i]} <= 1`
		);
	}
	if (active.length > 0) {
		lines.push('General');
		for (let k = 0; k < active.length; k += 10)
			lines.push(
				` ${active
					.slice(k, k + 10)
					.map((i) => columns[i])
					.join(' ')}`
			);
	}
	lines.push('End', '');
	return {
		lp: lines.join('\n'),
		rows,
		columns: new Map(active.map((i) => [columns[i], problem.ids[i]]))
	};
}

/**
 * Formula 5 as a MILP in CPLEX LP text, with a row name → description map (see
 * `modelOf` for the rows). `budgetScale` multiplies every period's budget (formula 6).
 */
export function buildModel(portfolio: Portfolio, options: ModelOptions = {}): OptimizeModel {
	return modelOf(prepareOptimize(portfolio, options));
}
