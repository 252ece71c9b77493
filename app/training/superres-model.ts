/**
 * The super-resolution model: an ANP whose context points are low-resolution pixels carrying their
 * neighbourhood (`superres-features`), whose targets carry theirs, and whose mean is a residual over
 * Lanczos-3. No self-attention: the features already describe each point's surroundings, and in
 * training the latent path's self-attention over contexts and targets took most of a step's time.
 * A small latent, and a mean trained on L1 with σ on the likelihood.
 */
import { stackedAnpConfig } from '../../models/index.js';
import type { NPConfig } from '../../models/types.js';
import { DEFAULT_BATCH_OPTIONS, type BatchOptions } from '../data/batch.js';
import { CONTEXT_FEATURES, TARGET_FEATURES } from '../imaging/superres-features.js';

export function superResConfig(hidden: number): NPConfig {
  return {
    ...stackedAnpConfig(2, 3),
    hidden,
    latentDim: 16,
    encoderLayers: 2,
    decoderLayers: 3,
    selfAttentionLayers: 0,
    meanBase: 'residual',
    contextFeatures: CONTEXT_FEATURES,
    targetFeatures: TARGET_FEATURES,
  };
}

/**
 * Super-resolution tasks only, factors 1.5–8 with three in five drawn from 1.5–4 (the factors users
 * ask for most); grids cropped to 8×8 low-resolution pixels, which the features make enough.
 */
export function superResBatchOptions(window: BatchOptions['window']): BatchOptions {
  return {
    window,
    kinds: ['superres'],
    task: {
      ...DEFAULT_BATCH_OPTIONS.task,
      maxGridContext: 64,
      maxTargets: 192,
      minFactor: 1.5,
      maxFactor: 8,
      smallFactorShare: 0.6,
      superResFeatures: true,
    },
  };
}
