import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	emptyPortfolio,
	errorText,
	formatErrors,
	parsePortfolio,
	parsePortfolioText,
	serializePortfolio,
	toPortfolioFile,
	type FormatError,
	type ParseResult
} from '$lib/domain/format';
import type { Portfolio } from '$lib/domain/types';

const fixtureText = readFileSync(
	new URL('../../src/lib/fixtures/northwind.cairn.json', import.meta.url),
	'utf8'
);

// Raw JSON that the tests bend out of shape on purpose.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Raw = any;

function fixture(): Raw {
	return JSON.parse(fixtureText);
}

function parsed(input: unknown = fixture()): Portfolio {
	const result = parsePortfolio(input);
	if (!result.ok) throw new Error(`expected ok, got\n${formatErrors(result.errors)}`);
	return result.portfolio;
}

function errorsOf(result: ParseResult): FormatError[] {
	expect(result.ok).toBe(false);
	expect('portfolio' in result).toBe(false);
	return result.ok ? [] : result.errors;
}

function mutated(mutate: (f: Raw) => void): FormatError[] {
	const f = fixture();
	mutate(f);
	return errorsOf(parsePortfolio(f));
}

describe('parsePortfolio on the Northwind fixture', () => {
	it('accepts the fixture', () => {
		const result = parsePortfolio(fixture());
		expect(result.ok).toBe(true);
		const p = parsed();
		expect(p.name).toBe('Northwind Distribution: Strategy 2027-28');
		expect(p.projects).toHaveLength(24);
		expect(p.projects[5].dependsOn).toEqual(['p-iam']);
	});

	it('toPortfolioFile gives back exactly the fixture', () => {
		expect(toPortfolioFile(parsed())).toEqual(fixture());
	});

	it('writes the top-level keys in the order of the fixture', () => {
		expect(Object.keys(toPortfolioFile(parsed()))).toEqual(Object.keys(fixture()));
		expect(Object.keys(toPortfolioFile(parsed()).projects[0])).toEqual(
			Object.keys(fixture().projects[0])
		);
	});

	it('round-trips through serializePortfolio', () => {
		const p = parsed();
		expect(parsed(JSON.parse(serializePortfolio(p)))).toEqual(p);
	});

	it('keeps arrays in their order', () => {
		const ids = parsed().projects.map((q) => q.id);
		expect(ids).toEqual(fixture().projects.map((q: Raw) => q.id));
	});
});

