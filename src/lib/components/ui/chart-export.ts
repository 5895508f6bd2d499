import { downloadBlob } from './download';

/**
 * Exports a drawn chart as a standalone SVG or PNG file. The chart must carry its
 * looks in attributes (fill, stroke, font-size), not in page CSS, which does not travel
 * with the file; elements marked `data-export="skip"` (focus rings, hit areas) are left out.
 */

/** The SVG as a standalone document, on a white background. */
export function svgDocument(svg: SVGSVGElement): string {
	const copy = svg.cloneNode(true) as SVGSVGElement;
	copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
	const box = svg.viewBox.baseVal;
	const width = box?.width || svg.clientWidth;
	const height = box?.height || svg.clientHeight;
	copy.setAttribute('width', String(width));
	copy.setAttribute('height', String(height));
	copy.removeAttribute('class');
	copy.removeAttribute('style');
	for (const el of copy.querySelectorAll('[data-export="skip"]')) el.remove();
	const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
	background.setAttribute('width', '100%');
	background.setAttribute('height', '100%');
	background.setAttribute('fill', '#ffffff');
	copy.insertBefore(background, copy.firstChild);
	return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
}

/** Downloads the chart as `name.svg`. */
export function downloadSvg(svg: SVGSVGElement, name: string): void {
	downloadBlob(`${name}.svg`, new Blob([svgDocument(svg)], { type: 'image/svg+xml' }));
}

/** Downloads the chart as `name.png`, drawn at `scale`× for sharp slides. */
export async function downloadPng(svg: SVGSVGElement, name: string, scale = 2): Promise<void> {
	const markup = svgDocument(svg);
	const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
	try {
		const image = new Image();
		image.decoding = 'async';
		await new Promise<void>((resolve, reject) => {
			image.onload = () => resolve();
			image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
			image.src = url;
		});
		const box = svg.viewBox.baseVal;
		const canvas = document.createElement('canvas');
		canvas.width = Math.round((box?.width || svg.clientWidth) * scale);
		canvas.height = Math.round((box?.height || svg.clientHeight) * scale);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('this browser cannot draw images');
		context.drawImage(image, 0, 0, canvas.width, canvas.height);
		const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
		if (!blob) throw new Error('this browser cannot make a PNG');
		downloadBlob(`${name}.png`, blob);
	} finally {
		URL.revokeObjectURL(url);
	}
}
