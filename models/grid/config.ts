/**
 * The grid ANP's hyper-parameters: a convolutional neural process for data on a pixel grid (a
 * ConvCNP encoder under an ANP's windowed multihead cross-attention, with a global latent path).
 */
export interface GridAnpConfig {
  kind: 'grid-anp';
  /** Channels of the signal (3 for RGB). */
  yDim: number;
  /** Width of the encoder's feature maps. */
  channels: number;
  /** One residual block (two 3×3 convolutions) per entry, with that dilation. */
  dilations: number[];
  /** Width of the cross-attention's queries, keys and values (memory grows with it × window²). */
  attentionChannels: number;
  /** Heads of the cross-attention; `attentionChannels` must be divisible by it. */
  heads: number;
  /** Side of the blocks of known pixels that form one key of the cross-attention (8: a 128² crop has 256 keys). */
  attentionPool: number;
  /** Size of the global latent z; 0: no latent path (a conditional NP). */
  latentDim: number;
  /** Width of the per-pixel decoder's hidden layers. */
  decoderHidden: number;
  decoderLayers: number;
  /** Levels of the pull-push fill that is the decoder's mean base and an input of the encoder. */
  fillLevels: number;
  /** σ_y = minStd + softplus(·). */
  minStd: number;
}

/** A default sized for completion on 2 CPU cores: about 200 kFLOP a pixel, a receptive field of 125 px. */
export function gridAnpConfig(yDim = 3): GridAnpConfig {
  return {
    kind: 'grid-anp',
    yDim,
    channels: 32,
    dilations: [1, 2, 4, 8, 16],
    attentionChannels: 16,
    heads: 4,
    attentionPool: 8,
    latentDim: 16,
    decoderHidden: 64,
    decoderLayers: 2,
    fillLevels: 6,
    minStd: 0.005,
  };
}

/** `value` as an integer in min..max; throws a RangeError naming the field otherwise. */
export function intField(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${String(value)}`);
  return value;
}

/** The fields both grid models share; throws a RangeError naming the first out of range. */
export function validateGridFields(config: Record<string, unknown>, maxDilation: number): void {
  intField('yDim', config.yDim, 1, 16);
  intField('channels', config.channels, 4, 512);
  const dilations = config.dilations;
  if (!Array.isArray(dilations) || dilations.length < 1 || dilations.length > 32)
    throw new RangeError('dilations must be a list of 1 to 32 integers');
  dilations.forEach((d, i) => intField(`dilations[${i}]`, d, 1, maxDilation));
  const attentionChannels = intField('attentionChannels', config.attentionChannels, 1, 512);
  const heads = intField('heads', config.heads, 1, 32);
  if (attentionChannels % heads !== 0)
    throw new RangeError(`attentionChannels (${attentionChannels}) must be divisible by heads (${heads})`);
  intField('latentDim', config.latentDim, 0, 256);
  intField('decoderHidden', config.decoderHidden, 4, 1024);
  intField('decoderLayers', config.decoderLayers, 1, 8);
  const minStd = config.minStd;
  if (typeof minStd !== 'number' || !(minStd > 0 && minStd <= 0.5))
    throw new RangeError(`minStd must be a number in (0, 0.5], got ${String(minStd)}`);
}

/** Throws a RangeError naming the first field out of range; returns the config typed. */
export function validateGridConfig(config: Record<string, unknown>): GridAnpConfig {
  if (config.kind !== 'grid-anp') throw new RangeError(`kind must be 'grid-anp', got ${String(config.kind)}`);
  validateGridFields(config, 64);
  intField('attentionPool', config.attentionPool, 1, 64);
  intField('fillLevels', config.fillLevels, 1, 12);
  return config as unknown as GridAnpConfig;
}

/** Pixels every target can reach through the encoder (its receptive field's side). */
export function receptiveField(config: GridAnpConfig): number {
  return 1 + 2 + config.dilations.reduce((sum, d) => sum + 4 * d, 0);
}
