/**
 * The training loop: mixed pixel / super-resolution / inpainting batches from a photo set, the ELBO's
 * gradients from one or more replicas, gradient averaging, global-norm clipping, Adam under a warm-up +
 * cosine schedule; checkpoints every N steps / seconds and on cancel; exact resume.
 */
import type { BackendPreference } from '../../models/backend.js';
import type { LossOptions } from '../../models/core/types.js';
import { ApiError } from '../api/errors.js';
import { DEFAULT_BATCH_OPTIONS, sampleBatch, type BatchOptions } from '../data/batch.js';
import { sampleGridBatch, type GridBatchOptions } from '../data/grid-batch.js';
import { sampleSuperResGridBatch, type SuperResGridBatchOptions } from '../data/superres-grid-batch.js';
import type { CachedPhoto } from '../data/photo-folder.js';
import type { TrainableModel } from '../model-factory.js';
import { Rng } from '../data/rng.js';
import type { TaskProgress } from '../util/task.js';
import { checkpointDir, loadLatestCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint.js';
import { readWeights, writeWeights, type TrainingBatch } from './gradients.js';
import { adamStep, averageGradients, clipGlobalNorm, createAdamState, type AdamState } from './optimizer.js';
import { appendJsonLine, progressLogPath, ProgressMeter, type StepMetrics } from './progress.js';
import { learningRateAt } from './schedule.js';
import { localPool, threadPool, type GradientPool } from './worker-pool.js';

/** What a recipe's batches are: point-set tasks, grid windows with holes, or super-resolution grids. */
export type AnyBatchOptions = BatchOptions | GridBatchOptions | SuperResGridBatchOptions;

/** Everything that decides what a run learns; stored in checkpoints and model manifests. */
/** Point-set recipes (the default), a grid ANP's (GridBatchOptions) or a grid super-resolution ANP's. */
export interface TrainRecipe<Batch extends AnyBatchOptions = BatchOptions> {
  steps: number;
  batchSize: number;
  learningRate: number;
  warmupSteps: number;
  finalLearningRateFraction: number;
  clipNorm: number;
  seed: number;
  /** β-NLL weighting of the likelihood (see models' LossOptions); 0 or absent: the plain ELBO. */
  betaNll?: number;
  /** What trains the mean (see models' LossOptions); absent: the likelihood. */
  meanFit?: LossOptions['meanFit'];
  /** Point-set tasks, grid windows for a grid ANP, or super-resolution grids. */
  batch: Batch;
}

/** A grid ANP's recipe. */
export type GridRecipe = TrainRecipe<GridBatchOptions>;
/** A grid super-resolution ANP's recipe. */
export type SuperResGridRecipe = TrainRecipe<SuperResGridBatchOptions>;

export function defaultRecipe(overrides: Partial<TrainRecipe> = {}): TrainRecipe {
  return {
    steps: 2000,
    batchSize: 16,
    learningRate: 5e-4,
    warmupSteps: 100,
    finalLearningRateFraction: 0.1,
    clipNorm: 1,
    seed: 1,
    batch: DEFAULT_BATCH_OPTIONS,
    ...overrides,
  };
}

export interface TrainOptions {
  /** The model to train; its variables hold the final weights when training returns. */
  model: TrainableModel;
  photos: readonly CachedPhoto[];
  recipe: TrainRecipe<AnyBatchOptions>;
  /** Checkpoints (`<workDir>/checkpoints`) and the progress log (`<workDir>/progress.jsonl`). */
  workDir: string;
  /** Continue from the latest checkpoint in workDir, if there is one. */
  resume?: boolean;
  /** 0: compute in this thread; K ≥ 1: K gradient worker threads. */
  workers?: number;
  backend?: BackendPreference;
  checkpointEverySteps?: number;
  checkpointEverySeconds?: number;
  logEverySteps?: number;
  signal?: AbortSignal;
  onProgress?: (progress: TaskProgress) => void;
  /** Called after each checkpoint with the model holding the checkpoint's weights. */
  onCheckpoint?: (step: number, trainSeconds: number) => Promise<void>;
}

export interface TrainResult {
  step: number;
  trainSeconds: number;
  cancelled: boolean;
  resumedFrom: number | null;
  last: StepMetrics | null;
}

interface RunState {
  step: number;
  weights: Float32Array[];
  adam: AdamState;
  rng: Rng;
  trainSeconds: number;
}

async function initialState(
  opts: TrainOptions,
  names: string[],
  initial: Float32Array[],
): Promise<RunState & { resumedFrom: number | null }> {
  const ckpt = opts.resume
    ? await loadLatestCheckpoint<TrainRecipe<AnyBatchOptions>>(checkpointDir(opts.workDir))
    : null;
  if (!ckpt) {
    return {
      step: 0,
      weights: initial,
      adam: createAdamState(initial),
      rng: new Rng(opts.recipe.seed),
      trainSeconds: 0,
      resumedFrom: null,
    };
  }
  if (ckpt.state.names.join() !== names.join()) {
    throw new ApiError(
      'MODEL_ERROR',
      `the checkpoint in ${opts.workDir} is for a different model architecture`,
    );
  }
  if (!ckpt.state.rng)
    throw new ApiError('MODEL_ERROR', `the checkpoint in ${opts.workDir} is not a photo training run's`);
  return {
    step: ckpt.state.step,
    weights: ckpt.weights,
    adam: ckpt.adam,
    rng: new Rng(ckpt.state.rng),
    trainSeconds: ckpt.state.trainSeconds,
    resumedFrom: ckpt.state.step,
  };
}

/** A batch of the recipe's family: point-set tasks, grid windows for a grid ANP, or super-resolution grids. */
export function sampleTrainingBatch(
  photos: readonly CachedPhoto[],
  size: number,
  rng: Rng,
  options: AnyBatchOptions,
): TrainingBatch {
  if ('grid' in options) return sampleGridBatch(photos, size, rng, options);
  if ('superresGrid' in options) return sampleSuperResGridBatch(photos, size, rng, options);
  return sampleBatch(photos, size, rng, options);
}

/** The loss a recipe trains with. */
export const recipeLoss = (recipe: TrainRecipe<AnyBatchOptions>): LossOptions => ({
  betaNll: recipe.betaNll ?? 0,
  ...(recipe.meanFit ? { meanFit: recipe.meanFit } : {}),
});

export async function trainModel(opts: TrainOptions): Promise<TrainResult> {
  const { model, recipe } = opts;
  if (opts.photos.length === 0) throw new ApiError('INVALID_ARGUMENT', 'there are no training photos');
  const { names, values, shapes } = readWeights(model);
  const run = await initialState(opts, names, values);
  // The log says where a resumed run picked up, so a reader of progress.jsonl sees the restart.
  if (run.resumedFrom !== null) {
    await appendJsonLine(progressLogPath(opts.workDir), {
      event: 'resumed',
      step: run.resumedFrom,
      at: new Date().toISOString(),
    });
  }
  const workers = opts.workers ?? 0;
  const loss = recipeLoss(recipe);
  const pool: GradientPool =
    workers > 0
      ? await threadPool(model.config, names, workers, opts.backend ?? 'auto', loss)
      : localPool(model, loss);
  const partSize = Math.max(1, Math.round(recipe.batchSize / pool.parts));
  const meter = new ProgressMeter(partSize * pool.parts);
  const schedule = {
    peak: recipe.learningRate,
    warmupSteps: recipe.warmupSteps,
    totalSteps: recipe.steps,
    finalFraction: recipe.finalLearningRateFraction,
  };
  const logEvery = opts.logEverySteps ?? 10;
  const ckptSteps = opts.checkpointEverySteps ?? Infinity;
  const ckptMs = (opts.checkpointEverySeconds ?? Infinity) * 1000;
  let lastCkpt = performance.now();
  let sessionStart = performance.now();
  let last: StepMetrics | null = null;
  let savedStep = -1;
  /** The sampler's state as of the last completed step (the live one is a step ahead). */
  let rngAtStep = run.rng.state();

  const checkpoint = async () => {
    if (savedStep === run.step) return;
    savedStep = run.step;
    const now = performance.now();
    run.trainSeconds += (now - sessionStart) / 1000;
    sessionStart = now;
    const c: Checkpoint<TrainRecipe<AnyBatchOptions>> = {
      state: {
        step: run.step,
        config: model.config,
        names,
        shapes,
        rng: rngAtStep,
        recipe,
        trainSeconds: run.trainSeconds,
      },
      weights: run.weights,
      adam: run.adam,
    };
    await saveCheckpoint(checkpointDir(opts.workDir), c);
    lastCkpt = performance.now();
    if (opts.onCheckpoint) {
      writeWeights(model, names, run.weights);
      await opts.onCheckpoint(run.step, run.trainSeconds);
    }
  };

  /** One step's sub-batches and seeds, and the sampler's state after them (what a checkpoint keeps). */
  const sampleStep = () => {
    const batches = Array.from({ length: pool.parts }, () =>
      sampleTrainingBatch(opts.photos, partSize, run.rng, recipe.batch),
    );
    const seeds = batches.map(() => run.rng.seed());
    return { batches, seeds, rngAfter: run.rng.state() };
  };
  let next = run.step < recipe.steps ? sampleStep() : null;
  try {
    while (next && !opts.signal?.aborted) {
      const learningRate = learningRateAt(run.step, schedule);
      const current = next;
      const pending = pool.compute(run.weights, current.batches, current.seeds);
      // The next step's batches do not depend on the weights: sample them while the workers compute.
      next = run.step + 1 < recipe.steps ? sampleStep() : null;
      const results = await pending;
      rngAtStep = current.rngAfter;
      const grads = results.length === 1 ? results[0]!.grads : averageGradients(results.map((r) => r.grads));
      const mean = (key: 'loss' | 'nll' | 'kl') => results.reduce((s, r) => s + r[key], 0) / results.length;
      const terms = { loss: mean('loss'), nll: mean('nll'), kl: mean('kl') };
      if (!Number.isFinite(terms.loss)) {
        throw new ApiError(
          'MODEL_ERROR',
          `training diverged at step ${run.step + 1} (loss ${terms.loss}); the last checkpoint is kept`,
        );
      }
      const gradNorm = clipGlobalNorm(grads, recipe.clipNorm);
      adamStep(run.weights, grads, run.adam, learningRate);
      run.step++;
      meter.record({ ...terms, gradNorm });
      if (run.step % logEvery === 0 || run.step === recipe.steps) {
        last = meter.flush(run.step, recipe.steps, learningRate);
        await appendJsonLine(progressLogPath(opts.workDir), last);
        opts.onProgress?.({
          done: run.step,
          total: recipe.steps,
          message: `step ${run.step}/${recipe.steps}: loss ${last.loss.toFixed(4)}`,
          metrics: { ...last },
        });
      }
      if (run.step % ckptSteps === 0 || performance.now() - lastCkpt >= ckptMs) await checkpoint();
    }
    await checkpoint();
  } finally {
    await pool.close();
  }
  writeWeights(model, names, run.weights);
  return {
    step: run.step,
    trainSeconds: run.trainSeconds,
    cancelled: run.step < recipe.steps,
    resumedFrom: run.resumedFrom,
    last,
  };
}
