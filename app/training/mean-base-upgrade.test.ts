import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { stackedAnpConfig } from '../../models/index.js';
import { useBackend } from '../../tests/fixtures/tf-backend.js';
import { createAppModel } from '../model-factory.js';
import { upgradeToSharpened } from './mean-base-upgrade.js';

await useBackend('wasm');

describe('upgradeToSharpened', () => {
  it('keeps every weight, adds zero gain columns, and predicts exactly as before', () => {
    const config = {
      ...stackedAnpConfig(2, 3),
      hidden: 16,
      latentDim: 8,
      heads: 4,
      meanBase: 'interpolation' as const,
    };
    const model = createAppModel(config, { seed: 4 });
    // A trained-looking decoder: a non-zero output layer, so the correction is not trivially zero.
    for (const [name, v] of Object.entries(model.variables()))
      if (name.startsWith('dec/l2/')) v.assign(tf.randomUniform(v.shape, -0.3, 0.3, 'float32', 5));
    const upgraded = upgradeToSharpened(model);
    expect(upgraded.config.meanBase).toBe('sharpened');
    expect(upgraded.parameterCount() - model.parameterCount()).toBe((16 + 1) * 3);
    const context = {
      x: tf.randomUniform([2, 30, 2], -1, 1, 'float32', 1) as tf.Tensor3D,
      y: tf.randomUniform([2, 30, 3], 0, 1, 'float32', 2) as tf.Tensor3D,
    };
    const targets = { x: tf.randomUniform([2, 20, 2], -1, 1, 'float32', 3) as tf.Tensor3D };
    const predictions = [model, upgraded].map((m): Float32Array[] => {
      const p = m.predict(context, targets);
      const values = [p.mean.dataSync() as Float32Array, p.std.dataSync() as Float32Array];
      tf.dispose([p.mean, p.std]);
      return values;
    });
    const [before, after] = predictions as [Float32Array[], Float32Array[]];
    before.forEach((values, k) => values.forEach((v, i) => expect(after[k]![i]).toBeCloseTo(v, 6)));
    tf.dispose([context.x, context.y, targets.x]);
    upgraded.dispose();
    model.dispose();
  });

  it('only upgrades an interpolation base', () => {
    const model = createAppModel({ ...stackedAnpConfig(2, 3), hidden: 16, latentDim: 8, heads: 4 });
    expect(() => upgradeToSharpened(model)).toThrow(/only a model with an 'interpolation' mean base/);
    model.dispose();
  });
});
