import * as tf from '@tensorflow/tfjs';
import type { ContextSet, EvalResult, NeuralProcess, TargetSet } from '../../models/index.js';
import { createTrainer } from '../training/trainer.js';
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
}

export interface TrainOptions {
  label: string;
  steps: number;
  learningRate: number;
  clipNorm: number;
  validateEvery: number;
  batch(step: number): TrainBatch;
  validate(): Promise<EvalResult>;
}

function disposeBatch(b: TrainBatch): void {
  tf.dispose(
    [b.context.x, b.context.y, b.context.mask, b.targets.x, b.targets.y, b.targets.mask].filter(
      (t) => t !== undefined,
    ),
  );
}

/** Adam with clipping; validates at step 0, every `validateEvery` steps and at the end. */
export async function trainModel(model: NeuralProcess, o: TrainOptions): Promise<TrainRun> {
  const trainer = createTrainer(model, { learningRate: o.learningRate, clipNorm: o.clipNorm });
  const curve: CurvePoint[] = [{ step: 0, wallSeconds: 0, loss: NaN, validation: await o.validate() }];
  let wall = 0;
  let lossSum = 0;
  let lossCount = 0;
  let finalLoss = NaN;
  for (let step = 1; step <= o.steps; step++) {
    const batch = o.batch(step);
    const t0 = performance.now();
    const r = trainer.step(batch.context, batch.targets, step);
    wall += (performance.now() - t0) / 1000;
    disposeBatch(batch);
    lossSum += r.loss;
    lossCount++;
    if (step % o.validateEvery === 0 || step === o.steps) {
      finalLoss = lossSum / lossCount;
      const validation = await o.validate();
      curve.push({ step, wallSeconds: wall, loss: finalLoss, validation });
      log(
        `${o.label} step ${step}/${o.steps} loss ${finalLoss.toFixed(3)} val target NLL ${validation.targetNll.toFixed(3)} (${wall.toFixed(0)} s)`,
      );
      lossSum = 0;
      lossCount = 0;
    }
  }
  return { steps: o.steps, wallSeconds: wall, finalLoss, curve };
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
