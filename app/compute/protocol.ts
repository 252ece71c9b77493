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

/** A low-resolution image or a crop of one: [height, width, yDim] colours in [0, 1], row-major. */
export interface GridImage {
  width: number;
  height: number;
  values: Float32Array;
}

/**
 * One tile of a grid super-resolution upscale: a block of anchors (low-resolution pixels) with the
 * halo the model's receptive field needs around it, and every output pixel lying in those anchors
 * as a target slot (`axisLayout`). Tiles with the same z are exact pieces of the whole image's
 * prediction.
 */
export interface SuperResJob {
  /** The block and its halo, cut from the image (at the image's edges the halo stops there). */
  low: GridImage;
  /** [top, left] of the anchor block in `low`. */
  origin: [number, number];
  /** The block's anchors and the target slots of each (rows.slots × columns.slots, row-major). */
  anchors: { rows: number; columns: number; slots: number };
  /** [rows, columns, slots, 2]: each target's offset from its anchor's centre, x then y. */
  offset: Float32Array;
  /** [rows, columns, slots, yDim]: the Lanczos-3 estimate of the whole image at each target. */
  base: Float32Array;
  /** An output pixel's size in low-resolution pixels, x then y (1 / factor per axis). */
  cell: [number, number];
  /** The z every tile of the image shares, or the crop whose prior mean of z to use (and return). */
  latent: { z: Float32Array } | { from: GridImage };
  withStd: boolean;
}

export interface SuperResResult {
  /** [rows, columns, slots, yDim]: the predictive mean at each slot (empty slots hold junk). */
  mean: Float32Array;
  /** The same for the calibrated predictive std; empty unless `withStd`. */
  std: Float32Array;
  /** The z used, [latentDim] (empty for a model without a latent path). */
  z: Float32Array;
}

/** Why a grid super-resolution model is refused a completion. */
export const ONLY_UPSCALES =
  'this model works on the pixel grid and only upscales photos; pick a model that can complete';

/** 'points': a neural process on point sets (tiles of context and target points); 'grid': a grid ANP. */
export type ModelFamily = 'points' | 'grid' | 'superres';

/** What tiling and cost estimates need of a grid super-resolution model. */
export interface SuperResShape {
  /** Low-resolution pixels each side of an anchor block whose features reach its windows exactly. */
  halo: number;
  /** Width of the encoder's feature maps and of the cross-attention. */
  channels: number;
  attentionChannels: number;
}

/** What a grid completion model's memory per inference thread follows. */
export interface CompletionShape {
  /** Width of the encoder's feature maps. */
  channels: number;
}

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
  /** The grid super-resolution model's shape (family 'superres' only). */
  superRes?: SuperResShape;
  /** The grid completion model's shape (family 'grid' only). */
  completion?: CompletionShape;
}

export type WorkerRequest =
  | { id: number; type: 'evaluate'; modelDir: string; job: TileJob }
  | { id: number; type: 'grid'; modelDir: string; job: GridJob }
  | { id: number; type: 'superres'; modelDir: string; job: SuperResJob }
  | { id: number; type: 'describe'; modelDir: string }
  | { id: number; type: 'tensors' };

export type WorkerReply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: ApiErrorShape };
