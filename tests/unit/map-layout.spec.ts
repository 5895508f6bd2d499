import { describe, expect, it } from 'vitest';
import {
	buildMapLayout,
	fitTransform,
	neighbour,
	nodeSelection,
	remoteMarks,
	selectionNodeId,
	visibleBand,
	wrapLabel,
	type MapLayout
} from '../../src/lib/charts/map-layout';
import type { Objective, Portfolio } from '../../src/lib/domain/types';
import { project } from '../helpers/projects';

function objective(id: string, parentId: string | null = null, kpis = 0): Objective {
	return {
		id,
		parentId,
		title: `Objective ${id}`,
		description: '',
		owner: '',
		kpis: Array.from({ length: kpis }, (_, i) => ({
			id: `${id}-k${i}`,
			name: `KPI ${i}`,
			unit: '',
			baseline: 0,
			target: 1,
			direction: 'increase' as const,
			actuals: {}
		}))
	};
}

type MapInput = Pick<Portfolio, 'name' | 'vision' | 'objectives' | 'projects'>;

/** customer → { growth (1 KPI), nps }, ops → cost; three projects. */
function sample(): MapInput {
	return {
		name: 'Northwind',
		vision: 'Be the distributor customers choose',
		objectives: [
			objective('customer'),
			objective('growth', 'customer', 1),
			objective('nps', 'customer'),
			objective('ops'),
			objective('cost', 'ops')
		],
		projects: [
			project('portal', { contributions: { growth: 3, nps: 1 } }),
			project('wms', { contributions: { cost: 2, ghost: 3, nps: 0 } }),
			project('orphan')
		]
	};
}

const at = (layout: MapLayout, id: string) => {
	const node = layout.byId.get(id);
	if (!node) throw new Error(`no node ${id}`);
	return { x: node.x, y: node.y };
};
const positions = (layout: MapLayout) =>
	new Map(layout.nodes.map((n) => [n.id, { x: n.x, y: n.y }]));

