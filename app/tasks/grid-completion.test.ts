import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLETION_MODEL } from '../../tests/fixtures/shipped-models.js';
import { createInferencePool, type InferencePool } from '../compute/index.js';
import type { RasterImage } from '../imaging/raster.js';
import { NEVER_ABORTED } from '../util/task.js';
import { inpaintImage } from './inpaint.js';

const W = 112;
const H = 96;

/** Diagonal stripes over a gradient: structure a completion can continue. */
function stripes(): RasterImage {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const band = Math.floor((x + y) / 8) % 2 ? 200 : 60;
      data.set([band, 40 + x, 120 + (y >> 1)], (y * W + x) * 3);
    }
  return { width: W, height: H, channels: 3, bitDepth: 8, data, meta: { format: 'png', orientation: 1 } };
}

function box(x0: number, y0: number, side: number): Uint8Array {
  const hole = new Uint8Array(W * H);
  for (let y = y0; y < y0 + side; y++) hole.fill(1, y * W + x0, y * W + x0 + side);
  return hole;
}

describe('completion by the grid ANP', () => {
  let pool: InferencePool;
  beforeAll(() => {
    pool = createInferencePool({ workers: 2 });
  });
  afterAll(() => pool.dispose());

  const complete = (hole: Uint8Array, samples: number, seed: number, onProgress = () => undefined) =>
    inpaintImage(stripes(), hole, {
      model: COMPLETION_MODEL,
      pool,
      samples,
      seed,
      signal: NEVER_ABORTED,
      onProgress,
    });

  it('fills only the hole; its samples are the model’s draws: they differ, and repeat with the seed', async () => {
    const hole = box(40, 30, 28);
    const progress: number[] = [];
    const out = await complete(hole, 3, 5, ((p: { done: number; total: number }) => {
      progress.push(p.done / p.total);
    }) as () => undefined);
    const truth = stripes().data;
    const images = [out.mean, ...out.samples];
    let moved = 0;
    for (const image of images)
      for (let i = 0; i < W * H; i++)
        for (let c = 0; c < 3; c++) if (!hole[i] && image.data[i * 3 + c] !== truth[i * 3 + c]) moved++;
    expect(moved).toBe(0);
    const meanAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
      let total = 0;
      let n = 0;
      for (let i = 0; i < W * H; i++) {
        if (!hole[i]) continue;
        for (let c = 0; c < 3; c++) total += Math.abs(a[i * 3 + c]! - b[i * 3 + c]!);
        n += 3;
      }
      return total / n;
    };
    expect(meanAbs(out.samples[0]!.data, out.samples[1]!.data)).toBeGreaterThan(3);
    // Every fill is closer to the truth than a flat grey would be.
    const grey = new Uint8Array(W * H * 3).fill(128);
    for (const image of images) expect(meanAbs(image.data, truth)).toBeLessThan(meanAbs(grey, truth));
    const again = await complete(hole, 3, 5);
    expect(Buffer.compare(Buffer.from(again.samples[2]!.data), Buffer.from(out.samples[2]!.data))).toBe(0);
    // σ lives in the hole only, and is positive there.
    const { region, values } = out.sigma;
    for (let i = 0; i < values.length; i++) {
      const x = region.x + (i % region.width);
      const y = region.y + Math.floor(i / region.width);
      if (hole[y * W + x]) expect(values[i]).toBeGreaterThan(0);
      else expect(values[i]).toBe(0);
    }
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, k) => k === 0 || p >= progress[k - 1]!)).toBe(true);
    expect(await pool.tensorCounts()).toEqual([0, 0]);
  }, 120_000);

  it('completes a hole deeper than its reach coarse to fine, with no lattice pattern in σ', async () => {
    const hole = box(20, 16, 64);
    const out = await complete(hole, 1, 2);
    const { region, values } = out.sigma;
    // σ on the lattice (pixels the finest level was given) is in line with the rest.
    const sums = { lattice: [0, 0], rest: [0, 0] };
    for (let i = 0; i < values.length; i++) {
      if (!(values[i]! > 0)) continue;
      const x = i % region.width;
      const y = Math.floor(i / region.width);
      const sum = x % 2 === 0 && y % 2 === 0 ? sums.lattice : sums.rest;
      sum[0]! += values[i]!;
      sum[1]!++;
    }
    const ratio = sums.lattice[0]! / sums.lattice[1]! / (sums.rest[0]! / sums.rest[1]!);
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  }, 120_000);
});
