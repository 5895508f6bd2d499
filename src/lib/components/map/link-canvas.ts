/**
 * The strategy map's contribution links, painted on canvases under the SVG nodes.
 *
 * A large map has thousands of links (3,404 at 50 objectives × 300 projects). As SVG
 * paths spanning the whole map, any change near them made the browser re-rasterise
 * them tile by tile (the dashed ones worst of all): seconds per edit without a GPU.
 * Here they are painted once per change of the links or of the view, in device pixels,
 * and only the stretch of each link that is in view (map-links.ts): same curves as the
 * SVG, same thickness and dash per weight (`LINK_STYLE`), so a link's weight never rests
 * on colour alone.
 *
 * Each link is its own small path (one path of thousands of thick curves is far slower
 * to fill). Translucency follows what the SVG showed: lines up to a pixel wide (the
 * whole map in view) are hairlines, each translucent, so the colour deepens where many
 * cross; wider lines of one weight are painted opaque on a layer of their own that is
 * translucent as a whole, so overlaps do not darken (one SVG path with a stroke-opacity).
 */
import type { MapEdge } from '$lib/charts/map-layout';
import { arcLength, subCurve, visibleSpan } from '$lib/charts/map-links';
import { LINK_STYLE } from './map-style';

export type Weight = 1 | 2 | 3;
const WEIGHTS: readonly Weight[] = [1, 2, 3];

/** The contribution links by weight, painted weak first so stronger ones lie on top. */
export type LinkGroups = Record<Weight, readonly MapEdge[]>;

export function groupLinks(edges: readonly MapEdge[]): LinkGroups {
	const groups: Record<Weight, MapEdge[]> = { 1: [], 2: [], 3: [] };
	for (const edge of edges) {
		if (edge.kind === 'contribution' && edge.weight > 0) groups[edge.weight as Weight].push(edge);
	}
	return groups;
}

/** The zoom transform (map → screen: x' = x·k + tx) and the canvas in CSS pixels. */
export interface LinkView {
	x: number;
	y: number;
	k: number;
	width: number;
	height: number;
	/** Device pixels per CSS pixel. */
	dpr: number;
}

export interface LinkPaintStyle {
	color: string;
	/** Of each link. */
	opacity: number;
	/** Added to every weight's width, in map units (a highlight is one unit thicker). */
	extraWidth: number;
}

/** What a 2D context needs to offer the painter (a recording fake in unit tests). */
export type LinkContext = Pick<
	CanvasRenderingContext2D,
	| 'setTransform'
	| 'clearRect'
	| 'beginPath'
	| 'moveTo'
	| 'bezierCurveTo'
	| 'stroke'
	| 'setLineDash'
	| 'lineDashOffset'
	| 'lineWidth'
	| 'strokeStyle'
	| 'globalAlpha'
	| 'save'
	| 'restore'
	| 'rect'
	| 'clip'
>;

/** A rectangle of the canvas, in whole device pixels. */
export interface Region {
	x: number;
	y: number;
	width: number;
	height: number;
}

/**
 * A dash period under this many device pixels is finer than the pixels that draw it:
 * such a link is painted solid at the dash's share of its opacity, which is what the eye
 * sees of it anyway, instead of thousands of sub-pixel dashes.
 */
export const MIN_DASH_PERIOD = 4;
/**
 * A line up to this many device pixels wide is painted one pixel wide: the renderer's
 * cheap hairline (lines under a pixel are hairlines already), with no visible difference.
 */
export const HAIRLINE_UP_TO = 1.25;

/** A link's line width on the canvas, in map units, at `scale` device pixels per map unit. */
function lineWidthOf(weight: Weight, extraWidth: number, scale: number): number {
	const width = LINK_STYLE[weight].width + extraWidth;
	const device = width * scale;
	return device > 1 && device <= HAIRLINE_UP_TO ? 1 / scale : width;
}

/** Whether links of `weight` are hairlines (at most a device pixel wide) in this view. */
export function isHairline(
	weight: Weight,
	style: Pick<LinkPaintStyle, 'extraWidth'>,
	view: Pick<LinkView, 'k' | 'dpr'>
): boolean {
	const scale = view.k * view.dpr;
	return lineWidthOf(weight, style.extraWidth, scale) * scale <= 1 + 1e-9;
}

const dashOf = (weight: Weight) =>
	LINK_STYLE[weight].dash ? LINK_STYLE[weight].dash.split(/[\s,]+/).map(Number) : [];

/** The widest line of a layer, in map units. */
const widest = (style: Pick<LinkPaintStyle, 'extraWidth'>) =>
	Math.max(...WEIGHTS.map((w) => LINK_STYLE[w].width)) + style.extraWidth;

