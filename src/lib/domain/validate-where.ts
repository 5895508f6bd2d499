/**
 * Says a `cairn/portfolio@1` path in words a person recognises: `projects[0].demand.
 * r-eng.2027-Q2` becomes `project 'CRM consolidation' (projects[0]), demand of role
 * 'Engineering' in 2027-Q2`. Objectives are named by title, criteria, roles, projects
 * and the rest by name, periods as themselves; an entity keeps its path in brackets
 * so that two with the same name can still be told apart. Names are read from the raw
 * input, so this works on a file that did not validate.
 */

type Raw = Record<string, unknown>;
type Segment = string | number;

/** The lists whose elements are entities, and how a person calls one of them. */
const ENTITIES: Record<string, { noun: string; label: 'name' | 'title' }> = {
	objectives: { noun: 'objective', label: 'title' },
	criteria: { noun: 'criterion', label: 'name' },
	roles: { noun: 'role', label: 'name' },
	projects: { noun: 'project', label: 'name' },
	risks: { noun: 'risk', label: 'title' },
	decisions: { noun: 'decision', label: 'title' },
	reviews: { noun: 'review', label: 'name' },
	kpis: { noun: 'KPI', label: 'name' }
};

/** Per-period records: the field's words; the period follows as `in 2027-Q2`. */
const PER_PERIOD: Record<string, string> = {
	cost: 'cost',
	capacity: 'capacity',
	actuals: 'actual',
	budget: 'budget'
};

/** Fields whose words differ from their key. */
const FIELD_WORDS: Record<string, string> = {
	parentId: 'parent',
	objectiveId: 'objective',
	projectId: 'project',
	decisionReason: 'decision reason',
	costRate: 'cost rate',
	projectIds: 'projects',
	a: 'first criterion',
	b: 'second criterion'
};

/** Top-level fields said as the portfolio's. */
const TOP_FIELDS = new Set(['name', 'vision', 'mission', 'currency']);

/** Id lists of projects: the words for one entry. */
const PROJECT_LISTS: Record<string, string> = {
	dependsOn: 'depends on',
	excludes: 'excludes',
	projectIds: 'about'
};

