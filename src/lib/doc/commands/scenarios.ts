import * as Y from 'yjs';
import {
	applyScenarioWithNotes,
	emptyScenario,
	type CapacityChange,
	type Scenario
} from '../../domain/scenario';
import { shiftProject } from '../../domain/schedule';
import { newId } from '../ids';
import { read } from '../read';
import {
	budgetMap,
	childMap,
	demandKey,
	DEMAND_SEPARATOR,
	periodsMap,
	projectsMap,
	rolesMap,
	scenariosMap,
	SCENARIO_RECORDS,
	type EntityMap
} from '../schema';
import { CommandError, finite, text } from '../validate';
import { setField } from '../write';
import { addDecision } from './decisions';
import {
	entityOf,
	idFor,
	keyAt,
	orderedItems,
	positionOf,
	recordOf,
	run,
	setNumber,
	type CommandOptions,
	type PlaceOptions
} from './shared';

/**
 * Scenarios: named what-ifs (budget ±%, hiring per role, decision overrides, start
 * shifts) kept in the doc so the whole room sees them live. Workshop state like the
 * group judgements: the root `scenarios` is not part of `cairn/portfolio@1`. Each
 * scenario is one Y.Map of fields with its three nested maps created with it:
 *
 *   name, budgetPercent, order
 *   capacity:  "roleId|period" → FTE   ("roleId|*" for every period)
 *   decisions: project id → 'in' | 'out'
 *   shifts:    project id → whole periods (+ later, − earlier)
 *
 * so two people changing different parts of one scenario both keep their change.
 */

/** The period part of a capacity key that means "every period". */
export const ALL_PERIODS = '*';

/** The longest shift accepted, in periods either way. */
const MAX_SHIFT = 120;

function capacityKey(roleId: string, period: string | null): string {
	return roleId + DEMAND_SEPARATOR + (period ?? ALL_PERIODS);
}

function scenarioOf(doc: Y.Doc, id: unknown): EntityMap {
	return entityOf(scenariosMap(doc), id, 'scenario');
}

const percent = (value: unknown, what: string): number => {
	const n = finite(value, what);
	if (n < -100 || n > 1000)
		throw new CommandError(`${what} must be between -100 and 1000, got ${n}`);
	return n;
};

/** Adds an empty scenario (it changes nothing yet) and returns its id. */
export function addScenario(
	doc: Y.Doc,
	input: { name: string; id?: string },
	opts?: PlaceOptions
): string {
	return run(doc, opts, () => {
		const scenarios = scenariosMap(doc);
		const name = text(input?.name, 'scenario.name').trim();
		if (name === '') throw new CommandError('scenario.name must not be empty');
		const taken = (id: string) => scenarios.has(id);
		const id = idFor(input.id, taken, () => newId('s', taken), 'scenario');
		const order = keyAt(scenarios, positionOf(opts), 'scenario');
		const entity: EntityMap = new Y.Map();
		scenarios.set(id, entity);
		entity.set('order', order);
		entity.set('name', name);
		entity.set('budgetPercent', 0);
		for (const field of SCENARIO_RECORDS) entity.set(field, new Y.Map());
		return id;
	});
}

/** Renames a scenario and/or sets its budget change in percent (−100 … 1000). */
export function updateScenario(
	doc: Y.Doc,
	id: string,
	patch: { name?: string; budgetPercent?: number },
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = scenarioOf(doc, id);
		const name = patch.name === undefined ? undefined : text(patch.name, 'scenario.name').trim();
		if (name === '') throw new CommandError('scenario.name must not be empty');
		const budget =
			patch.budgetPercent === undefined
				? undefined
				: percent(patch.budgetPercent, 'scenario.budgetPercent');
		if (name !== undefined) setField(entity, 'name', name);
		if (budget !== undefined) setField(entity, 'budgetPercent', budget);
	});
}

/**
 * Sets the extra FTE of a role (negative: fewer) in one period, or in every period with
 * `period` null; null clears the change.
 */
export function setScenarioCapacity(
	doc: Y.Doc,
	id: string,
	change: { roleId: string; period: string | null; fte: number | null },
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = scenarioOf(doc, id);
		entityOf(rolesMap(doc), change.roleId, 'role');
		if (change.period !== null && !periodsMap(doc).has(change.period))
			throw new CommandError(`scenario.capacity: unknown period '${String(change.period)}'`);
		const fte = change.fte === null ? null : finite(change.fte, 'scenario.capacity');
		setNumber(
			recordOf<number>(entity, 'capacity'),
			capacityKey(change.roleId, change.period),
			fte === 0 ? null : fte
		);
	});
}

