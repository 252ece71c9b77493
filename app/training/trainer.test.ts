import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { stackedAnpConfig } from '../../models/index.js';
import { randomSet, sineSet } from '../../models/fixtures/np-data.js';
import { TEST_BACKENDS, useBackend } from '../../models/fixtures/tf-backend.js';
import { createAppModel, type MeanBaseName } from '../model-factory.js';
import { createTrainer } from './trainer.js';

describe.each(TEST_BACKENDS)('the one-thread trainer on %s', (backend) => {
  it('lowers the NLL of the app’s models with a photo mean base, with or without β-NLL', async () => {
    await useBackend(backend);
    const held = sineSet(16, 16, 7);
    const variants: { meanBase: MeanBaseName; betaNll?: number }[] = [
      { meanBase: 'interpolation' },
      { meanBase: 'interpolation', betaNll: 1 },
      { meanBase: 'sharpened' },
    ];
    for (const { meanBase, betaNll } of variants) {
      const model = createAppModel(
        { kind: 'anp', meanBase, xDim: 1, yDim: 1, hidden: 16, latentDim: 8, heads: 4 },
        { seed: 2 },
      );
      const nllOf = () => tf.tidy(() => model.loss(held, held, 0).nll.dataSync()[0]!);
      const before = nllOf();
      // The model starts with exact means on this data, and only σ has far to go: Adam's steps of
      // ~lr on the zero-initialised last layer make 5e-3 oscillate there.
      const trainer = createTrainer(model, { learningRate: 1e-3, loss: { betaNll } });
      for (let i = 0; i < 60; i++) trainer.step(held, held, i);
      expect(nllOf(), JSON.stringify({ meanBase, betaNll })).toBeLessThan(before - 0.1);
      model.dispose();
    }
    tf.dispose([held.x, held.y]);
  });

  it('its steps leave no tensors behind', async () => {
    await useBackend(backend);
    const config = { ...stackedAnpConfig(2, 1), hidden: 16, latentDim: 8, heads: 4 };
    for (const meanBase of ['none', 'sharpened'] as const) {
      const model = createAppModel({ ...config, meanBase });
      const trainer = createTrainer(model, { learningRate: 1e-3, clipNorm: 0.1 });
      const c = randomSet(2, 5, 2, 1, 1);
      const t = randomSet(2, 6, 2, 1, 2);
      trainer.step(c, t, 0);
      const before = tf.memory().numTensors;
      trainer.step(c, t, 1);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([c.x, c.y, t.x, t.y]);
      model.dispose();
    }
  });
});
