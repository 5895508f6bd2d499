import { describe, expect, it } from 'vitest';
import type { MapEdge } from '../../src/lib/charts/map-layout';
import {
	arcLength,
	linkCurve,
	linkPoint,
	subCurve,
	visibleSpan
} from '../../src/lib/charts/map-links';
import {
	changedLinks,
	groupLinks,
	isHairline,
	MIN_DASH_PERIOD,
	paintLinks,
	regionOf,
	type LinkContext,
	type LinkView
} from '../../src/lib/components/map/link-canvas';

/** A contribution link from a project's top (x1, y1) up to an objective (x2, y2). */
function edge(id: string, weight: 1 | 2 | 3, x1: number, y1: number, x2: number, y2: number) {
	return {
		id,
		kind: 'contribution',
		from: `p:${id}`,
		to: 'o:x',
		weight,
		x1,
		y1,
		x2,
		y2,
		d: ''
	} satisfies MapEdge;
}

/** The cubic Bézier of the SVG path `buildMapLayout` writes, evaluated directly. */
function bezier(p: number[], t: number) {
	const u = 1 - t;
	const at = (i: number) =>
		u * u * u * p[i] + 3 * u * u * t * p[i + 2] + 3 * u * t * t * p[i + 4] + t * t * t * p[i + 6];
	return { x: at(0), y: at(1) };
}

const LINK = edge('a', 2, 100, 900, 700, 100);
const whole = (e: MapEdge) => [e.x1, e.y1, ...linkCurve(e), e.x2, e.y2];

describe('link geometry', () => {
	it('is the S-curve of the SVG path, from the project to the objective', () => {
		for (const t of [0, 0.1, 0.37, 0.5, 0.8, 1]) {
			const p = linkPoint(LINK, t);
			const q = bezier(whole(LINK), t);
			expect(p.x).toBeCloseTo(q.x, 9);
			expect(p.y).toBeCloseTo(q.y, 9);
		}
	});

	it('finds the stretch inside a rectangle, cut exactly at its edges', () => {
		expect(visibleSpan(LINK, { left: 0, top: 0, right: 1000, bottom: 1000 })).toEqual([0, 1]);
		expect(visibleSpan(LINK, { left: 800, top: 0, right: 1000, bottom: 1000 })).toBeNull();
		// The box of the ends reaches the corner, the curve does not.
		expect(visibleSpan(LINK, { left: 600, top: 700, right: 700, bottom: 900 })).toBeNull();

		const band = { left: 0, top: 300, right: 1000, bottom: 600 };
		const [t0, t1] = visibleSpan(LINK, band)!;
		expect(linkPoint(LINK, t0).y).toBeCloseTo(600, 6);
		expect(linkPoint(LINK, t1).y).toBeCloseTo(300, 6);

		const box = { left: 200, top: 0, right: 500, bottom: 1000 };
		const [u0, u1] = visibleSpan(LINK, box)!;
		expect(linkPoint(LINK, u0).x).toBeCloseTo(200, 6);
		expect(linkPoint(LINK, u1).x).toBeCloseTo(500, 6);
		expect(linkPoint(LINK, u0 - 0.01).x).toBeLessThan(200);
		expect(linkPoint(LINK, u1 + 0.01).x).toBeGreaterThan(500);
	});

	it('handles vertical and backward links', () => {
		const vertical = edge('v', 1, 300, 900, 300, 100);
		expect(visibleSpan(vertical, { left: 0, top: 0, right: 299, bottom: 1000 })).toBeNull();
		const [t0, t1] = visibleSpan(vertical, { left: 0, top: 500, right: 1000, bottom: 700 })!;
		expect(linkPoint(vertical, t0).y).toBeCloseTo(700, 6);
		expect(linkPoint(vertical, t1).y).toBeCloseTo(500, 6);

		const backward = edge('b', 3, 900, 900, 100, 100);
		const [b0, b1] = visibleSpan(backward, { left: 200, top: 0, right: 400, bottom: 1000 })!;
		expect(linkPoint(backward, b0).x).toBeCloseTo(400, 6);
		expect(linkPoint(backward, b1).x).toBeCloseTo(200, 6);
	});

	it('cuts a stretch out as the same curve', () => {
		const [t0, t1] = [0.2, 0.65];
		const part = subCurve(LINK, t0, t1);
		for (const u of [0, 0.3, 0.5, 1]) {
			const p = bezier(part, u);
			const q = linkPoint(LINK, t0 + u * (t1 - t0));
			expect(p.x).toBeCloseTo(q.x, 9);
			expect(p.y).toBeCloseTo(q.y, 9);
		}
		expect(subCurve(LINK, 0, 1)).toEqual(whole(LINK));
	});

	it('measures the length along a link', () => {
		const vertical = edge('v', 1, 300, 900, 300, 100);
		expect(arcLength(vertical, 1)).toBeCloseTo(800, 6);
		// A polyline of many pieces converges on the curve's length.
		const pieces = 20_000;
		let length = 0;
		let last = linkPoint(LINK, 0);
		for (let i = 1; i <= pieces * 0.4; i++) {
			const p = linkPoint(LINK, i / pieces);
			length += Math.hypot(p.x - last.x, p.y - last.y);
			last = p;
		}
		expect(arcLength(LINK, 0.4)).toBeCloseTo(length, 3);
	});
});

