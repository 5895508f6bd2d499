/** A view's name from its path segment ('' is the projects list): "ranking" → "Ranking". */
export function viewLabel(view: string): string {
	if (!view) return 'Projects';
	const first = view.split('/')[0];
	return first.charAt(0).toUpperCase() + first.slice(1).replace(/-/g, ' ');
}

/** The path segment of a workspace URL: "/p/abc/ranking" → "ranking", "/p/abc" → "". */
export function viewOf(pathname: string, roomId: string): string {
	const base = `/p/${roomId}`;
	if (!pathname.startsWith(base)) return '';
	return pathname.slice(base.length).replace(/^\/+|\/+$/g, '');
}
