/**
 * Gradients of the ELBO for one batch, computed by a model replica: the replica takes the current
 * weights as plain arrays, evaluates `lossAndGradients` and hands back plain arrays. The same code runs
 * in the main thread, inside each gradient worker thread, and (`gradientArrays`) in trainer.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { lossAndGradients } from '../../models/index.js';
import type { ContextSet, LossOptions, NeuralProcess, NPConfig, TargetSet } from '../../models/types.js';
import type { TaskBatch } from '../data/batch.js';
import { createAppModel } from '../model-factory.js';

export interface GradientResult {
  /** In the replica's variable order (`names`). */
  grads: Float32Array[];
  loss: number;
  nll: number;
  kl: number;
}

export function batchTensors(b: TaskBatch, model: NeuralProcess) {
  const { meanBase, contextFeatures: cf, targetFeatures: tfw } = model.config;
  const withBase = meanBase !== 'none' && b.targetBase.some((v) => !Number.isNaN(v));
  return {
    context: {
      x: tf.tensor3d(b.contextX, [b.batch, b.contextPoints, 2]),
      y: tf.tensor3d(b.contextY, [b.batch, b.contextPoints, 3]),
      mask: tf.tensor2d(b.contextMask, [b.batch, b.contextPoints]),
      ...(cf > 0 ? { features: tf.tensor3d(b.contextFeatures, [b.batch, b.contextPoints, cf]) } : {}),
    },
    targets: {
      x: tf.tensor3d(b.targetX, [b.batch, b.targetPoints, 2]),
      y: tf.tensor3d(b.targetY, [b.batch, b.targetPoints, 3]),
      mask: tf.tensor2d(b.targetMask, [b.batch, b.targetPoints]),
      // A 'residual' mean adds the base everywhere: padded targets get 0 (masked out of the loss) for NaN.
      ...(withBase
        ? {
            base: tf.tensor3d(
              meanBase === 'residual' ? b.targetBase.map((v) => (Number.isNaN(v) ? 0 : v)) : b.targetBase,
              [b.batch, b.targetPoints, 3],
            ),
          }
        : {}),
      ...(tfw > 0 ? { features: tf.tensor3d(b.targetFeatures, [b.batch, b.targetPoints, tfw]) } : {}),
    },
  };
}

export function disposeBatchTensors({ context, targets }: ReturnType<typeof batchTensors>): void {
  tf.dispose([context.x, context.y, context.mask, targets.x, targets.y, targets.mask]);
  tf.dispose([targets.base, context.features, targets.features].filter((t) => t !== undefined));
}

/** Stable variable names and copies of their values. */
export function readWeights(model: NeuralProcess): {
  names: string[];
  values: Float32Array[];
  shapes: number[][];
} {
  const entries = Object.entries(model.variables());
  return {
    names: entries.map(([n]) => n),
    values: entries.map(([, v]) => v.dataSync() as Float32Array).map((a) => new Float32Array(a)),
    shapes: entries.map(([, v]) => v.shape),
  };
}

export function writeWeights(
  model: NeuralProcess,
  names: readonly string[],
  values: readonly Float32Array[],
): void {
  const vars = model.variables();
  names.forEach((name, k) => {
    const v = vars[name];
    if (!v) throw new Error(`the model has no variable '${name}'`);
    const t = tf.tensor(values[k]!, v.shape, 'float32');
    v.assign(t);
    t.dispose();
  });
}

export class GradientReplica {
  readonly model: NeuralProcess;
  readonly names: string[];

  constructor(
    config: NPConfig,
    model?: NeuralProcess,
    private readonly lossOptions: LossOptions = {},
  ) {
    this.model = model ?? createAppModel(config);
    this.names = Object.keys(this.model.variables());
  }

  compute(weights: readonly Float32Array[] | null, batch: TaskBatch, seed: number): GradientResult {
    if (weights) writeWeights(this.model, this.names, weights);
    const tensors = batchTensors(batch, this.model);
    try {
      return gradientArrays(this.model, this.names, tensors.context, tensors.targets, seed, this.lossOptions);
    } finally {
      disposeBatchTensors(tensors);
    }
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** `lossAndGradients` as plain arrays in the order of `names` (stable names; zeros where no gradient flows). */
export function gradientArrays(
  model: NeuralProcess,
  names: readonly string[],
  context: ContextSet,
  targets: TargetSet & { y: tf.Tensor3D },
  seed: number,
  lossOptions: LossOptions,
): GradientResult {
  const out = lossAndGradients(model, context, targets, seed, lossOptions);
  const byName: Record<string, tf.Tensor> = {};
  for (const [registered, g] of Object.entries(out.grads)) byName[registered.slice(model.scope.length)] = g;
  const grads = names.map((n) => {
    const g = byName[n];
    return g ? new Float32Array(g.dataSync() as Float32Array) : new Float32Array(sizeOf(model, n));
  });
  tf.dispose(out.grads);
  return { grads, loss: out.loss, nll: out.nll, kl: out.kl };
}

function sizeOf(model: NeuralProcess, name: string): number {
  return model.variables()[name]!.size;
}
