import type { Portfolio } from '../../src/lib/domain/types';
import { generatePortfolio, Rng } from './generate';

/**
 * The generator's own portfolio at 500 × 24 × 12 is degenerate for the optimum (a
 * third of its projects are forced in, and with demand in every other cell hardly
 * anything fits), so the projects are reshaped the way real ones look: a run of 2-8
 * quarters, 1-4 roles, cost following demand; budget and capacity a `share` of the
 * total asked for. `projects` is 500 (DESIGN's scale) unless a test needs fewer.
 */
export function realisticPortfolio(seed: number, share: number, projects = 500): Portfolio {
	const p = generatePortfolio(seed, {
		projects,
		periods: 24,
		roles: 12,
		criteria: 20,
		objectives: 10,
		kpisPerObjective: 0,
		risks: 0,
		decisions: 0,
		reviews: 0,
		density: 0.3
	});
	const rng = new Rng(seed + 1000);
	const rate = p.roles.map(() => 20000 + rng.int(0, 20000));
	const cost: Record<string, number> = {};
	const demand: Record<string, number> = {};
	for (const q of p.projects) {
		q.decision = rng.bool(0.02) ? 'out' : 'auto';
		if (q.status === 'done' || q.status === 'cancelled') q.status = 'proposed';
		const start = rng.int(0, 20);
		const length = rng.int(2, 8);
		const roles = rng.shuffle(p.roles.map((_, r) => r)).slice(0, rng.int(1, 4));
		q.demand = {};
		q.cost = {};
		for (const r of roles) {
			const fte = rng.int(1, 12) / 2;
			const cells: Record<string, number> = {};
			for (let t = start; t < Math.min(24, start + length); t++) {
				const period = p.periods[t];
				cells[period] = fte;
				q.cost[period] = (q.cost[period] ?? 0) + fte * rate[r];
				demand[p.roles[r].id + period] = (demand[p.roles[r].id + period] ?? 0) + fte;
			}
			q.demand[p.roles[r].id] = cells;
		}
		for (const t in q.cost) {
			q.cost[t] = Math.round((q.cost[t] * (0.9 + 0.3 * rng.next())) / 1000) * 1000;
			cost[t] = (cost[t] ?? 0) + q.cost[t];
		}
	}
	for (const t of p.periods) p.budget[t] = Math.round(((cost[t] ?? 0) * share) / 1000) * 1000;
	for (const role of p.roles)
		for (const t of p.periods)
			role.capacity[t] = Math.round((demand[role.id + t] ?? 0) * share * 1.3);
	return p;
}
