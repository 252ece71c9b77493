/**
 * Gradients of the ELBO for one batch, computed by a model replica: the replica takes the current
 * weights as plain arrays, evaluates `lossAndGradients` and hands back plain arrays. The same code runs
 * in the main thread, inside each gradient worker thread, and (`gradientArrays`) in trainer.ts.
 */
import * as tf from '@tensorflow/tfjs';
import {
  gridLossAndGradients,
  lossAndGradients,
  superResLossAndGradients,
  type GridAnpModel,
  type GridSuperResModel,
  type LossAndGradients,
} from '../../models/index.js';
import type { LossOptions, NeuralProcess } from '../../models/core/types.js';
import type { TaskBatch } from '../data/batch.js';
import type { GridBatch } from '../data/grid-batch.js';
import type { SuperResGridBatch } from '../data/superres-grid-batch.js';
import { superResTensors } from './superres-grid-evaluate.js';
import {
  createTrainableModel,
  isGridModel,
  isSuperResModel,
  type TrainableConfig,
  type TrainableModel,
} from '../model-factory.js';

/** A batch of any family: point-set tasks, grid windows or super-resolution grids. */
export type TrainingBatch = TaskBatch | GridBatch | SuperResGridBatch;

export const isGridBatch = (batch: TrainingBatch): batch is GridBatch => 'known' in batch;
export const isSuperResBatch = (batch: TrainingBatch): batch is SuperResGridBatch => 'anchors' in batch;

/** The family of a batch, named as its model's kind. */
const batchKind = (batch: TrainingBatch) =>
  isGridBatch(batch) ? 'grid-anp' : isSuperResBatch(batch) ? 'grid-superres' : 'point-set';
const modelFamily = (model: TrainableModel) =>
  isGridModel(model) ? 'grid-anp' : isSuperResModel(model) ? 'grid-superres' : 'point-set';

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
export function readWeights(model: TrainableModel): {
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
  model: TrainableModel,
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

/** The loss and its gradients for one batch of the model's own family. */
function lossAndGradientsOf(
  model: TrainableModel,
  batch: TrainingBatch,
  seed: number,
  lossOptions: LossOptions,
): LossAndGradients {
  if (modelFamily(model) !== batchKind(batch))
    throw new Error(`a ${model.config.kind} model cannot train on a ${batchKind(batch)} batch`);
  if (isGridModel(model)) return gridGradients(model, batch as GridBatch, seed, lossOptions);
  if (isSuperResModel(model)) return superResGradients(model, batch as SuperResGridBatch, seed, lossOptions);
  const tensors = batchTensors(batch as TaskBatch, model);
  try {
    return lossAndGradients(model, tensors.context, tensors.targets, seed, lossOptions);
  } finally {
    disposeBatchTensors(tensors);
  }
}

function gridGradients(model: GridAnpModel, b: GridBatch, seed: number, lossOptions: LossOptions) {
  const shape = [b.batch, b.size, b.size] as const;
  const tensors = {
    y: tf.tensor4d(b.y, [...shape, 3]),
    known: tf.tensor4d(b.known, [...shape, 1]),
    targets: tf.tensor4d(b.targets, [...shape, 1]),
  };
  try {
    return gridLossAndGradients(model, tensors, tensors.y, tensors.targets, seed, lossOptions);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

function superResGradients(
  model: GridSuperResModel,
  b: SuperResGridBatch,
  seed: number,
  lossOptions: LossOptions,
) {
  const { input, y, mask } = superResTensors(b);
  try {
    return superResLossAndGradients(model, input, y, mask, seed, lossOptions);
  } finally {
    tf.dispose([input.low, input.offset, input.base, input.cell, y, mask]);
  }
}

export class GradientReplica {
  readonly model: TrainableModel;
  readonly names: string[];

  constructor(
    config: TrainableConfig,
    model?: TrainableModel,
    private readonly lossOptions: LossOptions = {},
  ) {
    this.model = model ?? createTrainableModel(config);
    this.names = Object.keys(this.model.variables());
  }

  compute(weights: readonly Float32Array[] | null, batch: TrainingBatch, seed: number): GradientResult {
    if (weights) writeWeights(this.model, this.names, weights);
    return asArrays(this.model, this.names, lossAndGradientsOf(this.model, batch, seed, this.lossOptions));
  }

  dispose(): void {
    this.model.dispose();
  }
}

/** `lossAndGradients` as plain arrays in the order of `names` (stable names; zeros where no gradient flows). */
export function gradientArrays(
  model: NeuralProcess,
  names: readonly string[],
  context: Parameters<NeuralProcess['loss']>[0],
  targets: Parameters<NeuralProcess['loss']>[1],
  seed: number,
  lossOptions: LossOptions,
): GradientResult {
  return asArrays(model, names, lossAndGradients(model, context, targets, seed, lossOptions));
}

function asArrays(model: TrainableModel, names: readonly string[], out: LossAndGradients): GradientResult {
  const byName: Record<string, tf.Tensor> = {};
  for (const [registered, g] of Object.entries(out.grads)) byName[registered.slice(model.scope.length)] = g;
  const grads = names.map((n) => {
    const g = byName[n];
    return g ? new Float32Array(g.dataSync() as Float32Array) : new Float32Array(model.variables()[n]!.size);
  });
  tf.dispose(out.grads);
  return { grads, loss: out.loss, nll: out.nll, kl: out.kl };
}