describe('parsePortfolio rejects bad input at its path, saying where in words', () => {
	const cases: [string, (f: Raw) => void, string, string][] = [
		['a missing format', (f) => delete f.format, 'format', 'no "format"'],
		['another format', (f) => (f.format = 'cairn/portfolio@2'), 'format', 'cairn/portfolio@2'],
		['a missing name', (f) => delete f.name, 'name', 'is required'],
		['a numeric currency', (f) => (f.currency = 1), 'currency', 'must be a string'],
		['missing periods', (f) => delete f.periods, 'periods', 'is required'],
		['a malformed quarter', (f) => (f.periods[1] = '2027-Q5'), 'periods[1]', '2027-Q5'],
		['a thirteenth month', (f) => (f.periods[1] = '2027-13'), 'periods[1]', 'neither'],
		['a repeated period', (f) => f.periods.push('2027-Q1'), 'periods[8]', 'listed twice'],
		['a non-array list', (f) => (f.projects = {}), 'projects', 'must be an array'],
		['a non-object entity', (f) => (f.projects[0] = 5), 'projects[0]', 'must be an object'],
		[
			'a duplicate objective id',
			(f) => (f.objectives[3].id = 'o-customer'),
			'objectives[3].id',
			"objective id 'o-customer' is used twice"
		],
		['an empty id', (f) => (f.projects[0].id = ''), 'projects[0].id', 'must not be empty'],
		['a numeric id', (f) => (f.roles[1].id = 7), 'roles[1].id', 'must be a string'],
		['a reserved id', (f) => (f.roles[1].id = 'constructor'), 'roles[1].id', 'reserved'],
		[
			'a KPI id used in two objectives',
			(f) => (f.objectives[2].kpis[0].id = 'k-arr'),
			'objectives[2].kpis[0].id',
			"KPI id 'k-arr' is used twice"
		],
		[
			'a duplicate project id',
			(f) => (f.projects[4].id = 'p-portal'),
			'projects[4].id',
			"(projects[0]) and project 'Single sign-on and MFA everywhere' (projects[4])"
		],
		[
			'an unknown parent',
			(f) => (f.objectives[1].parentId = 'o-x'),
			'objectives[1].parentId',
			"objective 'o-x' is not one of the portfolio's objectives"
		],
		[
			'an objective that is its own parent',
			(f) => (f.objectives[1].parentId = 'o-growth'),
			'objectives[1].parentId',
			'own parent'
		],
		['a missing title', (f) => delete f.objectives[0].title, 'objectives[0].title', 'required'],
		[
			'a KPI direction outside the list',
			(f) => (f.objectives[1].kpis[0].direction = 'up'),
			'objectives[1].kpis[0].direction',
			'direction: must be one of increase, decrease'
		],
		[
			'a KPI baseline given as text',
			(f) => (f.objectives[1].kpis[0].baseline = '38'),
			'objectives[1].kpis[0].baseline',
			'must be a number, got the string "38"'
		],
		[
			'a KPI actual for an unknown period',
			(f) => (f.objectives[1].kpis[0].actuals['2030-Q1'] = 1),
			'objectives[1].kpis[0].actuals.2030-Q1',
			"period '2030-Q1' is not one of the portfolio's periods"
		],
		[
			'a criterion linked to an unknown objective',
			(f) => (f.criteria[0].objectiveId = 'o-x'),
			'criteria[0].objectiveId',
			"objective 'o-x' is not one of the portfolio's objectives"
		],
		[
			'a criterion kind outside the list',
			(f) => (f.criteria[7].kind = 'risk'),
			'criteria[7].kind',
			'kind: must be one of benefit, cost'
		],
		[
			'a weights method outside the list',
			(f) => (f.weights.method = 'ahp'),
			'weights.method',
			'pairwise, direct'
		],
		[
			'a comparison of an unknown criterion',
			(f) => (f.weights.comparisons[2].a = 'c-x'),
			'weights.comparisons[2].a',
			"criterion 'c-x' is not one of the portfolio's criteria"
		],
		[
			'a pairwise value above 9',
			(f) => (f.weights.comparisons[2].value = 12),
			'weights.comparisons[2].value',
			'value: must be between 1/9 and 9, got 12'
		],
		[
			'a pairwise value of 0.1',
			(f) => (f.weights.comparisons[2].value = 0.1),
			'weights.comparisons[2].value',
			'got 0.1'
		],
		[
			'a pairwise value given as text',
			(f) => (f.weights.comparisons[2].value = '3'),
			'weights.comparisons[2].value',
			'must be a number'
		],
		[
			'a criterion compared with itself',
			(f) => (f.weights.comparisons[2].b = 'c-growth'),
			'weights.comparisons[2].b',
			'compared with itself'
		],
		[
			'a pair given again in the other order',
			(f) => f.weights.comparisons.push({ a: 'c-nps', b: 'c-growth', value: 0.5 }),
			'weights.comparisons[28]',
			'also at weights.comparisons[0]'
		],
		[
			'a pair given twice in the same order',
			(f) => f.weights.comparisons.push({ a: 'c-growth', b: 'c-nps', value: 2 }),
			'weights.comparisons[28]',
			'given twice'
		],
		[
			'a negative direct weight',
			(f) => (f.weights = { method: 'direct', values: { 'c-growth': -1 } }),
			'weights.values.c-growth',
			"weight of criterion 'Revenue growth': must be a number ≥ 0, got -1"
		],
		[
			'a non-finite direct weight',
			(f) => (f.weights = { method: 'direct', values: { 'c-growth': Infinity } }),
			'weights.values.c-growth',
			'finite'
		],
		[
			'a direct weight for an unknown criterion',
			(f) => (f.weights = { method: 'direct', values: { 'c-x': 1 } }),
			'weights.values.c-x',
			"criterion 'c-x' is not one of the portfolio's criteria"
		],
		[
			'capacity for an unknown period',
			(f) => (f.roles[0].capacity['2029-Q1'] = 3),
			'roles[0].capacity.2029-Q1',
			"period '2029-Q1' is not one of the portfolio's periods (2027-Q1…2028-Q4)"
		],
		[
			'a negative capacity',
			(f) => (f.roles[2].capacity['2027-Q3'] = -1),
			'roles[2].capacity.2027-Q3',
			'capacity in 2027-Q3: must be a number ≥ 0, got -1'
		],
		[
			'an infinite budget',
			(f) => (f.budget['2027-Q2'] = Infinity),
			'budget.2027-Q2',
			'budget in 2027-Q2: must be a finite number, got Infinity'
		],
		['a NaN budget', (f) => (f.budget['2027-Q2'] = NaN), 'budget.2027-Q2', 'got NaN'],
		[
			'a cost given as text',
			(f) => (f.projects[0].cost['2027-Q4'] = '12'),
			'projects[0].cost.2027-Q4',
			'cost in 2027-Q4: must be a number, got the string "12"'
		],
		[
			'a negative cost',
			(f) => (f.projects[1].cost['2027-Q3'] = -5),
			'projects[1].cost.2027-Q3',
			'cost in 2027-Q3: must be a number ≥ 0'
		],
		[
			'demand for an unknown role',
			(f) => (f.projects[0].demand['r-x'] = {}),
			'projects[0].demand.r-x',
			"role 'r-x' is not one of the portfolio's roles"
		],
		[
			'a negative demand',
			(f) => (f.projects[3].demand['r-eng']['2027-Q3'] = -0.5),
			'projects[3].demand.r-eng.2027-Q3',
			"demand of role 'Software engineering' in 2027-Q3: must be a number ≥ 0, got -0.5"
		],
		[
			'demand in an unknown period',
			(f) => (f.projects[3].demand['r-eng']['2026-Q4'] = 1),
			'projects[3].demand.r-eng.2026-Q4',
			"period '2026-Q4' is not one of the portfolio's periods"
		],
		[
			'demand per role that is not an object',
			(f) => (f.projects[3].demand['r-eng'] = 3),
			'projects[3].demand.r-eng',
			'must be an object, got 3'
		],
		[
			'a score above 10',
			(f) => (f.projects[3].scores['c-risk'] = 12),
			'projects[3].scores.c-risk',
			"score for criterion 'Delivery risk': must be between 0 and 10, got 12"
		],
		[
			'a negative score',
			(f) => (f.projects[3].scores['c-roi'] = -1),
			'projects[3].scores.c-roi',
			'got -1'
		],
		[
			'a score for an unknown criterion',
			(f) => (f.projects[3].scores['c-x'] = 5),
			'projects[3].scores.c-x',
			"criterion 'c-x' is not one of the portfolio's criteria"
		],
		[
			'a contribution above 3',
			(f) => (f.projects[0].contributions['o-growth'] = 4),
			'projects[0].contributions.o-growth',
			"contribution to objective 'Grow recurring revenue': must be an integer from 0 to 3"
		],
		[
			'a fractional contribution',
			(f) => (f.projects[0].contributions['o-growth'] = 2.5),
			'projects[0].contributions.o-growth',
			'got 2.5'
		],
		[
			'a contribution to an unknown objective',
			(f) => (f.projects[0].contributions['o-x'] = 1),
			'projects[0].contributions.o-x',
			"objective 'o-x' is not one of the portfolio's objectives"
		],
		[
			'a "__proto__" record key',
			(f) => (f.projects[0].scores = JSON.parse('{"__proto__": 5}')),
			'projects[0].scores.__proto__',
			'not allowed as a key'
		],
		[
			'a "constructor" record key',
			(f) => (f.projects[0].contributions = { constructor: 1 }),
			'projects[0].contributions.constructor',
			'not allowed as a key'
		],
		[
			'a dependency on an unknown project',
			(f) => f.projects[0].dependsOn.push('p-x'),
			'projects[0].dependsOn[0]',
			"project 'p-x' is not one of the portfolio's projects"
		],
		[
			'a project depending on itself',
			(f) => f.projects[0].dependsOn.push('p-portal'),
			'projects[0].dependsOn[0]',
			'cannot depend on itself'
		],
		[
			'a project excluding itself',
			(f) => f.projects[6].excludes.push('p-dw'),
			'projects[6].excludes[1]',
			'cannot exclude itself'
		],
		[
			'an exclusion of an unknown project',
			(f) => (f.projects[6].excludes[0] = 'p-x'),
			'projects[6].excludes[0]',
			"project 'p-x' is not one of the portfolio's projects"
		],
		[
			'a dependency listed twice',
			(f) => f.projects[5].dependsOn.push('p-iam'),
			'projects[5].dependsOn[1]',
			'listed twice'
		],
		[
			'a status outside the list',
			(f) => (f.projects[2].status = 'started'),
			'projects[2].status',
			'status: must be one of proposed, approved, active, on-hold, done, cancelled'
		],
		[
			'a decision outside the list',
			(f) => (f.projects[2].decision = 'maybe'),
			'projects[2].decision',
			'decision: must be one of auto, in, out'
		],
		[
			'a likelihood of 6',
			(f) => (f.risks[0].likelihood = 6),
			'risks[0].likelihood',
			'likelihood: must be an integer from 1 to 5, got 6'
		],
		[
			'a fractional impact',
			(f) => (f.risks[0].impact = 2.5),
			'risks[0].impact',
			'impact: must be an integer from 1 to 5, got 2.5'
		],
		['a missing impact', (f) => delete f.risks[0].impact, 'risks[0].impact', 'required'],
		[
			'a risk on an unknown project',
			(f) => (f.risks[0].projectId = 'p-x'),
			'risks[0].projectId',
			"project 'p-x' is not one of the portfolio's projects"
		],
		[
			'a risk on an unknown objective',
			(f) => (f.risks[1].objectiveId = 'o-x'),
			'risks[1].objectiveId',
			"objective 'o-x' is not one of the portfolio's objectives"
		],
		[
			'a risk status outside the list',
			(f) => (f.risks[1].status = 'gone'),
			'risks[1].status',
			'open, mitigated, closed'
		],
		[
			'a decision about an unknown project',
			(f) => f.decisions[1].projectIds.push('p-x'),
			'decisions[1].projectIds[2]',
			"project 'p-x' is not one of the portfolio's projects"
		],
		[
			'a decision date that is not a date',
			(f) => (f.decisions[0].at = 'last Tuesday'),
			'decisions[0].at',
			'ISO date'
		],
		[
			'a review without a snapshot',
			(f) => (f.reviews = [{ id: 'rv-1', name: 'Q1 review', at: '2027-03-31' }]),
			'reviews[0].snapshot',
			'is required'
		]
	];

	it.each(cases)('rejects %s', (_name, mutate, path, message) => {
		const errors = mutated(mutate);
		const match = errors.find((e) => e.path === path);
		expect(match, formatErrors(errors)).toBeDefined();
		expect(errorText(match!)).toContain(message);
	});

	it('rejects an error inside a review snapshot at its nested path', () => {
		const errors = mutated((f) => {
			const snapshot = fixture();
			delete snapshot.format;
			delete snapshot.reviews;
			snapshot.projects[2].cost['2028-Q2'] = -1;
			f.reviews = [{ id: 'rv-1', name: 'Q1 review', at: '2027-03-31', snapshot }];
		});
		expect(errors).toEqual([
			{
				path: 'reviews[0].snapshot.projects[2].cost.2028-Q2',
				where: `review 'Q1 review' (reviews[0]), snapshot, project '${fixture().projects[2].name}' (reviews[0].snapshot.projects[2]), cost in 2028-Q2`,
				message: 'must be a number ≥ 0, got -1'
			}
		]);
	});

	it('rejects input that is not an object at the root', () => {
		expect(errorsOf(parsePortfolio([]))).toEqual([
			{
				path: '',
				where: '',
				message: 'not a Cairn portfolio: a portfolio is a JSON object, this is an array'
			}
		]);
		expect(errorsOf(parsePortfolio(null))[0].path).toBe('');
	});
});

