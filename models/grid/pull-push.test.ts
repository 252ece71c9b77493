import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { useBackend } from '../fixtures/tf-backend.js';
import { pullPushFill } from './pull-push.js';

function hole(h: number, w: number, box: [number, number, number, number]): tf.Tensor4D {
  const [y0, x0, y1, x1] = box;
  const m = new Float32Array(h * w).fill(1);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * w + x] = 0;
  return tf.tensor4d(m, [1, h, w, 1]);
}

it('keeps known pixels, fills a constant image with its constant and a ramp between its values', async () => {
  await useBackend('wasm');
  const known = hole(21, 30, [5, 8, 15, 20]);
  const constant = tf.fill([1, 21, 30, 3], 0.3) as tf.Tensor4D;
  const filled = pullPushFill(
    tf.where(known.cast('bool').tile([1, 1, 1, 3]), constant, tf.zerosLike(constant)) as tf.Tensor4D,
    known,
    6,
  );
  expect(tf.max(tf.abs(tf.sub(filled, 0.3))).dataSync()[0]).toBeLessThan(1e-5);
  const ramp = tf.tidy(() => tf.linspace(0, 1, 30).reshape([1, 1, 30, 1]).tile([1, 21, 1, 1])) as tf.Tensor4D;
  const out = pullPushFill(ramp, known, 6);
  const values = out.dataSync();
  const truth = ramp.dataSync();
  for (let i = 0; i < values.length; i++) {
    if (known.dataSync()[i] === 1) expect(values[i]).toBeCloseTo(truth[i]!, 6);
    else {
      expect(values[i]).toBeGreaterThanOrEqual(0);
      expect(values[i]).toBeLessThanOrEqual(1);
    }
  }
  // Inside the hole the fill still rises from left to right, as the ramp does.
  const row = 10 * 30;
  expect(values[row + 19]!).toBeGreaterThan(values[row + 8]! + 0.2);
  tf.dispose([known, constant, filled, ramp, out]);
});

it('fills a grid with nothing known with 0.5 and leaves no tensors behind', async () => {
  await useBackend('wasm');
  const y = tf.zeros([2, 8, 8, 1]) as tf.Tensor4D;
  const known = tf.zeros([2, 8, 8, 1]) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  const out = pullPushFill(y, known, 4);
  expect(tf.memory().numTensors).toBe(before + 1);
  expect(Array.from(out.dataSync()).every((v) => Math.abs(v - 0.5) < 1e-6)).toBe(true);
  tf.dispose([y, known, out]);
});
