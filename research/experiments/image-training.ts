/**
 * The image experiments' models (CNP, NP, stacked multihead ANP) trained for the same wall time each:
 * steps planned from a timed probe (wall-budget.ts), a warm-up + cosine learning rate over those
 * steps, the run stopped when its budget is spent, the posterior q(z | T) (training targets contain the context), checkpoints at every
 * validation.
 */
import { join } from 'node:path';
import { stackedAnpConfig, type LossOptions, type NeuralProcess, type NPConfig } from '../../models/index.js';
import { createAppModel } from '../../app/model-factory.js';
import type { Schedule } from '../../app/training/schedule.js';
import { type ImageGrid, pixelBatch, type PixelTask } from './pixel-tasks.js';
import { evaluateBatches, trainModel, type TrainRun } from './train-loop.js';
import { type BudgetPlan, planBudget, timeTrainingStep } from './wall-budget.js';

export interface ImageModelSpec {
  name: string;
  /** Folder name of its checkpoints. */
  id: string;
  config: NPConfig;
  /** Its training task. */
  task: PixelTask;
}

/**
 * The image task of CNP and NP (and of every model's validation and test NLL): contexts ~ U[3, 200)
 * as in the paper, training targets = the context + 100 further pixels.
 */
export const IMAGE_TASK: PixelTask = { batch: 16, minContext: 3, maxContext: 200, extraTargets: 100 };
/**
 * The image experiments' σ_y floor for pixels in [0, 1]: 0.01 (the 1D reference's 0.1 would cap the
 * likelihood of sharp digits at 0.88 nats), as the photo models.
 */
export const PIXEL_MIN_STD = 0.01;
/**
 * Both image experiments' loss: the mean fitted by least squares, σ by the likelihood at that mean
 * (LossOptions.meanFit) weighted by σ² (β-NLL, β = 1). Trained on the plain ELBO for 300–420 s,
 * every MNIST model settled on one context-free blob (the classifier read 10 % from any context),
 * and no photo-crop model reproduced a crop from all its pixels: the likelihood pays far more for a
 * small σ (on MNIST's exact zeros, on smooth photo regions) than for a mean that follows the context.
 * With least squares but an unweighted σ term the σ gradients (growing like 1/σ² at the 0.01 floor)
 * still swamped the mean in the shared layers: a CNP fitted to two digits for 400 steps predicted
 * their average from either (the two predictions 0.0001 apart in mean squared error, the digits
 * 0.15); with β = 1, 0.0086.
 */
export const IMAGE_LOSS: LossOptions = { meanFit: 'l2', betaNll: 1 };

/** CNP and NP width: the reference's. */
export const PLAIN_HIDDEN = 128;

/**
 * The stacked ANP shrunk to train at a useful rate on this CPU: a step on IMAGE_TASK at hidden 64 with
 * 8 heads took 4–9 s on a shared core (up to 30 s on the largest sets), against ~1 s for the CNP.
 */
export const STACKED_SHRINK = {
  hidden: 64,
  heads: 4,
  /**
   * Its cross-attention embeds x through 5 octaves of sines and cosines (NPConfig.positionBands), a
   * deviation from the reference's raw x: with raw x, 400 steps on two digits left attention unable
   * to single out a pixel (each digit's completion from half its pixels 0.026 / 0.059 in mean squared
   * error, the two completions 0.003 apart) where the encoding reached 0.007 / 0.007 (0.104 apart).
   */
  positionBands: 5,
  task: { batch: 16, minContext: 3, maxContext: 100, extraTargets: 50 } satisfies PixelTask,
};

/** The shrink in words, for the results' descriptions. */
export const SHRINK_NOTE = `The stacked ANP is shrunk: hidden ${STACKED_SHRINK.hidden} and ${STACKED_SHRINK.heads} heads (CNP/NP: hidden ${PLAIN_HIDDEN}), and smaller training sets — contexts ~ U[${STACKED_SHRINK.task.minContext}, ${STACKED_SHRINK.task.maxContext}), targets = context + ${STACKED_SHRINK.task.extraTargets} (CNP/NP: U[${IMAGE_TASK.minContext}, ${IMAGE_TASK.maxContext}) + ${IMAGE_TASK.extraTargets}) — since its self-attention over the pixels is quadratic in them and a step on the plain task at 8 heads took 4–9 s on this shared CPU. No model trains on all pixels at once. Its cross-attention embeds x through ${STACKED_SHRINK.positionBands} octaves of sines and cosines instead of raw x (with raw x, attention could not single out a pixel within these budgets).`;

