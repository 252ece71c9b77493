import type { CachedPhoto } from '../data/photo-folder.js';
import { Rng } from '../data/rng.js';
import type { TrainableModel } from '../model-factory.js';
import { GradientReplica } from './gradients.js';
import { recipeLoss, sampleTrainingBatch, type TrainRecipe, type AnyBatchOptions } from './train.js';

/**
 * Seconds one training step of `recipe` takes with `workers` gradient threads, timed on one worker's
 * share of a batch in this thread (the model's weights are read, not changed). It leaves out the
 * averaging and Adam (a small part of a step) and the workers' start-up (a few seconds, once).
 */
export function timeGradientStep(
  model: TrainableModel,
  photos: readonly CachedPhoto[],
  recipe: TrainRecipe<AnyBatchOptions>,
  workers: number,
): number {
  const share = Math.max(1, Math.round(recipe.batchSize / Math.max(1, workers)));
  const batch = sampleTrainingBatch(photos, share, new Rng(recipe.seed + 1), recipe.batch);
  const replica = new GradientReplica(model.config, model, recipeLoss(recipe));
  // The first gradient in a process pays for setting up its kernels and memory (2.4 s against 0.5 s
  // for a photo-model step here): the second is the one timed.
  replica.compute(null, batch, recipe.seed);
  const started = performance.now();
  replica.compute(null, batch, recipe.seed);
  return (performance.now() - started) / 1000;
}
