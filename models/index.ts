/** The neural-process library's public API: one factory, configs, the ELBO's gradients, serialisation. */
export { createModel, type CreateModelOptions } from './factory.js';
export { defaultConfig, stackedAnpConfig, validateConfig } from './config.js';
/** The library's seeded uniform generator (mulberry32), for reproducible sampling elsewhere. */
export { mulberry32 } from './nn/params.js';
export type * from './types.js';
/** Routes batched and transposed products on the wasm backend to XNNPACK (initBackend calls it). */
export { installFastWasmMatMul } from './nn/wasm-matmul.js';
export { lossAndGradients, type LossAndGradients } from './training.js';
export {
  serializeModel,
  deserializeModel,
  validateManifest,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelManifest,
} from './serialize.js';
