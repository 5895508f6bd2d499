import type * as Y from 'yjs';
import * as cmd from '../../src/lib/doc';
import type { Portfolio } from '../../src/lib/domain/types';
import { periodList, type Rng, SAATY } from './generate';

/**
 * Random intent edits for convergence tests: each one draws its ids from a snapshot
 * of the peer it edits (so it is usually valid) and calls a doc-layer command. A
 * CommandError (a refused cycle…) or an 'empty list' pick is a normal outcome.
 */

/** One random edit of `peer`, given its current snapshot `p`. */
export type Op = (peer: { doc: Y.Doc }, p: Portfolio, rng: Rng, origin: cmd.Origin) => void;

let counter = 0;

/** Restarts the id counter, so that a seed replays the same ids on its own. */
export function resetIds(): void {
	counter = 0;
}

/** Deterministic ids (the commands' random ids would make a seed irreproducible). */
const freshId = (prefix: string, rng: Rng) =>
	`${prefix}-${rng.int(0, 1e6).toString(36)}${counter++}`;

function position(rng: Rng, ids: string[]): cmd.Position {
	if (ids.length === 0 || rng.bool(0.3)) return rng.int(0, ids.length);
	return rng.bool() ? { before: rng.pick(ids) } : { after: rng.pick(ids) };
}

const value = (rng: Rng, max: number) => (rng.bool(0.15) ? null : rng.amount(max));

