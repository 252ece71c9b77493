import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../fixtures/tf-backend.js';
import { conv2d } from './conv2d.js';

describe('conv2d (im2col + matMul)', () => {
  it.each([
    [3, 1],
    [3, 4],
    [5, 2],
    [1, 1],
  ])(
    'equals tf.conv2d with same padding (size %i, dilation %i) on wasm, gradient included',
    async (size, dilation) => {
      await useBackend('wasm');
      const x = tf.randomNormal([2, 9, 11, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
      const filter = tf.randomNormal([size, size, 3, 4], 0, 1, 'float32', 6) as tf.Tensor4D;
      const bias = tf.randomNormal([4], 0, 1, 'float32', 7) as tf.Tensor1D;
      const ours = conv2d(x, filter.reshape([size * size * 3, 4]), bias, { size, dilation });
      const reference = tf.add(tf.conv2d(x, filter, 1, 'same', 'NHWC', dilation), bias);
      expect(ours.shape).toEqual([2, 9, 11, 4]);
      expect(tf.max(tf.abs(tf.sub(ours, reference))).dataSync()[0]).toBeLessThan(1e-4);
      const kernel = tf.variable(filter.reshape([size * size * 3, 4]) as tf.Tensor2D);
      const { grads } = tf.variableGrads(
        () => conv2d(x, kernel, bias, { size, dilation }).square().sum() as tf.Scalar,
        [kernel],
      );
      expect(Number.isFinite(tf.sum(tf.abs(grads[kernel.name]!)).dataSync()[0])).toBe(true);
      tf.dispose([x, filter, bias, ours, reference, kernel, ...Object.values(grads)]);
    },
  );

  it('refuses an even size, a bad dilation and a kernel of the wrong height', () => {
    const x = tf.zeros([1, 4, 4, 2]) as tf.Tensor4D;
    const bias = tf.zeros([1]) as tf.Tensor1D;
    expect(() => conv2d(x, tf.zeros([8, 1]), bias, { size: 2 })).toThrow(/odd/);
    expect(() => conv2d(x, tf.zeros([18, 1]), bias, { size: 3, dilation: 0 })).toThrow(/dilation/);
    expect(() => conv2d(x, tf.zeros([9, 1]), bias, { size: 3 })).toThrow(/18/);
  });
});
