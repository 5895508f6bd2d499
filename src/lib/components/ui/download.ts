/** Saves text as a file through the browser's download. */
export function downloadText(filename: string, text: string, type = 'application/json'): void {
	downloadBlob(filename, new Blob([text], { type }));
}

/** Saves a blob (e.g. a generated spreadsheet) as a file through the browser's download. */
export function downloadBlob(filename: string, blob: Blob): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = filename;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a portfolio name: `northwind-2027.cairn.json`. */
export function portfolioFileName(name: string): string {
	return `${slugOf(name, 'portfolio')}.cairn.json`;
}

/** A name as a file-name slug: `Northwind 2027` → `northwind-2027` (or `fallback`). */
export function slugOf(name: string, fallback: string): string {
	const slug = name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
	return slug || fallback;
}
