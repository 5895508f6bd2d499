import type * as Y from 'yjs';
import type { PortfolioContent } from '../../domain/types';
import { newId } from '../ids';
import { read } from '../read';
import { reviewsMap } from '../schema';
import { checkPatch, CommandError, isoDate, text } from '../validate';
import { setField, writeReview } from '../write';
import {
	entityOf,
	idFor,
	keyAt,
	positionOf,
	run,
	type CommandOptions,
	type PlaceOptions
} from './shared';

/**
 * Reviews: named, dated, frozen copies of the portfolio for review-and-realign. The
 * snapshot is stored as one immutable JSON string; only the name can change later.
 */

export interface ReviewInput {
	id?: string;
	name: string;
	/** When the review was taken; defaults to now. */
	at?: string;
	/** The frozen content; defaults to the portfolio as it is now (without reviews). */
	snapshot?: PortfolioContent;
}

/** Freezes a copy of the portfolio under a name and returns the review's id. */
export function addReview(doc: Y.Doc, input: ReviewInput, opts?: PlaceOptions): string {
	return run(doc, opts, () => {
		const reviews = reviewsMap(doc);
		const name = text(input?.name, 'review.name');
		const at = isoDate(input.at ?? new Date().toISOString(), 'review.at');
		let snapshot = input.snapshot;
		if (snapshot === undefined) {
			const { reviews: _reviews, ...content } = read(doc);
			snapshot = content;
		} else if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) {
			throw new CommandError('review.snapshot must be a portfolio object');
		}
		const taken = (id: string) => reviews.has(id);
		const id = idFor(input.id, taken, () => newId('v', taken), 'review');
		writeReview(reviews, id, keyAt(reviews, positionOf(opts), 'review'), { name, at, snapshot });
		return id;
	});
}

/** Renames a review; its date and snapshot are frozen. */
export function renameReview(doc: Y.Doc, id: string, name: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		const entity = entityOf(reviewsMap(doc), id, 'review');
		for (const [field, value] of checkPatch({ name }, { name: text }, 'review')) {
			setField(entity, field, value);
		}
	});
}

/** Deletes a review; nothing refers to reviews. */
export function deleteReview(doc: Y.Doc, id: string, opts?: CommandOptions): void {
	run(doc, opts, () => {
		entityOf(reviewsMap(doc), id, 'review');
		reviewsMap(doc).delete(id);
	});
}
