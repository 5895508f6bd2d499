/**
 * The strategy map on the shared screen (MapStage.svelte), pure and testable in node.
 *
 * Why not the interactive map fitted to the screen: its node text is drawn at 13-19 map
 * units and the whole map is 1700 units wide with 30 projects, so fitting it to a
 * 1280 px projector draws that text at 8-12 px, and the contribution links (one per
 * project and objective) are a thicket from the back of a room. The stage keeps what
 * the room reads (the vision, the themes and their objectives, which projects serve
 * each and how strongly, the uncovered and unfunded badges) as cards of fixed-size text
 * in columns, and gives up detail instead of type size:
 *
 * 1. every card lists the projects that serve its objective as chips, strongest first;
 * 2. when they do not all fit, each card shows its strongest K and counts the rest
 *    ("+7 more"), for the largest K at which every card fits; the space left at the
 *    foot of a column then goes back, one chip at a time, to that column's cards;
 * 3. past K = 1, cards keep only their counts; past that, each objective is one line.
 *
 * Sizes are in rem: the stage's text is 0.9rem or more, and presenting sets 1rem to
 * 20 px or more, so nothing is drawn under 18 CSS px whatever the screen.
 */
import type { StageCard, StageChip, StageOutline } from './map-stage-outline';

/**
 * The stage's type and box sizes in rem; MapStage.svelte draws with the same numbers,
 * so a card is exactly as tall as planned.
 */
export const STAGE_SIZES = Object.freeze({
	/** Chip and meta text; the smallest text on the stage. */
	text: 0.9,
	/** A chip's height, and the gap under it. */
	chip: 1.4,
	chipGap: 0.2,
	/** Card titles: an objective's and a theme's font size and line height. */
	title: 1,
	titleLine: 1.25,
	themeTitle: 1.1,
	themeTitleLine: 1.35,
	/** The counts and badge line under a title. */
	meta: 1.5,
	cardPadY: 0.35,
	cardPadX: 0.5,
	/** Border width on each side of a card. */
	cardBorder: 0.15,
	cardGap: 0.45,
	columnGap: 0.75,
	/** Sub-objectives step in by this much per level (up to two levels). */
	indent: 0.9,
	/** Room a chip keeps for its contribution mark before the name. */
	chipMark: 1.7,
	/** The vision banner: font size, line height and padding. */
	vision: 1.2,
	visionLine: 1.45,
	visionPad: 0.4,
	/** The legend under the columns: one line. */
	legend: 1.4,
	sectionGap: 0.5,
	/** Columns are at least this wide (cards), or this (one line per objective). */
	minColumn: 15,
	minCompactColumn: 11,
	/** Columns are at most this wide: a card across a whole 16:9 screen reads badly. */
	maxColumn: 30,
	/** An average glyph's width in em (bold), on the wide side so that estimates err long. */
	glyph: 0.56,
	boldGlyph: 0.62
});

export type StageLevel = 'chips' | 'counts' | 'lines';

export interface PlacedCard {
	card: StageCard;
	/** Top-left corner and size in rem, inside the columns' box. */
	x: number;
	y: number;
	width: number;
	height: number;
	titleLines: number;
	shown: StageChip[];
	/** Projects counted, not named ("+n more"). */
	more: number;
}

export interface StagePlan {
	level: StageLevel;
	columns: number;
	columnWidth: number;
	/** Lines of the vision banner (1 or 2) and the banner's height. */
	visionLines: number;
	visionHeight: number;
	/** Where the columns' box starts and how tall it is. */
	top: number;
	height: number;
	cards: PlacedCard[];
	/** Cards that did not fit even as one line each (a map of well over 100 objectives). */
	hidden: number;
}

const S = STAGE_SIZES;
const chipRow = S.chip + S.chipGap;

/** Lines a text takes in `width` rem at `size` rem (estimated), at most `max`. */
function linesFor(text: string, width: number, size: number, max: number, bold = true): number {
	const perLine = Math.max(1, Math.floor(width / (size * (bold ? S.boldGlyph : S.glyph))));
	return Math.max(1, Math.min(max, Math.ceil(text.length / perLine)));
}

/** Chips a card shows at cap `k`: all of them when at most one would be left over. */
function shownAt(card: StageCard, k: number): number {
	const n = card.chips.length;
	return n <= k + 1 ? n : k;
}

