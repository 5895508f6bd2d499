/**
 * Geometry of the strategy map's links for drawing only the part in view: a link is the
 * S-curve of `buildMapLayout` (a cubic Bézier from (x1, y1) with control points
 * (x1, mid) and (x2, mid) to (x2, y2), mid the middle height). Both its coordinates are
 * monotonic along it:
 *
 *   x(t) = x1 + (x2 − x1)·s(t),  s(t) = 3t² − 2t³
 *   y(t) = y1 + (y2 − y1)·g(t),  g(t) = t³ − 1.5t² + 1.5t
 *
 * so the part inside a rectangle is one stretch [t0, t1], found in closed form, and that
 * stretch is itself a cubic Bézier (the same curve, not an approximation). A dashed link
 * cut at t0 starts its dashes at the arc length of what was cut, so the dashes stay put
 * while the view pans.
 */
import type { MapEdge } from './map-layout';

export type LinkEnds = Pick<MapEdge, 'x1' | 'y1' | 'x2' | 'y2'>;

export interface Bounds {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

/** The control points of a link's curve: [cx1, cy1, cx2, cy2]. */
export function linkCurve(edge: LinkEnds): [number, number, number, number] {
	const mid = (edge.y1 + edge.y2) / 2;
	return [edge.x1, mid, edge.x2, mid];
}

/** The point at `t` ∈ [0, 1]. */
export function linkPoint(edge: LinkEnds, t: number): { x: number; y: number } {
	const s = t * t * (3 - 2 * t);
	const g = t * t * t - 1.5 * t * t + 1.5 * t;
	return { x: edge.x1 + (edge.x2 - edge.x1) * s, y: edge.y1 + (edge.y2 - edge.y1) * g };
}

/** t where s(t) = u, u ∈ [0, 1] (the inverse of the smoothstep). */
function inverseS(u: number): number {
	return 0.5 - Math.sin(Math.asin(1 - 2 * u) / 3);
}

/** t where g(t) = u: with t = z + ½, z³ + ¾z + (½ − u) = 0, one real root (Cardano). */
function inverseG(u: number): number {
	const q = 0.5 - u;
	const root = Math.sqrt((q * q) / 4 + 0.75 ** 3 / 27);
	return Math.cbrt(-q / 2 + root) + Math.cbrt(-q / 2 - root) + 0.5;
}

/** The stretch of t where `from + (to − from)·f(t)` lies in [lo, hi], f rising 0 → 1. */
function stretch(
	from: number,
	to: number,
	lo: number,
	hi: number,
	inverse: (u: number) => number
): [number, number] | null {
	if (from === to) return from >= lo && from <= hi ? [0, 1] : null;
	const a = (lo - from) / (to - from);
	const b = (hi - from) / (to - from);
	const u0 = Math.max(0, Math.min(a, b));
	const u1 = Math.min(1, Math.max(a, b));
	if (u0 > u1) return null;
	return [u0 === 0 ? 0 : inverse(u0), u1 === 1 ? 1 : inverse(u1)];
}

/** The stretch [t0, t1] of a link inside `bounds`, or null when none of it is. */
export function visibleSpan(edge: LinkEnds, bounds: Bounds): [number, number] | null {
	if (
		Math.max(edge.x1, edge.x2) < bounds.left ||
		Math.min(edge.x1, edge.x2) > bounds.right ||
		Math.max(edge.y1, edge.y2) < bounds.top ||
		Math.min(edge.y1, edge.y2) > bounds.bottom
	) {
		return null;
	}
	const xs = stretch(edge.x1, edge.x2, bounds.left, bounds.right, inverseS);
	const ys = stretch(edge.y1, edge.y2, bounds.top, bounds.bottom, inverseG);
	if (!xs || !ys) return null;
	const t0 = Math.max(xs[0], ys[0]);
	const t1 = Math.min(xs[1], ys[1]);
	return t0 < t1 ? [t0, t1] : null;
}

/**
 * The stretch [t0, t1] of a link as its own cubic Bézier (de Casteljau):
 * [x0, y0, cx1, cy1, cx2, cy2, x3, y3].
 */
export function subCurve(edge: LinkEnds, t0: number, t1: number): number[] {
	const [cx1, cy1, cx2, cy2] = linkCurve(edge);
	let p = [edge.x1, edge.y1, cx1, cy1, cx2, cy2, edge.x2, edge.y2];
	// Keep [t0, 1], then the first (t1 − t0) / (1 − t0) of that.
	if (t0 > 0) p = split(p, t0)[1];
	if (t1 < 1) p = split(p, t0 < 1 ? (t1 - t0) / (1 - t0) : 1)[0];
	return p;
}

function split(p: number[], t: number): [number[], number[]] {
	const lerp = (a: number, b: number) => a + (b - a) * t;
	const [x0, y0, x1, y1, x2, y2, x3, y3] = p;
	const ax = lerp(x0, x1);
	const ay = lerp(y0, y1);
	const bx = lerp(x1, x2);
	const by = lerp(y1, y2);
	const cx = lerp(x2, x3);
	const cy = lerp(y2, y3);
	const dx = lerp(ax, bx);
	const dy = lerp(ay, by);
	const ex = lerp(bx, cx);
	const ey = lerp(by, cy);
	const fx = lerp(dx, ex);
	const fy = lerp(dy, ey);
	return [
		[x0, y0, ax, ay, dx, dy, fx, fy],
		[fx, fy, ex, ey, cx, cy, x3, y3]
	];
}

/** 8-point Gauss–Legendre nodes and weights on [−1, 1]. */
const GAUSS: readonly (readonly [number, number])[] = [
	[-0.9602898564975363, 0.1012285362903763],
	[-0.7966664774136267, 0.2223810344533745],
	[-0.525532409916329, 0.3137066458778873],
	[-0.1834346424956498, 0.362683783378362],
	[0.1834346424956498, 0.362683783378362],
	[0.525532409916329, 0.3137066458778873],
	[0.7966664774136267, 0.2223810344533745],
	[0.9602898564975363, 0.1012285362903763]
];

/** The length of a link from its start to `t` (Gauss–Legendre on four pieces). */
export function arcLength(edge: LinkEnds, t: number): number {
	const dx = edge.x2 - edge.x1;
	const dy = edge.y2 - edge.y1;
	// x'(t) = 6·dx·t(1 − t), y'(t) = 1.5·dy·((1 − t)² + t²)
	const speed = (u: number) =>
		Math.hypot(6 * dx * u * (1 - u), 1.5 * dy * ((1 - u) * (1 - u) + u * u));
	const pieces = 4;
	let length = 0;
	for (let i = 0; i < pieces; i++) {
		const a = (t * i) / pieces;
		const b = (t * (i + 1)) / pieces;
		const half = (b - a) / 2;
		for (const [node, weight] of GAUSS) length += weight * half * speed(a + half * (node + 1));
	}
	return length;
}
