import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
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
  ['batched', [4, 5, 7], [4, 7, 3], false, false],
  ['batched, transposeA', [4, 7, 5], [4, 7, 3], true, false],
  ['rank 4', [2, 3, 5, 7], [2, 3, 7, 3], false, false],
  ['left batch broadcast', [1, 5, 7], [4, 7, 3], false, false],
  ['right matrix shared', [4, 5, 7], [7, 3], false, false],
  ['attention-sized', [24, 64, 8], [24, 8, 40], false, false],
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
      // tfjs's own gradient does not reduce over broadcast batch axes, so those cases compare products only.
      const broadcasts = sa.length !== sb.length || sa.slice(0, -2).some((d, i) => d !== sb[i]);
      const grads = broadcasts
        ? []
        : tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, ta, tb).square().sum())([a, b]);
      return tf.concat([product.flatten(), ...grads.map((g) => g.flatten())]).dataSync() as Float32Array;
    }),
  );
}

const machine = { cpuModel: 'test CPU', cores: 1 };

describe('fast wasm matMul', () => {
  let reference: Float32Array[];

  beforeAll(async () => {
    await initBackend('cpu', { machine });
    reference = run();
    await initBackend('wasm', { machine });
  });

  it('is installed with the wasm backend', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(installFastWasmMatMul()).toBe(true);
  });

  it('gives the products and gradients of the cpu backend, without leaking tensors', () => {
    const tensors = tf.memory().numTensors;
    const after = run();
    expect(tf.memory().numTensors).toBe(tensors);
    after.forEach((v, k) => {
      expect(v.length, cases[k]![0]).toBe(reference[k]!.length);
      for (let i = 0; i < v.length; i++)
        expect(v[i], `${cases[k]![0]} [${i}]`).toBeCloseTo(reference[k]![i]!, 3);
    });
  });

  it('still refuses mismatched inner dimensions', () => {
    expect(() => tf.tidy(() => tf.matMul(tf.ones([2, 3, 4]), tf.ones([2, 5, 6])))).toThrow(/inner shapes/);
  });
});
