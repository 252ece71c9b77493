/**
 * Held-out NLL: the same fixed-seed tasks (per kind) from held-out photos every time it is called, so
 * numbers before and after training (or between models) compare like with like.
 */
import type { NeuralProcess } from '../../models/core/types.js';
import { DEFAULT_BATCH_OPTIONS, sampleBatch, type BatchOptions } from '../data/batch.js';
import type { CachedPhoto } from '../data/photo-folder.js';
import { Rng } from '../data/rng.js';
import { TASK_KINDS, type TaskKind } from '../data/tasks.js';
import { batchTensors, disposeBatchTensors } from './gradients.js';
import { batchForModel } from './superres-model.js';

export interface NllPair {
  contextNll: number;
  targetNll: number;
}

export interface HeldOutNll extends NllPair {
  byKind: Partial<Record<TaskKind, NllPair>>;
  /** Tasks evaluated per kind. */
  tasksPerKind: number;
}

export interface EvaluateOptions {
  batches?: number;
  batchSize?: number;
  seed?: number;
  /** Importance samples of z per task (latent models). */
  samples?: number;
  batch?: BatchOptions;
  /** After each evaluated batch: batches done of all (every kind's). */
  onBatch?: (done: number, total: number) => void;
}

/** The task mix a model was trained with, from its manifest's recipe (defaults where it has none). */
export function batchOptionsOf(manifest: Record<string, unknown>): BatchOptions {
  const recipe = manifest['recipe'] as { batch?: BatchOptions; window?: number } | null | undefined;
  const config = manifest['config'] as { targetFeatures?: number } | undefined;
  if (recipe?.batch?.window && recipe.batch.task && Array.isArray(recipe.batch.kinds))
    return batchForModel(recipe.batch, config?.targetFeatures ?? 0);
  const size = typeof recipe?.window === 'number' ? recipe.window : DEFAULT_BATCH_OPTIONS.window.size;
  return { ...DEFAULT_BATCH_OPTIONS, window: { ...DEFAULT_BATCH_OPTIONS.window, size } };
}

/** Batches `evaluateHeldOut` evaluates for a task mix: `batches` of every kind in it. */
export const heldOutBatches = (mix: BatchOptions, batches = 2): number =>
  TASK_KINDS.filter((kind) => mix.kinds.includes(kind)).length * batches;

export async function evaluateHeldOut(
  model: NeuralProcess,
  photos: readonly CachedPhoto[],
  options: EvaluateOptions = {},
): Promise<HeldOutNll> {
  const batches = options.batches ?? 2;
  const batchSize = options.batchSize ?? 8;
  const base = options.batch ?? DEFAULT_BATCH_OPTIONS;
  const byKind: Partial<Record<TaskKind, NllPair>> = {};
  const total = heldOutBatches(base, batches);
  let done = 0;
  for (const [k, kind] of TASK_KINDS.entries()) {
    if (!base.kinds.includes(kind)) continue;
    const rng = new Rng((options.seed ?? 20190101) + k);
    let contextNll = 0;
    let targetNll = 0;
    for (let i = 0; i < batches; i++) {
      const batch = sampleBatch(photos, batchSize, rng, { ...base, kinds: [kind] });
      const tensors = batchTensors(batch, model);
      const { context, targets } = tensors;
      try {
        const r = await model.evaluate(context, targets, options.samples ?? 8);
        contextNll += r.contextNll / batches;
        targetNll += r.targetNll / batches;
      } finally {
        disposeBatchTensors(tensors);
      }
      options.onBatch?.(++done, total);
    }
    byKind[kind] = { contextNll, targetNll };
  }
  const kinds = Object.values(byKind) as NllPair[];
  return {
    contextNll: kinds.reduce((s, v) => s + v.contextNll, 0) / kinds.length,
    targetNll: kinds.reduce((s, v) => s + v.targetNll, 0) / kinds.length,
    byKind,
    tasksPerKind: batches * batchSize,
  };
}
