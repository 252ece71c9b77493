/** Messages between the inference pool and its worker threads, and the tile shapes they carry. */
import type { ApiErrorShape } from '../api/contract.js';
import type { MeanBaseName } from '../model-factory.js';

/**
 * One window of an image in the model's frame: points are [x, y] pairs in [−1, 1]², colours are in
 * [0, 1] with the model's yDim channels, all flattened row-major.
 */
export interface TileQuery {
  contextX: Float32Array;
  contextY: Float32Array;
  targetX: Float32Array;
  /**
   * [targets, yDim]: the caller's classical estimate at the targets, for the decoder to correct
   * instead of the model's own interpolation (models with a mean base; every tile of a job or none).
   */
  targetBase?: Float32Array;
  /**
   * Points (and their colours) the model's own interpolation reads instead of the context: the
   * context plus the pixels around it that Lanczos-3 reaches from the targets, which the encoder
   * need not see (models with a mean base; every tile of a job or none).
   */
  basisContextX?: Float32Array;
  basisContextY?: Float32Array;
  /** [contexts, contextFeatures] and [targets, targetFeatures], for models that take features. */
  contextFeatures?: Float32Array;
  targetFeatures?: Float32Array;
}

export interface TileResult {
  /** Predictive mean and std at each target under the prior mean of z: [targets, yDim]. */
  mean: Float32Array;
  std: Float32Array;
  /** `samples` seeded function draws (each the decoder mean under one z): k × [targets, yDim]. */
  samples: Float32Array[];
}

export interface TileJob {
  tiles: TileQuery[];
  /** Draws per tile; 0 asks only for the predictive mean and std. */
  samples: number;
  /** Seeds the draws: the same job with the same seed gives the same draws. */
  seed: number;
}

/**
 * One window of a level for a grid model: the signal on the pixel grid and which pixels are known.
 * 'mean' asks for the predictive mean and std at every pixel; 'sample' for one draw of every unknown
 * pixel, autoregressively in `rounds` rounds (known pixels keep their values).
 */
export interface GridJob {
  width: number;
  height: number;
  /** [height, width, yDim] colours in [0, 1], row-major; read only where known. */
  values: Float32Array;
  /** [height, width]: 1 known, 0 to predict. */
  known: Uint8Array;
  mode: 'mean' | 'sample';
  /** Seeds the draw ('sample'): the same job and seed give the same draw. */
  seed: number;
  rounds: number;
}

export interface GridResult {
  /** [height, width, yDim]: the mean, or the draw. */
  values: Float32Array;
  /** [height, width, yDim]: the calibrated predictive std ('mean'; empty for a draw). */
  std: Float32Array;
}

/** 'points': a neural process on point sets (tiles of context and target points); 'grid': a grid ANP. */
export type ModelFamily = 'points' | 'grid' | 'superres';

export interface ModelSummary {
  family: ModelFamily;
  xDim: number;
  yDim: number;
  /** Side in pixels of the square windows the model was trained on. */
  window: number;
  /** Most context points per task in training (completion windows), and per super-resolution grid. */
  maxContext: number;
  maxGridContext: number;
  parameters: number;
  /** Whether the decoder corrects a classical base (and so takes a tile's `targetBase`). */
  meanBase: MeanBaseName;
  /** Feature widths of context points and targets (0: none). */
  contextFeatures: number;
  targetFeatures: number;
  /**
   * Factor on the decoder's σ that calibrates it (the manifest's `calibration.sigmaScale`, fitted on
   * training photos by `anp bench calibrate --upscale`; 1 where none was fitted).
   */
  sigmaScale: number;
}

export type WorkerRequest =
  | { id: number; type: 'evaluate'; modelDir: string; job: TileJob }
  | { id: number; type: 'grid'; modelDir: string; job: GridJob }
  | { id: number; type: 'describe'; modelDir: string }
  | { id: number; type: 'tensors' };

export type WorkerReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ApiErrorShape };
