import { it } from 'vitest';
import { fundingLine } from '../../src/lib/domain/funding';
import { projectValues } from '../../src/lib/domain/scoring';
import { northwindPortfolio } from '../helpers/doc-fixtures';
it('probe', () => {
	const p = northwindPortfolio();
	const v = projectValues(p);
	const f = fundingLine(p);
	p.projects.forEach((x, i) => console.log(i + 1, x.id, v.get(x.id)?.toFixed(1), f.funded.has(x.id), JSON.stringify(f.reasons.get(x.id))));
	console.log('line', f.line);
});
