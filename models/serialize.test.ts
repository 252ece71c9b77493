import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createModel,
  deserializeModel,
  serializeModel,
  stackedAnpConfig,
  validateManifest,
} from './index.js';
import { randomSet } from './fixtures/np-data.js';
import { useBackend } from './fixtures/tf-backend.js';

await useBackend('wasm');

const config = { ...stackedAnpConfig(2, 3), hidden: 16, latentDim: 8, heads: 4 };
const model = createModel(config, { seed: 42, scope: 'saved/' });
const saved = await serializeModel(model, { recipe: { steps: 1 }, metrics: { targetNll: 0.5 } });
afterAll(() => model.dispose());

describe('serializeModel / deserializeModel', () => {
  it('writes the manifest the app lists models by', () => {
    expect(saved.manifest.format).toBe('anp-studio-model');
    expect(saved.manifest.formatVersion).toBe(1);
    expect(saved.manifest.config).toEqual(model.config);
    expect(saved.manifest.recipe).toEqual({ steps: 1 });
    expect(saved.manifest.weightSpecs.map((s) => s.name)).toContain('det/enc/l0/kernel');
    expect(saved.weights.byteLength).toBe(4 * model.parameterCount());
    expect(validateManifest(JSON.parse(JSON.stringify(saved.manifest)))).toEqual(saved.manifest);
  });

  it('loads back to identical predictions', () => {
    const loaded = deserializeModel(JSON.parse(JSON.stringify(saved.manifest)), saved.weights.slice());
    const c = randomSet(2, 6, 2, 3, 1);
    const t = randomSet(2, 5, 2, 3, 2);
    const a = model.predict(c, t);
    const b = loaded.predict(c, t);
    expect(b.mean.arraySync()).toEqual(a.mean.arraySync());
    expect(b.std.arraySync()).toEqual(a.std.arraySync());
    tf.dispose([a.mean, a.std, b.mean, b.std, c.x, c.y, t.x, t.y]);
    loaded.dispose();
  });

  it('initialises deterministically from the seed', async () => {
    const again = createModel(config, { seed: 42 });
    expect((await serializeModel(again)).weights).toEqual(saved.weights);
    again.dispose();
  });

  it('rejects another format or version', () => {
    expect(() => validateManifest({ ...saved.manifest, format: 'keras' })).toThrow(
      "model manifest format is 'keras', expected 'anp-studio-model'",
    );
    expect(() => deserializeModel({ ...saved.manifest, formatVersion: 2 }, saved.weights)).toThrow(
      'model manifest formatVersion is 2, this build reads version 1',
    );
    expect(() => validateManifest({ ...saved.manifest, config: { ...config, hidden: 3 } })).toThrow(
      'hidden must be an integer in 8..1024, got 3',
    );
  });

  it('rejects a config that does not match the weights', () => {
    const manifest = { ...saved.manifest, config: { ...config, selfAttentionLayers: 1 } };
    expect(() => deserializeModel(manifest, saved.weights)).toThrow(
      /model weights do not match the manifest config: .*unexpected 'det\/sa1\//,
    );
    const bigger = { ...saved.manifest, config: { ...config, hidden: 32 } };
    expect(() => deserializeModel(bigger, saved.weights)).toThrow(
      "'det/enc/l0/kernel' has shape [5, 16], config needs [5, 32]",
    );
  });

  it('rejects truncated weights', () => {
    const n = saved.weights.byteLength;
    expect(() => deserializeModel(saved.manifest, saved.weights.subarray(0, n - 8))).toThrow(
      `model weights are truncated: the manifest needs ${n} bytes, got ${n - 8}`,
    );
  });
});
