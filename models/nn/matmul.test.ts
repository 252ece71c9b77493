import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { matMulFast } from './matmul.js';
import { TEST_BACKENDS, useBackend } from '../fixtures/tf-backend.js';

it.each(TEST_BACKENDS)(
  'matMulFast has the value and gradients of tf.matMul, rank 2 and 3 (%s)',
  async (backend) => {
    await useBackend(backend);
    for (const [sa, sb] of [
      [
        [5, 3],
        [3, 4],
      ],
      [
        [2, 5, 3],
        [2, 3, 4],
      ],
    ]) {
      const a = tf.randomNormal(sa!, 0, 1, 'float32', 1);
      const b = tf.randomNormal(sb!, 0, 1, 'float32', 2);
      const f = (fn: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) =>
        tf.grads((x: tf.Tensor, y: tf.Tensor) => fn(x, y).square().sum());
      const [ga, gb] = f(matMulFast)([a, b]);
      const [ra, rb] = f((x, y) => tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D))([a, b]);
      const close = (x: tf.Tensor, y: tf.Tensor) => tf.tidy(() => tf.sub(x, y).abs().max().dataSync()[0]!);
      expect(close(ga!, ra!)).toBeLessThan(1e-4);
      expect(close(gb!, rb!)).toBeLessThan(1e-4);
      expect(close(matMulFast(a, b), tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D))).toBeLessThan(1e-5);
      tf.dispose([a, b, ga!, gb!, ra!, rb!]);
    }
  },
);
