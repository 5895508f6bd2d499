import { describe, expect, it } from 'vitest';
import { parentOptions, reparentRefusal } from '../../src/lib/domain/objective-tree';
import type { Objective } from '../../src/lib/domain/types';

/** A tree: a › b › c, and a second root d. */
function objective(id: string, parentId: string | null): Objective {
	return { id, parentId, title: id.toUpperCase(), description: '', owner: '', kpis: [] };
}
const tree: Objective[] = [
	objective('a', null),
	objective('b', 'a'),
	objective('c', 'b'),
	objective('d', null)
];

describe('reparentRefusal', () => {
	it('allows a move under any objective outside its own subtree', () => {
		expect(reparentRefusal(tree, 'b', 'd')).toBeNull();
		expect(reparentRefusal(tree, 'd', 'c')).toBeNull();
		expect(reparentRefusal(tree, 'c', 'a')).toBeNull();
	});

	it('refuses itself and its own sub-objectives, as parentOptions leaves them out', () => {
		expect(reparentRefusal(tree, 'a', 'a')).toBe('self');
		expect(reparentRefusal(tree, 'a', 'b')).toBe('below');
		expect(reparentRefusal(tree, 'a', 'c')).toBe('below');
		const offered = new Set(parentOptions(tree, 'a').map((o) => o.id));
		for (const o of tree) {
			expect(offered.has(o.id), o.id).toBe(reparentRefusal(tree, 'a', o.id) === null);
		}
	});

	it('refuses the parent it already has, a root included', () => {
		expect(reparentRefusal(tree, 'c', 'b')).toBe('same');
		expect(reparentRefusal(tree, 'a', null)).toBe('same');
		expect(reparentRefusal(tree, 'c', null)).toBeNull();
	});

	it('treats an unknown parent as a root and refuses unknown ids', () => {
		const stray = [...tree, objective('e', 'gone')];
		expect(reparentRefusal(stray, 'e', null)).toBe('same');
		expect(reparentRefusal(tree, 'zz', 'a')).toBe('unknown');
		expect(reparentRefusal(tree, 'a', 'zz')).toBe('unknown');
	});
});