describe('buildMapLayout', () => {
	it('puts the vision on top, themes below it, sub-objectives further down and projects last', () => {
		const layout = buildMapLayout(sample());
		const vision = at(layout, 'vision');
		const theme = at(layout, 'o:customer');
		const sub = at(layout, 'o:growth');
		const projectNode = at(layout, 'p:portal');
		expect(vision.y).toBeLessThan(theme.y);
		expect(theme.y).toBeLessThan(sub.y);
		expect(at(layout, 'o:ops').y).toBe(theme.y);
		expect(at(layout, 'o:cost').y).toBe(sub.y);
		const kpi = layout.byId.get('k:growth-k0')!;
		expect(projectNode.y).toBeGreaterThan(kpi.y + kpi.height);
		expect(layout.byId.get('vision')?.label).toBe('Be the distributor customers choose');
	});

	it('keeps siblings in the doc order and centres a parent over its children', () => {
		const layout = buildMapLayout(sample());
		const growth = layout.byId.get('o:growth')!;
		const nps = layout.byId.get('o:nps')!;
		const customer = layout.byId.get('o:customer')!;
		expect(growth.x).toBeLessThan(nps.x);
		expect(customer.x).toBeCloseTo((growth.x + nps.x) / 2);
		expect(at(layout, 'o:customer').x).toBeLessThan(at(layout, 'o:ops').x);
	});

	it('attaches KPIs under their objective', () => {
		const layout = buildMapLayout(sample());
		const growth = layout.byId.get('o:growth')!;
		const kpi = layout.byId.get('k:growth-k0')!;
		expect(kpi.parent).toBe('o:growth');
		expect(kpi.x).toBeGreaterThanOrEqual(growth.x);
		expect(kpi.x + kpi.width).toBeLessThanOrEqual(growth.x + growth.width);
		expect(kpi.y).toBeGreaterThanOrEqual(growth.y + growth.height);
	});

	it('summarises KPIs past the limit instead of drawing them', () => {
		const input = sample();
		input.objectives[3] = objective('ops', null, 5);
		const layout = buildMapLayout(input, { maxKpis: 3 });
		expect(layout.byId.has('k:ops-k2')).toBe(true);
		expect(layout.byId.has('k:ops-k3')).toBe(false);
		expect(layout.hiddenKpis.get('o:ops')).toEqual(['k:ops-k3', 'k:ops-k4']);
	});

	it('links projects to the objectives they serve, weighted by contribution', () => {
		const layout = buildMapLayout(sample());
		const links = layout.edges
			.filter((e) => e.kind === 'contribution')
			.map((e) => [e.from, e.to, e.weight]);
		// No link for a contribution of 0 or to an objective that does not exist.
		expect(links).toEqual([
			['p:portal', 'o:growth', 3],
			['p:portal', 'o:nps', 1],
			['p:wms', 'o:cost', 2]
		]);
		const tree = layout.edges.filter((e) => e.kind === 'tree').map((e) => [e.from, e.to]);
		expect(tree).toContainEqual(['vision', 'o:customer']);
		expect(tree).toContainEqual(['o:customer', 'o:growth']);
		expect(tree).toHaveLength(5);
	});

	it('makes an objective whose parent is missing a theme', () => {
		const input = sample();
		input.objectives.push(objective('lost', 'deleted'));
		const layout = buildMapLayout(input);
		expect(layout.byId.get('o:lost')?.parent).toBe('vision');
		expect(layout.byId.get('o:lost')?.depth).toBe(1);
	});

	it('moves nothing when a new theme or a first child is added at the end', () => {
		const before = buildMapLayout(sample());
		const withTheme = sample();
		withTheme.objectives.push(objective('people'));
		const afterTheme = positions(buildMapLayout(withTheme));
		const withChild = sample();
		withChild.objectives.push(objective('cost-sub', 'cost'));
		const deeper = positions(buildMapLayout(withChild));
		for (const node of before.nodes) {
			expect(afterTheme.get(node.id), node.id).toEqual({ x: node.x, y: node.y });
			// A new level pushes the project grid down, but nothing moves sideways.
			if (node.kind === 'project') expect(deeper.get(node.id)?.x, node.id).toBe(node.x);
			else expect(deeper.get(node.id), node.id).toEqual({ x: node.x, y: node.y });
		}
	});

	it('moves only what is right of a new sibling, and keeps everyone’s order', () => {
		const input = sample();
		const before = buildMapLayout(input);
		input.objectives.push(objective('retention', 'customer'));
		const after = buildMapLayout(input);
		const newNode = after.byId.get('o:retention')!;
		for (const node of before.nodes) {
			const moved = after.byId.get(node.id)!;
			if (node.x < newNode.x - 1 && node.kind !== 'vision' && node.id !== 'o:customer') {
				expect(moved.x, node.id).toBe(node.x);
			}
			expect(moved.y, node.id).toBe(node.y);
		}
		expect(after.byId.get('o:nps')!.x).toBeLessThan(newNode.x);
		expect(after.byId.get('o:ops')!.x).toBeGreaterThan(newNode.x);
	});

	it('keeps the objects of unchanged nodes and edges from the previous layout', () => {
		const before = buildMapLayout(sample());
		const input = sample();
		input.projects[0] = { ...input.projects[0], contributions: { growth: 1, nps: 1 } };
		input.objectives[2] = { ...input.objectives[2], title: 'Renamed' };
		const after = buildMapLayout(input, { previous: before });
		expect(after.byId.get('o:customer')).toBe(before.byId.get('o:customer'));
		expect(after.byId.get('p:portal')).toBe(before.byId.get('p:portal'));
		expect(after.byId.get('o:nps')).not.toBe(before.byId.get('o:nps'));
		expect(after.byId.get('o:nps')?.label).toBe('Renamed');
		const edge = (l: MapLayout, id: string) => l.edges.find((e) => e.id === id);
		expect(edge(after, 'p:portal>o:nps')).toBe(edge(before, 'p:portal>o:nps'));
		expect(edge(after, 'p:portal>o:growth')?.weight).toBe(1);
		expect(edge(after, 'p:portal>o:growth')).not.toBe(edge(before, 'p:portal>o:growth'));
	});

	it('keeps the project grid width fixed as the tree grows', () => {
		const input = sample();
		input.projects = Array.from({ length: 20 }, (_, i) => project(`p${i}`));
		const layout = buildMapLayout(input, { projectsPerRow: 8 });
		const first = layout.byId.get('p:p0')!;
		const ninth = layout.byId.get('p:p8')!;
		expect(ninth.x).toBe(first.x);
		expect(ninth.y).toBeGreaterThan(first.y);
		expect(layout.height).toBeGreaterThanOrEqual(layout.byId.get('p:p19')!.y + first.height);
	});

	it('lays out 50 objectives and 300 projects with every node inside its bounds', () => {
		const input: MapInput = {
			name: 'Big',
			vision: '',
			objectives: Array.from({ length: 50 }, (_, i) =>
				objective(`o${i}`, i < 5 ? null : `o${Math.floor(i / 5) - 1}`, i % 3)
			),
			projects: Array.from({ length: 300 }, (_, i) =>
				project(`p${i}`, { contributions: { [`o${i % 50}`]: (i % 3) + 1 } })
			)
		};
		const layout = buildMapLayout(input);
		expect(layout.nodes.filter((n) => n.kind === 'objective')).toHaveLength(50);
		expect(layout.edges.filter((e) => e.kind === 'contribution')).toHaveLength(300);
		expect(layout.byId.get('vision')?.label).toBe('Big');
		for (const node of layout.nodes) {
			expect(node.x).toBeGreaterThanOrEqual(0);
			expect(node.x + node.width).toBeLessThanOrEqual(layout.width + 1e-9);
			expect(node.y + node.height).toBeLessThanOrEqual(layout.height + 1e-9);
		}
		// No two objective cards overlap.
		const cards = layout.nodes.filter((n) => n.kind === 'objective');
		for (const a of cards)
			for (const b of cards) {
				if (a === b) continue;
				const overlap =
					a.x < b.x + b.width &&
					b.x < a.x + a.width &&
					a.y < b.y + b.height &&
					b.y < a.y + a.height;
				expect(overlap, `${a.id} overlaps ${b.id}`).toBe(false);
			}
	});
});