/**
 * Clears the canvas, or only `region` of it, and paints the links of `links` that are in
 * it, weak ones first. Returns the links painted.
 */
export function paintLinks(
	ctx: LinkContext,
	links: LinkGroups,
	view: LinkView,
	style: LinkPaintStyle,
	region?: Region
): MapEdge[] {
	const { x, y, k, dpr } = view;
	const scale = k * dpr;
	const area = region ?? {
		x: 0,
		y: 0,
		width: Math.round(view.width * dpr),
		height: Math.round(view.height * dpr)
	};
	ctx.setTransform(1, 0, 0, 1, 0, 0);
	if (region) {
		// Whole pixels: the clip's edge blends nothing, so no seam shows around it.
		ctx.save();
		ctx.beginPath();
		ctx.rect(area.x, area.y, area.width, area.height);
		ctx.clip();
	}
	ctx.clearRect(area.x, area.y, area.width, area.height);
	ctx.setTransform(scale, 0, 0, scale, dpr * x, dpr * y);
	const painted: MapEdge[] = [];
	for (const weight of WEIGHTS) {
		if (links[weight].length === 0) continue;
		const lineWidth = lineWidthOf(weight, style.extraWidth, scale);
		const dash = dashOf(weight);
		const period = dash.reduce((sum, d) => sum + d, 0);
		const fine = period > 0 && period * scale < MIN_DASH_PERIOD;
		const dashed = period > 0 && !fine;
		ctx.lineWidth = lineWidth;
		ctx.strokeStyle = style.color;
		ctx.globalAlpha = fine ? style.opacity * (dash[0] / period) : style.opacity;
		ctx.setLineDash(dashed ? dash : []);
		ctx.lineDashOffset = 0;
		// The area in map units, widened by half a line and a pixel: nothing is cut at its edge.
		const margin = lineWidth / 2 + 1 / scale;
		const bounds = {
			left: (area.x / dpr - x) / k - margin,
			top: (area.y / dpr - y) / k - margin,
			right: ((area.x + area.width) / dpr - x) / k + margin,
			bottom: ((area.y + area.height) / dpr - y) / k + margin
		};
		for (const edge of links[weight]) {
			const span = visibleSpan(edge, bounds);
			if (!span) continue;
			const [t0, t1] = span;
			const [x0, y0, cx1, cy1, cx2, cy2, x3, y3] = subCurve(edge, t0, t1);
			ctx.beginPath();
			ctx.moveTo(x0, y0);
			ctx.bezierCurveTo(cx1, cy1, cx2, cy2, x3, y3);
			// Dashes counted from the link's start, wherever the view cuts it.
			if (dashed) ctx.lineDashOffset = t0 > 0 ? arcLength(edge, t0) % period : 0;
			ctx.stroke();
			painted.push(edge);
		}
	}
	ctx.globalAlpha = 1;
	if (region) ctx.restore();
	return painted;
}

/** The links in one set of groups and not the other (edges that did not change keep their object). */
export function changedLinks(before: LinkGroups, after: LinkGroups): MapEdge[] {
	const all = (groups: LinkGroups) => WEIGHTS.flatMap((w) => groups[w]);
	const was = new Set(all(before));
	const is = new Set(all(after));
	return [...was, ...is].filter((edge) => !was.has(edge) || !is.has(edge));
}

/**
 * The part of the canvas that `edges` cover (each the box of its curve, widened by its
 * line and a margin for antialiasing), in whole device pixels; null when none is in view.
 */
export function regionOf(
	edges: readonly MapEdge[],
	view: LinkView,
	style: Pick<LinkPaintStyle, 'extraWidth'>
): Region | null {
	const { x, y, k, dpr } = view;
	const pad = Math.max((widest(style) * k * dpr) / 2, 0.5) + 2;
	let left = Infinity;
	let top = Infinity;
	let right = -Infinity;
	let bottom = -Infinity;
	for (const edge of edges) {
		left = Math.min(left, (Math.min(edge.x1, edge.x2) * k + x) * dpr - pad);
		right = Math.max(right, (Math.max(edge.x1, edge.x2) * k + x) * dpr + pad);
		top = Math.min(top, (Math.min(edge.y1, edge.y2) * k + y) * dpr - pad);
		bottom = Math.max(bottom, (Math.max(edge.y1, edge.y2) * k + y) * dpr + pad);
	}
	const x0 = Math.max(0, Math.floor(left));
	const y0 = Math.max(0, Math.floor(top));
	const x1 = Math.min(Math.round(view.width * dpr), Math.ceil(right));
	const y1 = Math.min(Math.round(view.height * dpr), Math.ceil(bottom));
	return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
}