function isRaw(value: unknown): value is Raw {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(o: unknown, key: Segment): unknown {
	if (Array.isArray(o)) return typeof key === 'number' ? o[key] : undefined;
	return isRaw(o) && typeof key === 'string' && Object.hasOwn(o, key) ? o[key] : undefined;
}

/** `'CRM consolidation'`, shortened past 40 characters. */
export function quoted(text: string): string {
	const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
	return `'${shown}'`;
}

/** Splits a path written by the validator (`a.b[2]["odd key"]`) back into its segments. */
export function pathSegments(path: string): Segment[] {
	const segments: Segment[] = [];
	const token = /(?:^|\.)([\w-]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
	let match: RegExpExecArray | null;
	while (token.lastIndex < path.length && (match = token.exec(path))) {
		if (match[1] !== undefined) segments.push(match[1]);
		else if (match[2] !== undefined) segments.push(Number(match[2]));
		else segments.push(JSON.parse(match[3]) as string);
	}
	return segments;
}

/** `a.b[2]`: the inverse of `pathSegments`. */
function pathOf(segments: readonly Segment[]): string {
	let path = '';
	for (const s of segments) {
		if (typeof s === 'number') path += `[${s}]`;
		else if (!/^[\w-]+$/.test(s)) path += `[${JSON.stringify(s)}]`;
		else path += path === '' ? s : `.${s}`;
	}
	return path;
}

/**
 * How an entity of a content (the top level or a review's snapshot) is called, found
 * by its id: `'Engineering'`; the id itself when there is no such entity or name.
 */
export function entityName(content: unknown, list: string, id: string): string {
	const entities = own(content, list);
	const found = Array.isArray(entities) ? entities.find((e) => own(e, 'id') === id) : undefined;
	const label = own(found, ENTITIES[list].label);
	return quoted(typeof label === 'string' && label.trim() !== '' ? label : id);
}

function entityLabel(content: unknown, list: string, id: string): string {
	return `${ENTITIES[list].noun} ${entityName(content, list, id)}`;
}

/** `project 'CRM consolidation'`: the entity's name, else its id, else its position. */
function selfLabel(list: string, element: unknown, index: number): string {
	const entity = ENTITIES[list];
	const label = own(element, entity.label);
	if (typeof label === 'string' && label.trim() !== '') return `${entity.noun} ${quoted(label)}`;
	const id = own(element, 'id');
	if (typeof id === 'string' && id !== '') return `${entity.noun} ${quoted(id)}`;
	return `${entity.noun} ${index + 1}`;
}

export interface WhereOptions {
	/** Leave out the entities' paths, for examples in a list (`project 'CRM' cost`). */
	short?: boolean;
}

/**
 * `path` in words, against the raw input `root`; '' for the root itself. Parts the
 * walk does not know are said as their key, so every path gets some answer.
 */
export function describePath(root: unknown, path: string, options: WhereOptions = {}): string {
	const segments = pathSegments(path);
	const parts: string[] = [];
	const entity = (text: string, upTo: number) =>
		options.short ? text : `${text} (${pathOf(segments.slice(0, upTo))})`;
	let content: unknown = root;
	let node: unknown = root;
	let i = 0;
	const next = () => {
		node = own(node, segments[i]);
		return segments[i++];
	};
	while (i < segments.length) {
		const key = next();
		if (typeof key === 'number') {
			parts.push(`entry ${key + 1}`);
			continue;
		}
		const list = ENTITIES[key];
		if (list && typeof segments[i] === 'number') {
			const index = segments[i] as number;
			next();
			parts.push(entity(selfLabel(key, node, index), i));
			if (key === 'reviews' && segments[i] === 'snapshot') {
				next();
				parts.push('snapshot');
				content = node;
			}
			continue;
		}
		if (key === 'periods' && typeof segments[i] === 'number') {
			const index = next() as number;
			parts.push(
				typeof node === 'string' ? `period ${quoted(node)}` : `periods entry ${index + 1}`
			);
			continue;
		}
		if (PER_PERIOD[key] !== undefined) {
			const period = segments[i];
			if (period === undefined) parts.push(key);
			else {
				next();
				parts.push(options.short ? PER_PERIOD[key] : `${PER_PERIOD[key]} in ${period}`);
			}
			continue;
		}
		if (key === 'demand') {
			const role = segments[i];
			if (role === undefined) {
				parts.push('demand');
				continue;
			}
			next();
			const words = `demand of ${entityLabel(content, 'roles', String(role))}`;
			const period = segments[i];
			if (period !== undefined && !options.short) {
				next();
				parts.push(`${words} in ${period}`);
			} else parts.push(words);
			continue;
		}
		if ((key === 'scores' || key === 'contributions' || key === 'values') && i < segments.length) {
			const id = String(next());
			const [words, of] =
				key === 'contributions'
					? ['contribution to', 'objectives']
					: [key === 'scores' ? 'score for' : 'weight of', 'criteria'];
			parts.push(`${words} ${entityLabel(content, of, id)}`);
			continue;
		}
		if (PROJECT_LISTS[key] !== undefined && typeof segments[i] === 'number') {
			next();
			parts.push(
				typeof node === 'string'
					? `${PROJECT_LISTS[key]} ${entityLabel(content, 'projects', node)}`
					: `${key}, entry ${(segments[i - 1] as number) + 1}`
			);
			continue;
		}
		if (key === 'comparisons' && typeof segments[i] === 'number') {
			next();
			const [a, b] = ['a', 'b'].map((side) => {
				const id = own(node, side);
				return typeof id === 'string' ? entityName(content, 'criteria', id) : '?';
			});
			parts.push(entity(`comparison ${a} vs ${b}`, i));
			continue;
		}
		if (key === 'weights') {
			const field = segments[i];
			// Below `weights` the parts say enough: `weight of criterion 'Growth'`.
			if ((field === 'values' || field === 'comparisons') && i + 1 < segments.length) continue;
			if (field === 'method' || field === 'values') next();
			parts.push(
				field === 'method' ? 'weights method' : field === 'values' ? 'direct weights' : 'weights'
			);
			continue;
		}
		if (parts.length === 0 && TOP_FIELDS.has(key)) {
			parts.push(`portfolio ${key}`);
			continue;
		}
		parts.push(FIELD_WORDS[key] ?? key);
	}
	return options.short ? parts.join(' ') : parts.join(', ');
}
