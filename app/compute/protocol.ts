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

export interface ModelSummary {
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
  | { id: number; type: 'describe'; modelDir: string }
  | { id: number; type: 'tensors' };

export type WorkerReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ApiErrorShape };