describe('parsePortfolio on cycles', () => {
	it('names the objectives in a parentId cycle', () => {
		const errors = mutated((f) => (f.objectives[0].parentId = 'o-growth'));
		expect(errors).toEqual([
			{
				path: 'objectives[0].parentId',
				where: "objective 'Win and keep customers' (objectives[0]), parent",
				message:
					"forms a cycle: 'Win and keep customers' → 'Grow recurring revenue' → 'Win and keep customers'"
			}
		]);
	});

	it('names the projects in a two-project dependsOn cycle', () => {
		const errors = mutated((f) => f.projects[4].dependsOn.push('p-soc2'));
		expect(errors).toEqual([
			{
				path: 'projects[4].dependsOn',
				where: "project 'Single sign-on and MFA everywhere' (projects[4]), dependsOn",
				message:
					"forms a cycle: 'Single sign-on and MFA everywhere' → 'ISO 27001 certification' → 'Single sign-on and MFA everywhere'"
			}
		]);
	});

	it('names every project of a longer dependsOn cycle, in dependency order', () => {
		const errors = mutated((f) => {
			f.projects[0].dependsOn.push('p-forecast'); // p-forecast already depends on p-dw
			f.projects[6].dependsOn.push('p-returns'); // p-returns already depends on p-portal
		});
		expect(errors).toEqual([
			{
				path: 'projects[0].dependsOn',
				where: "project 'Self-service customer portal' (projects[0]), dependsOn",
				message:
					"forms a cycle: 'Self-service customer portal' → 'Demand forecasting' → 'Cloud data warehouse' → 'Returns automation' → 'Self-service customer portal'"
			}
		]);
	});

	it('accepts a chain of dependencies that is not a cycle', () => {
		const f = fixture();
		f.projects[0].dependsOn.push('p-forecast');
		expect(parsePortfolio(f).ok).toBe(true);
	});
});

