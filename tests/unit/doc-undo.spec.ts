import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addProject,
	createUndoManager,
	deleteProject,
	importPortfolio,
	isOrigin,
	moveProject,
	read,
	setProjectCost,
	updateProject
} from '../../src/lib/doc';
import { northwindDoc, northwindPortfolio, replica, sync } from '../helpers/doc-fixtures';

const ids = (doc: Y.Doc) => read(doc).projects.map((p) => p.id);

describe('createUndoManager', () => {
	it('undoes and redoes a local command as one step', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const before = read(doc);
		const id = addProject(doc, { name: 'X', cost: { '2027-Q1': 10 } });
		expect(ids(doc)).toContain(id);
		undo.undo();
		expect(read(doc)).toEqual(before);
		undo.redo();
		expect(read(doc).projects.find((p) => p.id === id)?.cost).toEqual({ '2027-Q1': 10 });
	});

	it('restores a deleted project together with the references its delete removed', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const before = read(doc);
		deleteProject(doc, 'p-dw');
		expect(ids(doc)).not.toContain('p-dw');
		undo.undo();
		expect(read(doc)).toEqual(before);
	});

	it('merges edits closer than captureTimeout into one step, and separates the others', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc, { captureTimeout: 10_000 });
		updateProject(doc, 'p-crm', { name: 'A' });
		updateProject(doc, 'p-crm', { name: 'B' });
		undo.stopCapturing();
		updateProject(doc, 'p-crm', { name: 'C' });
		undo.undo();
		expect(read(doc).projects.find((p) => p.id === 'p-crm')?.name).toBe('B');
		undo.undo();
		expect(read(doc).projects.find((p) => p.id === 'p-crm')?.name).toBe('CRM consolidation');
	});

	it('never undoes imports, migrations or remote edits', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const remote = replica(doc);
		moveProject(remote, 'p-telematics', 0);
		sync(doc, remote);
		importPortfolio(doc, { ...northwindPortfolio(), name: 'Imported' });
		setProjectCost(doc, 'p-crm', '2027-Q1', 1, { origin: { source: 'remote' } });
		expect(undo.canUndo()).toBe(false);
	});

	it('tracks only its user’s edits when given a user', () => {
		const doc = northwindDoc();
		const ann = createUndoManager(doc, { user: 'ann' });
		updateProject(doc, 'p-crm', { name: 'by bob' }, { origin: { source: 'local', user: 'bob' } });
		expect(ann.canUndo()).toBe(false);
		updateProject(doc, 'p-erp', { name: 'by ann' }, { origin: { source: 'local', user: 'ann' } });
		ann.undo();
		const p = read(doc).projects;
		expect(p.find((x) => x.id === 'p-crm')?.name).toBe('by bob');
		expect(p.find((x) => x.id === 'p-erp')?.name).not.toBe('by ann');
	});

	it('does not overwrite a remote edit made to the same field after the local one', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc);
		const remote = replica(doc);
		updateProject(doc, 'p-crm', { name: 'local' });
		sync(doc, remote);
		updateProject(remote, 'p-crm', { name: 'remote' });
		sync(doc, remote);
		undo.undo();
		expect(read(doc).projects.find((p) => p.id === 'p-crm')?.name).toBe('remote');
	});

	it('tags undo and redo transactions as an Origin with source undo and the user', () => {
		const doc = northwindDoc();
		const undo = createUndoManager(doc, { user: 'ann' });
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		updateProject(doc, 'p-crm', { name: 'x' }, { origin: { source: 'local', user: 'ann' } });
		undo.undo();
		undo.redo();
		const [, undone, redone] = origins;
		for (const origin of [undone, redone]) {
			expect(isOrigin(origin)).toBe(true);
			expect(origin).toMatchObject({ source: 'undo', user: 'ann' });
		}
		expect(undone).toBe(undo);
	});
});
