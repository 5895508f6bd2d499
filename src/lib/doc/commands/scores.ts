import type * as Y from 'yjs';
import { criteriaMap, objectivesMap, projectsMap } from '../schema';
import { CommandError, contribution, score } from '../validate';
import { entityOf, recordOf, run, setNumber, type CommandOptions } from './shared';

/** The scoring matrix: many cells at once (a block pasted from a spreadsheet). */

/** One cell of the matrix: a project's value on a criterion, or null to clear it. */
export interface ScoreCell {
	projectId: string;
	criterionId: string;
	value: number | null;
}

/**
 * Writes a block of matrix cells as ONE transaction (one undo step, one update).
 * A criterion linked to an objective is scored by the project's contribution to that
 * objective (DESIGN formula 2), so its cell writes the contribution (0-3, whole
 * numbers); any other criterion's cell writes the score (0-10). Every cell is checked
 * before anything is written: one bad cell refuses the whole block.
 */
export function setScores(doc: Y.Doc, cells: readonly ScoreCell[], opts?: CommandOptions): void {
	run(doc, opts, () => {
		if (!Array.isArray(cells)) throw new CommandError('setScores: cells must be an array');
		const projects = projectsMap(doc);
		const criteria = criteriaMap(doc);
		const objectives = objectivesMap(doc);
		const writes = cells.map((cell, i) => {
			const what = `cells[${i}]`;
			if (typeof cell !== 'object' || cell === null) {
				throw new CommandError(`${what} must be an object`);
			}
			const project = entityOf(projects, cell.projectId, 'project');
			const criterion = entityOf(criteria, cell.criterionId, 'criterion');
			const objectiveId = criterion.get('objectiveId');
			if (typeof objectiveId === 'string' && objectives.has(objectiveId)) {
				const value =
					cell.value === null
						? null
						: contribution(cell.value, `${what}: project.contributions.${objectiveId}`);
				return { project, field: 'contributions', key: objectiveId, value };
			}
			const value =
				cell.value === null
					? null
					: score(cell.value, `${what}: project.scores.${cell.criterionId}`);
			return { project, field: 'scores', key: cell.criterionId, value };
		});
		// Only now may anything be written (recordOf can create a missing record).
		for (const { project, field, key, value } of writes) {
			setNumber(recordOf<number>(project, field), key, value);
		}
	});
}
