import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../models/nn/params.js';
import { type SeKernel, sampleCurve } from './gaussian-process.js';

/** The reference 1D task: x ~ U[-2, 2], SE kernel with lengthscale ~ U[0.1, 0.6], scale ~ U[0.1, 1], noise 0.02. */
export interface GpTaskOptions {
  batch: number;
  /** Contexts ~ U[minContext, maxContext). */
  minContext: number;
  maxContext: number;
  /**
   * Extra target points ~ U[minExtra, maxTotal − contexts), at least minExtra: as the ANP reference
   * notebook, where contexts and extra targets together number at most `maxTotal` (50).
   */
  minExtra: number;
  maxTotal: number;
}

export const GP_TASK: GpTaskOptions = { batch: 16, minContext: 3, maxContext: 50, minExtra: 1, maxTotal: 50 };

export interface GpCurveBatch {
  /** Per function: kernel, x and y of every point; the first `contextCount` points are the context. */
  kernels: SeKernel[];
  x: Float64Array[];
  y: Float64Array[];
  contextCount: number;
}

/** The observation noise's standard deviation of every function. */
export const GP_NOISE = 0.02;

export function randomKernel(rand: () => number): SeKernel {
  return { lengthscale: 0.1 + 0.5 * rand(), scale: 0.1 + 0.9 * rand(), noise: GP_NOISE };
}

/** One batch of GP functions sharing the numbers of context and extra points (as in the reference). */
export function sampleGpBatch(seed: number, o: GpTaskOptions = GP_TASK): GpCurveBatch {
  const rand = mulberry32(seed);
  const contextCount = o.minContext + Math.floor(rand() * (o.maxContext - o.minContext));
  const extra = o.minExtra + Math.floor(rand() * Math.max(1, o.maxTotal - contextCount - o.minExtra));
  const n = contextCount + extra;
  const batch: GpCurveBatch = { kernels: [], x: [], y: [], contextCount };
  for (let b = 0; b < o.batch; b++) {
    const k = randomKernel(rand);
    const x = Float64Array.from({ length: n }, () => 4 * rand() - 2);
    batch.kernels.push(k);
    batch.x.push(x);
    batch.y.push(sampleCurve(x, k, rand));
  }
  return batch;
}

function toTensor(rows: Float64Array[], from: number, to: number): tf.Tensor3D {
  const n = to - from;
  const data = new Float32Array(rows.length * n);
  rows.forEach((r, b) => data.set(r.subarray(from, to), b * n));
  return tf.tensor3d(data, [rows.length, n, 1]);
}

/** Tensors of a batch: context = first points; targets = all points (training) or only the rest (evaluation). */
export function gpTensors(batch: GpCurveBatch, targets: 'all' | 'rest') {
  const n = batch.x[0]!.length;
  const from = targets === 'all' ? 0 : batch.contextCount;
  return {
    context: { x: toTensor(batch.x, 0, batch.contextCount), y: toTensor(batch.y, 0, batch.contextCount) },
    targets: { x: toTensor(batch.x, from, n), y: toTensor(batch.y, from, n) },
  };
}
