import type { Project } from '../../src/lib/domain/types';

/** A minimal valid project for hand-built test portfolios. */
export function project(id: string, over: Partial<Project> = {}): Project {
	return {
		id,
		name: `Project ${id}`,
		description: '',
		sponsor: '',
		status: 'proposed',
		decision: 'auto',
		decisionReason: '',
		cost: {},
		demand: {},
		scores: {},
		contributions: {},
		dependsOn: [],
		excludes: [],
		...over
	};
}