/** CNP and NP on IMAGE_TASK, the stacked ANP shrunk; all with the σ_y floor PIXEL_MIN_STD. */
export function imageModelSpecs(grid: ImageGrid): ImageModelSpec[] {
  const dims = { xDim: 2, yDim: grid.channels, minStd: PIXEL_MIN_STD };
  const wide = { ...dims, hidden: PLAIN_HIDDEN, latentDim: PLAIN_HIDDEN };
  const { hidden, heads, positionBands, task } = STACKED_SHRINK;
  return [
    { name: 'CNP', id: 'cnp', config: resolve({ ...wide, kind: 'cnp' }), task: IMAGE_TASK },
    { name: 'NP', id: 'np', config: resolve({ ...wide, kind: 'np' }), task: IMAGE_TASK },
    {
      name: 'Stacked multihead ANP',
      id: 'stacked-anp',
      config: {
        ...stackedAnpConfig(2, grid.channels),
        ...dims,
        hidden,
        latentDim: hidden,
        heads,
        positionBands,
      },
      task,
    },
  ];
}

function resolve(c: Partial<NPConfig> & Pick<NPConfig, 'kind' | 'xDim' | 'yDim'>): NPConfig {
  const m = createAppModel(c);
  const config = m.config;
  m.dispose();
  return config;
}

export interface EqualTimeOptions {
  budgetSeconds: number;
  /** The training loss (every model the same); the posterior is always q(z | targets). */
  loss: LossOptions;
  peakLearningRate: number;
  grid: ImageGrid;
  train: Float32Array[];
  /** Training images the validation curve is measured on. */
  validation: Float32Array[];
  /** Where each model's checkpoints go (`<id>.training`). */
  checkpointRoot: string;
  seed: number;
}

export interface TrainedImageModel {
  spec: ImageModelSpec;
  model: NeuralProcess;
  plan: BudgetPlan;
  learningRate: Schedule;
  training: TrainRun;
}

/**
 * Steps of the timing probe. Set sizes are drawn from U[3, 200), so a step's cost varies several-fold:
 * 8 steps put the photo-crop CNP at 0.36 s a step where the run then averaged 0.23 s, and it finished
 * its schedule in 277 of its 420 s.
 */
const PROBE_STEPS = 32;

/** The learning rate over a plan's steps: a short linear warm-up, then a cosine decay to a tenth. */
export const budgetSchedule = (peak: number, steps: number): Schedule => ({
  peak,
  warmupSteps: Math.min(20, Math.floor(steps / 10)),
  totalSteps: steps,
  finalFraction: 0.1,
});

export async function trainForWallTime(
  spec: ImageModelSpec,
  index: number,
  o: EqualTimeOptions,
): Promise<TrainedImageModel> {
  const create = (scope: string) => createAppModel(spec.config, { seed: o.seed + index, scope });
  const batch = (step: number) => pixelBatch(o.train, o.seed * 1000 + step, spec.task, 'train', o.grid);
  const dir = join(o.checkpointRoot, `${spec.id}.training`);
  const loss: LossOptions = { ...o.loss, posterior: 'targets' };
  const largestTask = { ...spec.task, minContext: spec.task.maxContext - 1 };
  const largest = () => pixelBatch(o.train, o.seed, largestTask, 'train', o.grid);
  const plan = await planBudget(dir, spec.name, o.budgetSeconds, () =>
    timeTrainingStep(() => create(`probe${index}/`), batch, largest, PROBE_STEPS, loss),
  );
  const model = create(`${spec.id}/`);
  const learningRate = budgetSchedule(o.peakLearningRate, plan.steps);
  const validationTask = { ...IMAGE_TASK, batch: 32 };
  const training = await trainModel(model, {
    label: spec.name,
    steps: plan.steps,
    learningRate,
    clipNorm: 10,
    loss,
    checkpointDir: dir,
    maxWallSeconds: o.budgetSeconds,
    validateEvery: Math.max(1, Math.round(plan.steps / 8)),
    batch,
    validate: () =>
      evaluateBatches(model, [pixelBatch(o.validation, o.seed, validationTask, 'disjoint', o.grid)], 2),
  });
  return { spec, model, plan, learningRate, training };
}

/** Every spec in turn, each for the same budget (a finished run in its checkpoint folder is reused). */
export async function trainAllForWallTime(
  specs: ImageModelSpec[],
  o: EqualTimeOptions,
): Promise<TrainedImageModel[]> {
  const trained: TrainedImageModel[] = [];
  for (const [i, spec] of specs.entries()) trained.push(await trainForWallTime(spec, i, o));
  return trained;
}

/** What the results JSON records of a model's training. */
export const trainingRecord = (t: TrainedImageModel) => ({
  name: t.spec.name,
  config: t.model.config,
  parameters: t.model.parameterCount(),
  task: t.spec.task,
  budget: t.plan,
  learningRate: t.learningRate,
  training: t.training,
});
