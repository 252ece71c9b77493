import type { AttentionKind, ModelKind, NPConfig } from './core/types.js';

const KINDS: readonly ModelKind[] = ['cnp', 'np', 'anp'];
const ATTENTIONS: readonly AttentionKind[] = ['uniform', 'laplace', 'dot', 'multihead'];

/** Hyper-parameters of the DeepMind reference notebook for 1D regression (hidden 128, σ_y floor 0.1). */
export function defaultConfig(kind: ModelKind): NPConfig {
  return {
    kind,
    xDim: 1,
    yDim: 1,
    hidden: 128,
    encoderLayers: 3,
    decoderLayers: 2,
    latentDim: 128,
    attention: kind === 'anp' ? 'multihead' : 'uniform',
    heads: 8,
    selfAttentionLayers: 0,
    laplaceScale: 1,
    minStd: 0.1,
    meanBase: 'none',
    contextFeatures: 0,
    targetFeatures: 0,
  };
}

/**
 * The paper's stacked multihead ANP: 2 multihead self-attention layers in both paths and multihead
 * cross-attention. σ_y's floor is 0.01 because pixel values in [0,1] are far sharper than the 1D
 * toy functions the 0.1 floor was chosen for.
 */
export function stackedAnpConfig(xDim: number, yDim: number): NPConfig {
  return {
    ...defaultConfig('anp'),
    xDim,
    yDim,
    attention: 'multihead',
    selfAttentionLayers: 2,
    minStd: 0.01,
  };
}

function checkInt(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${String(value)}`);
  }
}

function checkNumber(name: string, value: unknown, min: number, max: number, openMin: boolean): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (openMin ? value > min : value >= min) &&
    value <= max;
  if (!ok) {
    const range = `${openMin ? '(' : '['}${min}, ${max}]`;
    throw new RangeError(`${name} must be a number in ${range}, got ${String(value)}`);
  }
}

/** Throws a RangeError naming the first field out of range; returns the config typed. */
export function validateConfig(config: Record<string, unknown>): NPConfig {
  if (!KINDS.includes(config.kind as ModelKind)) {
    throw new RangeError(`kind must be one of ${KINDS.join(', ')}, got ${String(config.kind)}`);
  }
  if (!ATTENTIONS.includes(config.attention as AttentionKind)) {
    throw new RangeError(
      `attention must be one of ${ATTENTIONS.join(', ')}, got ${String(config.attention)}`,
    );
  }
  checkInt('xDim', config.xDim, 1, 16);
  checkInt('yDim', config.yDim, 1, 16);
  checkInt('hidden', config.hidden, 8, 1024);
  checkInt('encoderLayers', config.encoderLayers, 1, 8);
  checkInt('decoderLayers', config.decoderLayers, 1, 8);
  checkInt('latentDim', config.latentDim, 1, 1024);
  checkInt('heads', config.heads, 1, 64);
  checkInt('selfAttentionLayers', config.selfAttentionLayers, 0, 8);
  checkNumber('laplaceScale', config.laplaceScale, 0, 1e3, true);
  if (config.positionBands !== undefined) checkInt('positionBands', config.positionBands, 0, 16);
  checkNumber('minStd', config.minStd, 0, 0.5, true);
  if (config.maxStd !== undefined) checkNumber('maxStd', config.maxStd, config.minStd as number, 10, true);
  const meanBase = config.meanBase ?? 'none';
  if (typeof meanBase !== 'string' || meanBase === '') {
    throw new RangeError(`meanBase must be a name (a non-empty string), got ${String(meanBase)}`);
  }
  const contextFeatures = config.contextFeatures ?? 0;
  const targetFeatures = config.targetFeatures ?? 0;
  checkInt('contextFeatures', contextFeatures, 0, 4096);
  checkInt('targetFeatures', targetFeatures, 0, 4096);
  const c = { ...config, meanBase, contextFeatures, targetFeatures } as unknown as NPConfig;
  const usesHeads = c.attention === 'multihead' || c.selfAttentionLayers > 0;
  if (usesHeads && c.hidden % c.heads !== 0) {
    throw new RangeError(
      `hidden (${c.hidden}) must be divisible by heads (${c.heads}) for multihead attention`,
    );
  }
  if (c.kind !== 'anp' && (c.attention !== 'uniform' || c.selfAttentionLayers !== 0)) {
    throw new RangeError(
      `kind '${c.kind}' pools its context by the mean: attention must be 'uniform' and selfAttentionLayers 0 (use kind 'anp' for attention)`,
    );
  }
  return c;
}

export function resolveConfig(
  config: Partial<NPConfig> & Pick<NPConfig, 'kind' | 'xDim' | 'yDim'>,
): NPConfig {
  const merged = { ...defaultConfig(config.kind), ...config };
  return validateConfig(merged as unknown as Record<string, unknown>);
}
