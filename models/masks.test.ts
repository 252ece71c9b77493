import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from './index.js';
import type { AttentionKind, ModelKind } from './index.js';
import { randomSet } from './fixtures/np-data.js';
import { TEST_BACKENDS, useBackend } from './fixtures/tf-backend.js';

const variants: { kind: ModelKind; attention: AttentionKind; selfAttentionLayers: number }[] = [
  { kind: 'cnp', attention: 'uniform', selfAttentionLayers: 0 },
  { kind: 'np', attention: 'uniform', selfAttentionLayers: 0 },
  { kind: 'anp', attention: 'laplace', selfAttentionLayers: 0 },
  { kind: 'anp', attention: 'dot', selfAttentionLayers: 0 },
  { kind: 'anp', attention: 'multihead', selfAttentionLayers: 2 },
];

function expectClose(a: tf.Tensor, b: tf.Tensor, tol = 1e-5): void {
  expect(a.shape).toEqual(b.shape);
  const diff = tf.tidy(() => tf.abs(tf.sub(a, b)).max().dataSync()[0]!);
  expect(diff).toBeLessThan(tol);
}

const cases = TEST_BACKENDS.flatMap((backend) => variants.map((v) => ({ backend, ...v })));

describe.each(cases)(
  '$backend: $kind $attention (self-attention $selfAttentionLayers)',
  ({ backend, ...v }) => {
    beforeAll(async () => {
      await useBackend(backend);
    });

    it('padding does not change the predictions of the real points', () => {
      const model = createModel({ ...v, xDim: 2, yDim: 3, hidden: 16, latentDim: 8, heads: 4 });
      tf.tidy(() => {
        // Set 0 has 6 contexts; set 1 has 4 real ones padded to 6; targets likewise 5 → 7.
        const c = randomSet(2, 6, 2, 3, 1);
        const t = randomSet(2, 7, 2, 3, 2);
        const cmask = tf.tensor2d([
          [1, 1, 1, 1, 1, 1],
          [1, 1, 1, 1, 0, 0],
        ]);
        const tmask = tf.tensor2d([
          [1, 1, 1, 1, 1, 1, 1],
          [1, 1, 1, 1, 1, 0, 0],
        ]);
        // Huge junk in the padded slots would dominate any pooling or attention that ignored the mask.
        const junk = tf.sub(1, cmask).expandDims(2).mul(1e3);
        const padded = { x: c.x.add(junk) as tf.Tensor3D, y: c.y.add(junk) as tf.Tensor3D, mask: cmask };
        const batched = model.predict(padded, { x: t.x, mask: tmask }, { returnAttention: true });
        const alone = model.predict(
          { x: c.x.slice([1, 0, 0], [1, 4, -1]), y: c.y.slice([1, 0, 0], [1, 4, -1]) },
          { x: t.x.slice([1, 0, 0], [1, 5, -1]) },
          { returnAttention: true },
        );
        expectClose(batched.mean.slice([1, 0, 0], [1, 5, -1]), alone.mean);
        expectClose(batched.std.slice([1, 0, 0], [1, 5, -1]), alone.std);
        const padWeights = batched.attention!.slice([1, 0, 0, 4], [1, -1, -1, 2]);
        expect(padWeights.max().dataSync()[0]).toBeLessThan(1e-6);
        expectClose(batched.attention!.slice([1, 0, 0, 0], [1, -1, 5, 4]), alone.attention!);
      });
      model.dispose();
    });

    it('padded targets do not change the loss (batch of one, same seed)', () => {
      const model = createModel({ ...v, xDim: 1, yDim: 1, hidden: 16, latentDim: 8, heads: 4 });
      tf.tidy(() => {
        const c = randomSet(1, 5, 1, 1, 3);
        const t = randomSet(1, 8, 1, 1, 4);
        const padded = model.loss(
          c,
          {
            x: t.x,
            y: t.y.add(tf.tensor([0, 0, 0, 0, 0, 0, 9, 9]).reshape([1, 8, 1])) as tf.Tensor3D,
            mask: tf.tensor2d([[1, 1, 1, 1, 1, 1, 0, 0]]),
          },
          3,
        );
        const alone = model.loss(
          c,
          { x: t.x.slice([0, 0, 0], [1, 6, 1]), y: t.y.slice([0, 0, 0], [1, 6, 1]) },
          3,
        );
        expect(padded.loss.dataSync()[0]).toBeCloseTo(alone.loss.dataSync()[0]!, 4);
        expect(padded.kl.dataSync()[0]).toBeCloseTo(alone.kl.dataSync()[0]!, 5);
      });
      model.dispose();
    });

    it('is invariant to the order of the context points', () => {
      const model = createModel({ ...v, xDim: 2, yDim: 1, hidden: 16, latentDim: 8, heads: 4 });
      tf.tidy(() => {
        const c = randomSet(2, 7, 2, 1, 5);
        const t = randomSet(2, 4, 2, 1, 6);
        const order = [3, 0, 6, 2, 5, 1, 4];
        const perm = (x: tf.Tensor3D) =>
          tf.concat(
            order.map((i) => x.slice([0, i, 0], [-1, 1, -1])),
            1,
          ) as tf.Tensor3D;
        const a = model.predict(c, t);
        const b = model.predict({ x: perm(c.x), y: perm(c.y) }, t);
        expectClose(a.mean, b.mean);
        expectClose(a.std, b.std);
      });
      model.dispose();
    });
  },
);
