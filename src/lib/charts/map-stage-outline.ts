/**
 * What the map stage (map-stage.ts) shows of a portfolio: a card per objective, in the
 * objective tree's order, listing the projects that serve it strongest first, and a
 * card of the projects that serve no objective. Pure and testable in node.
 */
import { takesPart, type Alignment, type Coverage, type Weight } from '$lib/domain/alignment';
import { objectiveChildren } from '$lib/domain/objective-tree';
import type { Portfolio } from '$lib/domain/types';

/** A project on a card: its contribution to the card's objective (0 for an orphan). */
export interface StageChip {
	projectId: string;
	name: string;
	weight: Weight | 0;
	funded: boolean;
}

export interface StageCard {
	/** The objective's id, or ORPHANS_CARD. */
	id: string;
	kind: 'objective' | 'orphans';
	title: string;
	/** 1 for a theme, 2 for its objectives…; the orphans' card counts as a theme. */
	depth: number;
	/** Null for the orphans' card. */
	coverage: Coverage | null;
	/** Projects serving it or one of its sub-objectives, and how many are funded (as on the map). */
	projects: number;
	funded: number;
	/** The projects serving it directly: strongest first, then funded first, then by rank. */
	chips: StageChip[];
}

export interface StageOutline {
	vision: string;
	cards: StageCard[];
	/** Done or cancelled projects: they take no part in the alignment, so no card lists them. */
	notTakingPart: number;
}

export const ORPHANS_CARD = 'orphans';

/** What the stage shows of `portfolio`, in the objective tree's order (themes first, depth first). */
export function stageOutline(
	portfolio: Pick<Portfolio, 'name' | 'vision' | 'objectives' | 'projects'>,
	alignment: Alignment
): StageOutline {
	const rank = new Map(portfolio.projects.map((p, i) => [p.id, i]));
	const byId = new Map(portfolio.projects.map((p) => [p.id, p]));
	const chip = (projectId: string, weight: Weight | 0): StageChip => ({
		projectId,
		name: byId.get(projectId)?.name || 'Untitled',
		weight,
		funded: alignment.funded.has(projectId)
	});
	const strongestFirst = (a: StageChip, b: StageChip) =>
		b.weight - a.weight ||
		Number(b.funded) - Number(a.funded) ||
		(rank.get(a.projectId) ?? 0) - (rank.get(b.projectId) ?? 0);

	const cards: StageCard[] = [];
	const children = objectiveChildren(portfolio.objectives);
	const seen = new Set<string>();
	const visit = (id: string, depth: number) => {
		if (seen.has(id)) return;
		seen.add(id);
		const objective = portfolio.objectives.find((o) => o.id === id)!;
		const entry = alignment.byObjective.get(id);
		const chips = (entry?.projectIds ?? []).map((projectId) =>
			chip(projectId, (byId.get(projectId)?.contributions[id] ?? 1) as Weight)
		);
		cards.push({
			id,
			kind: 'objective',
			title: objective.title || 'Untitled',
			depth,
			coverage: entry?.coverage ?? 'uncovered',
			projects: entry?.subtreeProjects ?? 0,
			funded: entry?.subtreeFunded ?? 0,
			chips: chips.sort(strongestFirst)
		});
		for (const child of children.get(id) ?? []) visit(child.id, depth + 1);
	};
	for (const root of children.get(null) ?? []) visit(root.id, 1);

	if (alignment.orphans.length > 0) {
		const chips = alignment.orphans.map((id) => chip(id, 0)).sort(strongestFirst);
		cards.push({
			id: ORPHANS_CARD,
			kind: 'orphans',
			title: 'Serve no objective',
			depth: 1,
			coverage: null,
			projects: chips.length,
			funded: chips.filter((c) => c.funded).length,
			chips
		});
	}
	return {
		vision: portfolio.vision.trim() || portfolio.name,
		cards,
		notTakingPart: portfolio.projects.filter((p) => !takesPart(p)).length
	};
}
