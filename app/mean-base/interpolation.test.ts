import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { stackedAnpConfig } from '../../models/index.js';
import { useBackend } from '../../tests/fixtures/tf-backend.js';
import { createAppModel } from '../model-factory.js';
import { interpolateContext, interpolationBasis } from './interpolation.js';

await useBackend('wasm');

/** An n × n grid of pixel centres over [−1, 1]², with y = f(x). */
function grid(n: number, f: (u: number, v: number) => number[]) {
  const x: number[][] = [];
  const y: number[][] = [];
  for (let j = 0; j < n; j++)
    for (let i = 0; i < n; i++) {
      const u = ((i + 0.5) / n) * 2 - 1;
      const v = ((j + 0.5) / n) * 2 - 1;
      x.push([u, v]);
      y.push(f(u, v));
    }
  return { x, y };
}

const plane = (u: number, v: number) => [0.3 + 0.2 * u - 0.1 * v, 0.5 * v, 0.1];

function interpolate(xc: number[][], yc: number[][], xq: number[][], mask?: number[]): number[][] {
  return tf.tidy(() => {
    const out = interpolateContext(
      tf.tensor3d([xc]),
      tf.tensor3d([yc]),
      tf.tensor2d([mask ?? xc.map(() => 1)]),
      tf.tensor3d([xq]),
    );
    return (out.arraySync() as number[][][])[0]!;
  });
}

describe('interpolateContext', () => {
  it('reproduces a grid at its own points, and a plane inside it to within 0.005 (Lanczos-3)', () => {
    const g = grid(8, plane);
    const atGrid = interpolate(g.x, g.y, g.x);
    atGrid.forEach((p, k) => p.forEach((v, c) => expect(v).toBeCloseTo(g.y[k]![c]!, 5)));
    const inside = [
      [0.01, -0.13],
      [-0.3, 0.27],
      [0.44, 0.1],
    ];
    interpolate(g.x, g.y, inside).forEach((p, k) =>
      p.forEach((v, c) => expect(v).toBeCloseTo(plane(inside[k]![0]!, inside[k]![1]!)[c]!, 2)),
    );
  });

  it('fills a point far from every context with an average bounded by the context values', () => {
    const xc = [
      [-1, -1],
      [1, -1],
      [-1, 1],
      [1, 1],
    ];
    const yc = [[0], [1], [0.2], [0.6]];
    const [[centre]] = interpolate(xc, yc, [[0, 0]]) as [[number]];
    expect(centre).toBeCloseTo(0.45, 5); // equidistant: the mean
    const [[nearOne]] = interpolate(xc, yc, [[0.8, -0.8]]) as [[number]];
    expect(nearOne).toBeGreaterThan(0.45);
    expect(nearOne).toBeLessThanOrEqual(1);
  });

  it('ignores padded contexts whatever their values', () => {
    const g = grid(6, plane);
    const query = [
      [0.05, 0.05],
      [-0.7, 0.4],
    ];
    const clean = interpolate(g.x, g.y, query);
    const padded = interpolate(
      [...g.x, [0.06, 0.04], [-0.69, 0.41]],
      [...g.y, [9, 9, 9], [-9, -9, -9]],
      query,
      [...g.x.map(() => 1), 0, 0],
    );
    padded.forEach((p, k) => p.forEach((v, c) => expect(v).toBeCloseTo(clean[k]![c]!, 5)));
  });

  it.each(['interpolation', 'sharpened'] as const)(
    "is an untrained model's mean: the decoder's correction starts at zero (%s)",
    (meanBase) => {
      const model = createAppModel({
        ...stackedAnpConfig(2, 3),
        hidden: 16,
        latentDim: 16,
        heads: 4,
        meanBase,
      });
      const g = grid(6, plane);
      const query = [
        [0.1, -0.2],
        [0.9, 0.95],
      ];
      const mean = tf.tidy(() => {
        const p = model.predict(
          { x: tf.tensor3d([g.x]), y: tf.tensor3d([g.y]) },
          { x: tf.tensor3d([query]) },
        );
        return (p.mean.arraySync() as number[][][])[0]!;
      });
      interpolate(g.x, g.y, query).forEach((p, k) =>
        p.forEach((v, c) => expect(mean[k]![c]).toBeCloseTo(v, 5)),
      );
      model.dispose();
    },
  );
});

/** A small untrained one-channel model with the 'sharpened' base. */
function sharpenedGreyModel() {
  return createAppModel({
    ...stackedAnpConfig(2, 1),
    hidden: 16,
    latentDim: 16,
    heads: 4,
    meanBase: 'sharpened',
  });
}

