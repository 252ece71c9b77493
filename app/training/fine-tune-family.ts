/**
 * What fine-tuning needs of the source model's family — a point-set neural process (the photo and
 * super-resolution models) or a grid ANP (the completion model) — bound to the loaded model: the
 * recipe a fresh run trains by, the held-out measurement before and after, and the model folder it
 * writes. `fine-tune.ts` runs either through this one interface.
 */
import * as tf from '@tensorflow/tfjs';
import type { CachedPhoto, PhotoSet } from '../data/photo-folder.js';
import type { TrainableModel } from '../model-factory.js';
import type { ModelRef } from '../util/task.js';
import type { TrainRecipe, AnyBatchOptions } from './train.js';

export type AnyRecipe = TrainRecipe<AnyBatchOptions>;

/** What the job chooses of a fresh run's recipe; the rest is the source model's own. */
export interface RecipeChoices {
  steps: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

/** A finished run, as its model folder and card describe it. */
export interface FinishedFineTune<HeldOut, Recipe extends AnyRecipe> {
  name: string;
  fromModel: ModelRef;
  photos: PhotoSet;
  recipe: Recipe;
  steps: number;
  trainSeconds: number;
  workers: number;
  before: HeldOut;
  after: HeldOut;
}

export interface FineTuneFamily<HeldOut, Recipe extends AnyRecipe> {
  readonly model: TrainableModel;
  recipe(choices: RecipeChoices): Recipe;
  /** Batches of one held-out measurement. */
  evalBatches(recipe: Recipe): number;
  /** On the same fixed tasks or windows of the photos at every call; `onBatch` after each batch. */
  measure(photos: readonly CachedPhoto[], recipe: Recipe, onBatch: (done: number) => void): Promise<HeldOut>;
  /** The measurement's NLL (lower is better), as the job's result reports it. */
  nll(heldOut: HeldOut): number;
  /** Writes the fine-tuned model's folder (weights, manifest, card) into `dir`. */
  export(dir: string, run: FinishedFineTune<HeldOut, Recipe>): Promise<void>;
}

/** The schedule both families fine-tune with: a short warm-up, then cosine to a tenth. */
export function fineTuneSchedule(c: RecipeChoices): Omit<AnyRecipe, 'batch' | 'betaNll' | 'meanFit'> {
  return {
    steps: c.steps,
    batchSize: c.batchSize,
    learningRate: c.learningRate,
    warmupSteps: Math.min(20, Math.floor(c.steps / 10)),
    finalLearningRateFraction: 0.1,
    clipNorm: 1,
    seed: c.seed,
  };
}

/** The card's fields both families fill alike. */
export function cardBasics<H, R extends AnyRecipe>(run: FinishedFineTune<H, R>) {
  return {
    title: run.name,
    data: {
      folder: run.photos.folder,
      trainFiles: run.photos.train.length,
      heldOutFiles: run.photos.heldOut.length,
      skippedFiles: run.photos.skipped.length,
    },
    recipe: run.recipe,
    steps: run.steps,
    trainSeconds: run.trainSeconds,
    backend: tf.getBackend(),
    workers: Math.max(1, run.workers),
  };
}

/** The first sentence of a fine-tuned model's card summary. */
export const tunedFrom = <H, R extends AnyRecipe>(run: FinishedFineTune<H, R>): string =>
  `Fine-tuned from '${run.fromModel.id}' on ${run.photos.train.length} ${run.photos.train.length === 1 ? 'photo' : 'photos'} of ${run.photos.folder}.`;
