import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	errorText,
	formatErrors,
	parsePortfolio,
	parsePortfolioBytes,
	parsePortfolioText,
	summarizeErrors,
	type FormatError,
	type ParseResult
} from '$lib/domain/format';
import { findJsonSyntaxError } from '$lib/domain/json-syntax';
import { describePath, pathSegments } from '$lib/domain/validate-where';

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

function errorsOf(result: ParseResult): FormatError[] {
	expect(result.ok).toBe(false);
	return result.ok ? [] : result.errors;
}

function mutated(mutate: (f: Raw) => void): FormatError[] {
	const f = fixture();
	mutate(f);
	return errorsOf(parsePortfolio(f));
}

describe('errors say where in names, keeping the path for tools', () => {
	it('names the project and the role of a bad demand cell, and keeps its path', () => {
		const errors = mutated((f) => (f.projects[0].demand['r-eng']['2027-Q4'] = -3));
		expect(errors).toEqual([
			{
				path: 'projects[0].demand.r-eng.2027-Q4',
				where:
					"project 'Self-service customer portal' (projects[0]), demand of role 'Software engineering' in 2027-Q4",
				message: 'must be a number ≥ 0, got -3'
			}
		]);
		expect(errorText(errors[0])).toBe(
			"project 'Self-service customer portal' (projects[0]), demand of role 'Software engineering' in 2027-Q4: must be a number ≥ 0, got -3"
		);
	});

	it('refuses direct weights that are all 0, naming them; no values at all is equal weights', () => {
		const errors = mutated((f) => {
			f.weights = { method: 'direct', values: { 'c-growth': 0, 'c-roi': 0 } };
		});
		expect(errors).toEqual([
			{
				path: 'weights.values',
				where: 'direct weights',
				message:
					'are all 0: give at least one criterion a weight above 0 (or no values, for equal weights)'
			}
		]);
		const f = fixture();
		f.weights = { method: 'direct', values: {} };
		expect(parsePortfolio(f).ok).toBe(true);
	});

	it('names objectives by title, criteria, KPIs and risks by name or title', () => {
		const f = fixture();
		expect(describePath(f, 'projects[3].contributions.o-growth')).toBe(
			"project 'Delivery route optimisation' (projects[3]), contribution to objective 'Grow recurring revenue'"
		);
		expect(describePath(f, 'projects[3].scores.c-risk')).toBe(
			"project 'Delivery route optimisation' (projects[3]), score for criterion 'Delivery risk'"
		);
		expect(describePath(f, 'objectives[1].kpis[0].actuals.2027-Q1')).toBe(
			"objective 'Grow recurring revenue' (objectives[1]), KPI 'Recurring revenue' (objectives[1].kpis[0]), actual in 2027-Q1"
		);
		expect(describePath(f, 'risks[2].likelihood')).toBe(
			"risk 'ERP vendor ends support early' (risks[2]), likelihood"
		);
		expect(describePath(f, 'budget.2027-Q2')).toBe('budget in 2027-Q2');
		expect(describePath(f, 'name')).toBe('portfolio name');
	});

	it('falls back to the id, then the position, when an entity has no name', () => {
		const f = fixture();
		f.projects[2].name = '';
		f.projects[3] = { cost: {} };
		expect(describePath(f, 'projects[2].cost')).toBe(`project 'p-wms' (projects[2]), cost`);
		expect(describePath(f, 'projects[3].cost')).toBe('project 4 (projects[3]), cost');
	});

	it('reads back the paths it names, odd keys included', () => {
		expect(pathSegments('projects[0].demand.r-eng.2027-Q2')).toEqual([
			'projects',
			0,
			'demand',
			'r-eng',
			'2027-Q2'
		]);
		expect(pathSegments('projects[0].scores["a b.c"]')).toEqual(['projects', 0, 'scores', 'a b.c']);
	});
});

