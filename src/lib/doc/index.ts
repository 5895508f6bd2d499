/**
 * The doc layer's public API: the only way the rest of Cairn reads or writes a
 * portfolio Y.Doc. See README.md for the layout and the invariants it keeps.
 */
export { read } from './read';
export { importPortfolio, exportPortfolio, exportPortfolioFile, createPortfolioDoc } from './io';
export {
	migrate,
	schemaVersion,
	assertReadable,
	checkMigrations,
	MIGRATIONS,
	NewerSchemaError,
	type Migration,
	type MigrationResult
} from './migrations';
export { SCHEMA_VERSION } from './schema';
export { createUndoManager, PortfolioUndoManager, type UndoOptions } from './undo';
export { CommandError } from './validate';
export { compareOrder, type Position } from './order';
export { newId } from './ids';
export * from './origins';
export type { CommandOptions, PlaceOptions } from './commands/shared';
export * from './commands/portfolio';
export * from './commands/objectives';
export * from './commands/criteria';
export * from './commands/roles';
export * from './commands/projects';
export * from './commands/project-links';
export * from './commands/risks';
export * from './commands/decisions';
export * from './commands/reviews';
export * from './commands/judgements';
export * from './commands/scores';
export * from './commands/ranking';
export * from './commands/scenarios';
export * from './commands/optimum';
export * from './commands/governance';
export { setActor, actorOf } from './actor';
export * from './commands/plan-grid';
export * from './commands/workshop';
export * from './commands/agenda';
export * from './commands/comments';
export * from './commands/schedule';
export * from './commands/import';
