import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../models/backend.js';
import { installFastWasmMatMul } from './wasm-matmul.js';

function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed) * 2);
}

const cases: [string, number[], number[], boolean, boolean][] = [
  ['plain 2D', [5, 7], [7, 3], false, false],
  ['transposeA 2D', [7, 5], [7, 3], true, false],
  ['transposeB 2D', [5, 7], [3, 7], false, true],
  ['both 2D', [7, 5], [3, 7], true, true],
  ['transposeB rank 3 batch 1', [1, 5, 7], [1, 3, 7], false, true],
  ['transposeB batched', [4, 5, 7], [4, 3, 7], false, true],
];

function run(): Float32Array[] {
  return cases.map(([, sa, sb, ta, tb], k) =>
    tf.tidy(() => {
      const a = tf.tensor(
        values(
          sa.reduce((p, q) => p * q),
          k,
        ),
        sa,
      );
      const b = tf.tensor(
        values(
          sb.reduce((p, q) => p * q),
          k + 10,
        ),
        sb,
      );
      const product = tf.matMul(a, b, ta, tb);
      const grads = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, ta, tb).square().sum())([a, b]);
      return tf.concat([product.flatten(), ...grads.map((g) => g.flatten())]).dataSync() as Float32Array;
    }),
  );
}

describe('fast wasm matMul', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('gives the same products and gradients as the stock kernel, without leaking tensors', () => {
    const before = run();
    expect(installFastWasmMatMul()).toBe(true);
    const tensors = tf.memory().numTensors;
    const after = run();
    expect(tf.memory().numTensors).toBe(tensors);
    after.forEach((v, k) => {
      expect(v.length, cases[k]![0]).toBe(before[k]!.length);
      for (let i = 0; i < v.length; i++)
        expect(v[i], `${cases[k]![0]} [${i}]`).toBeCloseTo(before[k]![i]!, 3);
    });
  });
});
