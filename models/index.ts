/** The neural-process library's public API: one factory, configs, the ELBO's gradients, serialisation. */
export { createModel, type CreateModelOptions } from './factory.js';
export { defaultConfig, stackedAnpConfig, validateConfig } from './config.js';
/** The library's seeded uniform generator (mulberry32), for reproducible sampling elsewhere. */
export { mulberry32 } from './nn/params.js';
export type * from './core/types.js';
/** Routes batched and transposed products on the wasm backend to XNNPACK (initBackend calls it). */
export { installFastWasmMatMul } from './nn/wasm-matmul.js';
export {
  lossAndGradients,
  gridLossAndGradients,
  superResLossAndGradients,
  type LossAndGradients,
} from './training.js';
export {
  serializeModel,
  deserializeModel,
  deserializeGridModel,
  deserializeSuperResModel,
  validateManifest,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelManifest,
} from './serialize.js';
/** The grid ANP: a ConvCNP encoder under windowed multihead cross-attention, for data on a pixel grid. */
export { type GridAnpConfig, gridAnpConfig, validateGridConfig, receptiveField } from './grid/config.js';
export { createGridModel, createSuperResModel, type CreateGridModelOptions } from './grid/factory.js';
/** The grid super-resolution ANP: the grid encoder over the low-resolution image under 5×5-window cross-attention. */
export {
  type GridSuperResConfig,
  gridSuperResConfig,
  validateSuperResConfig,
  superResHalo,
  SUPERRES_WINDOW,
} from './grid/superres-config.js';
export type {
  GridSuperResModel,
  SuperResInput,
  SuperResPrediction,
  SuperResPredictOptions,
} from './grid/superres.js';
export { axisLayout, type AxisLayout } from './grid/superres-layout.js';
export type { GridAnpModel, GridInput, GridPrediction, GridPredictOptions } from './grid/grid-anp.js';
export { pullPushFill } from './grid/pull-push.js';
/** The Gaussian log density of each coordinate, as the library's losses compute it. */
export { logNormalEach } from './np/gaussian.js';
export { sampleGridAutoregressive, drawnShareAfter, type GridSampleOptions } from './grid/autoregressive.js';
export { conv2d, type Conv2dOptions } from './nn/conv2d.js';
