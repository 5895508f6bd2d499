import { afterEach, describe, expect, it } from 'vitest';
import {
	addProject,
	createUndoManager,
	deleteProject,
	read,
	updateProject
} from '../../src/lib/doc';
import { undoOnly, undoStep, writeWithUndo } from '../../src/lib/state/session-commands';
import { toasts } from '../../src/lib/state/toasts.svelte';
import { northwindDoc } from '../helpers/doc-fixtures';

function session() {
	const doc = northwindDoc();
	return { doc, undo: createUndoManager(doc) };
}

const names = (s: ReturnType<typeof session>) => read(s.doc).projects.map((p) => p.name);

afterEach(() => {
	for (const toast of toasts.items) toasts.dismiss(toast.id);
});

describe('undoStep', () => {
	it('returns the step a write added, and undefined when the write changed nothing', () => {
		const s = session();
		const step = undoStep(s, () => addProject(s.doc, { name: 'First' }));
		expect(step).toBeDefined();
		expect(s.undo.undoStack.at(-1)).toBe(step);
		expect(undoStep(s, () => {})).toBeUndefined();
	});

	it('keeps two writes in a row as two steps', () => {
		const s = session();
		const a = undoStep(s, () => addProject(s.doc, { name: 'A' }));
		const b = undoStep(s, () => addProject(s.doc, { name: 'B' }));
		expect(a).not.toBe(b);
		s.undo.undo();
		expect(names(s)).toContain('A');
		expect(names(s)).not.toContain('B');
	});
});

describe('writeWithUndo', () => {
	it('shows an Undo that takes back exactly its own step while it is the latest', () => {
		const s = session();
		const before = read(s.doc);
		const victim = before.projects[0];
		expect(writeWithUndo(s, `Deleted ${victim.name}`, () => deleteProject(s.doc, victim.id))).toBe(
			true
		);
		const toast = toasts.items.at(-1)!;
		expect(toast.message).toBe(`Deleted ${victim.name}`);
		toast.action!.run();
		expect(read(s.doc)).toEqual(before);
	});

	it('never undoes a later change: the Undo of an older toast leaves it alone and says so', () => {
		const s = session();
		const [first, second] = read(s.doc).projects;
		writeWithUndo(s, 'Deleted first', () => deleteProject(s.doc, first.id));
		const older = toasts.items.at(-1)!;
		undoStep(s, () => updateProject(s.doc, second.id, { name: 'Renamed later' }));
		older.action!.run();
		const after = read(s.doc);
		expect(after.projects.find((p) => p.id === second.id)?.name).toBe('Renamed later');
		expect(after.projects.some((p) => p.id === first.id)).toBe(false);
		expect(toasts.items.at(-1)!.message).toMatch(/Other changes came after/);
		expect(toasts.items.at(-1)!.action).toBeUndefined();
	});

	it('shows no toast and offers no Undo when nothing was written', () => {
		const s = session();
		const count = toasts.items.length;
		let written = -1;
		expect(
			writeWithUndo(
				s,
				() => `Accepted ${written}`,
				() => (written = 0)
			)
		).toBe(false);
		expect(toasts.items.length).toBe(count);
	});

	it('reads a message function after the write (e.g. how many rows it changed)', () => {
		const s = session();
		let added = 0;
		writeWithUndo(
			s,
			() => `Added ${added}`,
			() => {
				addProject(s.doc, { name: 'X' });
				added = 1;
			}
		);
		expect(toasts.items.at(-1)!.message).toBe('Added 1');
	});
});

describe('undoOnly', () => {
	it('undoes the given step when it is on top', () => {
		const s = session();
		const step = undoStep(s, () => addProject(s.doc, { name: 'Gone' }))!;
		expect(undoOnly(s, step)).toBe(true);
		expect(names(s)).not.toContain('Gone');
	});
});
