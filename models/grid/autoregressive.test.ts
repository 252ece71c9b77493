import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../fixtures/tf-backend.js';
import { sampleGridAutoregressive, drawnShareAfter } from './autoregressive.js';
import { gridAnpConfig } from './config.js';
import { createGridModel } from './factory.js';
import type { GridAnpModel, GridInput } from './grid-anp.js';

const SIZE = 16;

/** An untrained grid ANP whose σ is set to about 0.1 (its mean is then the pull-push fill). */
function modelWithStd(): GridAnpModel {
  const model = createGridModel(
    { ...gridAnpConfig(1), channels: 8, dilations: [1], heads: 2, latentDim: 0, decoderHidden: 8 },
    { seed: 1 },
  );
  model.variables()['dec/l2/bias']!.assign(tf.tensor1d([0, -2.3]));
  return model;
}

/** A grey image at 0.5 with a 8×8 hole. */
function input(): GridInput {
  const m = new Float32Array(SIZE * SIZE).fill(1);
  for (let r = 4; r < 12; r++) for (let c = 4; c < 12; c++) m[r * SIZE + c] = 0;
  const known = tf.tensor4d(m, [1, SIZE, SIZE, 1]);
  return { y: tf.mul(known, 0.5) as tf.Tensor4D, known };
}

/** Mean correlation across samples of horizontally adjacent hole pixels. */
function neighbourCorrelation(draws: number[][]): number {
  const corr = (a: number[], b: number[]) => {
    const ma = a.reduce((s, v) => s + v) / a.length;
    const mb = b.reduce((s, v) => s + v) / b.length;
    let [sab, saa, sbb] = [0, 0, 0];
    a.forEach((v, i) => {
      sab += (v - ma) * (b[i]! - mb);
      saa += (v - ma) ** 2;
      sbb += (b[i]! - mb) ** 2;
    });
    return sab / Math.sqrt(saa * sbb);
  };
  const values: number[] = [];
  for (let r = 4; r < 12; r++)
    for (let c = 4; c < 11; c++)
      values.push(
        corr(
          draws.map((d) => d[r * SIZE + c]!),
          draws.map((d) => d[r * SIZE + c + 1]!),
        ),
      );
  return values.reduce((s, v) => s + v) / values.length;
}

describe('autoregressive grid sampling', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('draws the targets in rounds of 1/64, 1/16, 1/4 and the rest', () => {
    expect([0, 1, 2, 3].map((r) => drawnShareAfter(r, 4))).toEqual([1 / 64, 1 / 16, 1 / 4, 1]);
    expect(drawnShareAfter(0, 1)).toBe(1);
  });

  it('keeps known pixels, stays in range, repeats with its seed and leaves no tensors', () => {
    const model = modelWithStd();
    const x = input();
    const before = tf.memory().numTensors;
    const a = sampleGridAutoregressive(model, x, { samples: 3, seed: 11 });
    expect(tf.memory().numTensors).toBe(before + 1);
    const b = sampleGridAutoregressive(model, x, { samples: 3, seed: 11 });
    expect(a.shape).toEqual([3, 1, SIZE, SIZE, 1]);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBe(0);
    const values = a.dataSync();
    const known = x.known.dataSync();
    for (let s = 0; s < 3; s++)
      for (let i = 0; i < SIZE * SIZE; i++) {
        const v = values[s * SIZE * SIZE + i]!;
        if (known[i] === 1) expect(v).toBeCloseTo(0.5, 6);
        expect(v >= 0 && v <= 1).toBe(true);
      }
    tf.dispose([a, b, x.y, x.known]);
    model.dispose();
  });

  it("one round draws from the predictive's marginals; more rounds make neighbours agree", () => {
    const model = modelWithStd();
    const x = input();
    const predicted = model.predict(x);
    const std = predicted.std.dataSync()[8 * SIZE + 8]!;
    const draws = (rounds: number) => {
      const t = sampleGridAutoregressive(model, x, { samples: 48, seed: 5, rounds });
      const rows = (t.arraySync() as number[][][][][]).map((s) => s[0]!.flat(2));
      t.dispose();
      return rows;
    };
    const once = draws(1);
    const hole: number[] = [];
    for (let r = 4; r < 12; r++) for (let c = 4; c < 12; c++) hole.push(r * SIZE + c);
    const all = once.flatMap((d) => hole.map((i) => d[i]!));
    const mean = all.reduce((s, v) => s + v) / all.length;
    const spread = Math.sqrt(all.reduce((s, v) => s + (v - mean) ** 2, 0) / all.length);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(spread / std).toBeGreaterThan(0.9);
    expect(spread / std).toBeLessThan(1.1);
    const independent = neighbourCorrelation(once);
    expect(Math.abs(independent)).toBeLessThan(0.1);
    // Pixels of the last round share the earlier draws their fill reads (0.17 measured).
    expect(neighbourCorrelation(draws(4))).toBeGreaterThan(independent + 0.1);
    tf.dispose([predicted.mean, predicted.std, x.y, x.known]);
    model.dispose();
  });

  it('with shared channel noise moves every channel of a pixel by the same number of σ, scaled by stdScale', () => {
    const model = createGridModel(
      { ...gridAnpConfig(3), channels: 8, dilations: [1], heads: 2, latentDim: 0, decoderHidden: 8 },
      { seed: 2 },
    );
    model.variables()['dec/l2/bias']!.assign(tf.tensor1d([0, 0, 0, -2.3, -2.0, -1.6]));
    const grey = input();
    const x = { y: tf.tile(grey.y, [1, 1, 1, 3]) as tf.Tensor4D, known: grey.known };
    const { mean, std } = model.predict(x);
    const draw = sampleGridAutoregressive(model, x, {
      samples: 1,
      seed: 3,
      rounds: 1,
      sharedChannelNoise: true,
    });
    const z = tf.div(tf.sub(draw.reshape(mean.shape), mean), std);
    const perPixel = z.arraySync() as number[][][][];
    let spread = 0;
    let size = 0;
    for (let r = 4; r < 12; r++)
      for (let c = 4; c < 12; c++) {
        const [a, b, d] = perPixel[0]![r]![c]!;
        spread = Math.max(spread, Math.abs(a! - b!), Math.abs(a! - d!));
        size += Math.abs(a!);
      }
    // The same z in every channel (up to clipping, which σ ≈ 0.1–0.2 around 0.5 rarely reaches).
    expect(spread).toBeLessThan(1e-3);
    expect(size / 64).toBeGreaterThan(0.4);
    // The calibration factor scales the draw's distance from the mean.
    const half = sampleGridAutoregressive(model, x, {
      samples: 1,
      seed: 3,
      rounds: 1,
      sharedChannelNoise: true,
      stdScale: 0.5,
    });
    const ratio = tf.div(tf.sub(half.reshape(mean.shape), mean), tf.sub(draw.reshape(mean.shape), mean));
    const inHole = (ratio.arraySync() as number[][][][])[0]![8]![8]!;
    inHole.forEach((r) => expect(r).toBeCloseTo(0.5, 3));
    tf.dispose([mean, std, draw, half, ratio, z, x.y, grey.y, grey.known]);
    model.dispose();
  });
});
