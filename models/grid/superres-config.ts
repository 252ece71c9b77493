import { intField, validateGridFields } from './config.js';

/**
 * The grid super-resolution ANP's hyper-parameters: a convolutional encoder over the low-resolution
 * grid whose features are the context representations, queried by each output pixel through
 * multihead cross-attention over its 5×5 window of low-resolution pixels, and a small decoder of a
 * residual over the interpolation (the LIIF / LIT family, as a neural process with a latent path).
 */
export interface GridSuperResConfig {
  kind: 'grid-superres';
  /** Channels of the signal (3 for RGB). */
  yDim: number;
  /** Width of the encoder's feature maps. */
  channels: number;
  /** One residual block (two 3×3 convolutions) per entry, with that dilation. */
  dilations: number[];
  /** Width of the cross-attention's queries, keys and values. */
  attentionChannels: number;
  heads: number;
  /** Size of the global latent z; 0: no latent path. */
  latentDim: number;
  /** Width of the per-target decoder's hidden layers: the only cost paid per output pixel. */
  decoderHidden: number;
  decoderLayers: number;
  /** Width of the σ head's hidden layer (it reads the decoder's inputs, detached from the encoder). */
  sigmaHidden: number;
  /** σ_y = minStd + softplus(·). */
  minStd: number;
}

/**
 * Low-resolution pixels on a side of each target's window, centred on the pixel it lies in: 5×5, so
 * that every target sees at least the 4×4 a bicubic reads, on whichever side of the centre it lies.
 */
export const SUPERRES_WINDOW = 5;

/** About 27 kFLOP of encoder and 10 kFLOP of attention and decoders per output pixel at ×4. */
export function gridSuperResConfig(yDim = 3): GridSuperResConfig {
  return {
    kind: 'grid-superres',
    yDim,
    channels: 48,
    dilations: [1, 1, 1, 1, 1],
    attentionChannels: 32,
    heads: 4,
    latentDim: 8,
    decoderHidden: 32,
    decoderLayers: 2,
    sigmaHidden: 16,
    minStd: 0.002,
  };
}

/** Throws a RangeError naming the first field out of range; returns the config typed. */
export function validateSuperResConfig(config: Record<string, unknown>): GridSuperResConfig {
  if (config.kind !== 'grid-superres')
    throw new RangeError(`kind must be 'grid-superres', got ${String(config.kind)}`);
  validateGridFields(config, 16);
  intField('sigmaHidden', config.sigmaHidden, 1, 1024);
  return config as unknown as GridSuperResConfig;
}

/** Low-resolution pixels each side of a tile whose features reach its core's windows exactly. */
export function superResHalo(config: GridSuperResConfig): number {
  return (SUPERRES_WINDOW - 1) / 2 + config.dilations.reduce((sum, d) => sum + 2 * d, 1);
}
