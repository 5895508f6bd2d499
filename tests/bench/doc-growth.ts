/**
 * Document growth: a portfolio receives many random edits through the doc-layer
 * commands, in "sessions" (every few thousand edits the doc is stored and reopened, as
 * a browser tab would: a new Yjs client id each time). Measured: the stored size (what
 * the relay keeps after compaction: `Y.encodeStateAsUpdate`) and the cold load (apply
 * the stored bytes to a fresh Y.Doc, then `read` it into a snapshot).
 *
 * Reference: the same logical edits on a naive layout written with plain Y.Map sets and
 * no doc layer (nested Y.Maps per project, the rank as a Y.Array of ids, so a move is a
 * delete + insert). A second baseline is the final state re-encoded with no history.
 */
import * as Y from 'yjs';
import {
	addProject,
	deleteProject,
	importPortfolio,
	moveProject,
	read,
	setBudget,
	setCapacity,
	setProjectContribution,
	setProjectCost,
	setProjectDemand,
	setProjectScore,
	updateProject
} from '../../src/lib/doc';
import { DECISIONS, PROJECT_STATUSES, type Portfolio } from '../../src/lib/domain/types';
import { generatePortfolio, LARGE, Rng } from '../helpers/generate';
import { summarize, type Summary } from './stats';

export interface DocGrowthConfig {
	edits: number;
	editsPerSession: number;
	/** Projects of the starting portfolio (LARGE's other dimensions). */
	projects: number;
	seed: number;
	/** Cold loads to time (the median is reported). */
	loads: number;
	/** Also measure DESIGN's full scale (1,000 projects) freshly imported. */
	large: boolean;
}

export interface DocVariant {
	bytes: number;
	editMs: number;
	usPerEdit: number;
	/** Y.applyUpdate of the stored bytes into a fresh doc. */
	apply: Summary;
	/** apply + materialise (ours: read(); reference: toJSON()). */
	load: Summary;
}

export interface DocGrowthResult {
	config: DocGrowthConfig;
	startBytes: number;
	finalProjects: number;
	ours: DocVariant;
	reference: DocVariant;
	/** The final state of ours, imported into a fresh doc: the size with no history. */
	freshBytes: number;
	/** LARGE (1,000 projects × 20 × 12 × 24) imported with no edits. */
	large: { bytes: number; load: Summary } | null;
}

type Edit =
	| { kind: 'score'; id: string; criterion: string; value: number | null }
	| { kind: 'contribution'; id: string; objective: string; value: number }
	| { kind: 'cost'; id: string; period: string; value: number }
	| { kind: 'demand'; id: string; role: string; period: string; value: number }
	| { kind: 'move'; id: string; index: number }
	| { kind: 'field'; id: string; field: 'name' | 'sponsor' | 'status' | 'decision'; value: string }
	| { kind: 'capacity'; role: string; period: string; value: number }
	| { kind: 'budget'; period: string; value: number }
	| { kind: 'add'; id: string; name: string }
	| { kind: 'delete'; id: string };

/** A seeded stream of edits; the project list evolves with adds and deletes. */
export function makeEdits(start: Portfolio, count: number, seed: number): Edit[] {
	const rng = new Rng(seed);
	const ids = start.projects.map((p) => p.id);
	const criteria = start.criteria.map((c) => c.id);
	const objectives = start.objectives.map((o) => o.id);
	const roles = start.roles.map((r) => r.id);
	const { periods } = start;
	const edits: Edit[] = [];
	let added = 0;
	for (let i = 0; i < count; i++) {
		const roll = rng.next();
		const id = rng.pick(ids);
		if (roll < 0.25 && criteria.length) {
			const value = rng.bool(0.05) ? null : rng.int(0, 10);
			edits.push({ kind: 'score', id, criterion: rng.pick(criteria), value });
		} else if (roll < 0.32 && objectives.length) {
			edits.push({
				kind: 'contribution',
				id,
				objective: rng.pick(objectives),
				value: rng.int(0, 3)
			});
		} else if (roll < 0.47) {
			edits.push({ kind: 'cost', id, period: rng.pick(periods), value: rng.amount(500_000) });
		} else if (roll < 0.62 && roles.length) {
			const role = rng.pick(roles);
			edits.push({ kind: 'demand', id, role, period: rng.pick(periods), value: rng.amount(5) });
		} else if (roll < 0.77) {
			edits.push({ kind: 'move', id, index: rng.int(0, ids.length - 1) });
		} else if (roll < 0.88) {
			const field = rng.pick(['name', 'sponsor', 'status', 'decision'] as const);
			const value =
				field === 'status'
					? rng.pick(PROJECT_STATUSES)
					: field === 'decision'
						? rng.pick(DECISIONS)
						: rng.words(1, 4);
			edits.push({ kind: 'field', id, field, value });
		} else if (roll < 0.95 && roles.length) {
			const role = rng.pick(roles);
			edits.push({ kind: 'capacity', role, period: rng.pick(periods), value: rng.amount(20) });
		} else if (roll < 0.994) {
			edits.push({ kind: 'budget', period: rng.pick(periods), value: rng.amount(2_000_000) });
		} else if (roll < 0.997 || ids.length < 2) {
			const newId = `n-${added++}`;
			ids.push(newId);
			edits.push({ kind: 'add', id: newId, name: rng.words(1, 4) });
		} else {
			ids.splice(ids.indexOf(id), 1);
			edits.push({ kind: 'delete', id });
		}
	}
	return edits;
}

