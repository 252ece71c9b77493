import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createModel, deserializeModel, serializeModel } from './index.js';
import { contextMean } from './fixtures/mean-bases.js';
import { randomSet } from './fixtures/np-data.js';
import { useBackend } from './fixtures/tf-backend.js';

await useBackend('wasm');

const config = { kind: 'anp' as const, xDim: 2, yDim: 1, hidden: 16, latentDim: 8, heads: 4 };

it("an untrained model's mean is the base of the strategy its config names, through serialisation", async () => {
  const model = createModel({ ...config, meanBase: 'context-mean' }, { meanBases: [contextMean] });
  const c = randomSet(2, 5, 2, 1, 1);
  const t = randomSet(2, 4, 2, 1, 2);
  const expected = tf.tidy(() => contextMean.basis(c, tf.ones([2, 5]), t).base.arraySync());
  const saved = await serializeModel(model);
  expect(saved.manifest.config.meanBase).toBe('context-mean');
  const loaded = deserializeModel(saved.manifest, saved.weights, { meanBases: [contextMean] });
  for (const m of [model, loaded]) {
    const mean = tf.tidy(() => m.predict(c, t).mean.arraySync() as number[][][]);
    mean.flat(2).forEach((v, i) => expect(v).toBeCloseTo((expected as number[][][]).flat(2)[i]!, 6));
  }
  const plain = createModel(config);
  expect(loaded.parameterCount() - plain.parameterCount()).toBe(16 + 1); // the detail gain's column
  plain.dispose();
  tf.dispose([c.x, c.y, t.x, t.y]);
  model.dispose();
  loaded.dispose();
});

it('names the bases it knows when a config names one no strategy was given for', () => {
  expect(() => createModel({ ...config, meanBase: 'bilinear' }, { meanBases: [contextMean] })).toThrow(
    'meanBase must be one of none, residual, context-mean, got bilinear',
  );
});
