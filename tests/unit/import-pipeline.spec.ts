import { describe, expect, it } from 'vitest';
import {
	applyImport,
	createUndoManager,
	read,
	setProjectCost,
	updateProject,
	readImportMapping
} from '../../src/lib/doc';
import { planImportWrite, acceptedByDefault, rowId } from '../../src/lib/domain/import/apply';
import { diffImport } from '../../src/lib/domain/import/diff';
import {
	defaultMapping,
	mapSource,
	NEW_ROLE,
	type SourceMapping
} from '../../src/lib/domain/import/map';
import type { SourceProject, SourceRead } from '../../src/lib/domain/import/source';
import { parsePortfolio, toPortfolioFile } from '../../src/lib/domain/format';
import { ImportState } from '../../src/lib/state/import.svelte';
import { northwindDoc, replica, sync } from '../helpers/doc-fixtures';
import * as Y from 'yjs';
import { importPortfolio } from '../../src/lib/doc';
import { convertToPortfolio } from '../../src/lib/doc/convert';
import { exportMspdi } from '../../src/lib/domain/import/mspdi-export';
import { loadImportFile } from '../../src/lib/domain/import/load';
import { granularityOf } from '../../src/lib/domain/import/source';
import type { Portfolio } from '../../src/lib/domain/types';
import { generatePortfolio } from '../helpers/generate';

/**
 * The import pipeline after reading: map → diff → plan → apply, on the Northwind doc,
 * with a file read by hand (the readers have their own specs).
 */

function plan(projects: SourceProject[], extra: Partial<SourceRead> = {}): SourceRead {
	const periods = new Set<string>();
	for (const p of projects) {
		for (const period of Object.keys(p.cost ?? {})) periods.add(period);
		for (const perPeriod of Object.values(p.work ?? {}))
			for (const period of Object.keys(perPeriod)) periods.add(period);
	}
	return {
		kind: 'mspdi',
		projects,
		resources: [
			{ key: '1', name: 'Software engineering', maxUnits: 4 },
			{ key: '2', name: 'Field technicians', maxUnits: 3 }
		],
		periods: [...periods].sort(),
		problems: [],
		notes: [],
		...extra
	};
}

const crm = (cost = 100): SourceProject => ({
	key: 'guid-crm',
	where: "task 'CRM' (UID 1)",
	name: 'CRM rollout',
	description: 'From MS Project',
	start: '2027-01-04',
	finish: '2027-06-30',
	cost: { '2027-Q1': cost, '2027-Q2': 50 },
	work: { '1': { '2027-Q1': 2 }, '2': { '2027-Q2': 1.5 } },
	dependsOn: ['guid-dw'],
	baselineCost: 140
});
const dw = (): SourceProject => ({
	key: 'guid-dw',
	where: "task 'DW' (UID 2)",
	name: 'Data warehouse',
	cost: { '2027-Q1': 30 },
	work: { '1': { '2027-Q1': 1 } }
});

function importInto(doc: Y.Doc, read: SourceRead, accept?: (ids: Set<string>) => Set<string>) {
	const portfolio = read.projects.length >= 0 ? readDoc(doc) : readDoc(doc);
	const mapping = defaultMapping(read, portfolio, () => 'proposed');
	const draft = mapSource(read, mapping, portfolio, 'plan.xml');
	const diff = diffImport(portfolio, draft);
	const accepted = accept ? accept(acceptedByDefault(diff)) : acceptedByDefault(diff);
	const write = planImportWrite(portfolio, draft, diff, accepted, '2026-12-07T10:00:00Z');
	const result = applyImport(doc, write, { mapping });
	return { draft, diff, write, result };
}

function readDoc(doc: Y.Doc) {
	return read(doc);
}

function byName(doc: Y.Doc, name: string) {
	const project = read(doc).projects.find((p) => p.name === name);
	if (!project) throw new Error(`no project '${name}'`);
	return project;
}

