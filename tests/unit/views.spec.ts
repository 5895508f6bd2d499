import { describe, expect, it } from 'vitest';
import { locate, SECTIONS, viewName } from '../../src/lib/components/workspace/views';

describe('workspace views', () => {
	it('groups the views into at most six sections', () => {
		expect(SECTIONS.length).toBeLessThanOrEqual(6);
		expect(SECTIONS.every((s) => s.views.length > 0)).toBe(true);
	});

	it('locate finds a view by its path, with or without slashes', () => {
		expect(locate('')?.view.label).toBe('Projects');
		expect(locate('/map')?.section.label).toBe('Strategy');
		expect(locate('capacity')?.section.label).toBe('Plan');
		expect(locate('reviews/abc')?.view.label).toBe('Portfolio reviews');
		expect(locate('nowhere')).toBeNull();
	});

	it('locate takes the ranking to the Rank option of Projects', () => {
		const place = locate('ranking');
		expect(place?.view.label).toBe('Projects');
		expect(place?.option?.label).toBe('Rank');
		expect(locate('')?.option?.label).toBe('Details');
		expect(locate('entry')?.option?.label).toBe('Fast entry');
	});

	it('viewName names a view as the navigation does, and an option after its view', () => {
		expect(viewName('')).toBe('Projects');
		expect(viewName('review')).toBe('Vote and comment');
		expect(viewName('workshop')).toBe('Agenda');
		expect(viewName('ranking')).toBe('Projects (Rank)');
		expect(viewName('new-thing')).toBe('New thing');
	});
});
