/**
 * Short random ids (`p-` + 8 base36 characters): about 2.8e12 per prefix, plenty for
 * one portfolio, and short enough to read in a file or a URL.
 */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * A new id with a kind prefix. Random rather than sequential so that peers creating
 * entities offline never collide; `taken` lets the caller re-roll the rare clash.
 */
export function newId(prefix: string, taken?: (id: string) => boolean): string {
	for (;;) {
		const bytes = new Uint8Array(8);
		crypto.getRandomValues(bytes);
		let id = prefix + '-';
		for (const byte of bytes) id += ALPHABET[byte % 36];
		if (!taken?.(id)) return id;
	}
}