/** Rows under the meta line: the chips shown and a "+n more" line. */
function chipRows(card: StageCard, shown: number): number {
	return shown === 0 ? 0 : shown + (shown < card.chips.length ? 1 : 0);
}

interface Draft {
	card: StageCard;
	column: number;
	indent: number;
	titleLines: number;
	/** Height without chips. */
	head: number;
	shown: number;
}

const heightOf = (d: Draft) => d.head + chipRows(d.card, d.shown) * chipRow;

/**
 * Flows the cards down `columns` columns of `height` rem, in order, each theme starting
 * a new column when `breakAtThemes`; null when they do not fit.
 */
function flow(
	outline: StageOutline,
	options: { columns: number; width: number; height: number; breakAtThemes: boolean },
	level: StageLevel,
	cap: number
): Draft[] | null {
	const { columns, width, height, breakAtThemes } = options;
	const drafts: Draft[] = outline.cards.map((card) => {
		const indent = Math.min(2, card.depth - 1) * S.indent;
		const inner = width - indent - 2 * (S.cardPadX + S.cardBorder);
		const theme = card.depth === 1;
		const lineHeight = theme ? S.themeTitleLine : S.titleLine;
		let titleLines = 1;
		let head = 2 * (S.cardPadY + S.cardBorder) + lineHeight;
		if (level !== 'lines') {
			titleLines = linesFor(card.title, inner, theme ? S.themeTitle : S.title, 2);
			head += (titleLines - 1) * lineHeight + S.meta;
		}
		const shown = level === 'chips' ? shownAt(card, cap) : 0;
		return { card, column: 0, indent, titleLines, head, shown };
	});
	let column = 0;
	let y = 0;
	for (const [i, d] of drafts.entries()) {
		const h = heightOf(d);
		const next = drafts[i + 1];
		// A card with sub-objectives keeps the first of them in its column, so a theme
		// never ends a column with its objectives in the next one.
		const keep = next && next.card.depth > d.card.depth ? S.cardGap + heightOf(next) : 0;
		if (breakAtThemes && d.card.depth === 1 && y > 0) {
			column++;
			y = 0;
		}
		if (y > 0 && y + S.cardGap + h + keep > height) {
			column++;
			y = 0;
		}
		if (column >= columns || h > height) return null;
		d.column = column;
		y += (y > 0 ? S.cardGap : 0) + h;
	}
	return drafts;
}

/** Gives a column's spare height back to its cheated cards, one chip at a time, in turn. */
function fill(drafts: Draft[], height: number): void {
	const byColumn = new Map<number, Draft[]>();
	for (const d of drafts) byColumn.set(d.column, [...(byColumn.get(d.column) ?? []), d]);
	for (const column of byColumn.values()) {
		const used = () =>
			column.reduce((sum, d) => sum + heightOf(d), 0) + (column.length - 1) * S.cardGap;
		let grew = true;
		while (grew) {
			grew = false;
			for (const d of column) {
				if (d.shown === 0 || d.shown >= d.card.chips.length) continue;
				if (used() + chipRow > height + 1e-9) break;
				d.shown = shownAt(d.card, d.shown + 1);
				grew = true;
			}
		}
	}
}

interface Candidate {
	drafts: Draft[];
	level: StageLevel;
	cap: number;
	columns: number;
	columnWidth: number;
	breakAtThemes: boolean;
	shown: number;
}

/** The best detail `columns` columns allow: the largest chip cap, then counts, then lines. */
function bestFor(
	outline: StageOutline,
	options: { columns: number; width: number; height: number; breakAtThemes: boolean }
): Candidate | null {
	const most = Math.max(0, ...outline.cards.map((c) => c.chips.length));
	const tries: [StageLevel, number][] = [];
	for (let cap = most; cap >= 1; cap--) tries.push(['chips', cap]);
	tries.push(['counts', 0], ['lines', 0]);
	for (const [level, cap] of tries) {
		const drafts = flow(outline, options, level, cap);
		if (!drafts) continue;
		if (level === 'chips') fill(drafts, options.height);
		return {
			drafts,
			level,
			cap,
			columns: options.columns,
			columnWidth: options.width,
			breakAtThemes: options.breakAtThemes,
			shown: drafts.reduce((sum, d) => sum + d.shown, 0)
		};
	}
	return null;
}

