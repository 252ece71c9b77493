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
