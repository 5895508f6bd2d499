import { readFileSync } from 'node:fs';

const SAMPLE = new URL('../../src/lib/fixtures/northwind.cairn.json', import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the file's own shape, checked by the import
type PortfolioFile = { projects: any[] } & Record<string, unknown>;

/**
 * The Northwind sample grown to 30 projects (as the workshop tests and screenshots use
 * it): six more projects, each a copy of one of the first six, with its own id
 * and a long name, so that stages are tried on a portfolio larger than the sample.
 */
export function northwind30(): PortfolioFile {
	const sample = JSON.parse(readFileSync(SAMPLE, 'utf8')) as PortfolioFile;
	const extra = sample.projects.slice(0, 6).map((p, i) => ({
		...p,
		id: `${p.id}-b`,
		name: `${p.name}, phase two (${['North', 'South', 'East', 'West', 'Central', 'Online'][i]})`,
		decision: 'auto',
		decisionReason: '',
		dependsOn: [],
		excludes: []
	}));
	sample.projects.push(...extra);
	return sample;
}

/** The grown sample as a file for the home page's import. */
export function northwind30File(): { name: string; mimeType: string; buffer: Buffer } {
	return {
		name: 'northwind-30.cairn.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(northwind30()))
	};
}