/** Forces a project in or out in the scenario, or removes the override with null. */
export function setScenarioDecision(
	doc: Y.Doc,
	id: string,
	projectId: string,
	decision: 'in' | 'out' | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = scenarioOf(doc, id);
		entityOf(projectsMap(doc), projectId, 'project');
		if (decision !== null && decision !== 'in' && decision !== 'out')
			throw new CommandError(`scenario.decisions.${projectId} must be 'in', 'out' or null`);
		const decisions = recordOf<string>(entity, 'decisions');
		if (decision === null) {
			if (decisions.has(projectId)) decisions.delete(projectId);
		} else if (decisions.get(projectId) !== decision) decisions.set(projectId, decision);
	});
}

/**
 * Shifts a project's start by whole periods (+ later, − earlier); 0 or null clears it.
 * A shift that would push the project's cost or demand past the first or last period
 * is refused with a message naming the project and the edge (the schedule rule).
 */
export function setScenarioShift(
	doc: Y.Doc,
	id: string,
	projectId: string,
	periods: number | null,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const entity = scenarioOf(doc, id);
		entityOf(projectsMap(doc), projectId, 'project');
		if (periods !== null && (!Number.isInteger(periods) || Math.abs(periods) > MAX_SHIFT))
			throw new CommandError(
				`scenario.shifts.${projectId} must be a whole number of periods between -${MAX_SHIFT} and ${MAX_SHIFT}`
			);
		if (periods !== null && periods !== 0) {
			const plan = read(doc);
			const project = plan.projects.find((p) => p.id === projectId)!;
			const moved = shiftProject(project, plan.periods, periods);
			if (!moved.ok) throw new CommandError(moved.message);
		}
		setNumber(recordOf<number>(entity, 'shifts'), projectId, periods === 0 ? null : periods);
	});
}

/** Deletes a scenario. */
export function deleteScenario(doc: Y.Doc, id: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		scenarioOf(doc, id);
		scenariosMap(doc).delete(id);
	});
}

/**
 * Every scenario in order, as plain data. Changes that name a role, project or period
 * the doc no longer has are left out, and so are values of the wrong type (a bad peer).
 */
export function readScenarios(doc: Y.Doc): Scenario[] {
	const scenarios = scenariosMap(doc);
	const roles = rolesMap(doc);
	const projects = projectsMap(doc);
	const periods = periodsMap(doc);
	const out: Scenario[] = [];
	for (const { id } of orderedItems(scenarios)) {
		const entity = scenarios.get(id);
		if (!(entity instanceof Y.Map)) continue;
		const name = entity.get('name');
		const budget = entity.get('budgetPercent');
		const scenario = emptyScenario(id, typeof name === 'string' ? name : id);
		if (typeof budget === 'number' && Number.isFinite(budget) && budget >= -100)
			scenario.budgetPercent = budget;
		childMap<unknown>(entity, 'capacity')?.forEach((fte, key) => {
			const cut = key.lastIndexOf(DEMAND_SEPARATOR);
			const roleId = key.slice(0, cut);
			const period = key.slice(cut + 1);
			if (cut < 0 || typeof fte !== 'number' || !Number.isFinite(fte) || !roles.has(roleId)) return;
			if (period !== ALL_PERIODS && !periods.has(period)) return;
			const change: CapacityChange = {
				roleId,
				period: period === ALL_PERIODS ? null : period,
				fte
			};
			scenario.capacity.push(change);
		});
		scenario.capacity.sort(
			(a, b) => a.roleId.localeCompare(b.roleId) || (a.period ?? '').localeCompare(b.period ?? '')
		);
		childMap<unknown>(entity, 'decisions')?.forEach((decision, projectId) => {
			if ((decision === 'in' || decision === 'out') && projects.has(projectId))
				scenario.decisions[projectId] = decision;
		});
		childMap<unknown>(entity, 'shifts')?.forEach((by, projectId) => {
			if (typeof by === 'number' && Number.isInteger(by) && by !== 0 && projects.has(projectId))
				scenario.shifts[projectId] = by;
		});
		out.push(scenario);
	}
	return out;
}

