import { describe, expect, it } from 'vitest';
import { countOf, formatValue, nounFor } from '../../src/lib/components/ui/format';

describe('countOf', () => {
	it('says one in the singular and every other count in the plural', () => {
		expect(countOf(1, 'objective')).toBe('1 objective');
		expect(countOf(0, 'project')).toBe('0 projects');
		expect(countOf(3, 'row')).toBe('3 rows');
	});

	it('takes an irregular plural', () => {
		expect(countOf(1, 'person', 'people')).toBe('1 person');
		expect(countOf(2, 'person', 'people')).toBe('2 people');
		expect(nounFor(1, 'pair')).toBe('pair');
	});
});

describe('formatValue', () => {
	it('prints one decimal, rounded once', () => {
		expect(formatValue(184.85)).toBe('184.8');
		expect(formatValue(184.86)).toBe('184.9');
		expect(formatValue(6)).toBe('6.0');
	});
});
