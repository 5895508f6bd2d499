import * as Y from 'yjs';
import { FORMAT, type Portfolio, type PortfolioFile } from '../domain/types';
import { assertReadable, stampSchema } from './migrations';
import { freshKeys } from './order';
import { IMPORT, isOrigin, type Origin } from './origins';
import { read } from './read';
import {
	ROOTS,
	budgetMap,
	comparisonsMap,
	criteriaMap,
	decisionsMap,
	directWeightsMap,
	metaMap,
	objectivesMap,
	pairKey,
	periodsMap,
	projectsMap,
	reviewsMap,
	risksMap,
	rolesMap
} from './schema';
import {
	writeCriterion,
	writeDecision,
	writeObjective,
	writeProject,
	writeReview,
	writeRisk,
	writeRole
} from './write';

/**
 * Whole-portfolio import and export: restore from a backup, open a `*.cairn.json`,
 * the CLI. The input must already be valid (domain/format.ts checks files); this layer
 * only maps it onto the layout.
 */

function writeList<T extends { id: string }>(
	items: readonly T[],
	write: (item: T, order: string) => void
): void {
	const keys = freshKeys(items.length);
	items.forEach((item, i) => write(item, keys[i]));
}

/**
 * Replaces the whole content of `doc` with `portfolio` in ONE transaction, so peers
 * and persistence see a single update and nothing half-imported is ever observable.
 * Refuses a doc from a newer schema (it would be overwritten with an older layout).
 * Returns the doc, for `exportPortfolio(importPortfolio(new Y.Doc(), x))`.
 */
export function importPortfolio(doc: Y.Doc, portfolio: Portfolio, origin: Origin = IMPORT): Y.Doc {
	if (!isOrigin(origin)) throw new Error('importPortfolio: origin must be an Origin');
	assertReadable(doc);
	doc.transact(() => {
		for (const name of ROOTS) doc.getMap(name).clear();
		const meta = metaMap(doc);
		meta.set('name', portfolio.name);
		meta.set('vision', portfolio.vision);
		meta.set('mission', portfolio.mission);
		meta.set('currency', portfolio.currency);
		meta.set('weightsMethod', portfolio.weights.method);

		const periods = periodsMap(doc);
		const periodKeys = freshKeys(portfolio.periods.length);
		portfolio.periods.forEach((period, i) => periods.set(period, periodKeys[i]));

		const objectives = objectivesMap(doc);
		writeList(portfolio.objectives, (o, order) => writeObjective(objectives, o.id, order, o));
		const criteria = criteriaMap(doc);
		writeList(portfolio.criteria, (c, order) => writeCriterion(criteria, c.id, order, c));

		if (portfolio.weights.method === 'pairwise') {
			const comparisons = comparisonsMap(doc);
			const list = portfolio.weights.comparisons;
			const keys = freshKeys(list.length);
			list.forEach(({ a, b, value }, i) =>
				comparisons.set(pairKey(a, b), { a, b, value, order: keys[i] })
			);
		} else {
			const direct = directWeightsMap(doc);
			for (const [id, value] of Object.entries(portfolio.weights.values)) direct.set(id, value);
		}

		const roles = rolesMap(doc);
		writeList(portfolio.roles, (r, order) => writeRole(roles, r.id, order, r));
		const budget = budgetMap(doc);
		for (const [period, value] of Object.entries(portfolio.budget)) budget.set(period, value);
		const projects = projectsMap(doc);
		writeList(portfolio.projects, (p, order) => writeProject(projects, p.id, order, p));
		const risks = risksMap(doc);
		writeList(portfolio.risks, (r, order) => writeRisk(risks, r.id, order, r));
		const decisions = decisionsMap(doc);
		writeList(portfolio.decisions, (d, order) => writeDecision(decisions, d.id, order, d));
		const reviews = reviewsMap(doc);
		writeList(portfolio.reviews, (r, order) => writeReview(reviews, r.id, order, r));
		stampSchema(doc);
	}, origin);
	return doc;
}

/** The portfolio as plain data, for files, backups and the CLI (the same as `read`). */
export function exportPortfolio(doc: Y.Doc): Portfolio {
	return read(doc);
}

/** The portfolio as a `*.cairn.json` document, `format` first. */
export function exportPortfolioFile(doc: Y.Doc): PortfolioFile {
	return { format: FORMAT, ...read(doc) };
}

/** A new doc holding `portfolio` (or an empty, initialised portfolio). */
export function createPortfolioDoc(portfolio?: Portfolio, origin: Origin = IMPORT): Y.Doc {
	const doc = new Y.Doc();
	if (portfolio) importPortfolio(doc, portfolio, origin);
	else doc.transact(() => stampSchema(doc), origin);
	return doc;
}
