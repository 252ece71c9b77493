import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createModel } from './index.js';
import type { AttentionKind, ModelKind } from './index.js';
import { randomSet } from './fixtures/np-data.js';
import { useBackend } from './fixtures/tf-backend.js';

const variants: { kind: ModelKind; attention: AttentionKind; selfAttentionLayers: number }[] = [
  { kind: 'cnp', attention: 'uniform', selfAttentionLayers: 0 },
  { kind: 'np', attention: 'uniform', selfAttentionLayers: 0 },
  { kind: 'anp', attention: 'uniform', selfAttentionLayers: 0 },
  { kind: 'anp', attention: 'laplace', selfAttentionLayers: 0 },
  { kind: 'anp', attention: 'dot', selfAttentionLayers: 0 },
  { kind: 'anp', attention: 'multihead', selfAttentionLayers: 0 },
  { kind: 'anp', attention: 'multihead', selfAttentionLayers: 2 },
];
const dims = [
  { name: '1D', xDim: 1, yDim: 1 },
  { name: '2D grey', xDim: 2, yDim: 1 },
  { name: '2D RGB', xDim: 2, yDim: 3 },
];

await useBackend('wasm');

describe.each(dims)('$name', ({ xDim, yDim }) => {
  const context = randomSet(3, 6, xDim, yDim, 1);
  const targets = randomSet(3, 9, xDim, yDim, 2);
  afterAll(() => tf.dispose([context.x, context.y, targets.x, targets.y]));

  it.each(variants)(
    '$kind $attention (self-attention $selfAttentionLayers): predict, sample, attention',
    (v) => {
      const model = createModel({ ...v, xDim, yDim, hidden: 16, latentDim: 8, heads: 4 });
      const p = model.predict(context, targets, { returnAttention: true });
      expect(p.mean.shape).toEqual([3, 9, yDim]);
      expect(p.std.shape).toEqual([3, 9, yDim]);
      const heads = v.attention === 'multihead' ? 4 : 1;
      expect(p.attention?.shape).toEqual([3, heads, 9, 6]);
      const sums = tf.tidy(() => p.attention!.sum(-1).arraySync() as number[][][]);
      for (const s of sums.flat(2)) expect(s).toBeCloseTo(1, 5);
      const minStd = p.std.min().dataSync()[0]!;
      expect(minStd).toBeGreaterThanOrEqual(model.config.minStd);
      const s = model.sample(context, targets, 4, 11);
      expect(s.mean.shape).toEqual([4, 3, 9, yDim]);
      expect(s.std.shape).toEqual([4, 3, 9, yDim]);
      tf.dispose([p.mean, p.std, p.attention!, s.mean, s.std]);
      model.dispose();
    },
  );
});

it('samples differ between draws of latent models but agree within a draw across calls', () => {
  const context = randomSet(2, 5, 1, 1, 3);
  const targets = randomSet(2, 7, 1, 1, 4);
  const model = createModel({ kind: 'np', xDim: 1, yDim: 1, hidden: 16, latentDim: 8 });
  const a = model.sample(context, targets, 3, 5);
  const b = model.sample(context, targets, 3, 5);
  const draws = a.mean.arraySync() as number[][][][];
  expect(a.mean.arraySync()).toEqual(b.mean.arraySync());
  expect(draws[0]).not.toEqual(draws[1]);
  tf.dispose([a.mean, a.std, b.mean, b.std, context.x, context.y, targets.x, targets.y]);
  model.dispose();
});
