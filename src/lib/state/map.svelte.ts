import {
	buildMapLayout,
	kpiNodeId,
	neighbour,
	objectiveNodeId,
	VISION_ID,
	type Direction,
	type MapLayout,
	type MapNode
} from '$lib/charts/map-layout';
import { analyzeAlignment, type Alignment } from '$lib/domain/alignment';
import {
	objectivePath,
	parentOptions,
	reparentRefusal,
	type ReparentRefusal
} from '$lib/domain/objective-tree';
import type { Kpi, Objective, Portfolio, Project } from '$lib/domain/types';

/**
 * The strategy map's logic, testable without a DOM: the layout and the alignment of
 * the current snapshot (memoised by snapshot identity, like the ranking board), the
 * selected and focused node, the objectives an objective may move under, and the
 * intents the view forwards to the doc commands.
 */

/** The doc writes the map needs; the view binds them to the session's doc. */
export interface MapCommands {
	addObjective(input: { title: string; parentId: string | null }): string;
	updateObjective(
		id: string,
		patch: { title?: string; description?: string; owner?: string }
	): void;
	moveObjective(id: string, parentId: string | null): void;
	deleteObjective(id: string): void;
	addKpi(objectiveId: string, name: string): string;
	updateKpi(
		id: string,
		patch: Partial<Pick<Kpi, 'name' | 'unit' | 'baseline' | 'target' | 'direction'>>
	): void;
	setKpiActual(id: string, period: string, value: number | null): void;
	deleteKpi(id: string): void;
	/** 0 or null unlinks. */
	setContribution(projectId: string, objectiveId: string, value: number | null): void;
	/** The vision and mission the map's banner shows (the portfolio's own fields). */
	setVision(patch: { vision?: string; mission?: string }): void;
}

export interface MapOptions {
	portfolio: () => Portfolio;
	canEdit: () => boolean;
	commands: MapCommands;
}

/** What a node id stands for in the current snapshot. */
export type Selected =
	| { kind: 'vision' }
	| { kind: 'objective'; objective: Objective }
	| { kind: 'kpi'; kpi: Kpi; objective: Objective }
	| { kind: 'project'; project: Project };

export class MapState {
	#options: MapOptions;
	/** The node shown in the side panel (a namespaced node id), or null. */
	selected = $state<string | null>(null);
	/** The node that holds the roving tab stop. */
	focused = $state<string>(VISION_ID);
	/** What the aria-live region says. */
	announcement = $state('');

	#cache: { portfolio: Portfolio; layout: MapLayout; alignment: Alignment } | null = null;

	constructor(options: MapOptions) {
		this.#options = options;
	}

	get portfolio(): Portfolio {
		return this.#options.portfolio();
	}

	get canEdit(): boolean {
		return this.#options.canEdit();
	}

	get commands(): MapCommands {
		return this.#options.commands;
	}

