/**
 * The strategy map's layout, pure and testable in node: the vision on top, the
 * objective tree below it (themes → objectives → sub-objectives), each objective's KPIs
 * stacked under its card, and the projects in a grid below the tree, linked to the
 * objectives they serve.
 *
 * Stability is the point: people look at a map while others edit it, so adding a node
 * must not reshuffle what they were looking at. The tree is laid out on leaf columns in
 * the doc's own order (siblings by their order key, which puts new objectives last):
 * every leaf takes the next column and a parent sits over its children. So adding a
 * child never moves anything to the left of it, and a first child takes its parent's
 * column without moving anything at all. Projects fill a fixed-width grid in rank
 * order, left-aligned under the tree, so a new objective does not move them either.
 * Rows reserve room for up to `maxKpis` KPI chips (more are summarised as "+n").
 *
 * Node ids are namespaced by kind (`vision`, `o:<id>`, `k:<id>`, `p:<id>`) because
 * objective, KPI and project ids may coincide in an imported file.
 */
import { objectiveChildren } from '$lib/domain/objective-tree';
import type { Portfolio } from '$lib/domain/types';

export type MapNodeKind = 'vision' | 'objective' | 'kpi' | 'project';

export interface MapNode {
	/** Namespaced: `vision`, `o:<objectiveId>`, `k:<kpiId>`, `p:<projectId>`. */
	id: string;
	kind: MapNodeKind;
	/** The entity id (objective, KPI or project); '' for the vision. */
	ref: string;
	label: string;
	/** Top-left corner and size, in map units. */
	x: number;
	y: number;
	width: number;
	height: number;
	/** Tree depth: 0 vision, 1 themes, 2 objectives…; KPIs take their objective's depth; projects -1. */
	depth: number;
	/** The node above it in the tree: the objective for a KPI, the vision for a theme. */
	parent: string | null;
}

export interface MapEdge {
	id: string;
	kind: 'tree' | 'contribution';
	from: string;
	to: string;
	/** The contribution weight (1 weak, 2 moderate, 3 strong); 0 for tree edges. */
	weight: 0 | 1 | 2 | 3;
	/**
	 * Where it starts (bottom centre of the lower box… or of the parent) and ends, in map
	 * units: the S-curve between them is `d`, and a canvas draws it from these numbers.
	 */
	x1: number;
	y1: number;
	x2: number;
	y2: number;
	/** SVG path data of the same curve. */
	d: string;
}

export interface MapLayout {
	nodes: MapNode[];
	edges: MapEdge[];
	byId: Map<string, MapNode>;
	/** Objective node id → ids of its KPI nodes not shown (past `maxKpis`). */
	hiddenKpis: Map<string, string[]>;
	width: number;
	height: number;
}

export interface MapLayoutOptions {
	visionWidth: number;
	objectiveWidth: number;
	objectiveHeight: number;
	kpiHeight: number;
	/** KPI chips shown under a card; the rest are counted in a "+n" chip. */
	maxKpis: number;
	projectWidth: number;
	projectHeight: number;
	/** Projects per grid row (fixed, so that the grid does not reflow as the tree grows). */
	projectsPerRow: number;
	columnGap: number;
	rowGap: number;
}

export const MAP_LAYOUT_DEFAULTS: Readonly<MapLayoutOptions> = Object.freeze({
	visionWidth: 380,
	objectiveWidth: 260,
	objectiveHeight: 104,
	kpiHeight: 32,
	maxKpis: 3,
	projectWidth: 260,
	projectHeight: 64,
	projectsPerRow: 6,
	columnGap: 28,
	rowGap: 64
});

export const VISION_ID = 'vision';
export const objectiveNodeId = (id: string) => `o:${id}`;
export const kpiNodeId = (id: string) => `k:${id}`;
export const projectNodeId = (id: string) => `p:${id}`;

/** The presence selection kinds a map node publishes (a project is the ranking's too). */
const NODE_KINDS = { o: 'objective', k: 'kpi', p: 'project' } as const;
type NodePrefix = keyof typeof NODE_KINDS;

/** What a map node stands for in presence (`{ kind: 'objective', id }`), or null for the vision. */
export function nodeSelection(nodeId: string): { kind: string; id: string } | null {
	const prefix = nodeId.slice(0, 2);
	const kind = NODE_KINDS[prefix[0] as NodePrefix];
	return prefix[1] === ':' && kind ? { kind, id: nodeId.slice(2) } : null;
}

/** The map node of a presence selection, or null when the map does not show that kind. */
export function selectionNodeId(selection: { kind: string; id: string } | null): string | null {
	if (!selection) return null;
	for (const [prefix, kind] of Object.entries(NODE_KINDS)) {
		if (kind === selection.kind) return `${prefix}:${selection.id}`;
	}
	return null;
}