describe('neighbour: arrow-key focus', () => {
	const layout = buildMapLayout(sample());

	it('goes down from the vision to a theme and back up', () => {
		const down = neighbour(layout, 'vision', 'down');
		expect(down).toMatch(/^o:(customer|ops)$/);
		expect(neighbour(layout, down!, 'up')).toBe('vision');
	});

	it('goes sideways between siblings and stops at the edge', () => {
		expect(neighbour(layout, 'o:customer', 'right')).toBe('o:ops');
		expect(neighbour(layout, 'o:ops', 'left')).toBe('o:customer');
		expect(neighbour(layout, 'o:growth', 'left')).toBeNull();
		expect(neighbour(layout, 'vision', 'up')).toBeNull();
	});

	it('reaches KPIs under an objective and projects below the tree', () => {
		expect(neighbour(layout, 'o:growth', 'down')).toBe('k:growth-k0');
		expect(neighbour(layout, 'p:portal', 'up')).not.toBeNull();
		expect(neighbour(layout, 'p:portal', 'right')).toBe('p:wms');
		expect(neighbour(layout, 'nope', 'down')).toBeNull();
	});
});

describe('remoteMarks: other people’s selections', () => {
	const layout = buildMapLayout(sample());

	it('marks each selected node with the person’s name and colour, stacking several people', () => {
		const marks = remoteMarks(layout, [
			{ nodeId: 'o:growth', name: 'Ada', color: '#a4262c' },
			{ nodeId: 'o:growth', name: 'Linus', color: '#2e6b34' },
			{ nodeId: 'p:wms', name: 'Grace', color: '#0b66d6' },
			{ nodeId: 'o:deleted', name: 'Ken', color: '#000000' }
		]);
		expect(marks.map((m) => [m.nodeId, m.name, m.slot])).toEqual([
			['o:growth', 'Ada', 0],
			['o:growth', 'Linus', 1],
			['p:wms', 'Grace', 0]
		]);
		expect(marks[0].node).toBe(layout.byId.get('o:growth'));
		expect(marks[2].color).toBe('#0b66d6');
	});

	it('marks nothing without selections', () => {
		expect(remoteMarks(layout, [])).toEqual([]);
	});
});