describe('import pipeline', () => {
	it('adds new projects with cost, demand by mapped role, dependencies, baseline and a source link', () => {
		const doc = northwindDoc();
		const before = read(doc).projects.length;
		const { diff, result } = importInto(doc, plan([crm(), dw()]));
		expect(diff.counts).toEqual({ new: 2, changed: 0, same: 0, gone: 0 });
		const after = read(doc);
		expect(after.projects).toHaveLength(before + 2);
		const project = byName(doc, 'CRM rollout');
		expect(project.cost).toEqual({ '2027-Q1': 100, '2027-Q2': 50 });
		expect(project.demand['r-eng']).toEqual({ '2027-Q1': 2 });
		const technicians = after.roles.find((r) => r.name === 'Field technicians');
		expect(technicians, 'an unknown resource becomes a new role').toBeDefined();
		expect(project.demand[technicians!.id]).toEqual({ '2027-Q2': 1.5 });
		expect(project.dependsOn).toEqual([byName(doc, 'Data warehouse').id]);
		expect(project.baselineCost).toBe(140);
		expect(project.source).toMatchObject({ system: 'mspdi', key: 'guid-crm' });
		expect(result.summary).toBe('2 new, 1 new role');
		const log = after.decisions.at(-1)!;
		expect(log.title).toBe('Imported plan.xml (MS Project XML)');
		expect(log.projectIds).toHaveLength(2);
	});

	it('is one undo step, and the source link survives a cairn/portfolio@1 round trip', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const before = read(doc);
		importInto(doc, plan([crm(), dw()]));
		const file = JSON.parse(JSON.stringify(toPortfolioFile(read(doc))));
		const parsed = parsePortfolio(file);
		expect(parsed.ok).toBe(true);
		if (parsed.ok) {
			const crmBack = parsed.portfolio.projects.find((p) => p.name === 'CRM rollout')!;
			expect(crmBack.source?.key).toBe('guid-crm');
			expect(crmBack.baselineCost).toBe(140);
		}
		undo.undo();
		expect(read(doc).projects.map((p) => p.id)).toEqual(before.projects.map((p) => p.id));
		expect(read(doc).roles).toHaveLength(before.roles.length);
		expect(read(doc).decisions).toHaveLength(before.decisions.length);
	});

	it('re-import: the file changes are offered, a field only Cairn changed keeps its edit, Cairn-only data stays', () => {
		const doc = northwindDoc();
		importInto(doc, plan([crm(), dw()]));
		const id = byName(doc, 'CRM rollout').id;
		// Cairn's own edits since: a sponsor and a score (Cairn-only), and the DW cost.
		updateProject(doc, id, { sponsor: 'Ada' });
		const dwId = byName(doc, 'Data warehouse').id;
		setProjectCost(doc, dwId, '2027-Q1', 45);
		const { diff } = importInto(doc, plan([crm(120), dw()]));
		const crmRow = diff.rows.find((r) => r.key === 'guid-crm')!;
		expect(crmRow.kind).toBe('changed');
		expect(crmRow.changes.map((c) => c.field)).toEqual(['cost']);
		expect(crmRow.changes[0].cairn).toBe('150 over 2027-Q1 – 2027-Q2');
		expect(crmRow.changes[0].file).toBe('170 over 2027-Q1 – 2027-Q2');
		const dwRow = diff.rows.find((r) => r.key === 'guid-dw')!;
		expect(dwRow.kind).toBe('same');
		expect(dwRow.kept).toEqual(['Cost: changed in Cairn, not in the file']);
		expect(byName(doc, 'CRM rollout').cost['2027-Q1']).toBe(120);
		expect(byName(doc, 'CRM rollout').sponsor).toBe('Ada');
		expect(byName(doc, 'Data warehouse').cost['2027-Q1']).toBe(45);
	});

	it('a field both sides changed is a conflict, not accepted until the person says so', () => {
		const doc = northwindDoc();
		importInto(doc, plan([crm(), dw()]));
		setProjectCost(doc, byName(doc, 'CRM rollout').id, '2027-Q1', 999);
		const { diff } = importInto(doc, plan([crm(120), dw()]));
		const row = diff.rows.find((r) => r.key === 'guid-crm')!;
		expect(row.changes[0]).toMatchObject({ field: 'cost', conflict: true });
		expect(row.accept).toBe(false);
		expect(byName(doc, 'CRM rollout').cost['2027-Q1']).toBe(999);
		// Accepting it takes the file's value.
		importInto(doc, plan([crm(120), dw()]), (ids) => new Set([...ids, rowId(row)]));
		expect(byName(doc, 'CRM rollout').cost['2027-Q1']).toBe(120);
	});

	it('a project gone from the file is offered as forced out, keeping its data', () => {
		const doc = northwindDoc();
		importInto(doc, plan([crm(), dw()]));
		const { diff } = importInto(doc, plan([crm()], {}), (ids) => {
			const all = new Set(ids);
			all.add('gone:guid-dw');
			return all;
		});
		expect(diff.rows.find((r) => r.key === 'guid-dw')?.kind).toBe('gone');
		const gone = byName(doc, 'Data warehouse');
		expect(gone.decision).toBe('out');
		expect(gone.decisionReason).toMatch(/^Not in plan\.xml any more/);
		expect(gone.cost['2027-Q1']).toBe(30);
	});

	it('amounts outside the periods extend them, or are clipped and said so', () => {
		const doc = northwindDoc();
		const late: SourceProject = { ...dw(), key: 'late', name: 'Late', cost: { '2029-Q2': 10 } };
		const portfolio = read(doc);
		const read1 = plan([late]);
		const clip = mapSource(
			read1,
			{ ...defaultMapping(read1, portfolio, () => 'proposed'), outside: 'clip' },
			portfolio,
			'x.xml'
		);
		expect(clip.addPeriods).toEqual([]);
		expect(clip.notes.at(-1)).toMatch(/1 amount falls outside the portfolio's periods \(2029-Q2\)/);
		importInto(doc, read1);
		expect(read(doc).periods.slice(-2)).toEqual(['2029-Q1', '2029-Q2']);
		expect(byName(doc, 'Late').cost).toEqual({ '2029-Q2': 10 });
	});

	it('remembers the mapping per kind of file and starts from it next time', () => {
		const doc = northwindDoc();
		const read1 = plan([crm()]);
		const portfolio = read(doc);
		const mapping = defaultMapping(read1, portfolio, () => 'proposed');
		expect(mapping.resources['2']).toBe(NEW_ROLE);
		mapping.resources['2'] = 'r-ops';
		const draft = mapSource(read1, mapping, portfolio, 'plan.xml');
		const diff = diffImport(portfolio, draft);
		applyImport(doc, planImportWrite(portfolio, draft, diff, acceptedByDefault(diff), 'now'), {
			mapping
		});
		const remembered = readImportMapping(doc, 'mspdi') as typeof mapping;
		expect(defaultMapping(read1, read(doc), () => 'proposed', remembered).resources['2']).toBe(
			'r-ops'
		);
	});

	it('a resource that became a new role goes to that role next time, not to another new one', () => {
		const doc = northwindDoc();
		importInto(doc, plan([crm()]));
		const roles = read(doc).roles.length;
		const technicians = read(doc).roles.find((r) => r.name === 'Field technicians')!;
		const remembered = readImportMapping(doc, 'mspdi') as SourceMapping;
		expect(remembered.resources['2']).toBe(technicians.id);
		const portfolio = read(doc);
		const again = plan([crm()]);
		const mapping = defaultMapping(again, portfolio, () => 'proposed', remembered);
		const draft = mapSource(again, mapping, portfolio, 'plan.xml');
		expect(draft.newRoles).toEqual([]);
		expect(diffImport(portfolio, draft).counts.changed).toBe(0);
		expect(read(doc).roles).toHaveLength(roles);
	});

	it('a re-import puts a resource on the role the first import made for it, not a second one', () => {
		const doc = northwindDoc();
		const remember = (read1: SourceRead) => {
			const portfolio = read(doc);
			const kept = readImportMapping(doc, 'mspdi') as Partial<SourceMapping> | undefined;
			const mapping = defaultMapping(read1, portfolio, () => 'proposed', kept);
			const draft = mapSource(read1, mapping, portfolio, 'plan.xml');
			const diff = diffImport(portfolio, draft);
			applyImport(doc, planImportWrite(portfolio, draft, diff, acceptedByDefault(diff), 'now'), {
				mapping
			});
			return diff;
		};
		remember(plan([crm()]));
		const roles = read(doc).roles.length;
		const again = remember(plan([crm()]));
		expect(read(doc).roles).toHaveLength(roles);
		expect(again.counts).toEqual({ new: 0, changed: 0, same: 1, gone: 0 });
	});

	it('two people importing at once merge like any other edit', () => {
		const a = northwindDoc();
		const b = replica(a);
		importInto(a, plan([crm(), dw()]));
		importInto(b, plan([{ ...dw(), key: 'guid-x', name: 'Intranet' }]));
		sync(a, b);
		expect(read(a)).toEqual(read(b));
		const names = read(a).projects.map((p) => p.name);
		expect(names).toEqual(expect.arrayContaining(['CRM rollout', 'Data warehouse', 'Intranet']));
	});
});

