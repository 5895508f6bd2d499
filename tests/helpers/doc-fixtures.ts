import * as Y from 'yjs';
import northwind from '../../src/lib/fixtures/northwind.cairn.json';
import { importPortfolio } from '../../src/lib/doc';
import type { Portfolio, PortfolioFile } from '../../src/lib/domain/types';

/** The Northwind sample as a `Portfolio` (without `format`), a fresh copy each time. */
export function northwindPortfolio(): Portfolio {
	const file = structuredClone(northwind) as unknown as PortfolioFile;
	const { format: _format, ...portfolio } = file;
	return portfolio;
}

/** A doc holding the Northwind sample. */
export function northwindDoc(): Y.Doc {
	return importPortfolio(new Y.Doc(), northwindPortfolio());
}

/** A second replica of `doc` through the binary encoding, as another peer would load it. */
export function replica(doc: Y.Doc, clientID?: number): Y.Doc {
	const copy = new Y.Doc();
	if (clientID !== undefined) copy.clientID = clientID;
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

/** Exchanges what each of two docs is missing, both ways (a full sync). */
export function sync(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}
