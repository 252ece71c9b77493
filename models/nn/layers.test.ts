import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { useBackend } from '../fixtures/tf-backend.js';
import { joinParts, Mlp } from './layers.js';
import { ParamStore } from './params.js';

it('applies an MLP to per-group parts once per group, as to their copies in every item, with the same gradients', async () => {
  await useBackend('wasm');
  const store = new ParamStore(3, 'parts/');
  const mlp = new Mlp(store, 'mlp', [2 + 3 + 1 + 4, 8, 8, 2]);
  const [g, m] = [3, 5];
  const a = tf.randomNormal([g, m, 2], 0, 1, 'float32', 1) as tf.Tensor3D;
  const group = tf.randomNormal([g, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
  const b = tf.randomNormal([g, m, 1], 0, 1, 'float32', 3) as tf.Tensor3D;
  const last = tf.randomNormal([g, 4], 0, 1, 'float32', 4) as tf.Tensor2D;
  const copies = (t: tf.Tensor2D) => tf.broadcastTo(t.reshape([g, 1, -1]), [g, m, t.shape[1]]);
  const before = tf.memory().numTensors;
  const split = () =>
    mlp.applyParts(joinParts([{ perItem: a }, { perGroup: group }, { perItem: b }, { perGroup: last }]));
  const whole = () => mlp.apply(tf.concat([a, copies(group), b, copies(last)], -1));
  const loss = (f: () => tf.Tensor) => () => tf.square(f()).sum() as tf.Scalar;
  const [fromParts, fromWhole] = [tf.variableGrads(loss(split)), tf.variableGrads(loss(whole))];
  const gap = (x: tf.Tensor, y: tf.Tensor) => tf.tidy(() => tf.sub(x, y).abs().max().dataSync()[0]!);
  const [outParts, outWhole] = [tf.tidy(split), tf.tidy(whole)];
  expect(outParts.shape).toEqual([g, m, 2]);
  expect(gap(outParts, outWhole)).toBeLessThan(1e-5);
  expect(gap(fromParts.value, fromWhole.value)).toBeLessThan(1e-4);
  const names = Object.keys(fromWhole.grads);
  expect(Object.keys(fromParts.grads).sort()).toEqual(names.sort());
  for (const name of names) expect(gap(fromParts.grads[name]!, fromWhole.grads[name]!)).toBeLessThan(1e-4);
  tf.dispose([outParts, outWhole, fromParts.value, fromWhole.value]);
  tf.dispose([...Object.values(fromParts.grads), ...Object.values(fromWhole.grads)]);
  expect(tf.memory().numTensors).toBe(before);
  expect(() => mlp.applyParts(joinParts([{ perItem: a }, { perGroup: group }]))).toThrow(
    /give 5 inputs, not 10/,
  );
  expect(() => joinParts([{ perGroup: group }])).toThrow(/no part is per item/);
  tf.dispose([a, group, b, last]);
});
