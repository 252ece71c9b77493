import sharp from 'sharp';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { boxMask, strokeMask } from '../quality/masks.js';
import { meanDb, psnr } from '../quality/psnr.js';
import { BIHARMONIC, BLEND_DEPTH, completionBase, HARMONIC, relaxFill } from './completion-base.js';

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

const biharmonicFill = (
  start: Float32Array,
  hole: Uint8Array,
  w: number,
  h: number,
  yDim: number,
  sweeps: number,
) => relaxFill(start, hole, w, h, yDim, sweeps, BIHARMONIC);

describe('relaxFill with the biharmonic stencil', () => {
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

describe('relaxFill with the harmonic stencil', () => {
  it('recovers a harmonic surface (x² − y², exact for the 5-point stencil) inside a hole', () => {
    const hole = disc(20, 15, 6);
    const start = new Float32Array(W * H);
    for (let i = 0; i < hole.length; i++) {
      const x = i % W;
      const y = Math.floor(i / W);
      start[i] = hole[i] ? 0 : 0.001 * ((x - 20) ** 2 - (y - 15) ** 2);
    }
    const filled = relaxFill(start, hole, W, H, 1, 500, HARMONIC);
    for (let i = 0; i < hole.length; i++) {
      const x = i % W;
      const y = Math.floor(i / W);
      expect(filled[i]).toBeCloseTo(0.001 * ((x - 20) ** 2 - (y - 15) ** 2), 5);
    }
  });
});

describe('completionBase', () => {
  const C = 192;
  /** 192-px crops of the two fixture photos brought to 512 px (the benchmark's scale), with a hole. */
  async function crops(
    hole: (corner: number) => Uint8Array,
  ): Promise<{ truth: Uint8Array; hole: Uint8Array }[]> {
    const out = [];
    for (const name of ['chelsea', 'coffee']) {
      const photo = sharp(fileURLToPath(new URL(`../../tests/fixtures/photos/${name}.jpg`, import.meta.url)))
        .resize(512, 512, { fit: 'cover' })
        .removeAlpha();
      for (const [left, top] of [
        [0, 0],
        [320, 0],
        [0, 320],
        [320, 320],
        [160, 160],
      ] as const) {
        const truth = new Uint8Array(
          await photo.clone().extract({ left, top, width: C, height: C }).raw().toBuffer(),
        );
        out.push({ truth, hole: hole(left + top) });
      }
    }
    return out;
  }
  /** Mean PSNR over the holes of the base with blend depths 0 (harmonic), 16 (shipped), ∞ (biharmonic). */
  function scores(
    cases: { truth: Uint8Array; hole: Uint8Array }[],
  ): Record<'harmonic' | 'blend' | 'biharmonic', number> {
    const depths = { harmonic: 0, blend: BLEND_DEPTH, biharmonic: Infinity };
    return Object.fromEntries(
      Object.entries(depths).map(([name, depth]) => {
        const dbs = cases.map(({ truth, hole }) => {
          const colours = Float32Array.from(truth, (v, i) => (hole[Math.floor(i / 3)] ? 0 : v / 255));
          const base = completionBase({ width: C, height: C, factor: 1, colours, hole }, 3, depth).get(1)!;
          return psnr(
            truth,
            base.map((v) => Math.min(255, Math.max(0, v * 255))),
            3,
            hole,
          );
        });
        return [name, meanDb(dbs)];
      }),
    ) as Record<'harmonic' | 'blend' | 'biharmonic', number>;
  }

  it('in a 64-px box of a real photo, does better than the biharmonic fill, which carries the rim’s slopes too far', async () => {
    const db = scores(await crops(() => boxMask(C, C, 64, 1)));
    expect(db.blend).toBeGreaterThan(db.biharmonic + 0.3);
    expect(db.blend).toBeGreaterThan(db.harmonic);
  });

  it('across brush strokes of a real photo, bridges along the slopes like the biharmonic fill, not the harmonic one', async () => {
    const db = scores(await crops((seed) => strokeMask(C, C, seed)));
    expect(db.blend).toBeGreaterThan(db.harmonic + 0.5);
    expect(db.blend).toBeGreaterThan(db.biharmonic - 0.1);
  });

  it('keeps every known pixel and gives a base at every level of its cascade, the coarse ones smaller', () => {
    const S = 96;
    const hole = new Uint8Array(S * S).map((_, i) =>
      Math.abs((i % S) - 40) < 20 && Math.abs(Math.floor(i / S) - 50) < 20 ? 1 : 0,
    );
    const colours = new Float32Array(S * S).map((_, i) => (((i % S) * 7 + Math.floor(i / S) * 3) % 11) / 11);
    const bases = completionBase({ width: S, height: S, factor: 1, colours, hole }, 1);
    for (let i = 0; i < hole.length; i++) if (!hole[i]) expect(bases.get(1)![i]).toBe(colours[i]);
    expect(bases.size).toBeGreaterThan(2);
    for (const [factor, base] of bases) {
      expect(base.length).toBe(Math.ceil(S / factor) ** 2);
      expect(base.every(Number.isFinite)).toBe(true);
    }
  });
});
