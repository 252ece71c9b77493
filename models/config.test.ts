import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createModel, defaultConfig, stackedAnpConfig, validateConfig } from './index.js';
import { useBackend } from './fixtures/tf-backend.js';

await useBackend('wasm');

describe('model configs', () => {
  it('fills defaults for the kind and builds uniquely named variables', () => {
    const a = createModel({ kind: 'anp', xDim: 1, yDim: 1, hidden: 16, latentDim: 4, heads: 4 });
    const b = createModel({ kind: 'anp', xDim: 1, yDim: 1, hidden: 16, latentDim: 4, heads: 4 });
    expect(a.config.attention).toBe('multihead');
    expect(a.scope).toBe('');
    expect(b.scope).toBe('m1/');
    expect(Object.keys(b.variables())).toEqual(Object.keys(a.variables()));
    expect(b.trainableVariables()[0]!.name).toBe('m1/det/enc/l0/kernel');
    a.dispose();
    b.dispose();
  });

  it('gives the stacked ANP preset of the paper', () => {
    const c = stackedAnpConfig(2, 3);
    expect(c).toMatchObject({
      kind: 'anp',
      attention: 'multihead',
      heads: 8,
      selfAttentionLayers: 2,
      minStd: 0.01,
    });
    expect(defaultConfig('np')).toMatchObject({ attention: 'uniform', hidden: 128, minStd: 0.1 });
  });

  it.each([
    [{ hidden: 3 }, 'hidden must be an integer in 8..1024, got 3'],
    [{ heads: 3, hidden: 16 }, 'hidden (16) must be divisible by heads (3) for multihead attention'],
    [{ minStd: 0 }, 'minStd must be a number in (0, 0.5], got 0'],
    [{ attention: 'cosine' }, 'attention must be one of uniform, laplace, dot, multihead, got cosine'],
    [{ xDim: 0 }, 'xDim must be an integer in 1..16, got 0'],
    [{ meanBase: 3 }, 'meanBase must be a name (a non-empty string), got 3'],
    [{ minStd: 0.1, maxStd: 0.1 }, 'maxStd must be a number in (0.1, 10], got 0.1'],
  ])('rejects %o', (patch, message) => {
    expect(() => validateConfig({ ...defaultConfig('anp'), ...patch })).toThrow(message);
  });

  it('reads a config written before meanBase existed as a plain decoder mean', () => {
    const { meanBase, ...older } = defaultConfig('anp');
    expect(meanBase).toBe('none');
    expect(validateConfig(older).meanBase).toBe('none');
  });

  it('keeps σ_y inside (minStd, maxStd) where the config caps it', () => {
    const model = createModel({ kind: 'np', xDim: 1, yDim: 1, hidden: 8, latentDim: 4, maxStd: 0.2 });
    const far = tf.tensor3d([[[-50], [0], [50]]]);
    const context = { x: tf.tensor3d([[[0.5]]]), y: tf.tensor3d([[[3]]]) };
    const p = model.predict(context, { x: far });
    const std = p.std.dataSync();
    for (const s of std) {
      expect(s).toBeGreaterThan(0.1);
      expect(s).toBeLessThan(0.2);
    }
    tf.dispose([far, context.x, context.y, p.mean, p.std]);
    model.dispose();
  });

  it('keeps CNP and NP to mean pooling', () => {
    expect(() => createModel({ kind: 'np', xDim: 1, yDim: 1, attention: 'dot' })).toThrow(
      "kind 'np' pools its context by the mean",
    );
  });
});
