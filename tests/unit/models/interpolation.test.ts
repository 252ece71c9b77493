import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { interpolateContext } from '../../../models/nn/interpolation.js';
import { createModel, stackedAnpConfig } from '../../../models/index.js';
import { useBackend } from '../helpers/tf-backend.js';

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

  it("is an untrained model's mean: the decoder's correction starts at zero", () => {
    const model = createModel({
      ...stackedAnpConfig(2, 3),
      hidden: 16,
      latentDim: 16,
      heads: 4,
      meanBase: 'interpolation',
    });
    const g = grid(6, plane);
    const query = [
      [0.1, -0.2],
      [0.9, 0.95],
    ];
    const mean = tf.tidy(() => {
      const p = model.predict({ x: tf.tensor3d([g.x]), y: tf.tensor3d([g.y]) }, { x: tf.tensor3d([query]) });
      return (p.mean.arraySync() as number[][][])[0]!;
    });
    interpolate(g.x, g.y, query).forEach((p, k) =>
      p.forEach((v, c) => expect(mean[k]![c]).toBeCloseTo(v, 5)),
    );
    model.dispose();
  });
});
