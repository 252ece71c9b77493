/**
 * The image experiments' models (CNP, NP, stacked multihead ANP) trained for the same wall time each:
 * steps planned from a timed probe (wall-budget.ts), a warm-up + cosine learning rate over those
 * steps, the posterior q(z | T) (training targets contain the context), checkpoints at every
 * validation.
 */
import { join } from 'node:path';
import { stackedAnpConfig, type LossOptions, type NeuralProcess, type NPConfig } from '../../models/index.js';
import { createAppModel } from '../model-factory.js';
import type { Schedule } from '../training/schedule.js';
import { type ImageGrid, pixelBatch, type PixelTask } from './pixel-tasks.js';
import { evaluateBatches, trainModel, type TrainRun } from './train-loop.js';
import { type BudgetPlan, planBudget, timeTrainingStep } from './wall-budget.js';

export interface ImageModelSpec {
  name: string;
  /** Folder name of its checkpoints. */
  id: string;
  config: NPConfig;
}

/**
 * CNP and NP at the reference width; the stacked ANP narrower (attention over hundreds of pixels is
 * what a step's time goes to on this CPU), all with the given σ_y floor.
 */
export function imageModelSpecs(
  grid: ImageGrid,
  widths: { plain: number; stacked: number },
  minStd: number,
): ImageModelSpec[] {
  const dims = { xDim: 2, yDim: grid.channels, minStd };
  const plain = { ...dims, hidden: widths.plain, latentDim: widths.plain };
  return [
    { name: 'CNP', id: 'cnp', config: resolve({ ...plain, kind: 'cnp' }) },
    { name: 'NP', id: 'np', config: resolve({ ...plain, kind: 'np' }) },
    {
      name: 'Stacked multihead ANP',
      id: 'stacked-anp',
      config: {
        ...stackedAnpConfig(2, grid.channels),
        ...dims,
        hidden: widths.stacked,
        latentDim: widths.stacked,
      },
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
  peakLearningRate: number;
  task: PixelTask;
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

const LOSS: LossOptions = { posterior: 'targets' };
const PROBE_STEPS = 6;

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
  const batch = (step: number) => pixelBatch(o.train, o.seed * 1000 + step, o.task, 'train', o.grid);
  const dir = join(o.checkpointRoot, `${spec.id}.training`);
  const plan = await planBudget(dir, spec.name, o.budgetSeconds, () =>
    timeTrainingStep(() => create(`probe${index}/`), batch, PROBE_STEPS, LOSS),
  );
  const model = create(`${spec.id}/`);
  const learningRate = budgetSchedule(o.peakLearningRate, plan.steps);
  const validationTask = { ...o.task, batch: 32 };
  const training = await trainModel(model, {
    label: spec.name,
    steps: plan.steps,
    learningRate,
    clipNorm: 10,
    loss: LOSS,
    checkpointDir: dir,
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
  budget: t.plan,
  learningRate: t.learningRate,
  training: t.training,
});
