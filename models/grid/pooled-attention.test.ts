import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { useBackend } from '../fixtures/tf-backend.js';
import { ParamStore } from '../nn/params.js';
import { PooledCrossAttention, type PooledAttentionSpec } from './pooled-attention.js';

it('gives the same output and weights whether its queries go at once or in bands of rows', async () => {
  await useBackend('wasm');
  const spec: PooledAttentionSpec = { channels: 8, attentionChannels: 8, valueExtra: 3, heads: 2, pool: 4 };
  const [whole, banded] = [{}, { maxLogits: 2 * 20 * 26 * 3 }].map(
    (extra, i) => new PooledCrossAttention(new ParamStore(7, `a${i}/`), 'att', { ...spec, ...extra }),
  );
  const features = tf.randomNormal([1, 19, 20, 8], 0, 1, 'float32', 3) as tf.Tensor4D;
  const signal = tf.randomNormal([1, 19, 20, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
  const known = tf.cast(
    tf.greater(tf.randomUniform([1, 19, 20, 1], 0, 1, 'float32', 5), 0.4),
    'float32',
  ) as tf.Tensor4D;
  const a = whole!.apply(features, features, signal, known, true);
  const b = banded!.apply(features, features, signal, known, true);
  expect(a.weights!.shape).toEqual([1, 2, 380, 26]);
  expect(tf.max(tf.abs(tf.sub(a.out, b.out))).dataSync()[0]).toBeLessThan(1e-5);
  expect(tf.max(tf.abs(tf.sub(a.weights!, b.weights!))).dataSync()[0]).toBeLessThan(1e-6);
  tf.dispose([features, signal, known, a.out, a.weights!, b.out, b.weights!]);
});

it('holds one band of logits at a time, so banding bounds the peak memory, and leaks nothing', async () => {
  await useBackend('wasm');
  const spec: PooledAttentionSpec = { channels: 8, attentionChannels: 8, valueExtra: 3, heads: 2, pool: 4 };
  const side = 64;
  const keys = (side / 4) ** 2 + 1;
  const [whole, banded] = [{}, { maxLogits: 2 * 4 * side * keys }].map(
    (extra, i) => new PooledCrossAttention(new ParamStore(7, `p${i}/`), 'att', { ...spec, ...extra }),
  );
  const features = tf.randomNormal([1, side, side, 8], 0, 1, 'float32', 3) as tf.Tensor4D;
  const signal = tf.randomNormal([1, side, side, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
  const known = tf.ones([1, side, side, 1]) as tf.Tensor4D;
  const peak = async (attention: PooledCrossAttention) => {
    const before = tf.memory().numTensors;
    const info = await tf.profile(() =>
      tf.tidy(() => attention.apply(features, features, signal, known).out),
    );
    expect(tf.memory().numTensors).toBe(before + 1);
    return info.peakBytes - info.newBytes;
  };
  const logitsBytes = 4 * 2 * side * side * keys;
  const [wholePeak, bandedPeak] = [await peak(whole!), await peak(banded!)];
  expect(wholePeak).toBeGreaterThan(2 * logitsBytes);
  expect(bandedPeak).toBeLessThan(wholePeak / 4);
  tf.dispose([features, signal, known]);
});
