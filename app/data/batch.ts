/**
 * A batch of tasks padded to common set sizes, with masks (1 = real point, 0 = padding), as flat
 * Float32Arrays ready to become tensors [batch, points, dim] — or to be posted to a worker thread.
 */
import type { CachedPhoto } from './photo-folder.js';
import type { Rng } from './rng.js';
import {
  DEFAULT_TASK_OPTIONS,
  sampleTask,
  TASK_KINDS,
  type Task,
  type TaskKind,
  type TaskOptions,
} from './tasks.js';
import { DEFAULT_WINDOW_OPTIONS, sampleWindow, type WindowOptions } from './windows.js';

export interface TaskBatch {
  batch: number;
  contextPoints: number;
  targetPoints: number;
  contextX: Float32Array;
  contextY: Float32Array;
  contextMask: Float32Array;
  targetX: Float32Array;
  targetY: Float32Array;
  targetMask: Float32Array;
  /** [batch, targetPoints, 3]: tasks' own bases at their targets (see `Task.targetBase`), NaN elsewhere. */
  targetBase: Float32Array;
  /** [batch, contextPoints, F] and [batch, targetPoints, G] when every task carries features, else empty. */
  contextFeatures: Float32Array;
  targetFeatures: Float32Array;
  kinds: TaskKind[];
}

export interface BatchOptions {
  window: WindowOptions;
  task: TaskOptions;
  kinds: readonly TaskKind[];
}

export const DEFAULT_BATCH_OPTIONS: BatchOptions = {
  window: DEFAULT_WINDOW_OPTIONS,
  task: DEFAULT_TASK_OPTIONS,
  kinds: TASK_KINDS,
};

/** Per-point feature width of a field every task carries (0 when none does); mixed batches are refused. */
function featureWidth(
  tasks: readonly Task[],
  field: 'contextFeatures' | 'targetFeatures',
  axis: 'contextX' | 'targetX',
): number {
  const widths = new Set(tasks.map((t) => (t[field] ? t[field].length / (t[axis].length / 2) : 0)));
  if (widths.size > 1) throw new Error(`tasks of one batch must all carry ${field} of one width, or none`);
  return [...widths][0] ?? 0;
}

export function padTasks(tasks: readonly Task[]): TaskBatch {
  const batch = tasks.length;
  const contextPoints = Math.max(1, ...tasks.map((t) => t.contextX.length / 2));
  const targetPoints = Math.max(1, ...tasks.map((t) => t.targetX.length / 2));
  const cf = featureWidth(tasks, 'contextFeatures', 'contextX');
  const tf = featureWidth(tasks, 'targetFeatures', 'targetX');
  const out: TaskBatch = {
    batch,
    contextPoints,
    targetPoints,
    contextX: new Float32Array(batch * contextPoints * 2),
    contextY: new Float32Array(batch * contextPoints * 3),
    contextMask: new Float32Array(batch * contextPoints),
    targetX: new Float32Array(batch * targetPoints * 2),
    targetY: new Float32Array(batch * targetPoints * 3),
    targetMask: new Float32Array(batch * targetPoints),
    targetBase: new Float32Array(batch * targetPoints * 3).fill(Number.NaN),
    contextFeatures: new Float32Array(batch * contextPoints * cf),
    targetFeatures: new Float32Array(batch * targetPoints * tf),
    kinds: tasks.map((t) => t.kind),
  };
  tasks.forEach((t, b) => {
    out.contextX.set(t.contextX, b * contextPoints * 2);
    out.contextY.set(t.contextY, b * contextPoints * 3);
    out.contextMask.fill(1, b * contextPoints, b * contextPoints + t.contextX.length / 2);
    out.targetX.set(t.targetX, b * targetPoints * 2);
    out.targetY.set(t.targetY, b * targetPoints * 3);
    out.targetMask.fill(1, b * targetPoints, b * targetPoints + t.targetX.length / 2);
    if (t.targetBase) out.targetBase.set(t.targetBase, b * targetPoints * 3);
    if (t.contextFeatures) out.contextFeatures.set(t.contextFeatures, b * contextPoints * cf);
    if (t.targetFeatures) out.targetFeatures.set(t.targetFeatures, b * targetPoints * tf);
  });
  return out;
}

/** `size` tasks from random windows; the task kinds rotate so every batch mixes all of them. */
export function sampleBatch(
  photos: readonly CachedPhoto[],
  size: number,
  rng: Rng,
  options: BatchOptions = DEFAULT_BATCH_OPTIONS,
): TaskBatch {
  const offset = rng.int(0, options.kinds.length - 1);
  const tasks: Task[] = [];
  for (let i = 0; i < size; i++) {
    const kind = options.kinds[(i + offset) % options.kinds.length]!;
    const surround = kind === 'superres' ? (options.task.superResSurround ?? 0) : 0;
    const window = { ...options.window, size: options.window.size + 2 * surround };
    tasks.push(sampleTask(kind, sampleWindow(photos, rng, window), rng, options.task));
  }
  return padTasks(tasks);
}