/**
 * A vertical S-curve between two points: a cubic Bézier whose control points share the
 * ends' x and sit at the middle height, so the curve stays inside the box of its ends.
 * As SVG path data; map-links.ts draws the same curve on a canvas.
 */
function linkPath(x1: number, y1: number, x2: number, y2: number): string {
	const mid = (y1 + y2) / 2;
	return `M${x1},${y1}C${x1},${mid} ${x2},${mid} ${x2},${y2}`;
}

/**
 * The contribution links as one SVG path per weight (weak, moderate, strong), for a
 * file: thousands of links at scale, so not one element each.
 */
export function contributionPaths(edges: readonly MapEdge[]): { weight: 1 | 2 | 3; d: string }[] {
	const byWeight: Record<1 | 2 | 3, string[]> = { 1: [], 2: [], 3: [] };
	for (const edge of edges) {
		if (edge.kind === 'contribution' && edge.weight > 0) {
			byWeight[edge.weight as 1 | 2 | 3].push(edge.d);
		}
	}
	return ([1, 2, 3] as const).map((weight) => ({ weight, d: byWeight[weight].join('') }));
}

export interface BuildOptions extends Partial<MapLayoutOptions> {
	/**
	 * The layout this one replaces: nodes and edges that did not change keep their
	 * object, so a view keyed by identity redraws only what moved (a link's weight
	 * changes one edge, not the 350 nodes of a large map).
	 */
	previous?: MapLayout;
}

function sameNode(a: MapNode, b: MapNode): boolean {
	return (
		a.x === b.x &&
		a.y === b.y &&
		a.width === b.width &&
		a.height === b.height &&
		a.label === b.label &&
		a.kind === b.kind &&
		a.ref === b.ref &&
		a.depth === b.depth &&
		a.parent === b.parent
	);
}

