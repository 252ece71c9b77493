/**
 * Timings the benches take inside a compute page (`anp bench models` on WebGPU): the same products
 * and forward passes as the Node rows, on random inputs, one warm-up call first (it compiles the
 * shaders), then the mean of `reps` calls, each read back to the CPU.
 */
import * as tf from '@tensorflow/tfjs';
import type { NeuralProcess } from '../../../models/core/types.js';

export interface ForwardTiming {
  batch: number;
  contexts: number;
  targets: number;
  reps: number;
}

async function meanMs(reps: number, call: () => tf.Tensor): Promise<number> {
  const once = async () => {
    const out = call();
    await out.data();
    out.dispose();
  };
  await once();
  const started = performance.now();
  for (let i = 0; i < reps; i++) await once();
  return (performance.now() - started) / reps;
}

/** Milliseconds per [m, k] · [k, n] product. */
export async function timeMatMul(m: number, k: number, n: number, reps: number): Promise<number> {
  const [a, b] = [
    tf.randomUniform([m, k], -1, 1, 'float32', 1),
    tf.randomUniform([k, n], -1, 1, 'float32', 2),
  ];
  try {
    return await meanMs(reps, () => tf.matMul(a, b));
  } finally {
    tf.dispose([a, b]);
  }
}

/** Milliseconds per forward pass (predictive mean and std) of the model. */
export async function timeForward(model: NeuralProcess, t: ForwardTiming): Promise<number> {
  const { xDim, yDim } = model.config;
  const uniform = (shape: [number, number, number], seed: number) =>
    tf.randomUniform(shape, -1, 1, 'float32', seed) as tf.Tensor3D;
  const context = { x: uniform([t.batch, t.contexts, xDim], 5), y: uniform([t.batch, t.contexts, yDim], 6) };
  const targets = { x: uniform([t.batch, t.targets, xDim], 7) };
  try {
    return await meanMs(t.reps, () => {
      const predicted = model.predict(context, targets);
      tf.dispose([predicted.std, predicted.attention]);
      return predicted.mean;
    });
  } finally {
    tf.dispose([context.x, context.y, targets.x]);
  }
}