describe('fitTransform', () => {
	it('fits the whole map, centred, never zooming in past the maximum', () => {
		const t = fitTransform(
			{ width: 1000, height: 500 },
			{ width: 548, height: 1000 },
			{ margin: 24 }
		);
		expect(t.k).toBeCloseTo(0.5);
		expect(t.x).toBeCloseTo(24);
		expect(t.y).toBe(24);
		expect(fitTransform({ width: 10, height: 10 }, { width: 800, height: 600 }).k).toBe(1.5);
	});

	it('fits the width only when asked, for a readable first view', () => {
		const t = fitTransform(
			{ width: 1000, height: 4000 },
			{ width: 1048, height: 600 },
			{ margin: 24, fit: 'width' }
		);
		expect(t.k).toBeCloseTo(1);
	});

	it('puts every node’s whole box inside the part of the canvas the window shows', () => {
		const input = sample();
		input.projects = Array.from({ length: 30 }, (_, i) =>
			project(`p${i}`, { name: `A long project name number ${i}`, contributions: { cost: 2 } })
		);
		const layout = buildMapLayout(input);
		// A 770 px canvas whose top 230 px are above the fold of the window… and whose
		// bottom runs 120 px below it.
		const viewport = { width: 1840, height: 770 };
		const band = visibleBand({ top: -230, height: 770 }, 420);
		expect(band).toEqual({ top: 230, height: 420 });
		const t = fitTransform(layout, viewport, { visible: band });
		for (const node of layout.nodes) {
			expect(node.x * t.k + t.x, node.id).toBeGreaterThanOrEqual(0);
			expect((node.x + node.width) * t.k + t.x, node.id).toBeLessThanOrEqual(viewport.width);
			expect(node.y * t.k + t.y, node.id).toBeGreaterThanOrEqual(band.top);
			expect((node.y + node.height) * t.k + t.y, node.id).toBeLessThanOrEqual(
				band.top + band.height
			);
		}
	});
});

describe('visibleBand', () => {
	it('is the part of a box inside the window, from the box’s top', () => {
		expect(visibleBand({ top: 400, height: 800 }, 1080)).toEqual({ top: 0, height: 680 });
		expect(visibleBand({ top: 100, height: 500 }, 1080)).toEqual({ top: 0, height: 500 });
		expect(visibleBand({ top: -900, height: 800 }, 1080)).toEqual({ top: 800, height: 0 });
		expect(visibleBand({ top: 1200, height: 800 }, 1080)).toEqual({ top: 0, height: 0 });
	});
});

describe('wrapLabel', () => {
	it('wraps at spaces and ends a cut label with an ellipsis', () => {
		expect(wrapLabel('Grow recurring revenue', 12, 2)).toEqual(['Grow', 'recurring…']);
		expect(wrapLabel('Grow recurring revenue', 14, 2)).toEqual(['Grow recurring', 'revenue']);
		expect(wrapLabel('Short', 10, 2)).toEqual(['Short']);
		expect(wrapLabel('Supercalifragilistic word', 8, 1)).toEqual(['Superca…']);
	});
});

describe('presence selections of map nodes', () => {
	it('maps objective, KPI and project nodes to presence selections and back', () => {
		for (const [nodeId, kind, id] of [
			['o:growth', 'objective', 'growth'],
			['k:nps-1', 'kpi', 'nps-1'],
			['p:p:odd', 'project', 'p:odd']
		]) {
			expect(nodeSelection(nodeId)).toEqual({ kind, id });
			expect(selectionNodeId({ kind, id })).toBe(nodeId);
		}
	});

	it('leaves out what the map does not show', () => {
		expect(nodeSelection('vision')).toBeNull();
		expect(selectionNodeId({ kind: 'criterion', id: 'c1' })).toBeNull();
		expect(selectionNodeId(null)).toBeNull();
	});
});