describe('parsePortfolio on pairwise values', () => {
	function withValue(value: number): ParseResult {
		const f = fixture();
		f.weights.comparisons[0].value = value;
		return parsePortfolio(f);
	}

	it('accepts 1/9 exactly and as the rounded 0.1111 and 0.111', () => {
		expect(withValue(1 / 9).ok).toBe(true);
		expect(withValue(0.1111).ok).toBe(true);
		expect(withValue(0.111).ok).toBe(true);
		expect(withValue(9).ok).toBe(true);
	});

	it('rejects 0.1, 0.11, 9.5 and 0', () => {
		for (const value of [0.1, 0.11, 9.5, 0]) {
			expect(errorsOf(withValue(value))[0]).toMatchObject({
				path: 'weights.comparisons[0].value',
				message: `must be between 1/9 and 9, got ${value}`
			});
		}
	});
});

describe('parsePortfolio collects errors', () => {
	it('reports every problem, not just the first', () => {
		const errors = mutated((f) => {
			delete f.name;
			f.projects[3].scores['c-risk'] = 12;
			f.risks[2].likelihood = 0;
		});
		expect(errors.map((e) => e.path)).toEqual([
			'name',
			'projects[3].scores.c-risk',
			'risks[2].likelihood'
		]);
	});

	it('lists at most 100 errors and counts the rest', () => {
		const errors = mutated((f) => {
			for (let i = 0; i < 150; i++) f.projects[0].cost[`bad-${i}`] = 1;
		});
		expect(errors).toHaveLength(101);
		expect(errors[99].path).toBe('projects[0].cost.bad-99');
		expect(errors[100]).toEqual({
			path: '',
			where: '',
			message: 'and 50 more errors',
			omitted: 50
		});
	});
});

