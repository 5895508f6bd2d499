import type { BrowserConfig } from './browser';
import type { DocGrowthConfig } from './doc-growth';
import type { OptimizerConfig } from './optimizer';
import type { MapBenchConfig } from './map';
import type { StageBenchConfig } from './stage';
import type { ImportBenchConfig } from './import';
import type { RelayLoadConfig } from './relay-load';
import type { PresenceConfig } from './presence';
import type { ServerKind } from './relay-server';
import type { StormConfig } from './storm';

/** One bench configuration: what runs and at which size. */
export interface Profile {
	name: 'full' | 'quick' | 'tiny';
	relay: RelayLoadConfig & { kinds: ServerKind[]; rounds: number };
	storm: StormConfig;
	browser: BrowserConfig;
	doc: DocGrowthConfig;
	optimizer: OptimizerConfig;
	map: MapBenchConfig;
	presence: PresenceConfig;
	stage: StageBenchConfig;
	import: ImportBenchConfig;
}

/** DESIGN's optimiser budgets as HiGHS time limits: 2 s, and 10 s over 16 frontier points. */
const OPTIMIZER_LIMITS = { optimum: 2, point: 10 / 16 };

/** Issue 4's scale for the strategy map: 50 objectives × 300 projects. */
const MAP_SCALE = { objectives: 50, projects: 300, seed: 11 };

/** A big workshop: 30 participants in one room, pointers moving at mouse rate. */
const PRESENCE_SCALE = { participants: 30, moveRate: 60 };

/** Issue 16's scale: a 2,000-task MS Project file (and a 2,000-row CSV as the reference). */
const IMPORT_SCALE = { tasks: 2000, baselineTasks: 20, seed: 16 };

/** DESIGN's relay scale: 100 rooms × 5 clients × 10 updates/s per client. */
const RELAY_SCALE = { rooms: 100, clientsPerRoom: 5, rate: 10 };

export const FULL: Profile = {
	name: 'full',
	relay: {
		...RELAY_SCALE,
		warmupS: 3,
		durationS: 20,
		workers: 2,
		drainMs: 2000,
		kinds: ['reference', 'ours-sqlite', 'ours-memory', 'reference-leveldb'],
		rounds: 2
	},
	storm: { rooms: 100, clientsPerRoom: 5, workers: 2, downtimeMs: 3000, timeoutMs: 60_000 },
	browser: {
		opens: 10,
		dragSteps: 200,
		warmupSteps: 10,
		offlineOpens: 5,
		projects: 1000,
		baselineProjects: 24,
		seed: 42
	},
	doc: { edits: 100_000, editsPerSession: 2000, projects: 100, seed: 7, loads: 9, large: true },
	optimizer: { runs: 3, seed: 7, share: 0.6, timeLimit: OPTIMIZER_LIMITS, worker: true },
	map: { ...MAP_SCALE, samples: 50, opens: 5, edits: 40, zooms: 20, warmup: 5 },
	presence: { ...PRESENCE_SCALE, warmupS: 2, durationS: 10 },
	stage: {
		projects: 1000,
		baselineProjects: 24,
		seed: 42,
		steps: 100,
		remoteSteps: 30,
		warmup: 5,
		map: MAP_SCALE
	},
	import: { ...IMPORT_SCALE, runs: 10, warmup: 2, cliRuns: 10, browserRuns: 5 }
};

/** Same scales where a budget is judged, shorter windows and fewer samples: < 2 minutes. */
export const QUICK: Profile = {
	name: 'quick',
	relay: {
		...RELAY_SCALE,
		warmupS: 1,
		durationS: 3,
		workers: 2,
		drainMs: 1000,
		kinds: ['reference', 'ours-sqlite', 'ours-memory'],
		rounds: 1
	},
	storm: { rooms: 10, clientsPerRoom: 5, workers: 2, downtimeMs: 1000, timeoutMs: 30_000 },
	browser: {
		opens: 3,
		dragSteps: 30,
		warmupSteps: 5,
		offlineOpens: 2,
		projects: 1000,
		baselineProjects: 24,
		seed: 42
	},
	doc: { edits: 100_000, editsPerSession: 2000, projects: 100, seed: 7, loads: 3, large: true },
	optimizer: { runs: 1, seed: 7, share: 0.6, timeLimit: OPTIMIZER_LIMITS, worker: true },
	map: { ...MAP_SCALE, samples: 20, opens: 2, edits: 15, zooms: 10, warmup: 3 },
	presence: { ...PRESENCE_SCALE, warmupS: 1, durationS: 4 },
	stage: {
		projects: 1000,
		baselineProjects: 24,
		seed: 42,
		steps: 30,
		remoteSteps: 15,
		warmup: 3,
		map: MAP_SCALE
	},
	import: { ...IMPORT_SCALE, runs: 5, warmup: 1, cliRuns: 5, browserRuns: 3 }
};

/** For the smoke test: seconds, no browser, nothing judged. */
export const TINY: Profile = {
	name: 'tiny',
	relay: {
		rooms: 2,
		clientsPerRoom: 2,
		rate: 5,
		warmupS: 0.2,
		durationS: 0.6,
		workers: 1,
		drainMs: 300,
		kinds: ['ours-memory'],
		rounds: 1
	},
	storm: { rooms: 1, clientsPerRoom: 2, workers: 1, downtimeMs: 200, timeoutMs: 10_000 },
	browser: FULL.browser,
	doc: { edits: 300, editsPerSession: 100, projects: 5, seed: 7, loads: 1, large: false },
	optimizer: {
		runs: 1,
		seed: 7,
		share: 0.6,
		timeLimit: { optimum: 0.2, point: 0.05 },
		worker: false
	},
	map: {
		objectives: 5,
		projects: 10,
		seed: 11,
		samples: 2,
		opens: 1,
		edits: 2,
		zooms: 2,
		warmup: 1
	},
	presence: { participants: 3, moveRate: 30, warmupS: 0.2, durationS: 0.6 },
	stage: {
		projects: 30,
		baselineProjects: 10,
		seed: 42,
		steps: 2,
		remoteSteps: 2,
		warmup: 1,
		map: { objectives: 5, projects: 10, seed: 11 }
	},
	import: { tasks: 40, baselineTasks: 10, seed: 16, runs: 1, warmup: 0, cliRuns: 0, browserRuns: 0 }
};
