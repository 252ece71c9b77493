export { createInferencePool, type InferencePool } from './pool.js';
export { ONLY_UPSCALES } from './protocol.js';
export type {
  GridImage,
  GridJob,
  GridResult,
  ModelSummary,
  SuperResJob,
  SuperResResult,
  SuperResShape,
  TileJob,
  TileQuery,
  TileResult,
} from './protocol.js';
export { runTiles } from './run-tiles.js';
