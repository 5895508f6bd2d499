import type { Portfolio } from '../../src/lib/domain/types';

/** Domain invariants every merged snapshot must keep; returns the broken ones. */
export function invariantErrors(p: Portfolio): string[] {
	const errors: string[] = [];
	const unique = (what: string, ids: string[]) => {
		if (new Set(ids).size !== ids.length) errors.push(`duplicate ${what} ids`);
		return new Set(ids);
	};
	const periods = unique('period', p.periods);
	const objectives = unique(
		'objective',
		p.objectives.map((o) => o.id)
	);
	unique(
		'kpi',
		p.objectives.flatMap((o) => o.kpis.map((k) => k.id))
	);
	const criteria = unique(
		'criterion',
		p.criteria.map((c) => c.id)
	);
	const roles = unique(
		'role',
		p.roles.map((r) => r.id)
	);
	const projects = unique(
		'project',
		p.projects.map((x) => x.id)
	);
	unique(
		'risk',
		p.risks.map((r) => r.id)
	);
	unique(
		'decision',
		p.decisions.map((d) => d.id)
	);
	const keysIn = (what: string, record: object, set: Set<string>) => {
		for (const key of Object.keys(record))
			if (!set.has(key)) errors.push(`${what}: dangling '${key}'`);
	};
	const parent = new Map(p.objectives.map((o) => [o.id, o.parentId]));
	for (const o of p.objectives) {
		if (o.parentId !== null && !objectives.has(o.parentId))
			errors.push(`${o.id}.parentId dangling`);
		const seen = new Set<string>();
		for (let id: string | null = o.id; id !== null; id = parent.get(id) ?? null) {
			if (seen.has(id)) {
				errors.push(`parentId cycle through ${o.id}`);
				break;
			}
			seen.add(id);
		}
		for (const k of o.kpis) keysIn(`${k.id}.actuals`, k.actuals, periods);
	}
	for (const c of p.criteria) {
		if (c.objectiveId !== null && !objectives.has(c.objectiveId))
			errors.push(`${c.id}.objectiveId dangling`);
	}
	if (p.weights.method === 'pairwise') {
		const pairs = new Set<string>();
		for (const c of p.weights.comparisons) {
			if (!criteria.has(c.a) || !criteria.has(c.b) || c.a === c.b)
				errors.push(`comparison ${c.a}/${c.b}`);
			const key = [c.a, c.b].sort().join('\u0000');
			if (pairs.has(key)) errors.push(`pair ${c.a}/${c.b} twice`);
			pairs.add(key);
		}
	} else keysIn('weights.values', p.weights.values, criteria);
	for (const r of p.roles) keysIn(`${r.id}.capacity`, r.capacity, periods);
	keysIn('budget', p.budget, periods);
	const deps = new Map<string, string[]>();
	for (const x of p.projects) {
		keysIn(`${x.id}.cost`, x.cost, periods);
		keysIn(`${x.id}.demand`, x.demand, roles);
		for (const cells of Object.values(x.demand)) keysIn(`${x.id}.demand`, cells, periods);
		keysIn(`${x.id}.scores`, x.scores, criteria);
		keysIn(`${x.id}.contributions`, x.contributions, objectives);
		for (const list of [x.dependsOn, x.excludes]) {
			if (new Set(list).size !== list.length) errors.push(`${x.id}: repeated link`);
			for (const id of list)
				if (!projects.has(id) || id === x.id) errors.push(`${x.id}: bad link ${id}`);
		}
		deps.set(x.id, x.dependsOn);
	}
	const state = new Map<string, 'open' | 'done'>();
	const visit = (id: string): boolean => {
		if (state.get(id) === 'done') return false;
		if (state.get(id) === 'open') return true;
		state.set(id, 'open');
		const cyclic = (deps.get(id) ?? []).some(visit);
		state.set(id, 'done');
		return cyclic;
	};
	if (p.projects.some((x) => visit(x.id))) errors.push('dependsOn cycle');
	for (const r of p.risks) {
		if (r.projectId !== null && !projects.has(r.projectId))
			errors.push(`${r.id}.projectId dangling`);
		if (r.objectiveId !== null && !objectives.has(r.objectiveId))
			errors.push(`${r.id}.objectiveId dangling`);
	}
	for (const d of p.decisions)
		for (const id of d.projectIds) if (!projects.has(id)) errors.push(`${d.id}: dangling ${id}`);
	return errors;
}
