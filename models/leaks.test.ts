import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { stackedAnpConfig } from './index.js';
import { createAppModel } from '../app/model-factory.js';
import { createTrainer } from '../app/training/trainer.js';
import { randomSet } from '../tests/fixtures/np-data.js';
import { TEST_BACKENDS, useBackend } from '../tests/fixtures/tf-backend.js';

it.each(TEST_BACKENDS)(
  'predict, sample, evaluate and training steps leave no tensors behind (%s)',
  async (backend) => {
    await useBackend(backend);
    for (const config of [
      { kind: 'cnp' as const, xDim: 2, yDim: 1, hidden: 8 },
      { ...stackedAnpConfig(2, 1), hidden: 16, latentDim: 8, heads: 4 },
      { ...stackedAnpConfig(2, 1), hidden: 16, latentDim: 8, heads: 4, meanBase: 'sharpened' as const },
    ]) {
      const model = createAppModel(config);
      const trainer = createTrainer(model, { learningRate: 1e-3, clipNorm: 0.1 });
      const c = randomSet(2, 5, 2, 1, 1);
      const t = randomSet(2, 6, 2, 1, 2);
      trainer.step(c, t, 0);
      const before = tf.memory().numTensors;
      const p = model.predict(c, t, { returnAttention: true, z: 'sample', seed: 3 });
      tf.dispose([p.mean, p.std, p.attention!]);
      const s = model.sample(c, t, 3, 1);
      tf.dispose([s.mean, s.std]);
      await model.evaluate(c, t, 4);
      trainer.step(c, t, 1);
      tf.dispose(model.loss(c, t, 2) as unknown as tf.Tensor[]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([c.x, c.y, t.x, t.y]);
      model.dispose();
    }
  },
);
