import { storeState } from 'y-indexeddb';
import * as Y from 'yjs';
import { exportPortfolio, importPortfolio, migrate } from '$lib/doc';
import {
	emptyPortfolio,
	parsePortfolioBytes,
	parsePortfolioText,
	serializePortfolio,
	type FormatError
} from '$lib/domain/format';
import type { Portfolio } from '$lib/domain/types';
import { newPortfolioKeys } from '$lib/sync/keys';
import { clearLocalCopy, openLocalCopy, requestPersistentStorage } from '$lib/sync/local-copy';
import { toasts } from './toasts.svelte';
import {
	forgetPortfolio,
	listLocalPortfolios,
	rememberPortfolio,
	type LocalPortfolio
} from '$lib/sync/registry';

/** What the home page does with the portfolios on this device. */
export class LocalPortfolios {
	list = $state<LocalPortfolio[]>(listLocalPortfolios());
	/** The browser's answer to our request for persistent storage, once asked. */
	persistence = $state<'granted' | 'refused' | 'unsupported' | null>(null);

	constructor() {
		$effect(() => {
			const refresh = () => (this.list = listLocalPortfolios());
			addEventListener('cairn:registry', refresh);
			addEventListener('storage', refresh);
			return () => {
				removeEventListener('cairn:registry', refresh);
				removeEventListener('storage', refresh);
			};
		});
	}

	/**
	 * Stores a portfolio as a new room on this device and returns the link to open it.
	 * Nothing is registered until the content is written to IndexedDB.
	 */
	async create(portfolio: Portfolio): Promise<string> {
		const { editKey, roomId } = newPortfolioKeys();
		const doc = new Y.Doc();
		const local = await openLocalCopy(roomId, doc);
		try {
			migrate(doc);
			importPortfolio(doc, portfolio);
			await storeState(local, true);
		} finally {
			await local.destroy();
			doc.destroy();
		}
		const first = this.list.length === 0;
		rememberPortfolio({ roomId, key: editKey, role: 'edit', name: portfolio.name });
		if (first) {
			this.persistence = await requestPersistentStorage();
			if (this.persistence === 'refused') {
				toasts.show(
					{
						message:
							'This browser may clear offline data when space runs low: export a backup now and then.'
					},
					10_000
				);
			}
		}
		return `/p/${roomId}#key=${editKey}`;
	}

	/** A blank portfolio named by the user. */
	createBlank(name: string): Promise<string> {
		return this.create(emptyPortfolio(name.trim() || 'Untitled portfolio'));
	}

	/** The Northwind sample, loaded on demand so it is not in the app shell. */
	async createSample(): Promise<string> {
		const { default: sample } = await import('$lib/fixtures/northwind.cairn.json?raw');
		const parsed = parsePortfolioText(sample);
		if (!parsed.ok) throw new Error('The bundled sample is invalid');
		return this.create(parsed.portfolio);
	}

	/** Imports a `.cairn.json` file; on bad input returns the errors and stores nothing. */
	async importFile(
		file: File
	): Promise<{ ok: true; href: string } | { ok: false; errors: FormatError[] }> {
		// Bytes, not `file.text()`, which would quietly turn what is not UTF-8 into U+FFFD.
		const bytes = new Uint8Array(await file.arrayBuffer());
		if (!looksLikeJson(bytes, file.name)) {
			// MS Project XML, a Jira export, Excel or CSV: a new portfolio through the import
			// pipeline with its defaults (a re-import from the Projects view maps it finely).
			const { convertToPortfolio } = await import('$lib/doc/convert');
			const converted = await convertToPortfolio(file.name, bytes);
			if (!converted.ok) {
				return {
					ok: false,
					errors: converted.problems.map((message) => ({ path: '', where: '', message }))
				};
			}
			const href = await this.create(converted.portfolio);
			const count = converted.portfolio.projects.length;
			toasts.show({
				message: `New portfolio from ${file.name}: ${count} ${count === 1 ? 'project' : 'projects'}. Import a newer file from Projects › Import projects.`
			});
			return { ok: true, href };
		}
		const parsed = parsePortfolioBytes(bytes);
		if (!parsed.ok) return parsed;
		return { ok: true, href: await this.create(parsed.portfolio) };
	}

	/** The portfolio as `cairn/portfolio@1` text, read from the offline copy. */
	async exportText(roomId: string): Promise<{ name: string; text: string }> {
		const doc = new Y.Doc();
		const local = await openLocalCopy(roomId, doc);
		try {
			if (Y.encodeStateVector(doc).length <= 1) {
				throw new Error('Nothing of this portfolio is on this device yet: open it online first.');
			}
			const portfolio = exportPortfolio(doc);
			return { name: portfolio.name, text: serializePortfolio(portfolio) };
		} finally {
			await local.destroy();
			doc.destroy();
		}
	}

	/** Removes the copy on this device (the relay keeps the shared copy). */
	async remove(roomId: string): Promise<void> {
		forgetPortfolio(roomId);
		await clearLocalCopy(roomId);
	}
}

/** A `.json` file, or one whose first character is `{` (a portfolio file by any name). */
function looksLikeJson(bytes: Uint8Array, fileName: string): boolean {
	if (/\.json$/i.test(fileName)) return true;
	for (const byte of bytes.subarray(0, 64)) {
		if (
			byte === 0x20 ||
			byte === 0x09 ||
			byte === 0x0a ||
			byte === 0x0d ||
			byte === 0xef ||
			byte === 0xbb ||
			byte === 0xbf
		)
			continue;
		return byte === 0x7b;
	}
	return false;
}