	#analyse() {
		const portfolio = this.portfolio;
		if (this.#cache?.portfolio === portfolio) return this.#cache;
		this.#cache = {
			portfolio,
			layout: buildMapLayout(portfolio, { previous: this.#cache?.layout }),
			alignment: analyzeAlignment(portfolio)
		};
		return this.#cache;
	}

	get layout(): MapLayout {
		return this.#analyse().layout;
	}

	get alignment(): Alignment {
		return this.#analyse().alignment;
	}

	/** What `nodeId` stands for now, or null when it was deleted (here or by someone else). */
	resolve(nodeId: string | null): Selected | null {
		if (nodeId === null) return null;
		if (nodeId === VISION_ID) return { kind: 'vision' };
		const [kind, ...rest] = nodeId.split(':');
		const ref = rest.join(':');
		const p = this.portfolio;
		if (kind === 'o') {
			const objective = p.objectives.find((o) => o.id === ref);
			return objective ? { kind: 'objective', objective } : null;
		}
		if (kind === 'k') {
			for (const objective of p.objectives) {
				const kpi = objective.kpis.find((k) => k.id === ref);
				if (kpi) return { kind: 'kpi', kpi, objective };
			}
			return null;
		}
		if (kind === 'p') {
			const project = p.projects.find((x) => x.id === ref);
			return project ? { kind: 'project', project } : null;
		}
		return null;
	}

	get selection(): Selected | null {
		return this.resolve(this.selected);
	}

	/** The tab stop, falling back to the vision when its node went away. */
	get focusId(): string {
		return this.layout.byId.has(this.focused) ? this.focused : VISION_ID;
	}

	select(nodeId: string | null): void {
		this.selected = nodeId;
		if (nodeId) this.focused = nodeId;
	}

	/** Moves the tab stop with an arrow key; returns the new node id, or null at an edge. */
	move(direction: Direction): string | null {
		const next = neighbour(this.layout, this.focusId, direction);
		if (next) this.focused = next;
		return next;
	}

	nodeOf(nodeId: string): MapNode | undefined {
		return this.layout.byId.get(nodeId);
	}

	/** Objectives `id` may move under: every one but itself and its descendants. */
	parentOptions(id: string): Objective[] {
		return parentOptions(this.portfolio.objectives, id);
	}

	/** The objective path of an objective ("Growth › Retention"), for pickers. */
	pathOf(id: string): string {
		return objectivePath(this.portfolio.objectives, id);
	}

	announce(message: string): void {
		// A repeated message must still be read out.
		this.announcement = message === this.announcement ? `${message}\u00a0` : message;
	}

	// Intents

	addObjective(parentId: string | null, title = 'New objective'): string | null {
		if (!this.canEdit) return null;
		const id = this.commands.addObjective({ title, parentId });
		this.select(objectiveNodeId(id));
		this.announce(`Added objective “${title}”.`);
		return id;
	}

	addKpi(objectiveId: string, name = 'New KPI'): string | null {
		if (!this.canEdit) return null;
		const id = this.commands.addKpi(objectiveId, name);
		this.select(kpiNodeId(id));
		this.announce(`Added KPI “${name}”.`);
		return id;
	}

	/** Links a project to an objective (or changes the weight); 0 unlinks. */
	link(projectId: string, objectiveId: string, weight: 0 | 1 | 2 | 3): void {
		if (!this.canEdit) return;
		this.commands.setContribution(projectId, objectiveId, weight === 0 ? null : weight);
		const project = this.portfolio.projects.find((p) => p.id === projectId)?.name ?? projectId;
		const objective = this.pathOf(objectiveId);
		this.announce(
			weight === 0
				? `Unlinked “${project}” from “${objective}”.`
				: `“${project}” serves “${objective}”: ${['', 'weak', 'moderate', 'strong'][weight]}.`
		);
	}

	/** Why `id` cannot move under `parentId` (null: make it a theme), or null when it can. */
	reparentRefusal(id: string, parentId: string | null): ReparentRefusal | null {
		return reparentRefusal(this.portfolio.objectives, id, parentId);
	}

	/**
	 * Re-parents (null: makes it a theme), refusing with a message that says why a move
	 * under itself, under one of its sub-objectives or to where it already is.
	 */
	reparent(id: string, parentId: string | null): boolean {
		if (!this.canEdit) return false;
		const title = this.portfolio.objectives.find((o) => o.id === id)?.title;
		const name = `“${title || 'Untitled'}”`;
		const parent = parentId === null ? '' : `“${this.pathOf(parentId) || 'Untitled'}”`;
		const refusal = this.reparentRefusal(id, parentId);
		if (refusal !== null) {
			this.announce(
				refusal === 'same'
					? parentId === null
						? `${name} is already a theme: nothing changed.`
						: `${name} is already under ${parent}: nothing changed.`
					: refusal === 'self'
						? `${name} cannot move under itself.`
						: refusal === 'below'
							? `${name} cannot move under itself or one of its sub-objectives (${parent} is below it).`
							: 'That objective no longer exists: nothing changed.'
			);
			return false;
		}
		this.commands.moveObjective(id, parentId);
		this.announce(parentId === null ? `${name} is now a theme.` : `${name} moved under ${parent}.`);
		return true;
	}
}
