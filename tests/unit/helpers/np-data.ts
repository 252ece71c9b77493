import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../../models/nn/params.js';

/** A batch of `batch` sets of `points` random (x, y) pairs drawn from a seeded PRNG. */
export function randomSet(
  batch: number,
  points: number,
  xDim: number,
  yDim: number,
  seed: number,
): { x: tf.Tensor3D; y: tf.Tensor3D } {
  const rand = mulberry32(seed);
  const fill = (n: number) => Float32Array.from({ length: n }, () => 2 * rand() - 1);
  return {
    x: tf.tensor3d(fill(batch * points * xDim), [batch, points, xDim]),
    y: tf.tensor3d(fill(batch * points * yDim), [batch, points, yDim]),
  };
}

/** `batch` sine curves y = a·sin(3x + b) at `points` sorted-free x ~ U[-1, 1]: a tiny regression task. */
export function sineSet(batch: number, points: number, seed: number): { x: tf.Tensor3D; y: tf.Tensor3D } {
  const rand = mulberry32(seed);
  const xs = new Float32Array(batch * points);
  const ys = new Float32Array(batch * points);
  for (let b = 0; b < batch; b++) {
    const a = 0.5 + rand();
    const phase = 2 * Math.PI * rand();
    for (let i = 0; i < points; i++) {
      const x = 2 * rand() - 1;
      xs[b * points + i] = x;
      ys[b * points + i] = a * Math.sin(3 * x + phase);
    }
  }
  return { x: tf.tensor3d(xs, [batch, points, 1]), y: tf.tensor3d(ys, [batch, points, 1]) };
}
