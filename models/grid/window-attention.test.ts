import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { useBackend } from '../fixtures/tf-backend.js';
import { type AnchorBlock, windowsOf } from './window-attention.js';

const [B, H, W, C] = [2, 7, 9, 3];
const REACH = 2;

/** Visits every entry of the windows of `block` in windowsOf's order with the grid value it reads (−1: outside). */
function forEachEntry(block: AnchorBlock, visit: (entry: number, at: number) => void): void {
  let entry = 0;
  for (let b = 0; b < B; b++)
    for (let i = 0; i < block.height; i++)
      for (let j = 0; j < block.width; j++)
        for (let dy = -REACH; dy <= REACH; dy++)
          for (let dx = -REACH; dx <= REACH; dx++)
            for (let c = 0; c < C; c++, entry++) {
              const [r, col] = [block.top + i + dy, block.left + j + dx];
              const inside = r >= 0 && r < H && col >= 0 && col < W;
              visit(entry, inside ? ((b * H + r) * W + col) * C + c : -1);
            }
}

/** The 5×5 window of each anchor of `block`, read pixel by pixel: zeros outside the grid. */
function referenceWindows(x: Float32Array, block: AnchorBlock): Float32Array {
  const out = new Float32Array(B * block.height * block.width * 25 * C);
  forEachEntry(block, (entry, at) => {
    if (at >= 0) out[entry] = x[at]!;
  });
  return out;
}

/** The gradient of Σ windows · upstream: each window entry's upstream value added at the pixel it read. */
function referenceGradient(upstream: Float32Array, block: AnchorBlock): Float32Array {
  const grad = new Float32Array(B * H * W * C);
  forEachEntry(block, (entry, at) => {
    if (at >= 0) grad[at]! += upstream[entry]!;
  });
  return grad;
}

describe('windowsOf', () => {
  const blocks: [string, AnchorBlock][] = [
    ['the whole grid', { top: 0, left: 0, height: H, width: W }],
    ['an inner block', { top: 2, left: 3, height: 3, width: 3 }],
    ['a block on the top-left edge', { top: 0, left: 1, height: 2, width: 4 }],
    ['a block on the bottom-right edge', { top: 5, left: 6, height: 2, width: 3 }],
    ['one anchor', { top: 3, left: 8, height: 1, width: 1 }],
  ];

  it.each(blocks)('cuts the 5×5 windows of %s, zeros outside, with the exact gradient', async (_, block) => {
    await useBackend('wasm');
    const values = Float32Array.from({ length: B * H * W * C }, (_, i) => Math.sin(i * 0.37) + i / 100);
    const x = tf.tensor4d(values, [B, H, W, C]);
    const before = tf.memory().numTensors;
    const windows = windowsOf(x, block);
    expect(windows.shape).toEqual([B * block.height * block.width, 25, C]);
    expect(Array.from(windows.dataSync())).toEqual(Array.from(referenceWindows(values, block)));
    const upstream = tf.randomNormal(windows.shape, 0, 1, 'float32', 5);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(windowsOf(t as tf.Tensor4D, block), upstream)))(x);
    const expected = referenceGradient(upstream.dataSync() as Float32Array, block);
    const got = grad.dataSync();
    expect(grad.shape).toEqual([B, H, W, C]);
    for (let i = 0; i < expected.length; i++) expect(got[i]).toBeCloseTo(expected[i]!, 5);
    tf.dispose([windows, upstream, grad]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