function detailAt(xc: number[][], yc: number[][], xq: number[][]): number[][] {
  return tf.tidy(() => {
    const { detail } = interpolationBasis(
      tf.tensor3d([xc]),
      tf.tensor3d([yc]),
      tf.tensor2d([xc.map(() => 1)]),
      tf.tensor3d([xq]),
      true,
    );
    return (detail!.arraySync() as number[][][])[0]!;
  });
}

describe('interpolationBasis detail', () => {
  const n = 8;
  const at = (i: number, j: number) => [((i + 0.5) / n) * 2 - 1, ((j + 0.5) / n) * 2 - 1];
  const impulse = (i0: number, j0: number) =>
    grid(n, (u, v) => [Math.abs(u - at(i0, j0)[0]!) < 1e-9 && Math.abs(v - at(i0, j0)[1]!) < 1e-9 ? 1 : 0]);

  it("is a pixel minus the [1 2 1]/4 blur of its neighbours, resampled at the grid's points", () => {
    const g = impulse(3, 4);
    const [[centre], [side], [corner], [far]] = detailAt(g.x, g.y, [
      at(3, 4),
      at(4, 4),
      at(2, 3),
      at(6, 1),
    ]) as [[number], [number], [number], [number]];
    expect(centre).toBeCloseTo(1 - 4 / 16, 5);
    expect(side).toBeCloseTo(-2 / 16, 5);
    expect(corner).toBeCloseTo(-1 / 16, 5);
    expect(far).toBeCloseTo(0, 5);
  });

  it('is zero for a plane, at the rim of the grid, and in holes filled by the Gaussian average', () => {
    const g = grid(n, plane);
    const queries = [at(3, 3), [0.01, -0.13], at(0, 5), at(7, 7), [0.3, 0.31]];
    detailAt(g.x, g.y, queries).forEach((p) => p.forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-5)));
    const rim = impulse(0, 4);
    expect(detailAt(rim.x, rim.y, [at(0, 4)])[0]![0]).toBeCloseTo(0, 6);
    const holed = impulse(3, 4);
    const keep = holed.x.map((_, k) => k !== 4 * n + 5);
    const [[inHole]] = detailAt(
      holed.x.filter((_, k) => keep[k]),
      holed.y.filter((_, k) => keep[k]),
      [at(5, 4)],
    ) as [[number]];
    expect(inHole).toBe(0);
  });

  it("is added to a 'sharpened' model's mean in proportion to the decoder's gain", () => {
    const model = sharpenedGreyModel();
    const bias = model.variables()['dec/l2/bias']!;
    bias.assign(tf.tensor1d([0, 0, 0.5]));
    const g = impulse(3, 4);
    const query = [at(3, 4), at(4, 4), [0.02, 0.11]];
    const mean = tf.tidy(() => {
      const p = model.predict({ x: tf.tensor3d([g.x]), y: tf.tensor3d([g.y]) }, { x: tf.tensor3d([query]) });
      return (p.mean.arraySync() as number[][][])[0]!;
    });
    const base = interpolate(g.x, g.y, query);
    const detail = detailAt(g.x, g.y, query);
    mean.forEach((p, k) => expect(p[0]).toBeCloseTo(base[k]![0]! + 0.5 * detail[k]![0]!, 5));
    expect(Math.abs(detail[0]![0]!)).toBeGreaterThan(0.5);
    model.dispose();
  });
});

describe('targets.base', () => {
  it("replaces the model's own base where given and leaves it where NaN", () => {
    const model = sharpenedGreyModel();
    const g = grid(6, plane);
    const context = { x: tf.tensor3d([g.x]), y: tf.tensor3d([g.y.map((p) => [p[0]!])]) };
    const query = [
      [0.1, -0.2],
      [0.5, 0.4],
      [-0.6, 0.3],
    ];
    const given = [[0.9], [Number.NaN], [0.1]];
    const mean = tf.tidy(() => {
      const p = model.predict(context, { x: tf.tensor3d([query]), base: tf.tensor3d([given]) });
      return (p.mean.arraySync() as number[][][])[0]!;
    });
    const own = interpolate(
      g.x,
      g.y.map((p) => [p[0]!]),
      query,
    );
    expect(mean[0]![0]).toBeCloseTo(0.9, 5);
    expect(mean[1]![0]).toBeCloseTo(own[1]![0]!, 5);
    expect(mean[2]![0]).toBeCloseTo(0.1, 5);
    expect(() => model.predict(context, { x: tf.tensor3d([query]), base: tf.zeros([1, 2, 1]) })).toThrow(
      /targets.base must have shape \[1, 3, 1\]/,
    );
    tf.dispose([context.x, context.y]);
    model.dispose();
  });
});
