import { AGENDA_TITLE, type AgendaKind } from './agenda';
import { computeWeights } from './ahp';
import { prepareCapacity } from './capacity';
import { capacityPeak } from './capacity-peak';
import { DECISION_NAME } from './decision-log';
import { fundingLine } from './funding';
import { formatAmount, formatMoney } from './optimize-format';
import { projectValues } from './scoring';
import type { Portfolio } from './types';

/**
 * What closing a workshop step writes into the decision log: the step's result as the
 * room saw it (the weights adopted, the scores, the ranking and its funding line, the
 * capacity peak, the plan, the decisions). Pure: the facilitator's console passes the
 * portfolio as it is when the step closes.
 */
export interface StepOutcome {
	title: string;
	rationale: string;
	projectIds: string[];
}

/** Names of the first `count` items and how many more: "A, B, C and 4 more". */
function list(names: readonly string[], count = 5): string {
	if (names.length === 0) return 'none';
	const shown = names.slice(0, count).join(', ');
	return names.length > count ? `${shown} and ${names.length - count} more` : shown;
}

function plural(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

function percent(share: number): string {
	return `${Math.round(share * 100)} %`;
}

/** The outcome of a step of this kind for the portfolio as it is now. */
export function stepOutcome(
	kind: AgendaKind,
	portfolio: Portfolio,
	extra: { scenarios?: readonly string[] } = {}
): StepOutcome {
	const title = `Workshop: ${AGENDA_TITLE[kind]}`;
	const names = new Map(portfolio.projects.map((p) => [p.id, p.name]));
	switch (kind) {
		case 'map': {
			const linked = portfolio.projects.filter((p) =>
				Object.values(p.contributions).some((c) => c > 0)
			);
			const uncovered = portfolio.objectives.filter(
				(o) => !portfolio.projects.some((p) => (p.contributions[o.id] ?? 0) > 0)
			);
			return {
				title,
				rationale:
					`${plural(portfolio.objectives.length, 'objective')}, ` +
					`${plural(linked.length, 'project')} linked to them. ` +
					(uncovered.length
						? `Not served by any project: ${list(uncovered.map((o) => o.title))}.`
						: 'Every objective is served by at least one project.'),
				projectIds: []
			};
		}
		case 'weights': {
			const { weights, consistency } = computeWeights(portfolio.criteria, portfolio.weights);
			const parts = [...portfolio.criteria]
				.sort((a, b) => (weights[b.id] ?? 0) - (weights[a.id] ?? 0))
				.map((c) => `${c.name} ${percent(weights[c.id] ?? 0)}`);
			const cr =
				portfolio.weights.method === 'pairwise' && portfolio.criteria.length > 2
					? ` Consistency ratio ${formatAmount(consistency.ratio, 2)}${consistency.acceptable ? '' : ' (above 0.10: to revisit)'}.`
					: '';
			return {
				title,
				rationale: `Weights adopted: ${parts.join(', ') || 'no criteria'}.${cr}`,
				projectIds: []
			};
		}
		case 'scoring': {
			const scored = portfolio.projects.filter((p) =>
				portfolio.criteria.every(
					(c) => (c.objectiveId ? p.contributions[c.objectiveId] : p.scores[c.id]) !== undefined
				)
			);
			const missing = portfolio.projects.filter((p) => !scored.includes(p));
			return {
				title,
				rationale:
					`${plural(scored.length, 'project')} of ${portfolio.projects.length} scored on every criterion.` +
					(missing.length ? ` Still to score: ${list(missing.map((p) => p.name))}.` : ''),
				projectIds: []
			};
		}
		case 'ranking':
		case 'decide':
		case 'optimise':
		case 'capacity':
			return fundingOutcome(kind, portfolio, names, extra);
	}
}

function fundingOutcome(
	kind: 'ranking' | 'decide' | 'optimise' | 'capacity',
	portfolio: Portfolio,
	names: Map<string, string>,
	extra: { scenarios?: readonly string[] }
): StepOutcome {
	const title = `Workshop: ${AGENDA_TITLE[kind]}`;
	const funding = fundingLine(portfolio);
	const funded = portfolio.projects.filter((p) => funding.funded.has(p.id));
	const cost = funding.periods.reduce((sum, p) => sum + p.cost, 0);
	const money = formatMoney(cost, portfolio.currency);
	const line = funding.line ? names.get(funding.line) : null;
	const lineText = line
		? `The funding line stops at ${line} (rank ${portfolio.projects.findIndex((p) => p.id === funding.line) + 1}).`
		: 'Every project that takes part fits.';
	if (kind === 'ranking') {
		const values = projectValues(portfolio);
		const total = funded.reduce((sum, p) => sum + (values.get(p.id) ?? 0), 0);
		return {
			title,
			rationale:
				`Ranking agreed: ${portfolio.projects.map((p, i) => `${i + 1}. ${p.name}`).join('; ')}. ` +
				`${plural(funded.length, 'project')} funded for ${money} (value ${formatAmount(total, 1)}). ${lineText}`,
			projectIds: funded.map((p) => p.id)
		};
	}
	if (kind === 'capacity') {
		const peak = capacityPeak(prepareCapacity(portfolio), {
			order: portfolio.projects.map((p) => p.id),
			funding
		});
		const fte = (v: number) => `${formatAmount(v, 1)} FTE`;
		const words = peak
			? `Peak load: ${peak.info.name} in ${peak.period} at ${formatAmount(peak.load, 1)} of ${fte(peak.capacity)}` +
				(peak.capacity > 0 ? ` (${percent(peak.share)})` : '') +
				`, from ${list(
					peak.contributors.map((c) => `${c.name} ${formatAmount(c.amount, 1)}`),
					3
				)}.` +
				(peak.keepsOut.length
					? ` It keeps out ${list(
							peak.keepsOut.map((k) => k.name),
							4
						)}.`
					: '')
			: 'No role has demand.';
		return { title, rationale: `${words} ${lineText}`, projectIds: funded.map((p) => p.id) };
	}
	if (kind === 'optimise') {
		const compared = extra.scenarios?.length
			? ` Scenarios compared: ${list(extra.scenarios)}.`
			: '';
		return {
			title,
			rationale: `Plan after the optimiser: ${plural(funded.length, 'project')} funded for ${money}: ${list(funded.map((p) => p.name))}.${compared} ${lineText}`,
			projectIds: funded.map((p) => p.id)
		};
	}
	const byDecision = (d: 'in' | 'out') =>
		portfolio.projects.filter((p) => p.decision === d).map((p) => p.name);
	return {
		title,
		rationale:
			`${DECISION_NAME.in}: ${list(byDecision('in'), 10)}. ${DECISION_NAME.out}: ${list(byDecision('out'), 10)}. ` +
			`Funded by the line: ${plural(funded.length, 'project')} for ${money}.`,
		projectIds: funded.map((p) => p.id)
	};
}
