/** The neural-process library's public API: one factory, configs, training helpers, serialisation. */
export { createModel, type CreateModelOptions } from './factory.js';
export { defaultConfig, MEAN_BASES, stackedAnpConfig, validateConfig } from './config.js';
/** The library's seeded uniform generator (mulberry32), for reproducible sampling elsewhere. */
export { mulberry32 } from './nn/params.js';
export type * from './types.js';
/** Routes batched and transposed products on the wasm backend to XNNPACK (initBackend calls it). */
export { installFastWasmMatMul } from './nn/wasm-matmul.js';
export { upgradeToSharpened } from './upgrade.js';
export {
  lossAndGradients,
  clipByGlobalNorm,
  createTrainer,
  type LossAndGradients,
  type Trainer,
  type TrainerOptions,
  type StepResult,
} from './training.js';
export {
  serializeModel,
  deserializeModel,
  validateManifest,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelManifest,
} from './serialize.js';
