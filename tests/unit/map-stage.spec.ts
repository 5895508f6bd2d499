import { describe, expect, it } from 'vitest';
import { planMapStage, STAGE_SIZES, type StagePlan } from '../../src/lib/charts/map-stage';
import {
	ORPHANS_CARD,
	stageOutline,
	type StageOutline
} from '../../src/lib/charts/map-stage-outline';
import { analyzeAlignment } from '../../src/lib/domain/alignment';
import { emptyPortfolio, parsePortfolioText } from '../../src/lib/domain/format';
import type { Objective, Portfolio } from '../../src/lib/domain/types';
import { project } from '../helpers/projects';
import { northwind30 } from '../helpers/sample30';

function objective(id: string, parentId: string | null = null): Objective {
	return { id, parentId, title: `Objective ${id}`, description: '', owner: '', kpis: [] };
}

/** growth → { upsell, retention }, ops; no budget, so nothing is funded. */
function portfolio(over: Partial<Portfolio> = {}): Portfolio {
	return {
		...emptyPortfolio('Stage'),
		vision: 'Be the one they choose',
		objectives: [
			objective('growth'),
			objective('upsell', 'growth'),
			objective('retention', 'growth'),
			objective('ops')
		],
		...over
	};
}

const outlineOf = (p: Portfolio) => stageOutline(p, analyzeAlignment(p));

function sample30(): Portfolio {
	const parsed = parsePortfolioText(JSON.stringify(northwind30()));
	if (!parsed.ok) throw new Error('the grown sample does not parse');
	return parsed.portfolio;
}

/** 1920×1080 and 1280×720 presenting (1rem = 25.28 px and 20 px), less the stage's header and padding. */
const SCREENS = {
	'1920×1080': { width: (1920 - 2 * 25.28) / 25.28, height: (1080 - 70) / 25.28 - 1 },
	'1280×720': { width: (1280 - 40) / 20, height: (720 - 56) / 20 - 1 }
};

/** Every card inside the box, none overlapping another in its column. */
function expectInside(plan: StagePlan, box: { width: number; height: number }) {
	for (const c of plan.cards) {
		expect(c.x).toBeGreaterThanOrEqual(0);
		expect(c.y).toBeGreaterThanOrEqual(0);
		expect(c.x + c.width).toBeLessThanOrEqual(box.width + 1e-6);
		expect(c.y + c.height).toBeLessThanOrEqual(plan.height + 1e-6);
	}
	expect(plan.top + plan.height + STAGE_SIZES.sectionGap + STAGE_SIZES.legend).toBeLessThanOrEqual(
		box.height + 1e-6
	);
	const columnOf = (c: StagePlan['cards'][number]) =>
		Math.floor((c.x + 1e-6) / (plan.columnWidth + STAGE_SIZES.columnGap));
	const sorted = [...plan.cards].sort((a, b) => columnOf(a) - columnOf(b) || a.y - b.y);
	for (let i = 1; i < sorted.length; i++) {
		const [a, b] = [sorted[i - 1], sorted[i]];
		if (columnOf(a) === columnOf(b)) expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
	}
}

/** Every project serving a card is named on it or counted in its "+n more". */
function expectEveryProjectNamedOrCounted(outline: StageOutline, plan: StagePlan) {
	for (const card of outline.cards) {
		const placed = plan.cards.find((c) => c.card.id === card.id);
		expect(placed, card.title).toBeDefined();
		if (plan.level !== 'chips') continue;
		expect(placed!.shown.length + placed!.more).toBe(card.chips.length);
		expect(placed!.shown).toEqual(card.chips.slice(0, placed!.shown.length));
	}
}

describe('stageOutline', () => {
	it('lists objectives depth first under their theme, then the projects serving no objective', () => {
		const outline = outlineOf(
			portfolio({
				projects: [project('a', { contributions: { upsell: 2 } }), project('lonely')]
			})
		);
		expect(outline.cards.map((c) => [c.id, c.depth])).toEqual([
			['growth', 1],
			['upsell', 2],
			['retention', 2],
			['ops', 1],
			[ORPHANS_CARD, 1]
		]);
		expect(outline.cards.at(-1)!.chips.map((c) => c.projectId)).toEqual(['lonely']);
		expect(outline.vision).toBe('Be the one they choose');
	});

	it('puts the strongest contributions first, funded before unfunded, then by rank', () => {
		const p = portfolio({
			periods: ['Q1'],
			budget: { Q1: 10 },
			projects: [
				project('weak', { contributions: { ops: 1 } }),
				project('late', { contributions: { ops: 3 } }),
				project('funded', { contributions: { ops: 3 }, cost: { Q1: 5 } }),
				project('mid', { contributions: { ops: 2 } })
			]
		});
		const ops = outlineOf(p).cards.find((c) => c.id === 'ops')!;
		// With a budget of 10, every project is funded but 'late' and 'funded' rank as listed…
		expect(ops.chips.map((c) => c.weight)).toEqual([3, 3, 2, 1]);
		expect(ops.chips.map((c) => c.projectId)).toEqual(['late', 'funded', 'mid', 'weak']);
		expect(ops.coverage).toBe('funded');
	});

	it('counts a theme’s projects through its sub-objectives, and marks the uncovered ones', () => {
		const outline = outlineOf(
			portfolio({ projects: [project('a', { contributions: { upsell: 2, retention: 1 } })] })
		);
		const growth = outline.cards.find((c) => c.id === 'growth')!;
		expect(growth.projects).toBe(1);
		expect(growth.chips).toEqual([]);
		expect(outline.cards.find((c) => c.id === 'ops')!.coverage).toBe('uncovered');
	});

	it('leaves done and cancelled projects off the cards and counts them', () => {
		const outline = outlineOf(
			portfolio({
				projects: [
					project('done', { status: 'done', contributions: { ops: 3 } }),
					project('gone', { status: 'cancelled' })
				]
			})
		);
		expect(outline.cards.flatMap((c) => c.chips)).toEqual([]);
		expect(outline.notTakingPart).toBe(2);
	});
});

