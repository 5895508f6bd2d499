import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as cmd from '../../src/lib/doc';
import { CommandError, createUndoManager, importPortfolio, read } from '../../src/lib/doc';
import { parsePortfolio } from '../../src/lib/domain/format';
import { FORMAT, type Portfolio } from '../../src/lib/domain/types';
import { generatePortfolio, periodList, Rng, SAATY } from '../helpers/generate';
import { TestNetwork, type TestPeer } from '../helpers/test-network';

/**
 * Randomised convergence, in the style of yjs's `applyRandomTests` + `compare`:
 * 5-10 peers edit one portfolio through the doc-layer commands while a hostile
 * network reorders, duplicates, drops and disconnects. After a full sync every peer
 * must read exactly the same portfolio, and that portfolio must keep the domain
 * invariants (one total order, every reference resolves, no cycles, valid file).
 *
 * Seeds: CAIRN_SEEDS=2000 runs more; CAIRN_SEED=123 replays one. A failure names its
 * seed in the assertion message.
 */

const SEEDS = Number(process.env.CAIRN_SEEDS ?? 200);
const ONLY = process.env.CAIRN_SEED === undefined ? undefined : Number(process.env.CAIRN_SEED);

type Op = (peer: TestPeer, p: Portfolio, rng: Rng, origin: cmd.Origin) => void;

let counter = 0;
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

function pickOp(rng: Rng): Op {
	let r = rng.next() * TOTAL_WEIGHT;
	for (const [w, op] of OPS) if ((r -= w) < 0) return op;
	return OPS[OPS.length - 1][1];
}

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

interface RunStats {
	applied: number;
	refused: number;
	undone: number;
}

/** One seeded run: setup, random edits and network chaos, final sync, comparison. */
function runSeed(seed: number, stats: RunStats): void {
	const rng = new Rng(seed);
	const network = new TestNetwork(rng, rng.int(5, 10), {
		drop: rng.next() * 0.15,
		duplicate: rng.next() * 0.15
	});
	const [first] = network.peers;
	importPortfolio(first.doc, generatePortfolio(seed, { projects: rng.int(3, 15), reviews: 0 }));
	network.syncAll();
	const undoers = network.peers.map((peer) =>
		createUndoManager(peer.doc, { user: `u${peer.index}`, captureTimeout: 0 })
	);

	const steps = rng.int(40, 120);
	for (let step = 0; step < steps; step++) {
		const roll = rng.next();
		if (roll < 0.6) {
			const peer = rng.pick(network.peers);
			const origin: cmd.Origin = { source: 'local', user: `u${peer.index}` };
			try {
				pickOp(rng)(peer, read(peer.doc), rng, origin);
				stats.applied++;
			} catch (error) {
				// Refusals (a cycle, an empty list to pick from) are part of the game.
				if (
					error instanceof CommandError ||
					(error instanceof Error && /empty list/.test(error.message))
				) {
					stats.refused++;
				} else {
					throw new Error(`seed ${seed}, step ${step}: ${String(error)}`, { cause: error });
				}
			}
		} else if (roll < 0.65) {
			const undo = rng.pick(undoers);
			if (rng.bool(0.7) ? undo.undo() : undo.redo()) stats.undone++;
		} else if (roll < 0.9) {
			for (let n = rng.int(1, 6); n > 0; n--) network.deliverRandom();
		} else if (roll < 0.95) {
			const peer = rng.pick(network.peers);
			if (peer.online) network.disconnect(peer);
			else network.connect(peer);
		} else {
			network.resync(rng.pick(network.peers), rng.pick(network.peers));
		}
	}

	network.syncAll();
	const snapshots = network.peers.map((peer) => read(peer.doc));
	const expected = snapshots[0];
	const json = JSON.stringify(expected);
	for (const [i, snapshot] of snapshots.entries()) {
		expect(snapshot, `seed ${seed}: peer ${i} differs from peer 0`).toEqual(expected);
		expect(JSON.stringify(snapshot), `seed ${seed}: peer ${i} JSON differs`).toBe(json);
		// The memoised read equals a cold read of the same state.
		const fresh = new Y.Doc();
		Y.applyUpdate(fresh, Y.encodeStateAsUpdate(network.peers[i].doc));
		expect(read(fresh), `seed ${seed}: peer ${i} memo is stale`).toEqual(snapshot);
	}
	expect(invariantErrors(expected), `seed ${seed}: invariants`).toEqual([]);
	const parsed = parsePortfolio(JSON.parse(JSON.stringify({ format: FORMAT, ...expected })));
	expect(
		parsed.ok ? [] : parsed.errors,
		`seed ${seed}: the merged portfolio is not a valid file`
	).toEqual([]);
	for (const undo of undoers) undo.destroy();
}

describe('convergence under a hostile network', () => {
	it('the invariant checker catches what it should (so passing means something)', () => {
		const p = generatePortfolio(5, { projects: 4, objectives: 3 });
		expect(invariantErrors(p)).toEqual([]);
		const broken = structuredClone(p);
		broken.projects[0].dependsOn = [broken.projects[1].id];
		broken.projects[1].dependsOn = [broken.projects[0].id];
		broken.objectives[0].parentId = 'o-gone';
		broken.projects[2].scores = { 'c-gone': 1 };
		broken.projects.push(structuredClone(broken.projects[3]));
		expect(invariantErrors(broken)).toEqual(
			expect.arrayContaining([
				'duplicate project ids',
				'dependsOn cycle',
				`${broken.objectives[0].id}.parentId dangling`,
				`${broken.projects[2].id}.scores: dangling 'c-gone'`
			])
		);
	});

	const seeds = ONLY !== undefined ? [ONLY] : Array.from({ length: SEEDS }, (_, i) => i + 1);
	it(
		`every peer reads the same valid portfolio (${seeds.length} seeds)`,
		{ timeout: 600_000 },
		() => {
			const stats: RunStats = { applied: 0, refused: 0, undone: 0 };
			const started = performance.now();
			for (const seed of seeds) runSeed(seed, stats);
			console.log(
				`[convergence] ${seeds.length} seeds in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
					`${stats.applied} edits applied, ${stats.refused} refused, ${stats.undone} undo/redo steps`
			);
			// The run must actually exercise the commands, not just refuse them.
			expect(stats.applied).toBeGreaterThan(stats.refused);
		}
	);
});