describe('one message per root cause', () => {
	it('reports a period that is not in periods, used by 17 values, once with examples', () => {
		const errors = mutated((f) => {
			for (const role of f.roles.slice(0, 3)) role.capacity['2027-Q5'] = 1;
			f.budget['2027-Q5'] = 1;
			for (const project of f.projects.slice(0, 6)) project.cost['2027-Q5'] = 1;
			for (const project of f.projects.slice(0, 6)) project.demand['r-eng'] = { '2027-Q5': 1 };
			f.objectives[1].kpis[0].actuals['2027-Q5'] = 1;
		});
		expect(errors).toHaveLength(1);
		expect(errors[0].path).toBe('objectives[1].kpis[0].actuals.2027-Q5');
		expect(errors[0].paths).toHaveLength(17);
		expect(errors[0].where).toBe('');
		expect(errors[0].message).toBe(
			"period '2027-Q5' is not one of the portfolio's periods (2027-Q1…2028-Q4): used by 17 values, e.g. objective 'Grow recurring revenue' KPI 'Recurring revenue' actuals, role 'Software engineering' capacity, role 'Data and analytics' capacity"
		);
	});

	it('reports a period removed from periods once, however many cells use it', () => {
		const errors = mutated((f) => f.periods.splice(1, 1));
		expect(errors).toHaveLength(1);
		expect(errors[0].message).toMatch(
			/^period '2027-Q2' is not one of the portfolio's periods \(2027-Q1…2028-Q4\): used by \d+ values, e\.g\. /
		);
	});

	it('reports a malformed periods entry once, and not the cells that use it', () => {
		const errors = mutated((f) => {
			f.periods[1] = '2027-Q5';
			f.budget = { '2027-Q5': 1 };
		});
		expect(errors.map(errorText)).toEqual([
			"period '2027-Q5': is neither a quarter (2027-Q1) nor a month (2027-01)",
			expect.stringMatching(/^period '2027-Q2' is not one of the portfolio's periods/)
		]);
	});

	it('reports missing periods once, not every per-period value', () => {
		const errors = mutated((f) => delete f.periods);
		expect(errors).toEqual([{ path: 'periods', where: 'periods', message: 'is required' }]);
	});

	it('reports an unknown role used by several projects once, naming them', () => {
		const errors = mutated((f) => {
			f.projects[2].demand['r-ghost'] = { '2027-Q4': 1 };
			f.projects[5].demand['r-ghost'] = { '2027-Q4': 1 };
			f.projects[9].demand['r-ghost'] = { '2027-Q4': 1, '2028-Q1': 2 };
		});
		expect(errors).toEqual([
			{
				path: 'projects[2].demand.r-ghost',
				where: '',
				message:
					"role 'r-ghost' is not one of the portfolio's roles: used by 3 places: project 'Warehouse management system upgrade' demand, project 'ISO 27001 certification' demand, project '" +
					fixture().projects[9].name +
					"' demand",
				paths: [
					'projects[2].demand.r-ghost',
					'projects[5].demand.r-ghost',
					'projects[9].demand.r-ghost'
				]
			}
		]);
	});

	it('reports an unknown criterion in many scores and an unknown objective in many contributions once each', () => {
		const errors = mutated((f) => {
			for (const project of f.projects) {
				project.scores['c-gone'] = 5;
				project.contributions['o-gone'] = 1;
			}
		});
		expect(errors.map((e) => e.message.split(':')[0])).toEqual([
			"criterion 'c-gone' is not one of the portfolio's criteria",
			"objective 'o-gone' is not one of the portfolio's objectives"
		]);
		expect(errors.map((e) => e.paths?.length)).toEqual([24, 24]);
	});

	it('reports a duplicate id once, naming both places', () => {
		const f = fixture();
		const errors = mutated((g) => (g.risks[2].id = g.risks[0].id));
		expect(errors).toEqual([
			{
				path: 'risks[2].id',
				where: '',
				message: `risk id '${f.risks[0].id}' is used twice: risk '${f.risks[0].title}' (risks[0]) and risk '${f.risks[2].title}' (risks[2])`,
				paths: ['risks[2].id']
			}
		]);
	});

	it('names every project of a dependsOn cycle by name, in order', () => {
		const errors = mutated((f) => f.projects[4].dependsOn.push('p-soc2'));
		expect(errors.map(errorText)).toEqual([
			"project 'Single sign-on and MFA everywhere' (projects[4]), dependsOn: forms a cycle: 'Single sign-on and MFA everywhere' → 'ISO 27001 certification' → 'Single sign-on and MFA everywhere'"
		]);
	});

	it('keeps file order, a grouped message at the place of its first use', () => {
		const errors = mutated((f) => {
			delete f.name;
			f.projects[3].scores['c-risk'] = 12;
			f.roles[1].capacity['2031-Q1'] = 1;
			f.projects[8].cost['2031-Q1'] = 1;
			f.risks[2].likelihood = 0;
		});
		expect(errors.map((e) => e.path)).toEqual([
			'name',
			'roles[1].capacity.2031-Q1',
			'projects[3].scores.c-risk',
			'risks[2].likelihood'
		]);
	});
});

describe('text that is not a UTF-8 JSON portfolio', () => {
	it('refuses bytes that are not UTF-8 instead of importing replacement characters', () => {
		const text = fixtureText.replace('"Northwind Distribution', '"Northwind Distribuci\u00f3n');
		const latin1 = Uint8Array.from(text, (c) => c.charCodeAt(0));
		const errors = errorsOf(parsePortfolioBytes(latin1));
		expect(errors).toHaveLength(1);
		expect(errors[0].path).toBe('');
		expect(errors[0].message).toMatch(/^not UTF-8: the text at line 3, column \d+ is not UTF-8/);
	});

	it('accepts UTF-8 bytes, with or without a byte-order mark', () => {
		const bytes = new TextEncoder().encode(fixtureText);
		expect(parsePortfolioBytes(bytes).ok).toBe(true);
		expect(parsePortfolioBytes(Uint8Array.of(0xef, 0xbb, 0xbf, ...bytes)).ok).toBe(true);
	});

	it('refuses UTF-16, a NUL byte and text already holding U+FFFD', () => {
		const utf16 = Uint8Array.of(0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00);
		expect(errorsOf(parsePortfolioBytes(utf16))[0].message).toMatch(/^not UTF-8: .*UTF-16/);
		expect(errorsOf(parsePortfolioText('{"name": "a\u0000b"}'))[0].message).toBe(
			'not a text file: it has a NUL character at line 1, column 12; a portfolio is UTF-8 JSON text'
		);
		expect(errorsOf(parsePortfolioText('{\n"name": "a\uFFFDb"}'))[0].message).toMatch(
			/^not UTF-8: the text at line 2, column 11 /
		);
	});

	it('says where text is not JSON, by line and column', () => {
		const text = '{\n  "format": "cairn/portfolio@1",\n  "name": tru,\n}';
		expect(errorsOf(parsePortfolioText(text))).toEqual([
			{
				path: '',
				where: '',
				message: "not JSON: unexpected ',', expected 'true' at line 3, column 14"
			}
		]);
	});

	it('says in one line that JSON without a cairn format is not a portfolio', () => {
		const packageJson = { name: 'x', version: '1.0.0', dependencies: {} };
		expect(errorsOf(parsePortfolio(packageJson))).toEqual([
			{
				path: 'format',
				where: '',
				message: 'not a Cairn portfolio: it has no "format": "cairn/portfolio@1"'
			}
		]);
		expect(errorsOf(parsePortfolio({ ...fixture(), format: 'acme/roadmap@3' }))).toEqual([
			{
				path: 'format',
				where: '',
				message:
					'not a Cairn portfolio: its format is the string "acme/roadmap@3", not "cairn/portfolio@1"'
			}
		]);
		expect(errorsOf(parsePortfolio({ ...fixture(), format: 'cairn/portfolio@2' }))).toHaveLength(1);
	});
});

describe('findJsonSyntaxError', () => {
	it('finds the first offending character of each kind of mistake', () => {
		expect(findJsonSyntaxError('{"a": 1,}')).toEqual({
			reason: "unexpected '}', expected a property name after the comma",
			line: 1,
			column: 9
		});
		expect(findJsonSyntaxError('[1 2]')?.reason).toBe("unexpected '2', expected ',' or ']'");
		expect(findJsonSyntaxError('{"a" 1}')?.reason).toBe("unexpected '1', expected ':'");
		expect(findJsonSyntaxError('{"a": "b')?.reason).toBe('unexpected end of input inside a string');
		expect(findJsonSyntaxError('{"a": 01}')?.column).toBe(8);
		expect(findJsonSyntaxError('{} {}')?.reason).toBe("unexpected '{' after the end of the JSON");
	});

	it('finds nothing wrong in valid JSON', () => {
		expect(findJsonSyntaxError(fixtureText)).toBeNull();
		expect(findJsonSyntaxError(' [1, -2.5e3, "\\u00e9\\n", true, false, null, {}] ')).toBeNull();
	});
});

describe('summarizeErrors and formatErrors', () => {
	const many: FormatError[] = Array.from({ length: 30 }, (_, i) => ({
		path: `projects[${i}].name`,
		where: `project ${i + 1} (projects[${i}]), name`,
		message: 'is required'
	}));

	it('shows the first 20 and counts the rest, including those a capped list left out', () => {
		const summary = summarizeErrors(many);
		expect(summary.total).toBe(30);
		expect(summary.shown).toHaveLength(20);
		expect(summary.shown[0]).toEqual({
			text: 'project 1 (projects[0]), name: is required',
			path: 'projects[0].name'
		});
		expect(summary.more).toBe(10);
		const capped = [...many, { path: '', where: '', message: 'and 50 more errors', omitted: 50 }];
		expect(summarizeErrors(capped)).toMatchObject({ total: 80, more: 60 });
	});

	it('writes a grouped message on one line, its first path first', () => {
		const errors = mutated((f) => (f.projects[2].demand = { 'r-nowhere': { '2027-Q1': 1 } }));
		expect(formatErrors(errors)).toBe(
			"projects[2].demand.r-nowhere: role 'r-nowhere' is not one of the portfolio's roles: used by project 'Warehouse management system upgrade' demand"
		);
	});
});