/** A variant of the document: how to build it, apply one edit, and materialise it. */
interface Layout {
	create(portfolio: Portfolio): Y.Doc;
	apply(doc: Y.Doc, edit: Edit): void;
	materialise(doc: Y.Doc): unknown;
}

const ours: Layout = {
	create: (portfolio) => importPortfolio(new Y.Doc(), portfolio),
	apply(doc, edit) {
		switch (edit.kind) {
			case 'score':
				return setProjectScore(doc, edit.id, edit.criterion, edit.value);
			case 'contribution':
				return setProjectContribution(doc, edit.id, edit.objective, edit.value);
			case 'cost':
				return setProjectCost(doc, edit.id, edit.period, edit.value);
			case 'demand':
				return setProjectDemand(doc, edit.id, edit.role, edit.period, edit.value);
			case 'move':
				return moveProject(doc, edit.id, edit.index);
			case 'field':
				return updateProject(doc, edit.id, { [edit.field]: edit.value });
			case 'capacity':
				return setCapacity(doc, edit.role, edit.period, edit.value);
			case 'budget':
				return setBudget(doc, edit.period, edit.value);
			case 'add':
				return void addProject(doc, { id: edit.id, name: edit.name });
			case 'delete':
				return deleteProject(doc, edit.id);
		}
	},
	materialise: (doc) => read(doc)
};

function child(map: Y.Map<unknown>, key: string): Y.Map<unknown> {
	let value = map.get(key);
	if (!(value instanceof Y.Map)) map.set(key, (value = new Y.Map()));
	return value as Y.Map<unknown>;
}

function naiveProject(fields: Record<string, unknown>): Y.Map<unknown> {
	const project = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(fields)) project.set(key, value);
	for (const key of ['cost', 'demand', 'scores', 'contributions']) project.set(key, new Y.Map());
	return project;
}

/** The naive layout: what you get with plain Y.Map sets and no doc layer. */
const naive: Layout = {
	create(portfolio) {
		const doc = new Y.Doc();
		doc.transact(() => {
			const { projects, roles, budget, ...rest } = portfolio;
			const other = doc.getMap('portfolio');
			for (const [key, value] of Object.entries(rest)) other.set(key, value);
			const budgetMap = doc.getMap<number>('budget');
			for (const [period, value] of Object.entries(budget)) budgetMap.set(period, value);
			const roleMap = doc.getMap<Y.Map<unknown>>('roles');
			for (const role of roles) {
				const entity = new Y.Map<unknown>();
				roleMap.set(role.id, entity);
				entity.set('name', role.name);
				const capacity = child(entity, 'capacity');
				for (const [period, value] of Object.entries(role.capacity)) capacity.set(period, value);
			}
			const projectMap = doc.getMap<Y.Map<unknown>>('projects');
			for (const p of projects) {
				const { id, cost, demand, scores, contributions, dependsOn, excludes, ...fields } = p;
				const entity = naiveProject({ ...fields, dependsOn, excludes });
				projectMap.set(id, entity);
				const put = (name: string, record: Record<string, number>) => {
					const target = child(entity, name);
					for (const [key, value] of Object.entries(record)) target.set(key, value);
				};
				put('cost', cost);
				put('scores', scores);
				put('contributions', contributions);
				const demandMap = child(entity, 'demand');
				for (const [role, perPeriod] of Object.entries(demand)) {
					const byPeriod = child(demandMap, role);
					for (const [period, value] of Object.entries(perPeriod)) byPeriod.set(period, value);
				}
			}
			doc.getArray<string>('rank').push(projects.map((p) => p.id));
		});
		return doc;
	},
	apply(doc, edit) {
		doc.transact(() => {
			const projects = doc.getMap<Y.Map<unknown>>('projects');
			const rank = doc.getArray<string>('rank');
			const project = 'id' in edit ? projects.get(edit.id) : undefined;
			switch (edit.kind) {
				case 'score':
					if (edit.value === null) child(project!, 'scores').delete(edit.criterion);
					else child(project!, 'scores').set(edit.criterion, edit.value);
					return;
				case 'contribution':
					return child(project!, 'contributions').set(edit.objective, edit.value);
				case 'cost':
					return child(project!, 'cost').set(edit.period, edit.value);
				case 'demand':
					return child(child(project!, 'demand'), edit.role).set(edit.period, edit.value);
				case 'move': {
					const from = rank.toArray().indexOf(edit.id);
					rank.delete(from, 1);
					rank.insert(Math.min(edit.index, rank.length), [edit.id]);
					return;
				}
				case 'field':
					return project!.set(edit.field, edit.value);
				case 'capacity':
					return child(doc.getMap<Y.Map<unknown>>('roles').get(edit.role)!, 'capacity').set(
						edit.period,
						edit.value
					);
				case 'budget':
					return doc.getMap<number>('budget').set(edit.period, edit.value);
				case 'add':
					projects.set(
						edit.id,
						naiveProject({
							name: edit.name,
							status: 'proposed',
							decision: 'auto',
							dependsOn: [],
							excludes: []
						})
					);
					rank.push([edit.id]);
					return;
				case 'delete':
					projects.delete(edit.id);
					rank.delete(rank.toArray().indexOf(edit.id), 1);
					return;
			}
		});
	},
	materialise: (doc) => ({
		projects: doc.getMap('projects').toJSON(),
		rank: doc.getArray('rank').toArray(),
		roles: doc.getMap('roles').toJSON(),
		budget: doc.getMap('budget').toJSON(),
		portfolio: doc.getMap('portfolio').toJSON()
	})
};