interface Stroke {
	from: [number, number];
	width: number;
	dash: number[];
	offset: number;
	alpha: number;
}

/** A 2D context that records what is stroked, with the state at each stroke. */
function recorder() {
	const strokes: Stroke[] = [];
	const clips: number[][] = [];
	const clears: number[][] = [];
	let from: [number, number] = [0, 0];
	let dash: number[] = [];
	let pendingRect: number[] = [];
	const ctx: LinkContext = {
		lineWidth: 1,
		lineDashOffset: 0,
		strokeStyle: '#000',
		globalAlpha: 1,
		setTransform: () => {},
		clearRect: (...r: number[]) => void clears.push(r),
		beginPath: () => {},
		moveTo: (x: number, y: number) => void (from = [x, y]),
		bezierCurveTo: () => {},
		setLineDash: (d: number[]) => void (dash = d),
		save: () => {},
		restore: () => {},
		rect: (...r: number[]) => void (pendingRect = r),
		clip: () => void clips.push(pendingRect),
		stroke() {
			strokes.push({
				from,
				width: this.lineWidth,
				dash,
				offset: this.lineDashOffset,
				alpha: this.globalAlpha
			});
		}
	} as LinkContext;
	return { ctx, strokes, clips, clears };
}

const view = (k: number, x = 0, y = 0): LinkView => ({ x, y, k, width: 800, height: 600, dpr: 1 });
const style = { color: '#1f4e5f', opacity: 0.35, extraWidth: 0 };

describe('painting links', () => {
	const links = [
		edge('weak', 1, 100, 500, 300, 100),
		edge('moderate', 2, 150, 500, 300, 100),
		edge('strong', 3, 200, 500, 300, 100),
		edge('far', 3, 5000, 6000, 5200, 5500)
	];

	it('paints the links in view with their weight’s width and dash, and skips the others', () => {
		const { ctx, strokes } = recorder();
		const painted = paintLinks(ctx, groupLinks(links), view(1), style);
		expect(painted.map((e) => e.id)).toEqual(['weak', 'moderate', 'strong']);
		expect(strokes.map((s) => [s.width, s.dash, s.alpha])).toEqual([
			[1.5, [5, 5], 0.35],
			[3.5, [], 0.35],
			[7, [], 0.35]
		]);
	});

	it('paints dashes finer than pixels as a fainter solid line, and near-pixel lines as hairlines', () => {
		const k = (MIN_DASH_PERIOD - 1) / 10;
		const { ctx, strokes } = recorder();
		paintLinks(ctx, groupLinks(links.slice(0, 1)), view(k), style);
		expect(strokes[0].dash).toEqual([]);
		expect(strokes[0].alpha).toBeCloseTo(0.35 / 2, 9);

		// 7 units at 0.16 are 1.12 pixels: painted one pixel wide.
		const thin = recorder();
		paintLinks(thin.ctx, groupLinks(links.slice(2, 3)), view(0.16), style);
		expect(thin.strokes[0].width * 0.16).toBeCloseTo(1, 9);
		expect(isHairline(3, style, { k: 0.16, dpr: 1 })).toBe(true);
		expect(isHairline(3, style, { k: 0.16, dpr: 2 })).toBe(false);
	});

	it('keeps the dashes of a link cut by the view where they were', () => {
		// The view's top edge at map y = 300 cuts the weak link; its dashes start where
		// the full link's dashes would be at that point.
		const { ctx, strokes } = recorder();
		const weak = links[0];
		paintLinks(ctx, groupLinks([weak]), view(1, 0, -300), style);
		const [t0] = visibleSpan(weak, { left: -3, top: 297, right: 803, bottom: 903 })!;
		expect(strokes[0].from[1]).toBeCloseTo(linkPoint(weak, t0).y, 6);
		expect(strokes[0].offset).toBeCloseTo(arcLength(weak, t0) % 10, 6);
	});

	it('repaints only a region when asked, clipped to it', () => {
		const { ctx, strokes, clips, clears } = recorder();
		const region = { x: 90, y: 400, width: 30, height: 120 };
		const painted = paintLinks(ctx, groupLinks(links), view(1), style, region);
		expect(clips).toEqual([[90, 400, 30, 120]]);
		expect(clears).toEqual([[90, 400, 30, 120]]);
		// Only the weak link passes through x 90-120 (plus a margin) at y 400-520.
		expect(painted.map((e) => e.id)).toEqual(['weak']);
		expect(strokes).toHaveLength(1);
	});

	it('finds what changed between two layouts and the region it covers', () => {
		const before = groupLinks(links);
		const moved = edge('moderate', 2, 150, 500, 400, 100);
		const after = groupLinks([links[0], moved, links[2], links[3]]);
		const changed = changedLinks(before, after);
		expect(changed).toEqual([links[1], moved]);
		const region = regionOf(changed, view(1), style)!;
		// x 150-400 and y 100-500, widened by half the widest line (3.5) and 2 pixels.
		expect(region).toEqual({ x: 144, y: 94, width: 262, height: 412 });
		expect(regionOf([links[3]], view(1), style)).toBeNull();
		expect(changedLinks(before, before)).toEqual([]);
	});
});
