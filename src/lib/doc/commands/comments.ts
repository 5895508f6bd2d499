import * as Y from 'yjs';
import { newId } from '../ids';
import { commentsMap, objectivesMap, projectsMap, type EntityMap } from '../schema';
import { CommandError, nonEmptyText } from '../validate';
import { checkParticipant, type Participant } from './judgements';
import { entityOf, run, type CommandOptions } from './shared';

/**
 * Comment threads on projects and objectives (workshop state: in the undo scope, not
 * in `cairn/portfolio@1`). Each comment is one Y.Map of fields keyed by id; a reply
 * names its thread (the first comment). `resolved` is a field of the thread's first
 * comment, so resolving and replying at once both keep their edit.
 */

export type CommentTarget = 'project' | 'objective';

export interface Comment {
	id: string;
	author: string;
	authorName: string;
	text: string;
	/** Wall-clock ms when it was written. */
	at: number;
}

export interface CommentThread extends Comment {
	targetKind: CommentTarget;
	targetId: string;
	resolved: boolean;
	replies: Comment[];
}

/** Longest comment kept. */
export const COMMENT_MAX = 2000;

function checkText(value: unknown): string {
	const text = nonEmptyText(value, 'comment').trim();
	if (text.length > COMMENT_MAX) {
		throw new CommandError(
			`comment is too long (${text.length} characters, at most ${COMMENT_MAX})`
		);
	}
	return text;
}

function write(map: Y.Map<EntityMap>, id: string, fields: Record<string, unknown>): void {
	const entity = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(fields)) entity.set(key, value);
	map.set(id, entity);
}

/** Starts a thread on a project or an objective. Returns the new comment's id. */
export function addComment(
	doc: Y.Doc,
	input: { target: CommentTarget; targetId: string; author: Participant; text: string; at: number },
	opts?: CommandOptions
): string {
	return run(doc, opts, () => {
		const who = checkParticipant(input.author);
		const text = checkText(input.text);
		if (input.target === 'project') entityOf(projectsMap(doc), input.targetId, 'project');
		else if (input.target === 'objective')
			entityOf(objectivesMap(doc), input.targetId, 'objective');
		else throw new CommandError(`comment target must be a project or an objective`);
		const id = newId('cm');
		write(commentsMap(doc), id, {
			targetKind: input.target,
			targetId: input.targetId,
			threadId: null,
			author: who.id,
			authorName: who.name,
			text,
			at: input.at,
			resolved: false
		});
		return id;
	});
}

function threadOf(doc: Y.Doc, threadId: string, what: string): EntityMap {
	const thread = entityOf(commentsMap(doc), threadId, 'comment thread');
	if (thread.get('threadId') !== null)
		throw new CommandError(`${what}: '${threadId}' is a reply, not a thread`);
	return thread;
}

/** Replies in a thread. Returns the reply's id. */
export function replyToComment(
	doc: Y.Doc,
	input: { threadId: string; author: Participant; text: string; at: number },
	opts?: CommandOptions
): string {
	return run(doc, opts, () => {
		const who = checkParticipant(input.author);
		const text = checkText(input.text);
		const thread = threadOf(doc, input.threadId, 'replyToComment');
		const id = newId('cm');
		write(commentsMap(doc), id, {
			targetKind: thread.get('targetKind'),
			targetId: thread.get('targetId'),
			threadId: input.threadId,
			author: who.id,
			authorName: who.name,
			text,
			at: input.at
		});
		return id;
	});
}

/** Resolves (true) or reopens (false) a thread. */
export function setThreadResolved(
	doc: Y.Doc,
	threadId: string,
	resolved: boolean,
	opts?: CommandOptions
): void {
	run(doc, opts, () => {
		const thread = threadOf(doc, threadId, 'setThreadResolved');
		if (thread.get('resolved') !== resolved) thread.set('resolved', resolved === true);
	});
}

function commentOf(id: string, entity: EntityMap): Comment | null {
	const author = entity.get('author');
	const text = entity.get('text');
	const at = entity.get('at');
	if (typeof author !== 'string' || typeof text !== 'string' || typeof at !== 'number') return null;
	const authorName = entity.get('authorName');
	return { id, author, authorName: typeof authorName === 'string' ? authorName : '', text, at };
}

const byTime = (a: Comment, b: Comment) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Every thread (oldest first) with its replies (oldest first). Threads on a deleted
 * project or objective, and replies to a missing thread, are skipped.
 */
export function readComments(doc: Y.Doc): CommentThread[] {
	const projects = projectsMap(doc);
	const objectives = objectivesMap(doc);
	const threads = new Map<string, CommentThread>();
	const replies: { threadId: string; comment: Comment }[] = [];
	commentsMap(doc).forEach((entity, id) => {
		if (!(entity instanceof Y.Map)) return;
		const comment = commentOf(id, entity);
		if (!comment) return;
		const threadId = entity.get('threadId');
		if (typeof threadId === 'string') {
			replies.push({ threadId, comment });
			return;
		}
		const targetKind = entity.get('targetKind');
		const targetId = entity.get('targetId');
		if (typeof targetId !== 'string') return;
		if (
			targetKind === 'project'
				? !projects.has(targetId)
				: targetKind !== 'objective' || !objectives.has(targetId)
		) {
			return;
		}
		threads.set(id, {
			...comment,
			targetKind: targetKind as CommentTarget,
			targetId,
			resolved: entity.get('resolved') === true,
			replies: []
		});
	});
	for (const { threadId, comment } of replies) threads.get(threadId)?.replies.push(comment);
	const list = [...threads.values()].sort(byTime);
	for (const thread of list) thread.replies.sort(byTime);
	return list;
}
