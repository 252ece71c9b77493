import * as tf from '@tensorflow/tfjs';
import type { ContextSet, EvalResult, LossOptions, NeuralProcess, TargetSet } from '../../models/index.js';
import { ApiError } from '../../app/api/errors.js';
import { loadLatestCheckpoint, saveCheckpoint } from '../../app/training/checkpoint.js';
import type { Schedule } from '../../app/training/schedule.js';
import { createTrainer, type Trainer } from '../../app/training/trainer.js';
import { log } from './output.js';

export interface TrainBatch {
  context: ContextSet;
  targets: TargetSet & { y: tf.Tensor3D };
}

export interface CurvePoint {
  step: number;
  /** Training wall time so far, without the time spent validating. */
  wallSeconds: number;
  /** Mean training loss over the steps since the previous point. */
  loss: number;
  validation: EvalResult;
}

export interface TrainRun {
  steps: number;
  wallSeconds: number;
  finalLoss: number;
  curve: CurvePoint[];
  /** Steps at which the run was resumed from a checkpoint (empty for one uninterrupted session). */
  resumedAt: number[];
}

export interface TrainOptions {
  label: string;
  steps: number;
  learningRate: number | Schedule;
  clipNorm: number;
  loss?: LossOptions;
  validateEvery: number;
  /**
   * Where to keep checkpoints (at every validation and at the end). A run finding one of the same
   * label, steps and learning rate continues from it; a finished run of the label is returned as it
   * is, whatever its budget (remove the folder to train again).
   */
  checkpointDir?: string;
  /**
   * Training wall time (seconds, validation excluded) at which the run ends, after the step that
   * reaches it, even short of `steps`; such a run counts as finished. For equal-time comparisons.
   */
  maxWallSeconds?: number;
  batch(step: number): TrainBatch;
  validate(): Promise<EvalResult>;
}

/** What a checkpoint of this loop records beside the trainer's state. */
interface LoopRecipe {
  label: string;
  steps: number;
  learningRate: number | Schedule;
  clipNorm: number;
  curve: CurvePoint[];
  resumedAt: number[];
}

function disposeBatch(b: TrainBatch): void {
  tf.dispose(
    [b.context.x, b.context.y, b.context.mask, b.targets.x, b.targets.y, b.targets.mask].filter(
      (t) => t !== undefined,
    ),
  );
}

const sameRun = (a: LoopRecipe, o: TrainOptions) =>
  a.label === o.label &&
  a.steps === o.steps &&
  a.clipNorm === o.clipNorm &&
  JSON.stringify(a.learningRate) === JSON.stringify(o.learningRate);

/** The checkpoint to continue from, if `checkpointDir` has one of this run (one of another run is an error). */
async function resumePoint(model: NeuralProcess, trainer: Trainer, o: TrainOptions) {
  if (!o.checkpointDir) return null;
  const ckpt = await loadLatestCheckpoint<LoopRecipe>(o.checkpointDir);
  if (!ckpt) return null;
  const finished = ckpt.state.step === ckpt.state.recipe.steps && ckpt.state.recipe.label === o.label;
  const names = ckpt.state.names.join() === trainer.state().names.join();
  if (!names || (!finished && !sameRun(ckpt.state.recipe, o)))
    throw new ApiError(
      'INVALID_ARGUMENT',
      `${o.checkpointDir} holds a checkpoint of another run (${ckpt.state.recipe.label}, ${ckpt.state.recipe.steps} steps): remove it to start this one`,
    );
  trainer.restore(ckpt.weights, ckpt.adam);
  log(
    finished
      ? `${o.label}: finished run of ${ckpt.state.step} steps found in ${o.checkpointDir}, not retrained`
      : `${o.label}: resumed from step ${ckpt.state.step} (${model.parameterCount()} parameters)`,
  );
  return ckpt.state;
}

/** Adam with clipping; validates at step 0, every `validateEvery` steps and at the end. */
export async function trainModel(model: NeuralProcess, o: TrainOptions): Promise<TrainRun> {
  const trainer = createTrainer(model, {
    learningRate: o.learningRate,
    clipNorm: o.clipNorm,
    ...(o.loss ? { loss: o.loss } : {}),
  });
  const resumed = await resumePoint(model, trainer, o);
  const curve: CurvePoint[] = resumed
    ? resumed.recipe.curve
    : [{ step: 0, wallSeconds: 0, loss: NaN, validation: await o.validate() }];
  const resumedAt = resumed ? [...resumed.recipe.resumedAt, resumed.step] : [];
  const first = (resumed?.step ?? 0) + 1;
  const outOfTime = (seconds: number) => o.maxWallSeconds !== undefined && seconds >= o.maxWallSeconds;
  const finished = resumed && (resumed.step === resumed.recipe.steps || outOfTime(resumed.trainSeconds));
  const last = finished ? resumed.step : o.steps;
  let wall = resumed?.trainSeconds ?? 0;
  let lossSum = 0;
  let lossCount = 0;
  for (let step = first; step <= last; step++) {
    const batch = o.batch(step);
    const t0 = performance.now();
    const r = trainer.step(batch.context, batch.targets, step);
    wall += (performance.now() - t0) / 1000;
    disposeBatch(batch);
    lossSum += r.loss;
    lossCount++;
    const stop = outOfTime(wall);
    if (step % o.validateEvery === 0 || step === last || stop) {
      const loss = lossSum / lossCount;
      const validation = await o.validate();
      curve.push({ step, wallSeconds: wall, loss, validation });
      log(
        `${o.label} step ${step}/${last} loss ${loss.toFixed(3)} val target NLL ${validation.targetNll.toFixed(3)} (${wall.toFixed(0)} s)`,
      );
      lossSum = 0;
      lossCount = 0;
      if (o.checkpointDir) await checkpoint(o, trainer, model, step, wall, { curve, resumedAt });
    }
    if (stop) break;
  }
  const finalLoss = curve.at(-1)!.loss;
  return { steps: curve.at(-1)!.step, wallSeconds: wall, finalLoss, curve, resumedAt };
}

async function checkpoint(
  o: TrainOptions,
  trainer: Trainer,
  model: NeuralProcess,
  step: number,
  trainSeconds: number,
  progress: Pick<LoopRecipe, 'curve' | 'resumedAt'>,
): Promise<void> {
  const { names, shapes, weights, adam } = trainer.state();
  const recipe: LoopRecipe = {
    label: o.label,
    steps: o.steps,
    learningRate: o.learningRate,
    clipNorm: o.clipNorm,
    ...progress,
  };
  await saveCheckpoint(o.checkpointDir!, {
    state: { step, config: model.config, names, shapes, recipe, trainSeconds },
    weights,
    adam,
  });
}

/** Point-weighted mean context and target NLL over many batches. */
export async function evaluateBatches(
  model: NeuralProcess,
  batches: Iterable<TrainBatch>,
  samples: number,
): Promise<EvalResult & { contextPoints: number; targetPoints: number }> {
  let c = 0;
  let t = 0;
  let cn = 0;
  let tn = 0;
  for (const b of batches) {
    const r = await model.evaluate(b.context, b.targets, samples);
    const nc = b.context.x.shape[0] * b.context.x.shape[1];
    const nt = b.targets.x.shape[0] * b.targets.x.shape[1];
    c += r.contextNll * nc;
    t += r.targetNll * nt;
    cn += nc;
    tn += nt;
    disposeBatch(b);
  }
  return { contextNll: c / cn, targetNll: t / tn, contextPoints: cn, targetPoints: tn };
}
