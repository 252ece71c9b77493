import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createModel, stackedAnpConfig } from './index.js';
import { contextMean } from './fixtures/mean-bases.js';
import { randomSet } from './fixtures/np-data.js';
import { TEST_BACKENDS, useBackend } from './fixtures/tf-backend.js';
import { adamTrainer } from './fixtures/trainer.js';

it.each(TEST_BACKENDS)(
  'predict, sample, evaluate and training steps leave no tensors behind (%s)',
  async (backend) => {
    await useBackend(backend);
    for (const config of [
      { kind: 'cnp' as const, xDim: 2, yDim: 1, hidden: 8 },
      { ...stackedAnpConfig(2, 1), hidden: 16, latentDim: 8, heads: 4 },
      { ...stackedAnpConfig(2, 1), hidden: 16, latentDim: 8, heads: 4, meanBase: 'context-mean' },
    ]) {
      const model = createModel(config, { meanBases: [contextMean] });
      const trainer = adamTrainer(model, 1e-3);
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
      trainer.dispose();
      model.dispose();
    }
  },
);