/** Random edits, weighted; each draws its ids from the peer's current snapshot. */
const OPS: [number, Op][] = [
	[
		6,
		(peer, p, rng, origin) => {
			const ids = p.projects.map((x) => x.id);
			const at = position(rng, ids);
			const opts = typeof at === 'object' ? { ...at, origin } : { origin };
			cmd.addProject(peer.doc, { id: freshId('p', rng), name: rng.words() }, opts);
		}
	],
	[3, (peer, p, rng, origin) => cmd.deleteProject(peer.doc, rng.pick(p.projects).id, { origin })],
	[
		10,
		(peer, p, rng, origin) => {
			const id = rng.pick(p.projects).id;
			const others = p.projects.map((x) => x.id).filter((x) => x !== id);
			cmd.moveProject(peer.doc, id, position(rng, others), { origin });
		}
	],
	[
		4,
		(peer, p, rng, origin) =>
			cmd.updateProject(
				peer.doc,
				rng.pick(p.projects).id,
				rng.pick([
					{ name: rng.words() },
					{ sponsor: rng.words(1, 2) },
					{ status: rng.pick(['proposed', 'active', 'done', 'cancelled'] as const) },
					{ decision: rng.pick(['auto', 'in', 'out'] as const), decisionReason: rng.words() }
				]),
				{ origin }
			)
	],
	[
		6,
		(peer, p, rng, origin) =>
			cmd.setProjectCost(peer.doc, rng.pick(p.projects).id, rng.pick(p.periods), value(rng, 1e5), {
				origin
			})
	],
	[
		5,
		(peer, p, rng, origin) =>
			cmd.setProjectDemand(
				peer.doc,
				rng.pick(p.projects).id,
				rng.pick(p.roles).id,
				rng.pick(p.periods),
				value(rng, 4),
				{ origin }
			)
	],
	[
		4,
		(peer, p, rng, origin) =>
			cmd.setProjectScore(
				peer.doc,
				rng.pick(p.projects).id,
				rng.pick(p.criteria).id,
				rng.bool(0.15) ? null : rng.int(0, 10),
				{ origin }
			)
	],
	[
		2,
		(peer, p, rng, origin) =>
			cmd.setProjectContribution(
				peer.doc,
				rng.pick(p.projects).id,
				rng.pick(p.objectives).id,
				rng.bool(0.15) ? null : rng.int(0, 3),
				{ origin }
			)
	],
	[
		5,
		(peer, p, rng, origin) =>
			cmd.addDependency(peer.doc, rng.pick(p.projects).id, rng.pick(p.projects).id, { origin })
	],
	[
		2,
		(peer, p, rng, origin) => {
			const withDeps = p.projects.filter((x) => x.dependsOn.length > 0);
			const from = rng.pick(withDeps);
			cmd.removeDependency(peer.doc, from.id, rng.pick(from.dependsOn), { origin });
		}
	],
	[
		3,
		(peer, p, rng, origin) =>
			cmd.addExclusion(peer.doc, rng.pick(p.projects).id, rng.pick(p.projects).id, { origin })
	],
	[
		1,
		(peer, p, rng, origin) => {
			const from = rng.pick(p.projects.filter((x) => x.excludes.length > 0));
			cmd.removeExclusion(peer.doc, from.id, rng.pick(from.excludes), { origin });
		}
	],
	[
		3,
		(peer, p, rng, origin) => {
			const parentId = p.objectives.length > 0 && rng.bool(0.6) ? rng.pick(p.objectives).id : null;
			cmd.addObjective(
				peer.doc,
				{ id: freshId('o', rng), title: rng.words(), parentId },
				{ origin }
			);
		}
	],
	[
		6,
		(peer, p, rng, origin) => {
			const id = rng.pick(p.objectives).id;
			const parentId = rng.bool(0.2) ? null : rng.pick(p.objectives).id;
			cmd.moveObjective(peer.doc, id, { parentId }, { origin });
		}
	],
	[
		2,
		(peer, p, rng, origin) => cmd.deleteObjective(peer.doc, rng.pick(p.objectives).id, { origin })
	],
	[
		1,
		(peer, p, rng, origin) =>
			cmd.addKpi(
				peer.doc,
				rng.pick(p.objectives).id,
				{ id: freshId('k', rng), name: rng.words() },
				{ origin }
			)
	],
	[
		2,
		(peer, p, rng, origin) => {
			const kpi = rng.pick(p.objectives.flatMap((o) => o.kpis));
			cmd.setKpiActual(peer.doc, kpi.id, rng.pick(p.periods), value(rng, 100), { origin });
		}
	],
	[
		1,
		(peer, p, rng, origin) =>
			cmd.addCriterion(
				peer.doc,
				{
					id: freshId('c', rng),
					name: rng.words(),
					objectiveId: rng.bool() && p.objectives.length > 0 ? rng.pick(p.objectives).id : null
				},
				{ origin }
			)
	],
	[1, (peer, p, rng, origin) => cmd.deleteCriterion(peer.doc, rng.pick(p.criteria).id, { origin })],
	[
		1,
		(peer, p, rng, origin) =>
			cmd.moveCriterion(peer.doc, rng.pick(p.criteria).id, rng.int(0, p.criteria.length), {
				origin
			})
	],
	[
		3,
		(peer, p, rng, origin) =>
			cmd.setComparison(
				peer.doc,
				rng.pick(p.criteria).id,
				rng.pick(p.criteria).id,
				rng.bool(0.1) ? null : rng.pick(SAATY),
				{ origin }
			)
	],
	[
		1,
		(peer, p, rng, origin) =>
			cmd.setWeightsMethod(peer.doc, rng.pick(['pairwise', 'direct'] as const), { origin })
	],
	[
		1,
		(peer, p, rng, origin) =>
			cmd.setDirectWeight(peer.doc, rng.pick(p.criteria).id, value(rng, 1), { origin })
	],
	[
		1,
		(peer, p, rng, origin) =>
			cmd.addRole(peer.doc, { id: freshId('r', rng), name: rng.words() }, { origin })
	],
	[1, (peer, p, rng, origin) => cmd.deleteRole(peer.doc, rng.pick(p.roles).id, { origin })],
	[
		2,
		(peer, p, rng, origin) =>
			cmd.setCapacity(peer.doc, rng.pick(p.roles).id, rng.pick(p.periods), value(rng, 20), {
				origin
			})
	],
	[
		1,
		(peer, p, rng, origin) =>
			cmd.setBudget(peer.doc, rng.pick(p.periods), value(rng, 1e6), { origin })
	],
	[1, (peer, _p, rng, origin) => cmd.addPeriod(peer.doc, rng.pick(periodList(16)), { origin })],
	[1, (peer, p, rng, origin) => cmd.removePeriod(peer.doc, rng.pick(p.periods), { origin })],
	[
		1,
		(peer, p, rng, origin) => {
			const projectId = p.projects.length > 0 && rng.bool() ? rng.pick(p.projects).id : null;
			cmd.addRisk(peer.doc, { id: freshId('x', rng), title: rng.words(), projectId }, { origin });
		}
	],
	[
		1,
		(peer, p, rng, origin) =>
			cmd.updateRisk(
				peer.doc,
				rng.pick(p.risks).id,
				{ projectId: rng.pick(p.projects).id, objectiveId: rng.pick(p.objectives).id },
				{ origin }
			)
	],
	[
		1,
		(peer, p, rng, origin) =>
			cmd.updateDecision(
				peer.doc,
				rng.pick(p.decisions).id,
				{
					projectIds: rng.shuffle(
						rng.subset(
							p.projects.map((x) => x.id),
							0.2
						)
					)
				},
				{ origin }
			)
	],
	[
		1,
		(peer, p, rng, origin) =>
			cmd.addDecision(
				peer.doc,
				{
					id: freshId('d', rng),
					title: rng.words(),
					at: '2027-01-01',
					projectIds: rng.subset(
						p.projects.map((x) => x.id),
						0.1
					)
				},
				{ origin }
			)
	],
	[
		1,
		(peer, _p, rng, origin) => cmd.setPortfolioFields(peer.doc, { name: rng.words() }, { origin })
	]
];
const TOTAL_WEIGHT = OPS.reduce((sum, [w]) => sum + w, 0);

/** A random edit, drawn by weight. */
export function pickOp(rng: Rng): Op {
	let r = rng.next() * TOTAL_WEIGHT;
	for (const [w, op] of OPS) if ((r -= w) < 0) return op;
	return OPS[OPS.length - 1][1];
}
