import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModel } from '../factory.js';
import { useBackend } from '../fixtures/tf-backend.js';
import type { MeanBaseStrategy } from '../core/types.js';
import { blockSizes, sampleAutoregressive } from './autoregressive.js';

/** A base that weighs each context point by exp(−|x* − x|/0.05): the value of the nearest points. */
const nearest: MeanBaseStrategy = {
  name: 'nearest',
  withDetail: false,
  basis: (context, mask, targets) => {
    const distance = tf.abs(tf.sub(targets.x.expandDims(2), context.x.expandDims(1))).sum(-1);
    const weights = tf.mul(tf.exp(tf.div(distance, -0.05)), mask.expandDims(1));
    const normalised = tf.div(weights, tf.add(weights.sum(-1, true), 1e-12));
    return { base: tf.matMul(normalised, context.y) as tf.Tensor3D, detail: null };
  },
};

const line = (xs: number[]) => tf.tensor3d(xs, [1, xs.length, 1]);

describe('autoregressive sampling of point sets', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('splits the targets into even blocks', () => {
    expect(blockSizes(10, 3)).toEqual([3, 3, 4]);
    expect(blockSizes(5, 5)).toEqual([1, 1, 1, 1, 1]);
  });

  it('draws with shape [k, B, Nt, yDim], repeats with its seed and checks its arguments', () => {
    const model = createModel({ kind: 'cnp', xDim: 1, yDim: 2, hidden: 8 }, { seed: 1 });
    const c = { x: line([-0.5, 0.5]), y: tf.zeros([1, 2, 2]) as tf.Tensor3D };
    const t = { x: line([-0.9, -0.1, 0.3, 0.8]) };
    const before = tf.memory().numTensors;
    const a = sampleAutoregressive(model, c, t, { samples: 3, blocks: 2, seed: 4 });
    expect(tf.memory().numTensors).toBe(before + 1);
    const b = sampleAutoregressive(model, c, t, { samples: 3, blocks: 2, seed: 4 });
    expect(a.shape).toEqual([3, 1, 4, 2]);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
    expect(() => sampleAutoregressive(model, c, t, { samples: 1, blocks: 5, seed: 1 })).toThrow(/blocks/);
    tf.dispose([a, b, c.x, c.y, t.x]);
    model.dispose();
  });

  it("one block draws from the predictive's marginals", () => {
    const model = createModel({ kind: 'anp', xDim: 1, yDim: 1, hidden: 8, heads: 2 }, { seed: 2 });
    const c = { x: line([-0.5, 0, 0.5]), y: line([0.2, -0.1, 0.4]) };
    const t = { x: line([-0.8, 0.25, 0.9]) };
    const p = model.predict(c, t);
    const draws = sampleAutoregressive(model, c, t, { samples: 4000, blocks: 1, seed: 9 });
    const { mean, variance } = tf.moments(draws, 0);
    expect(tf.max(tf.abs(tf.sub(mean, p.mean))).dataSync()[0]).toBeLessThan(0.05);
    const ratio = tf.div(tf.sqrt(variance), p.std).dataSync();
    ratio.forEach((r) => expect(Math.abs(r - 1)).toBeLessThan(0.06));
    tf.dispose([p.mean, p.std, draws, mean, variance, c.x, c.y, t.x]);
    model.dispose();
  });

  it('later draws are coherent: their spread shrinks next to a point drawn before', () => {
    const model = createModel(
      { kind: 'cnp', xDim: 1, yDim: 1, hidden: 8, meanBase: 'nearest' },
      {
        seed: 3,
        meanBases: [nearest],
      },
    );
    const c = { x: line([-1, 1]), y: line([0, 0]) };
    // Two targets 0.01 apart, far from the context: drawn together they are independent, drawn one
    // after the other the second follows the first.
    const t = { x: line([0, 0.01]) };
    const gap = (blocks: number) =>
      tf.tidy(() => {
        const draws = sampleAutoregressive(model, c, t, { samples: 2000, blocks, seed: 5 });
        const [first, second] = tf.split(draws, 2, 2);
        return tf.moments(tf.sub(first!, second!)).variance.dataSync()[0]!;
      });
    const [together, inTurn] = [gap(1), gap(2)];
    // Independent: Var(a − b) = 2σ²; the second drawn given the first: σ², the first one's noise alone.
    expect(inTurn).toBeLessThan(0.6 * together);
    const smooth = sampleAutoregressive(model, c, t, { samples: 200, blocks: 2, seed: 6, noise: false });
    expect(smooth.shape).toEqual([200, 1, 2, 1]);
    tf.dispose([smooth, c.x, c.y, t.x]);
    model.dispose();
  });
});
