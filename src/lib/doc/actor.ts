import type * as Y from 'yjs';

/**
 * Who is acting on a doc, for the automatic decision-log entries: the display name of
 * this device's participant, when they gave one. Commands run deep below the views
 * (the ranking row, the project editor, later the optimiser), so instead of threading
 * a name through every call the session registers a resolver per doc once;
 * `CommandOptions.by` overrides it for one command.
 */
const actors = new WeakMap<Y.Doc, () => string>();

/** Registers how to find the acting person's name for this doc (e.g. the participant). */
export function setActor(doc: Y.Doc, resolve: () => string): void {
	actors.set(doc, resolve);
}

/** The acting person's name, or '' when unknown. */
export function actorOf(doc: Y.Doc): string {
	try {
		return actors.get(doc)?.() ?? '';
	} catch {
		return '';
	}
}
