import type { ImportPlan } from '../projects-csv';
import type { Portfolio } from '../types';
import type { DraftProject, ImportDraft, ImportProblem } from './source';

/**
 * A spreadsheet import (Cairn's CSV columns, an Excel sheet mapped the same way) as an
 * import draft, so that it goes through the same preview and write as every other
 * kind. A row names its project by the source key column, else by id, else by name;
 * only the columns the file maps are compared and written.
 */
export function draftFromCsvPlan(
	plan: ImportPlan,
	kind: 'csv' | 'xlsx',
	fileName: string,
	portfolio: Pick<Portfolio, 'projects'>
): ImportDraft {
	const names = new Map(portfolio.projects.map((p) => [p.id, p.name]));
	const projects = plan.items.map((item): DraftProject => {
		const existing = item.kind === 'update' ? item.id : undefined;
		const name = item.fields.name ?? (existing ? names.get(existing) : undefined) ?? '';
		const key = item.key ?? existing ?? item.id ?? name;
		const draft: DraftProject = { key, where: `row ${item.row}`, name };
		if (item.key === undefined) draft.linked = false;
		const projectId = existing ?? item.id;
		if (projectId !== undefined) draft.projectId = projectId;
		const { description, sponsor, status, decision, decisionReason } = item.fields;
		if (description !== undefined) draft.description = description;
		if (sponsor !== undefined) draft.sponsor = sponsor;
		if (status !== undefined) draft.status = status;
		if (decision !== undefined) draft.decision = decision;
		if (decisionReason !== undefined) draft.decisionReason = decisionReason;
		if (Object.keys(item.cost).length > 0) draft.cost = { ...item.cost };
		const demand = Object.entries(item.demand).filter(([, v]) => Object.keys(v).length > 0);
		if (demand.length > 0) draft.demand = Object.fromEntries(demand.map(([r, v]) => [r, { ...v }]));
		return draft;
	});
	const problems: ImportProblem[] = plan.problems.map((p) => ({
		where:
			[p.row === null ? null : `row ${p.row}`, p.column === null ? null : `column '${p.column}'`]
				.filter(Boolean)
				.join(', ') || null,
		message: p.message
	}));
	return {
		kind,
		fileName,
		projects,
		newRoles: [],
		capacity: {},
		addPeriods: [],
		problems,
		notes: []
	};
}
