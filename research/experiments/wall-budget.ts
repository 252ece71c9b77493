/**
 * Equal wall time instead of equal steps: each model's step count (the length of its learning-rate
 * schedule) is its training budget divided by the seconds one of its steps takes, timed on a throwaway
 * copy of the model before the run; the run itself also stops when the budget is spent
 * (`maxWallSeconds` of the training loop), so the budgets hold even where the timing was off. The
 * plan is written next to the run's checkpoints, so a resumed run keeps the step count it started
 * with, whatever this machine's speed at resumption.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { LossOptions, NeuralProcess } from '../../models/index.js';
import { ApiError } from '../../app/api/errors.js';
import { createTrainer } from '../../app/training/trainer.js';
import { writeFileAtomic } from '../../app/util/atomic-write.js';
import type { TrainBatch } from './train-loop.js';

export interface BudgetPlan {
  label: string;
  budgetSeconds: number;
  /** Mean seconds of one training step, timed before the run. */
  secondsPerStep: number;
  steps: number;
}

const PLAN_FILE = 'budget-plan.json';

/** The steps that fill `budgetSeconds` at `secondsPerStep` (at least one). */
export function stepsForBudget(budgetSeconds: number, secondsPerStep: number): number {
  if (!(budgetSeconds > 0) || !(secondsPerStep > 0))
    throw new RangeError(`budget and step time must be positive (got ${budgetSeconds}, ${secondsPerStep})`);
  return Math.max(1, Math.floor(budgetSeconds / secondsPerStep));
}

/**
 * The plan stored in `dir` for this label and budget, or a new one from `timeStep()` (seconds per
 * step), stored there. A stored plan of another label or budget is an error: remove `dir` to re-plan.
 */
export async function planBudget(
  dir: string,
  label: string,
  budgetSeconds: number,
  timeStep: () => Promise<number>,
): Promise<BudgetPlan> {
  const path = join(dir, PLAN_FILE);
  const stored = await readFile(path, 'utf8').then(
    (text) => JSON.parse(text) as BudgetPlan,
    () => null,
  );
  if (stored) {
    if (stored.label !== label || stored.budgetSeconds !== budgetSeconds)
      throw new ApiError(
        'INVALID_ARGUMENT',
        `${dir} holds the plan of another run (${stored.label}, ${stored.budgetSeconds} s): remove it to start this one`,
      );
    return stored;
  }
  const secondsPerStep = await timeStep();
  const plan = { label, budgetSeconds, secondsPerStep, steps: stepsForBudget(budgetSeconds, secondsPerStep) };
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(path, JSON.stringify(plan, null, 2) + '\n');
  return plan;
}

/**
 * Seconds per training step of a fresh model from `create` on the run's batches `1..steps`: after two
 * untimed steps on `largest` (the run's largest batch: each new peak of the set sizes grows the wasm
 * heap) and one untimed pass over the batches, the fastest of three timed passes over them, per step —
 * the minimum, because a pass slowed by other work on the machine (another experiment decoding its
 * photos) says nothing of the run: timed once from the first step, a step looked twice as slow as in
 * the run. The model is disposed after.
 */
export async function timeTrainingStep(
  create: () => NeuralProcess,
  batch: (step: number) => TrainBatch,
  largest: () => TrainBatch,
  steps: number,
  loss: LossOptions,
): Promise<number> {
  const model = create();
  const trainer = createTrainer(model, { learningRate: 1e-4, loss });
  const run = (b: TrainBatch) => {
    const t0 = performance.now();
    trainer.step(b.context, b.targets, 0);
    const seconds = (performance.now() - t0) / 1000;
    tf.dispose([b.context.x, b.context.y, b.targets.x, b.targets.y]);
    return seconds;
  };
  const pass = () => Array.from({ length: steps }, (_, i) => run(batch(i + 1))).reduce((a, b) => a + b);
  run(largest());
  run(largest());
  pass();
  const fastest = Math.min(pass(), pass(), pass());
  model.dispose();
  return fastest / steps;
}
