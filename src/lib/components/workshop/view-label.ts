import { viewName } from '$lib/components/workspace/views';

/** A view's name, as the navigation shows it, from its path segment ('' is the projects list). */
export function viewLabel(view: string): string {
	return viewName(view);
}

/** The path segment of a workspace URL: "/p/abc/ranking" → "ranking", "/p/abc" → "". */
export function viewOf(pathname: string, roomId: string): string {
	const base = `/p/${roomId}`;
	if (!pathname.startsWith(base)) return '';
	return pathname.slice(base.length).replace(/^\/+|\/+$/g, '');
}