/** A stored doc, reopened as a new session (a new Yjs client id). */
function reopen(doc: Y.Doc): Y.Doc {
	const stored = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	const next = new Y.Doc();
	Y.applyUpdate(next, stored);
	return next;
}

/** One cold load: apply the stored bytes to a fresh doc, then materialise it (ms each). */
function coldLoad(stored: Uint8Array, layout: Layout): { apply: number; load: number } {
	const doc = new Y.Doc();
	const t0 = performance.now();
	Y.applyUpdate(doc, stored);
	const t1 = performance.now();
	layout.materialise(doc);
	const t2 = performance.now();
	doc.destroy();
	return { apply: t1 - t0, load: t2 - t0 };
}

/**
 * Times `loads` cold loads of each stored document, alternating between them so that a
 * change in the machine's load hits every variant alike.
 */
function coldLoads(variants: { stored: Uint8Array; layout: Layout }[], loads: number) {
	const times = variants.map(() => ({ apply: [] as number[], load: [] as number[] }));
	for (let i = 0; i < loads; i++) {
		variants.forEach(({ stored, layout }, v) => {
			const t = coldLoad(stored, layout);
			times[v].apply.push(t.apply);
			times[v].load.push(t.load);
		});
	}
	return times.map((t) => ({ apply: summarize(t.apply), load: summarize(t.load) }));
}

function runVariant(
	layout: Layout,
	start: Portfolio,
	edits: readonly Edit[],
	config: DocGrowthConfig
): { doc: Y.Doc; stored: Uint8Array; editMs: number } {
	let doc = layout.create(start);
	let editMs = 0;
	for (let i = 0; i < edits.length; i++) {
		if (i > 0 && i % config.editsPerSession === 0) doc = reopen(doc);
		const t = performance.now();
		layout.apply(doc, edits[i]);
		editMs += performance.now() - t;
	}
	return { doc, stored: Y.encodeStateAsUpdate(doc), editMs };
}

/** The whole measurement; pure CPU in this process. */
export function runDocGrowth(config: DocGrowthConfig): DocGrowthResult {
	const start = generatePortfolio(config.seed, { ...LARGE, projects: config.projects });
	const startBytes = Y.encodeStateAsUpdate(ours.create(start)).byteLength;
	const edits = makeEdits(start, config.edits, config.seed + 1);
	const reference = runVariant(naive, start, edits, config);
	reference.doc.destroy();
	const mine = runVariant(ours, start, edits, config);
	const final = read(mine.doc);
	const freshBytes = Y.encodeStateAsUpdate(importPortfolio(new Y.Doc(), final)).byteLength;
	mine.doc.destroy();
	const large = config.large
		? Y.encodeStateAsUpdate(importPortfolio(new Y.Doc(), generatePortfolio(config.seed, LARGE)))
		: null;
	// One warm-up load each, then the timed ones, interleaved.
	const variants = [
		{ stored: mine.stored, layout: ours },
		{ stored: reference.stored, layout: naive },
		...(large ? [{ stored: large, layout: ours }] : [])
	];
	coldLoads(variants, 1);
	const [oursLoads, referenceLoads, largeLoads] = coldLoads(variants, config.loads);
	const variant = (run: { stored: Uint8Array; editMs: number }, loads: typeof oursLoads) => ({
		bytes: run.stored.byteLength,
		editMs: run.editMs,
		usPerEdit: (run.editMs * 1000) / Math.max(1, edits.length),
		...loads
	});
	return {
		config,
		startBytes,
		finalProjects: final.projects.length,
		ours: variant(mine, oursLoads),
		reference: variant(reference, referenceLoads),
		freshBytes,
		large: large ? { bytes: large.byteLength, load: largeLoads.load } : null
	};
}