/** Lays out `portfolio` as a strategy map (see the module comment). */
export function buildMapLayout(
	portfolio: Pick<Portfolio, 'name' | 'vision' | 'objectives' | 'projects'>,
	options: BuildOptions = {}
): MapLayout {
	const { previous, ...sizes } = options;
	const o = { ...MAP_LAYOUT_DEFAULTS, ...sizes };
	const column = o.objectiveWidth + o.columnGap;

	// Children in snapshot order, which is the doc's order-key order.
	const children = objectiveChildren(portfolio.objectives);
	const byObjective = new Map(portfolio.objectives.map((ob) => [ob.id, ob]));

	// Leaf columns and depths.
	const columnOf = new Map<string, number>();
	const depthOf = new Map<string, number>();
	let nextColumn = 0;
	let maxDepth = 0;
	const place = (id: string, depth: number): number => {
		depthOf.set(id, depth);
		maxDepth = Math.max(maxDepth, depth);
		const kids = children.get(id) ?? [];
		if (kids.length === 0) {
			columnOf.set(id, nextColumn);
			return nextColumn++;
		}
		const first = place(kids[0].id, depth + 1);
		let last = first;
		for (let i = 1; i < kids.length; i++) last = place(kids[i].id, depth + 1);
		const at = (first + last) / 2;
		columnOf.set(id, at);
		return at;
	};
	const roots = children.get(null) ?? [];
	for (const root of roots) place(root.id, 1);
	const treeColumns = Math.max(1, nextColumn);

	// Row tops: each depth reserves room for its tallest KPI stack.
	const kpiRows = new Array<number>(maxDepth + 1).fill(0);
	for (const ob of portfolio.objectives) {
		const d = depthOf.get(ob.id) ?? 1;
		const shown = Math.min(ob.kpis.length, o.maxKpis) + (ob.kpis.length > o.maxKpis ? 1 : 0);
		kpiRows[d] = Math.max(kpiRows[d], shown);
	}
	const rowTop: number[] = [0];
	const visionHeight = o.objectiveHeight;
	let y = visionHeight + o.rowGap;
	for (let d = 1; d <= maxDepth; d++) {
		rowTop[d] = y;
		y += o.objectiveHeight + kpiRows[d] * (o.kpiHeight + 4) + o.rowGap;
	}
	const treeBottom = y;

	const nodes: MapNode[] = [];
	const edges: MapEdge[] = [];
	const byId = new Map<string, MapNode>();
	const hiddenKpis = new Map<string, string[]>();
	const add = (fresh: MapNode) => {
		const old = previous?.byId.get(fresh.id);
		const node = old && sameNode(old, fresh) ? old : fresh;
		nodes.push(node);
		byId.set(node.id, node);
		return node;
	};
	const oldEdges = new Map(previous?.edges.map((e) => [e.id, e]));
	/** An edge between two points (see `linkPath`); its old object when nothing moved. */
	const addEdge = (edge: Omit<MapEdge, 'd'>) => {
		const old = oldEdges.get(edge.id);
		const same =
			old &&
			old.weight === edge.weight &&
			old.x1 === edge.x1 &&
			old.y1 === edge.y1 &&
			old.x2 === edge.x2 &&
			old.y2 === edge.y2;
		edges.push(same ? old : { ...edge, d: linkPath(edge.x1, edge.y1, edge.x2, edge.y2) });
	};

	// The vision is a banner over the whole tree: it grows with the tree but never moves.
	const vision = add({
		id: VISION_ID,
		kind: 'vision',
		ref: '',
		label: portfolio.vision.trim() || portfolio.name,
		x: 0,
		y: 0,
		width: Math.max(o.visionWidth, treeColumns * column - o.columnGap),
		height: visionHeight,
		depth: 0,
		parent: null
	});

	/** Where contribution links end: under the card and its KPI chips. */
	const anchorBottom = new Map<string, number>();
	for (const ob of portfolio.objectives) {
		const depth = depthOf.get(ob.id) ?? 1;
		const parentNode =
			ob.parentId !== null && byObjective.has(ob.parentId)
				? objectiveNodeId(ob.parentId)
				: VISION_ID;
		const node = add({
			id: objectiveNodeId(ob.id),
			kind: 'objective',
			ref: ob.id,
			label: ob.title,
			x: (columnOf.get(ob.id) ?? 0) * column,
			y: rowTop[depth],
			width: o.objectiveWidth,
			height: o.objectiveHeight,
			depth,
			parent: parentNode
		});
		let chipY = node.y + node.height + 4;
		ob.kpis.forEach((kpi, i) => {
			if (i >= o.maxKpis) {
				const hidden = hiddenKpis.get(node.id) ?? [];
				hidden.push(kpiNodeId(kpi.id));
				hiddenKpis.set(node.id, hidden);
				return;
			}
			add({
				id: kpiNodeId(kpi.id),
				kind: 'kpi',
				ref: kpi.id,
				label: kpi.name,
				x: node.x + 12,
				y: chipY,
				width: o.objectiveWidth - 12,
				height: o.kpiHeight,
				depth,
				parent: node.id
			});
			chipY += o.kpiHeight + 4;
		});
		if (ob.kpis.length > o.maxKpis) chipY += o.kpiHeight + 4;
		anchorBottom.set(ob.id, chipY - 4);
	}
	for (const node of nodes) {
		if (node.kind !== 'objective') continue;
		const parent = byId.get(node.parent ?? '') ?? vision;
		const fromVision = parent.kind === 'vision';
		const parentBottom = fromVision ? parent.y + parent.height : anchorBottom.get(parent.ref)!;
		const centre = node.x + node.width / 2;
		addEdge({
			id: `${parent.id}>${node.id}`,
			kind: 'tree',
			from: parent.id,
			to: node.id,
			weight: 0,
			// From the banner, straight down; from a card, a curve from its centre.
			x1: fromVision ? centre : parent.x + parent.width / 2,
			y1: parentBottom,
			x2: centre,
			y2: node.y
		});
	}

	const gridTop = treeBottom + o.rowGap;
	const projectColumn = o.projectWidth + o.columnGap;
	portfolio.projects.forEach((project, i) => {
		const row = Math.floor(i / o.projectsPerRow);
		const node = add({
			id: projectNodeId(project.id),
			kind: 'project',
			ref: project.id,
			label: project.name,
			x: (i % o.projectsPerRow) * projectColumn,
			y: gridTop + row * (o.projectHeight + o.rowGap / 2),
			width: o.projectWidth,
			height: o.projectHeight,
			depth: -1,
			parent: null
		});
		for (const [objectiveId, value] of Object.entries(project.contributions)) {
			if (value !== 1 && value !== 2 && value !== 3) continue;
			const target = byId.get(objectiveNodeId(objectiveId));
			if (!target) continue;
			addEdge({
				id: `${node.id}>${target.id}`,
				kind: 'contribution',
				from: node.id,
				to: target.id,
				weight: value,
				x1: node.x + node.width / 2,
				y1: node.y,
				x2: target.x + target.width / 2,
				y2: anchorBottom.get(objectiveId)!
			});
		}
	});

	const projectRows = Math.ceil(portfolio.projects.length / o.projectsPerRow);
	const width = Math.max(
		treeColumns * column - o.columnGap,
		Math.min(portfolio.projects.length, o.projectsPerRow) * projectColumn - o.columnGap,
		vision.x + vision.width
	);
	const height =
		projectRows > 0
			? gridTop + projectRows * (o.projectHeight + o.rowGap / 2) - o.rowGap / 2
			: treeBottom - o.rowGap;
	return { nodes, edges, byId, hiddenKpis, width, height };
}

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * The node to move keyboard focus to from `fromId`: the nearest node whose centre lies
 * in that direction, preferring nodes in line (an offset across the direction, measured
 * from the edge of the node so that a wide banner reaches everything under it, counts
 * three times as much as one along it). Null at the edge of the map.
 */
