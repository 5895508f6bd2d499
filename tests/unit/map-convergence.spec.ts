import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { buildMapLayout, objectiveNodeId, VISION_ID } from '../../src/lib/charts/map-layout';
import {
	addKpi,
	addObjective,
	deleteKpi,
	deleteObjective,
	importPortfolio,
	moveObjective,
	read,
	setKpiActual,
	setPortfolioFields,
	setProjectContribution,
	updateKpi,
	updateObjective
} from '../../src/lib/doc';
import type { Portfolio } from '../../src/lib/domain/types';
import { MapState } from '../../src/lib/state/map.svelte';
import { northwindPortfolio } from '../helpers/doc-fixtures';
import { Rng } from '../helpers/generate';
import { TestNetwork } from '../helpers/test-network';

/**
 * Two people re-parenting objectives on the map at the same moment (A under B here,
 * B under A there) must never end with a cycle or a lost objective, and both must see
 * the same map. The edits go through the map's own state class, as the view does;
 * the network is the seeded hostile one of the convergence tests.
 */

const SEEDS = Number(process.env.CAIRN_SEEDS ?? 30);

function mapOn(doc: Y.Doc): MapState {
	return new MapState({
		portfolio: () => read(doc),
		canEdit: () => true,
		commands: {
			addObjective: (input) => addObjective(doc, input),
			updateObjective: (id, patch) => updateObjective(doc, id, patch),
			moveObjective: (id, parentId) => moveObjective(doc, id, { parentId }),
			deleteObjective: (id) => deleteObjective(doc, id),
			addKpi: (objectiveId, name) => addKpi(doc, objectiveId, { name }),
			updateKpi: (id, patch) => updateKpi(doc, id, patch),
			setKpiActual: (id, period, value) => setKpiActual(doc, id, period, value),
			deleteKpi: (id) => deleteKpi(doc, id),
			setContribution: (projectId, objectiveId, value) =>
				setProjectContribution(doc, projectId, objectiveId, value),
			setVision: (patch) => setPortfolioFields(doc, patch)
		}
	});
}

/** Every objective reaches a root by following parents, without passing one twice. */
function cycleIn(p: Portfolio): string | null {
	const parent = new Map(p.objectives.map((o) => [o.id, o.parentId]));
	for (const o of p.objectives) {
		const seen = new Set<string>();
		for (let id: string | null = o.id; id !== null; id = parent.get(id) ?? null) {
			if (seen.has(id)) return id;
			seen.add(id);
		}
	}
	return null;
}

/** Every objective is on the map and hangs, through tree edges, under the vision. */
function mapErrors(p: Portfolio): string[] {
	const layout = buildMapLayout(p);
	const up = new Map(layout.edges.filter((e) => e.kind === 'tree').map((e) => [e.to, e.from]));
	const errors: string[] = [];
	for (const o of p.objectives) {
		const id = objectiveNodeId(o.id);
		if (!layout.byId.has(id)) errors.push(`${o.id} is not on the map`);
		let at: string | undefined = id;
		for (let hops = 0; at !== VISION_ID && at !== undefined && hops <= p.objectives.length; hops++)
			at = up.get(at);
		if (at !== VISION_ID) errors.push(`${o.id} does not hang under the vision`);
	}
	return errors;
}

describe('map: concurrent re-parenting', () => {
	it('A under B here and B under A there: no cycle, no lost node, one map everywhere', () => {
		for (let seed = 1; seed <= SEEDS; seed++) {
			const rng = new Rng(seed);
			const network = new TestNetwork(rng, 2, { drop: 0.1, duplicate: 0.1 });
			const [a, b] = network.peers;
			importPortfolio(a.doc, northwindPortfolio());
			network.syncAll();

			const mapA = mapOn(a.doc);
			const mapB = mapOn(b.doc);
			const ids = mapA.portfolio.objectives.map((o) => o.id);
			// Two objectives neither of which is above the other, so both moves are allowed.
			let x = rng.pick(ids);
			let y = rng.pick(ids);
			for (let tries = 0; tries < 50; tries++) {
				const ok =
					x !== y &&
					mapA.parentOptions(x).some((o) => o.id === y) &&
					mapA.parentOptions(y).some((o) => o.id === x);
				if (ok) break;
				x = rng.pick(ids);
				y = rng.pick(ids);
			}

			network.disconnect(a);
			network.disconnect(b);
			expect(mapA.reparent(x, y), `seed ${seed}`).toBe(true);
			expect(mapB.reparent(y, x), `seed ${seed}`).toBe(true);
			// Each side also keeps working on the tree while offline.
			const childA = mapA.addObjective(x, 'Added by A');
			const childB = mapB.addObjective(y, 'Added by B');
			if (rng.bool()) mapB.reparent(rng.pick(ids.filter((id) => id !== y)), null);
			network.syncAll();

			const pa = read(a.doc);
			const pb = read(b.doc);
			expect(pb, `seed ${seed}: peers differ`).toEqual(pa);
			expect(cycleIn(pa), `seed ${seed}: cycle`).toBeNull();
			expect(
				pa.objectives.map((o) => o.id).sort(),
				`seed ${seed}: objectives lost or duplicated`
			).toEqual([...ids, childA!, childB!].sort());
			expect(mapErrors(pa), `seed ${seed}`).toEqual([]);
			// The objective that was moved under its own new child is one of the two.
			const parentOf = new Map(pa.objectives.map((o) => [o.id, o.parentId]));
			expect(parentOf.get(x) === y && parentOf.get(y) === x, `seed ${seed}`).toBe(false);
		}
	});

	it('refuses, on one peer, a move under its own descendant', () => {
		const rng = new Rng(7);
		const network = new TestNetwork(rng, 1);
		const doc = network.peers[0].doc;
		importPortfolio(doc, northwindPortfolio());
		const map = mapOn(doc);
		expect(map.parentOptions('o-customer').map((o) => o.id)).not.toContain('o-growth');
		expect(map.reparent('o-customer', 'o-growth')).toBe(false);
		expect(read(doc).objectives.find((o) => o.id === 'o-customer')?.parentId).toBeNull();
		expect(map.announcement).toMatch(/cannot move under itself/);
	});

	it('refuses a move to where it already is, and says where a move went', () => {
		const network = new TestNetwork(new Rng(8), 1);
		const doc = network.peers[0].doc;
		importPortfolio(doc, northwindPortfolio());
		const map = mapOn(doc);
		expect(map.reparent('o-cost', 'o-ops')).toBe(false);
		expect(map.announcement).toMatch(/“Cut cost to serve” is already under/);
		expect(map.reparent('o-cost', 'o-people')).toBe(true);
		expect(read(doc).objectives.find((o) => o.id === 'o-cost')?.parentId).toBe('o-people');
		expect(map.announcement).toBe('“Cut cost to serve” moved under “Grow our people”.');
		expect(map.reparent('o-cost', null)).toBe(true);
		expect(map.announcement).toBe('“Cut cost to serve” is now a theme.');
		expect(map.reparent('o-cost', null)).toBe(false);
	});
});
