export { createInferencePool, type InferencePool } from './pool.js';
export type { GridJob, GridResult, ModelSummary, TileJob, TileQuery, TileResult } from './protocol.js';
export { runTiles } from './run-tiles.js';
