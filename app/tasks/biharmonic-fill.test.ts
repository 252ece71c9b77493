import { describe, expect, it } from 'vitest';
import { biharmonicFill } from './biharmonic-fill.js';

const W = 40;
const H = 30;

/** A smooth two-channel surface: a cubic in x and y (the 13-point stencil is exact on cubics). */
const surface = (x: number, y: number): [number, number] => [
  0.2 + 0.01 * x - 0.004 * y + 0.0002 * x * y,
  0.5 + 0.00001 * x ** 3 - 0.0003 * y ** 2,
];

function image(hole: Uint8Array, fillValue: number): Float32Array {
  const out = new Float32Array(W * H * 2);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      out.set(hole[i] ? [fillValue, fillValue] : surface(x, y), 2 * i);
    }
  return out;
}

function disc(cx: number, cy: number, r: number): Uint8Array {
  const hole = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) hole[y * W + x] = 1;
  return hole;
}

function maxError(filled: Float32Array, hole: Uint8Array): number {
  let worst = 0;
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    const truth = surface(i % W, Math.floor(i / W));
    worst = Math.max(worst, Math.abs(filled[2 * i]! - truth[0]), Math.abs(filled[2 * i + 1]! - truth[1]));
  }
  return worst;
}

describe('biharmonicFill', () => {
  it('recovers a smooth surface inside a hole and leaves every known pixel exactly as given', () => {
    const hole = disc(20, 15, 6);
    const start = image(hole, 0);
    const filled = biharmonicFill(start, hole, W, H, 2, 1000);
    expect(maxError(filled, hole)).toBeLessThan(1e-5);
    for (let i = 0; i < hole.length; i++)
      if (!hole[i]) expect([filled[2 * i], filled[2 * i + 1]]).toEqual([start[2 * i], start[2 * i + 1]]);
  });

  it('converges: more sweeps from the same start are closer, and a good start needs few', () => {
    const hole = disc(12, 12, 8);
    const errors = [10, 50, 200].map((sweeps) =>
      maxError(biharmonicFill(image(hole, 0), hole, W, H, 2, sweeps), hole),
    );
    expect(errors[1]).toBeLessThan(errors[0]!);
    expect(errors[2]).toBeLessThan(errors[1]!);
    const good = biharmonicFill(image(hole, 0), hole, W, H, 2, 400);
    const nudged = good.map((v, i) => (hole[Math.floor(i / 2)] ? v + 0.01 : v));
    expect(maxError(biharmonicFill(nudged, hole, W, H, 2, 20), hole)).toBeLessThan(errors[0]! / 10);
  });

  it('fills a hole in the corner (the image reflected at its edges) without leaving NaNs', () => {
    const hole = disc(0, 0, 7);
    const filled = biharmonicFill(image(hole, 0.5), hole, W, H, 2, 1000);
    expect(filled.every(Number.isFinite)).toBe(true);
    // The reflection puts a kink in a surface that is not symmetric about the edges: close, not exact.
    expect(maxError(filled, hole)).toBeLessThan(0.025);
    expect(maxError(filled, hole)).toBeLessThan(maxError(image(hole, 0.5), hole) / 10);
  });

  it('returns a copy and leaves the start untouched', () => {
    const hole = disc(20, 15, 3);
    const start = image(hole, 0);
    const before = start.slice();
    biharmonicFill(start, hole, W, H, 2, 5);
    expect(start).toEqual(before);
  });
});
