/**
 * The super-resolution model: an ANP whose context points are low-resolution pixels carrying their
 * neighbourhood (`superres-features`), whose targets carry theirs, and whose mean is a residual over
 * Lanczos-3. No self-attention: the features already describe each point's surroundings, and in
 * training the latent path's self-attention over contexts and targets took most of a step's time.
 * A small latent, and a mean trained on L1 with σ on the likelihood.
 */
import { stackedAnpConfig } from '../../models/index.js';
import type { NPConfig } from '../../models/core/types.js';
import { DEFAULT_BATCH_OPTIONS, type BatchOptions } from '../data/batch.js';
import {
  CONTEXT_FEATURES,
  targetFeatureCount,
  targetPatchOf,
  type TargetPatch,
} from '../imaging/superres-features.js';

/** Targets read all 36 pixels Lanczos-3 reads (the first shipped model read the middle 16). */
const TARGET_PATCH: TargetPatch = 6;
/** Low-resolution pixels of real surroundings every training frame gets (Lanczos-3's reach). */
const SURROUND_PIXELS = 3;

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
    targetFeatures: targetFeatureCount(TARGET_PATCH),
  };
}

/** Super-resolution factors trained on unless the run says otherwise. */
export const SUPERRES_FACTORS = { min: 1.5, max: 8 };

/** Share of tasks whose factor is drawn from [min, 4] rather than [min, max] unless the run says otherwise. */
export const SMALL_FACTOR_SHARE = 0.6;

/**
 * Super-resolution tasks only, factors 1.5–8 with three in five drawn from 1.5–4 (the factors users
 * ask for most); grids cropped to 8×8 low-resolution pixels, which the features make enough. Each
 * frame is cut with 3 low-resolution pixels of surroundings at the largest factor, so every target's
 * features and base read real pixels, as in a whole photo (the first model was trained on frames
 * whose edges were clamped: at ×4 only 1 target in 64 had all its Lanczos taps inside). Three in
 * four contexts are made with the antialiased cubic, the way most downscaled images are made.
 */
export function superResBatchOptions(
  window: BatchOptions['window'],
  factors: { min: number; max: number } = SUPERRES_FACTORS,
  smallFactorShare = SMALL_FACTOR_SHARE,
): BatchOptions {
  return {
    window,
    kinds: ['superres'],
    task: {
      ...DEFAULT_BATCH_OPTIONS.task,
      maxGridContext: 64,
      maxTargets: 192,
      minFactor: factors.min,
      maxFactor: factors.max,
      smallFactorShare,
      superResFeatures: { patch: TARGET_PATCH },
      superResSurround: Math.ceil(SURROUND_PIXELS * factors.max),
      areaShare: 0.25,
    },
  };
}

/**
 * The task mix with super-resolution features sized for the model that trains on it (the first
 * shipped model reads 4×4 patches; manifests of its time stored the option as `true`).
 */
export function batchForModel(batch: BatchOptions, targetFeatures: number): BatchOptions {
  if (!batch.task.superResFeatures) return batch;
  const superResFeatures = { patch: targetPatchOf(targetFeatures) };
  return { ...batch, task: { ...batch.task, superResFeatures } };
}