describe('parsePortfolio cleans what it accepts', () => {
	it('drops unknown fields at every level', () => {
		const f = fixture();
		f.colour = 'teal';
		f.projects[0].internalNote = 'x';
		f.objectives[1].kpis[0].source = 'BI';
		f.weights.updatedBy = 'ana';
		const p = parsed(f);
		expect(p).toEqual(parsed());
		expect('colour' in p).toBe(false);
		expect('internalNote' in p.projects[0]).toBe(false);
		expect('source' in p.objectives[1].kpis[0]).toBe(false);
		expect('updatedBy' in p.weights).toBe(false);
	});

	it('applies the defaults of every optional field', () => {
		const p = parsed({
			format: 'cairn/portfolio@1',
			name: 'Minimal',
			currency: 'USD',
			periods: ['2027-01', '2027-02'],
			objectives: [
				{
					id: 'o-a',
					title: 'A',
					kpis: [{ id: 'k-a', name: 'K', baseline: 1, target: 2, direction: 'increase' }]
				}
			],
			criteria: [{ id: 'c-a', name: 'A', kind: 'benefit' }],
			roles: [{ id: 'r-a', name: 'A' }],
			projects: [{ id: 'p-a', name: 'A' }],
			risks: [{ id: 'x-a', title: 'R', likelihood: 1, impact: 5 }],
			decisions: [{ id: 'd-a', title: 'D', at: '2027-01-15T09:30:00Z' }]
		});
		expect(p).toEqual({
			name: 'Minimal',
			vision: '',
			mission: '',
			currency: 'USD',
			periods: ['2027-01', '2027-02'],
			objectives: [
				{
					id: 'o-a',
					parentId: null,
					title: 'A',
					description: '',
					owner: '',
					kpis: [
						{
							id: 'k-a',
							name: 'K',
							unit: '',
							baseline: 1,
							target: 2,
							direction: 'increase',
							actuals: {}
						}
					]
				}
			],
			criteria: [{ id: 'c-a', name: 'A', kind: 'benefit', objectiveId: null }],
			weights: { method: 'direct', values: {} },
			roles: [{ id: 'r-a', name: 'A', capacity: {} }],
			budget: {},
			projects: [
				{
					id: 'p-a',
					name: 'A',
					description: '',
					sponsor: '',
					status: 'proposed',
					decision: 'auto',
					decisionReason: '',
					cost: {},
					demand: {},
					scores: {},
					contributions: {},
					dependsOn: [],
					excludes: []
				}
			],
			risks: [
				{
					id: 'x-a',
					title: 'R',
					projectId: null,
					objectiveId: null,
					likelihood: 1,
					impact: 5,
					owner: '',
					mitigation: '',
					status: 'open'
				}
			],
			decisions: [
				{ id: 'd-a', at: '2027-01-15T09:30:00Z', by: '', title: 'D', rationale: '', projectIds: [] }
			],
			reviews: []
		});
	});

	it('accepts negative KPI values such as a falling margin', () => {
		const f = fixture();
		f.objectives[1].kpis[0].baseline = -3.5;
		f.objectives[1].kpis[0].actuals['2027-Q1'] = -2;
		const p = parsed(f);
		expect(p.objectives[1].kpis[0].baseline).toBe(-3.5);
		expect(p.objectives[1].kpis[0].actuals['2027-Q1']).toBe(-2);
	});

	it('does not let a "__proto__" field reach any prototype', () => {
		const text = fixtureText.replace('"name":', '"__proto__": { "polluted": true }, "name":');
		const result = parsePortfolioText(text);
		expect(result.ok).toBe(true);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		if (result.ok) expect(Object.getPrototypeOf(result.portfolio)).toBe(Object.prototype);
	});

	it('validates a review snapshot and keeps it', () => {
		const f = fixture();
		const snapshot = fixture();
		delete snapshot.format;
		delete snapshot.reviews;
		f.reviews = [{ id: 'rv-1', name: 'Q1 review', at: '2027-03-31', snapshot }];
		const p = parsed(f);
		const { reviews: _reviews, ...content } = parsed();
		expect(p.reviews[0].snapshot).toEqual(content);
		expect(Object.keys(p.reviews[0].snapshot)).not.toContain('reviews');
		expect(parsed(JSON.parse(serializePortfolio(p)))).toEqual(p);
	});
});