describe('planMapStage', () => {
	it('shows every chip of a small map, each theme in its own column', () => {
		const outline = outlineOf(
			portfolio({
				projects: [
					project('a', { contributions: { upsell: 2 } }),
					project('b', { contributions: { ops: 3 } })
				]
			})
		);
		const box = SCREENS['1280×720'];
		const plan = planMapStage(outline, box);
		expect(plan.level).toBe('chips');
		expect(plan.cards.every((c) => c.more === 0 && c.shown.length === c.card.chips.length)).toBe(
			true
		);
		const x = (id: string) => plan.cards.find((c) => c.card.id === id)!.x;
		expect(x('ops')).toBeGreaterThan(x('growth'));
		expect(x('upsell')).toBeGreaterThan(x('growth')); // indented under its theme
		expectInside(plan, box);
	});

	for (const [screen, box] of Object.entries(SCREENS)) {
		it(`fits the 30-project sample at ${screen}, every objective on a card and every project named or counted`, () => {
			const p = sample30();
			const outline = outlineOf(p);
			const plan = planMapStage(outline, box);
			expect(plan.hidden).toBe(0);
			expect(plan.level).toBe('chips');
			expect(plan.cards.map((c) => c.card.id).sort()).toEqual(p.objectives.map((o) => o.id).sort());
			expectInside(plan, box);
			expectEveryProjectNamedOrCounted(outline, plan);
			// A theme never ends a column with its first objective at the top of the next.
			for (const [i, c] of plan.cards.entries()) {
				const next = plan.cards[i + 1];
				if (next && next.card.depth > c.card.depth) expect(next.y).toBeGreaterThan(c.y);
			}
			// The strongest of each card is named.
			for (const c of plan.cards)
				if (c.card.chips.length > 0) expect(c.shown.length).toBeGreaterThan(0);
		});
	}

	it('never counts a single project: "+1 more" takes the room the project itself would', () => {
		const p = sample30();
		const outline = outlineOf(p);
		for (let height = 10; height <= 40; height += 0.5) {
			const plan = planMapStage(outline, { width: 64, height });
			for (const c of plan.cards) expect(c.more).not.toBe(1);
		}
	});

	it('leaves no column with room for another chip while one of its cards counts projects', () => {
		const outline = outlineOf(sample30());
		const row = STAGE_SIZES.chip + STAGE_SIZES.chipGap;
		for (const width of [50, 64, 74]) {
			for (let height = 16; height <= 44; height += 0.5) {
				const plan = planMapStage(outline, { width, height });
				if (plan.level !== 'chips') continue;
				const columns = new Map<number, StagePlan['cards']>();
				for (const c of plan.cards) {
					const column = Math.floor((c.x + 1e-6) / (plan.columnWidth + STAGE_SIZES.columnGap));
					columns.set(column, [...(columns.get(column) ?? []), c]);
				}
				for (const cards of columns.values()) {
					const bottom = Math.max(...cards.map((c) => c.y + c.height));
					if (cards.some((c) => c.more > 0))
						expect(bottom + row, `${width}×${height}`).toBeGreaterThan(plan.height);
				}
			}
		}
	});

	it('gives up chips before type size: counts, then one line per objective, then "+n objectives"', () => {
		const many = Array.from({ length: 60 }, (_, i) =>
			objective(`o${i}`, i % 6 === 0 ? null : `o${i - (i % 6)}`)
		);
		const projects = many.map((o, i) => project(`p${i}`, { contributions: { [o.id]: 2 } }));
		const outline = outlineOf(portfolio({ objectives: many, projects }));
		const roomy = planMapStage(outline, { width: 120, height: 70 });
		const tight = planMapStage(outline, { width: 80, height: 40 });
		const tiny = planMapStage(outline, { width: 30, height: 12 });
		expect(roomy.level).toBe('chips');
		expect(tight.level).toBe('lines');
		expect(tight.hidden).toBe(0);
		expectInside(tight, { width: 80, height: 40 });
		expect(tiny.hidden).toBeGreaterThan(0);
		expect(tiny.cards.length + tiny.hidden).toBe(60);
		expectInside(tiny, { width: 30, height: 12 });
	});

	it('spends a column’s spare height on its own cards', () => {
		const outline = outlineOf(
			portfolio({
				projects: Array.from({ length: 30 }, (_, i) =>
					project(`p${i}`, { contributions: i < 22 ? { upsell: 2 } : { ops: 2 } })
				)
			})
		);
		const plan = planMapStage(outline, { width: 64, height: 24 });
		const upsell = plan.cards.find((c) => c.card.id === 'upsell')!;
		const ops = plan.cards.find((c) => c.card.id === 'ops')!;
		// ops has a column of its own, so it shows all 8; upsell cannot show its 22.
		expect(ops.more).toBe(0);
		expect(upsell.more).toBeGreaterThan(0);
		expectInside(plan, { width: 64, height: 24 });
	});

	it('wraps a long vision onto a second line', () => {
		const outline = outlineOf(portfolio({ vision: 'word '.repeat(40) }));
		expect(planMapStage(outline, { width: 64, height: 30 }).visionLines).toBe(2);
		expect(planMapStage(outlineOf(portfolio()), { width: 64, height: 30 }).visionLines).toBe(1);
	});
});