export function neighbour(layout: MapLayout, fromId: string, direction: Direction): string | null {
	const from = layout.byId.get(fromId);
	if (!from) return null;
	const cx = from.x + from.width / 2;
	const cy = from.y + from.height / 2;
	let best: string | null = null;
	let bestScore = Infinity;
	for (const node of layout.nodes) {
		if (node === from) continue;
		const dx = node.x + node.width / 2 - cx;
		const dy = node.y + node.height / 2 - cy;
		const along =
			direction === 'up' ? -dy : direction === 'down' ? dy : direction === 'left' ? -dx : dx;
		const vertical = direction === 'up' || direction === 'down';
		const offset = vertical ? Math.abs(dx) : Math.abs(dy);
		const across = Math.max(0, offset - (vertical ? from.width : from.height) / 2) + offset / 100;
		if (along <= 0.5) continue;
		const score = along + 3 * across;
		if (score < bestScore) {
			bestScore = score;
			best = node.id;
		}
	}
	return best;
}

/** Someone else's selection, as presence will report it. */
export interface RemoteSelection {
	nodeId: string;
	name: string;
	color: string;
}

/** Another person's pointer over the map, in map units. */
export interface MapPointer {
	clientId: number;
	name: string;
	color: string;
	x: number;
	y: number;
}

export interface RemoteMark extends RemoteSelection {
	node: MapNode;
	/** 0 for the first person on this node, 1 for the second…: stacks their name labels. */
	slot: number;
}

/** Where to draw other people's selections: one mark per selection of a node on the map. */
export function remoteMarks(
	layout: MapLayout,
	selections: readonly RemoteSelection[]
): RemoteMark[] {
	const slots = new Map<string, number>();
	const marks: RemoteMark[] = [];
	for (const selection of selections) {
		const node = layout.byId.get(selection.nodeId);
		if (!node) continue;
		const slot = slots.get(node.id) ?? 0;
		slots.set(node.id, slot + 1);
		marks.push({ ...selection, node, slot });
	}
	return marks;
}

/**
 * The zoom transform that fits a `width` × `height` map into a viewport, with a margin:
 * all of it, or (`fit: 'width'`) its full width from the top, which keeps labels
 * readable on a wide screen while the projects below are a pan away. `visible` is the
 * band of the viewport the window shows (a canvas taller than what is left of the
 * window): the whole map is fitted into that band, so no node is below the fold.
 */
export function fitTransform(
	map: { width: number; height: number },
	viewport: { width: number; height: number },
	{
		margin = 24,
		maxScale = 1.5,
		fit = 'all' as 'all' | 'width',
		visible = undefined as { top: number; height: number } | undefined
	} = {}
): { x: number; y: number; k: number } {
	const w = Math.max(1, map.width);
	const h = Math.max(1, map.height);
	const band = visible ?? { top: 0, height: viewport.height };
	const byWidth = Math.max(0.02, (viewport.width - 2 * margin) / w);
	const byHeight = Math.max(0.02, (band.height - 2 * margin) / h);
	const k = Math.min(maxScale, byWidth, fit === 'all' ? byHeight : Infinity);
	return { k, x: (viewport.width - w * k) / 2, y: band.top + margin };
}

/** The part of a box (its client rect) that a `windowHeight` window shows: from its top, in px. */
export function visibleBand(
	rect: { top: number; height: number },
	windowHeight: number
): { top: number; height: number } {
	const top = Math.min(rect.height, Math.max(0, -rect.top));
	const bottom = Math.max(top, Math.min(rect.height, windowHeight - rect.top));
	return { top, height: bottom - top };
}

/**
 * Splits a label into at most `maxLines` lines of about `maxChars` characters, at
 * spaces where it can; the last line ends with "…" when the text does not fit.
 */
export function wrapLabel(text: string, maxChars: number, maxLines: number): string[] {
	const words = text.trim().split(/\s+/).filter(Boolean);
	const lines: string[] = [];
	let line = '';
	let i = 0;
	for (; i < words.length; i++) {
		let word = words[i];
		if (word.length > maxChars) word = word.slice(0, maxChars - 1) + '…';
		const next = line ? `${line} ${word}` : word;
		if (next.length <= maxChars) {
			line = next;
			continue;
		}
		lines.push(line);
		line = word;
		if (lines.length === maxLines) break;
	}
	if (lines.length < maxLines && line) {
		lines.push(line);
		line = '';
	}
	if (i < words.length || line) {
		const last = lines[maxLines - 1] ?? '';
		lines[maxLines - 1] =
			(last.length >= maxChars ? last.slice(0, maxChars - 1) : last).replace(/\s*$/, '') + '…';
	}
	return lines;
}