describe('parsePortfolioText', () => {
	it('parses the fixture text', () => {
		expect(parsePortfolioText(fixtureText)).toEqual({ ok: true, portfolio: parsed() });
	});

	it('reports invalid JSON as one error at the root with line and column', () => {
		const errors = errorsOf(parsePortfolioText('{\n  "name": "x",\n}'));
		expect(errors).toHaveLength(1);
		expect(errors[0].path).toBe('');
		expect(errors[0].message).toMatch(/^not JSON: .* at line 3, column 1$/);
	});

	it('reports empty text as not JSON', () => {
		const errors = errorsOf(parsePortfolioText(''));
		expect(errors).toHaveLength(1);
		expect(errors[0].message).toBe('not JSON: the file is empty');
	});

	it('accepts a leading byte-order mark', () => {
		expect(parsePortfolioText(`\uFEFF${fixtureText}`).ok).toBe(true);
	});
});

describe('toPortfolioFile and serializePortfolio', () => {
	it('puts format first and indents with two spaces and a final newline', () => {
		const text = serializePortfolio(parsed());
		expect(text.startsWith('{\n  "format": "cairn/portfolio@1",\n  "name": ')).toBe(true);
		expect(text.endsWith('}\n')).toBe(true);
		expect(text.endsWith('\n\n')).toBe(false);
	});

	it('orders per-period records by periods, whatever order they were built in', () => {
		const p = parsed();
		p.projects[0].cost = { '2028-Q4': 1, '2027-Q4': 2, '2028-Q1': 3 };
		expect(Object.keys(toPortfolioFile(p).projects[0].cost)).toEqual([
			'2027-Q4',
			'2028-Q1',
			'2028-Q4'
		]);
	});

	it('returns a copy that shares nothing with the portfolio', () => {
		const p = parsed();
		const file = toPortfolioFile(p);
		file.projects[0].cost['2027-Q4'] = 0;
		file.projects[0].dependsOn.push('p-x');
		expect(p.projects[0].cost['2027-Q4']).toBe(121000);
		expect(p.projects[0].dependsOn).toEqual([]);
	});
});

