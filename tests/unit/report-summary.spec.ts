import { describe, expect, it } from 'vitest';
import { fundingLine } from '../../src/lib/domain/funding';
import { reportFigures } from '../../src/lib/domain/report-summary';
import { northwindPortfolio } from '../helpers/doc-fixtures';

describe('reportFigures', () => {
	const portfolio = northwindPortfolio();
	const figures = reportFigures(portfolio);

	it('counts the funded plan as the funding line does', () => {
		expect(figures.projects).toBe(portfolio.projects.length);
		expect(figures.funded).toBe(fundingLine(portfolio).funded.size);
		expect(figures.fundedValue).toBeGreaterThan(0);
	});

	it('gives every resource a cell per period, the budget first', () => {
		expect(figures.loads[0].info.unit).toBe('money');
		expect(figures.loads).toHaveLength(1 + portfolio.roles.length);
		for (const row of figures.loads) expect(row.cells).toHaveLength(portfolio.periods.length);
	});

	it('names the fullest cell and the funded projects that load it most', () => {
		const worst = Math.max(
			...figures.loads.flatMap((row) =>
				row.cells.map((c) => (c.share === null || c.load === 0 ? 0 : c.share))
			)
		);
		expect(figures.peak).not.toBeNull();
		expect(figures.peak!.cell.share).toBe(worst);
		expect(figures.peak!.top.length).toBeGreaterThan(0);
		const amounts = figures.peak!.top.map((t) => t.amount);
		expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
	});
});