/** Makes a number map hold exactly `values`, writing only what differs. */
function syncNumbers(map: Y.Map<number>, values: Record<string, number>): void {
	for (const key of Array.from(map.keys())) if (!(key in values)) map.delete(key);
	for (const [key, value] of Object.entries(values)) setNumber(map, key, value);
}

/**
 * Makes the scenario the plan, as ONE transaction (one undo step): the budget, the
 * capacities, the decisions (reason "scenario <name>" where the decision changes; an
 * unchanged decision keeps its reason) and the shifted costs and
 * demand of the portfolio become what the scenario computes, a decision-log entry
 * records it, and the scenario is removed (it is the plan now; undo brings it back).
 * Refused, writing nothing, when a shift no longer fits the plan (it would push cost or
 * demand past the first or last period). Returns the id of the decision-log entry.
 */
export function promoteScenario(
	doc: Y.Doc,
	id: string,
	log: { by?: string; at?: string } = {},
	opts?: CommandOptions
): string {
	return run(doc, opts, () => {
		scenarioOf(doc, id);
		const scenario = readScenarios(doc).find((s) => s.id === id)!;
		const before = read(doc);
		const { portfolio: after, notApplied } = applyScenarioWithNotes(before, scenario);
		if (notApplied.length > 0)
			throw new CommandError(
				`Cannot promote "${scenario.name}": ${notApplied.map((n) => n.message).join(' ')} ` +
					'Change or remove the shift first.'
			);

		const budget = budgetMap(doc);
		for (const [period, value] of Object.entries(after.budget)) setNumber(budget, period, value);
		after.roles.forEach((role, i) => {
			if (role === before.roles[i]) return;
			syncNumbers(recordOf<number>(rolesMap(doc).get(role.id)!, 'capacity'), role.capacity);
		});
		const projects = projectsMap(doc);
		const changed: string[] = [];
		after.projects.forEach((project, i) => {
			const old = before.projects[i];
			if (project === old) return;
			changed.push(project.id);
			const entity = projects.get(project.id)!;
			setField(entity, 'decision', project.decision);
			setField(entity, 'decisionReason', project.decisionReason);
			if (project.cost !== old.cost) syncNumbers(recordOf<number>(entity, 'cost'), project.cost);
			if (project.demand !== old.demand) {
				const flat: Record<string, number> = {};
				for (const [roleId, cells] of Object.entries(project.demand))
					for (const [period, v] of Object.entries(cells)) flat[demandKey(roleId, period)] = v;
				syncNumbers(recordOf<number>(entity, 'demand'), flat);
			}
		});
		const decisionId = addDecision(
			doc,
			{
				title: `Promoted scenario "${scenario.name}" to the plan`,
				rationale: describeScenario(scenario, before),
				projectIds: changed,
				by: log.by,
				at: log.at
			},
			opts
		);
		scenariosMap(doc).delete(id);
		return decisionId;
	});
}

/** A scenario in words, for the decision log: "budget +10 %; Engineering +2 FTE in 2027-Q3; …". */
export function describeScenario(
	scenario: Scenario,
	portfolio: { roles: { id: string; name: string }[]; projects: { id: string; name: string }[] }
): string {
	const role = (id: string) => portfolio.roles.find((r) => r.id === id)?.name || id;
	const project = (id: string) => portfolio.projects.find((p) => p.id === id)?.name || id;
	const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
	const parts: string[] = [];
	if (scenario.budgetPercent !== 0) parts.push(`budget ${signed(scenario.budgetPercent)} %`);
	for (const c of scenario.capacity)
		parts.push(
			`${role(c.roleId)} ${signed(c.fte)} FTE ${c.period ? `in ${c.period}` : 'in every period'}`
		);
	for (const [id, d] of Object.entries(scenario.decisions))
		parts.push(`${project(id)} forced ${d}`);
	for (const [id, by] of Object.entries(scenario.shifts))
		parts.push(
			`${project(id)} starts ${Math.abs(by)} ${Math.abs(by) === 1 ? 'period' : 'periods'} ${by > 0 ? 'later' : 'earlier'}`
		);
	return parts.length > 0 ? parts.join('; ') : 'no changes';
}