const LEVEL_RANK: Record<StageLevel, number> = { chips: 2, counts: 1, lines: 0 };

/** Whether `a` shows more than `b`: a finer level, a larger cap, more chips; then themes in their own columns, then fewer columns. */
function better(a: Candidate, b: Candidate): boolean {
	if (LEVEL_RANK[a.level] !== LEVEL_RANK[b.level]) return LEVEL_RANK[a.level] > LEVEL_RANK[b.level];
	if (a.cap !== b.cap) return a.cap > b.cap;
	if (a.shown !== b.shown) return a.shown > b.shown;
	if (a.breakAtThemes !== b.breakAtThemes) return a.breakAtThemes;
	return a.columns < b.columns;
}

/**
 * Lays the outline out in a `width` × `height` rem box (see the module comment): the
 * vision banner on top, the cards in columns, a legend line at the foot.
 */
export function planMapStage(
	outline: StageOutline,
	box: { width: number; height: number }
): StagePlan {
	const width = Math.max(1, box.width);
	const visionLines = linesFor(outline.vision, width - 2 * S.visionPad, S.vision, 2);
	const visionHeight = visionLines * S.visionLine + 2 * S.visionPad;
	const top = visionHeight + S.sectionGap;
	const height = Math.max(0, box.height - top - S.sectionGap - S.legend);
	const columnsOf = (min: number) =>
		Math.max(1, Math.floor((width + S.columnGap) / (min + S.columnGap)));
	const widthOf = (columns: number) => (width - (columns - 1) * S.columnGap) / columns;

	let best: Candidate | null = null;
	const most = Math.max(columnsOf(S.minColumn), columnsOf(S.minCompactColumn));
	const fewest = Math.min(
		most,
		columnsOf(S.maxColumn) + (widthOf(columnsOf(S.maxColumn)) > S.maxColumn ? 1 : 0)
	);
	for (let columns = fewest; columns <= most; columns++) {
		for (const breakAtThemes of [true, false]) {
			const candidate = bestFor(outline, {
				columns,
				width: widthOf(columns),
				height,
				breakAtThemes
			});
			if (!candidate) continue;
			// Narrow columns are for one line per objective only.
			if (candidate.level !== 'lines' && columns > columnsOf(S.minColumn)) continue;
			if (!best || better(candidate, best)) best = candidate;
		}
	}

	const placed: PlacedCard[] = [];
	let hidden = 0;
	if (best) {
		const ys = new Map<number, number>();
		for (const d of best.drafts) {
			const at = ys.get(d.column);
			const y = at === undefined ? 0 : at + S.cardGap;
			const h = heightOf(d);
			ys.set(d.column, y + h);
			placed.push({
				card: d.card,
				x: d.column * (best.columnWidth + S.columnGap) + d.indent,
				y,
				width: best.columnWidth - d.indent,
				height: h,
				titleLines: d.titleLines,
				shown: d.card.chips.slice(0, d.shown),
				more: d.shown > 0 ? d.card.chips.length - d.shown : 0
			});
		}
	} else {
		// Not even one line each: as many lines as the columns hold, the rest counted.
		const columns = columnsOf(S.minCompactColumn);
		const columnWidth = widthOf(columns);
		const lineHeight = 2 * (S.cardPadY + S.cardBorder) + S.themeTitleLine + S.cardGap;
		const perColumn = Math.max(0, Math.floor((height + S.cardGap) / lineHeight));
		outline.cards.forEach((card, i) => {
			const column = Math.floor(i / Math.max(1, perColumn));
			if (perColumn === 0 || column >= columns) {
				hidden++;
				return;
			}
			placed.push({
				card,
				x: column * (columnWidth + S.columnGap),
				y: (i % perColumn) * lineHeight,
				width: columnWidth,
				height: lineHeight - S.cardGap,
				titleLines: 1,
				shown: [],
				more: 0
			});
		});
	}
	return {
		level: best?.level ?? 'lines',
		columns: best?.columns ?? columnsOf(S.minCompactColumn),
		columnWidth: best?.columnWidth ?? widthOf(columnsOf(S.minCompactColumn)),
		visionLines,
		visionHeight,
		top,
		height,
		cards: placed,
		hidden
	};
}