describe('formatErrors', () => {
	it('writes one line per error with the path first, then where in words, (root) for the whole file', () => {
		expect(
			formatErrors([
				{ path: '', where: '', message: 'not JSON: the file is empty' },
				{
					path: 'projects[3].scores.c-risk',
					where: "project 'Routes' (projects[3]), score for criterion 'Delivery risk'",
					message: 'must be between 0 and 10, got 12'
				},
				{ path: 'periods', where: 'periods', message: 'is required' }
			])
		).toBe(
			[
				'(root): not JSON: the file is empty',
				"projects[3].scores.c-risk: project 'Routes' (projects[3]), score for criterion 'Delivery risk': must be between 0 and 10, got 12",
				'periods: is required'
			].join('\n')
		);
	});
});

describe('emptyPortfolio', () => {
	it('is a valid portfolio with no periods and direct weights', () => {
		const p = emptyPortfolio('Strategy 2028');
		expect(p.name).toBe('Strategy 2028');
		expect(p.currency).toBe('EUR');
		expect(p.periods).toEqual([]);
		expect(p.weights).toEqual({ method: 'direct', values: {} });
		expect(parsed(JSON.parse(serializePortfolio(p)))).toEqual(p);
	});

	it('returns a fresh object each time', () => {
		const a = emptyPortfolio('A');
		a.periods.push('2027-Q1');
		expect(emptyPortfolio('A').periods).toEqual([]);
	});
});
