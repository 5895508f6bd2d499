/**
 * The strategy map as a file: the whole map (not just the part in view), with the
 * portfolio's title and the date on top. Selections, focus rings and other people's
 * marks are left out; everything else is drawn with literal colours, so the file looks
 * the same outside the app. The contribution links, which the app paints on a canvas,
 * are written into the file as one SVG path per weight.
 */
import { contributionPaths, type MapEdge } from '$lib/charts/map-layout';
import { downloadBlob, portfolioFileName } from '$lib/components/ui/download';
import { LINK_STYLE, MAP_COLORS } from './map-style';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MARGIN = 32;
const HEADER = 72;

export interface MapExportInfo {
	title: string;
	/** Shown as given, e.g. "21 November 2026". */
	date: string;
	width: number;
	height: number;
	/** The layout's edges: its contribution links go into the file. */
	edges: readonly MapEdge[];
}

/** A standalone SVG document of the map drawn in `svg`. */
export function mapSvgText(svg: SVGSVGElement, info: MapExportInfo): string {
	const clone = svg.cloneNode(true) as SVGSVGElement;
	clone.querySelectorAll('[data-export="skip"]').forEach((el) => el.remove());
	const root = clone.querySelector('[data-map-root]');
	root?.setAttribute('transform', `translate(${MARGIN},${HEADER + MARGIN})`);
	const width = Math.ceil(info.width + 2 * MARGIN);
	const height = Math.ceil(info.height + HEADER + 2 * MARGIN);
	clone.setAttribute('xmlns', SVG_NS);
	clone.setAttribute('width', String(width));
	clone.setAttribute('height', String(height));
	clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
	for (const attr of ['role', 'aria-label', 'class', 'style']) clone.removeAttribute(attr);
	clone.querySelectorAll('[tabindex]').forEach((el) => {
		el.removeAttribute('tabindex');
		el.removeAttribute('role');
		el.removeAttribute('aria-pressed');
	});
	const text = (y: number, size: number, weight: string, value: string, fill: string) => {
		const t = document.createElementNS(SVG_NS, 'text');
		t.setAttribute('x', String(MARGIN));
		t.setAttribute('y', String(y));
		t.setAttribute('font-size', String(size));
		t.setAttribute('font-weight', weight);
		t.setAttribute('fill', fill);
		t.textContent = value;
		return t;
	};
	const links = clone.querySelector('[data-export="links"]');
	for (const { weight, d } of contributionPaths(info.edges)) {
		if (!d) continue;
		const path = document.createElementNS(SVG_NS, 'path');
		path.setAttribute('d', d);
		path.setAttribute('stroke-width', String(LINK_STYLE[weight].width));
		if (LINK_STYLE[weight].dash) path.setAttribute('stroke-dasharray', LINK_STYLE[weight].dash);
		path.setAttribute('data-weight', String(weight));
		links?.append(path);
	}
	const background = clone.querySelector('[data-export="background"]');
	background?.setAttribute('fill', MAP_COLORS.surface);
	background?.after(
		text(MARGIN + 20, 28, '700', info.title, '#1b1f23'),
		text(MARGIN + 48, 16, '400', `Strategy map · ${info.date}`, '#4a5159')
	);
	return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
}

/** The file name of an export: `northwind-2027-map.svg`. */
export function mapFileName(title: string, extension: 'svg' | 'png'): string {
	return portfolioFileName(title).replace(/\.cairn\.json$/, `-map.${extension}`);
}

/** Saves the map as SVG. */
export function downloadMapSvg(svg: SVGSVGElement, info: MapExportInfo): void {
	const text = mapSvgText(svg, info);
	downloadBlob(mapFileName(info.title, 'svg'), new Blob([text], { type: 'image/svg+xml' }));
}

/** Saves the map as PNG, at twice the map's size (capped so that browsers can draw it). */
export async function downloadMapPng(svg: SVGSVGElement, info: MapExportInfo): Promise<void> {
	const text = mapSvgText(svg, info);
	const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
	try {
		const image = new Image();
		image.src = url;
		await image.decode();
		const width = info.width + 2 * MARGIN;
		const height = info.height + HEADER + 2 * MARGIN;
		const scale = Math.min(2, 16000 / width, 16000 / height);
		const canvas = document.createElement('canvas');
		canvas.width = Math.round(width * scale);
		canvas.height = Math.round(height * scale);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('This browser cannot draw the image.');
		context.fillStyle = '#ffffff';
		context.fillRect(0, 0, canvas.width, canvas.height);
		context.drawImage(image, 0, 0, canvas.width, canvas.height);
		const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
		if (!blob) throw new Error('The map is too large to save as PNG; save it as SVG instead.');
		downloadBlob(mapFileName(info.title, 'png'), blob);
	} finally {
		URL.revokeObjectURL(url);
	}
}