describe('import → export MSPDI → import', () => {
	it('gives the same portfolio (names, cost, demand per role, dependencies), and a re-import changes nothing', async () => {
		for (let seed = 1; seed <= 12; seed++) {
			const original = generatePortfolio(seed, {
				projects: 3 + (seed % 7),
				roles: 1 + (seed % 3),
				periods: 2 + (seed % 6)
			});
			const xml = exportMspdi(
				original,
				original.projects.map((p) => p.id)
			);
			const bytes = new TextEncoder().encode(xml);
			const converted = await convertToPortfolio('plan.xml', bytes, {
				mapping: { granularity: granularityOf(original.periods) }
			});
			if (!converted.ok) throw new Error(`seed ${seed}: ${converted.problems.join('; ')}`);
			const back = converted.portfolio;
			const label = `seed ${seed}`;
			expect(
				back.projects.map((p) => p.name),
				label
			).toEqual(original.projects.map((p) => p.name));
			const roleName = (p: Portfolio, id: string) => p.roles.find((r) => r.id === id)?.name ?? id;
			const byRoleName = (p: Portfolio, i: number) => {
				const out: Record<string, Record<string, number>> = {};
				for (const [roleId, cells] of Object.entries(p.projects[i].demand)) {
					for (const [period, fte] of Object.entries(cells)) {
						if (fte === 0) continue;
						const name = roleName(p, roleId);
						(out[name] ??= {})[period] = (out[name][period] ?? 0) + fte;
					}
				}
				return out;
			};
			const depNames = (p: Portfolio, i: number) =>
				p.projects[i].dependsOn.map((id) => p.projects.find((q) => q.id === id)?.name).sort();
			original.projects.forEach((project, i) => {
				const cost = back.projects[i].cost;
				for (const period of new Set([...Object.keys(cost), ...Object.keys(project.cost)])) {
					expect(cost[period] ?? 0, `${label} ${project.name} ${period}`).toBeCloseTo(
						project.cost[period] ?? 0,
						6
					);
				}
				const want = byRoleName(original, i);
				const got = byRoleName(back, i);
				expect(Object.keys(got).sort(), label).toEqual(Object.keys(want).sort());
				for (const [name, cells] of Object.entries(want)) {
					for (const [period, fte] of Object.entries(cells)) {
						expect(got[name][period], `${label} ${project.name} ${name} ${period}`).toBeCloseTo(
							fte,
							6
						);
					}
				}
				expect(depNames(back, i), label).toEqual(depNames(original, i));
			});
			// The same file again: every project is there, nothing to change.
			const doc = importPortfolio(new Y.Doc(), back);
			const portfolio = read(doc);
			const loaded = await loadImportFile('plan.xml', bytes);
			if (!loaded.ok || (loaded.file.kind !== 'mspdi' && loaded.file.kind !== 'jira-csv')) {
				throw new Error('not read as MSPDI');
			}
			const again = loaded.file.read({
				level: 1,
				issueTypes: [],
				estimate: 'points',
				rate: 1,
				granularity: granularityOf(portfolio.periods)
			});
			const mapping = defaultMapping(again, portfolio, () => 'proposed');
			const diff = diffImport(portfolio, mapSource(again, mapping, portfolio, 'plan.xml'));
			expect(
				diff.rows.flatMap((r) =>
					r.changes.map((c) => `${r.name} ${c.label}: ${c.cairn} → ${c.file}`)
				),
				label
			).toEqual([]);
			expect(diff.counts, label).toEqual({
				new: 0,
				changed: 0,
				same: back.projects.length,
				gone: 0
			});
		}
	});
});

describe('a spreadsheet with a role the portfolio lacks', () => {
	it('keeps each column on its header’s period once the person picks the role', async () => {
		const doc = northwindDoc();
		const state = new ImportState({
			portfolio: () => read(doc),
			remembered: () => undefined,
			write: (write, mapping) => applyImport(doc, write, { mapping }).summary
		});
		const text = 'name,Engineering 2027-Q1,Engineering 2027-Q2\nNew,1,2\n';
		await state.load('plan.csv', new TextEncoder().encode(text));
		state.setColumn(1, { what: 'role:r-eng' });
		state.setColumn(2, { what: 'role:r-eng' });
		expect(state.problems).toEqual([]);
		expect(state.apply()).toBe(true);
		expect(read(doc).projects.at(-1)).toMatchObject({
			name: 'New',
			demand: { 'r-eng': { '2027-Q1': 1, '2027-Q2': 2 } }
		});
	});
});
