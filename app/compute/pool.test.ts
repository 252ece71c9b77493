import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';
import type { ModelRef } from '../util/task.js';
import { createInferencePool, runTiles, type InferencePool, type TileQuery } from './index.js';

function randomTile(seed: number, contexts: number, targets: number): TileQuery {
  let s = seed;
  const next = (): number => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  return {
    contextX: Float32Array.from({ length: contexts * 2 }, next),
    contextY: Float32Array.from({ length: contexts * 3 }, () => (next() + 1) / 2),
    targetX: Float32Array.from({ length: targets * 2 }, next),
  };
}

describe('inference pool', () => {
  let model: ModelRef;
  let pool: InferencePool;
  const tiles = Array.from({ length: 20 }, (_, i) => randomTile(i + 1, 10 + i * 7, 30 + i * 11));

  beforeAll(async () => {
    model = await writeTinyImageModel();
    pool = createInferencePool({ workers: 2 });
  });
  afterAll(() => pool.dispose());

  it('describes the model', async () => {
    expect(await pool.describe(model)).toMatchObject({ xDim: 2, yDim: 3, window: 32, sigmaScale: 1 });
  });

  it("scales σ by the manifest's calibration, and only σ", async () => {
    const dir = `${model.dir}-calibrated`;
    await cp(model.dir, dir, { recursive: true });
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as object;
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify({ ...manifest, calibration: { sigmaScale: 0.5 } }),
    );
    const calibrated = { id: 'calibrated', dir };
    expect((await pool.describe(calibrated)).sigmaScale).toBe(0.5);
    const job = { tiles: [tiles[3]!], samples: 0, seed: 0 };
    const [[raw], [scaled]] = await Promise.all([pool.evaluate(model, job), pool.evaluate(calibrated, job)]);
    expect(Array.from(scaled!.mean)).toEqual(Array.from(raw!.mean));
    scaled!.std.forEach((v, i) => expect(v).toBeCloseTo(0.5 * raw!.std[i]!, 6));
  });

  it('gives the same answers in parallel batches as one tile at a time, and seeded draws repeat', async () => {
    const signal = new AbortController().signal;
    const batched = await runTiles(pool, model, tiles, { samples: 2, seed: 5, signal, jobSize: 8 });
    const single = await pool.evaluate(model, { tiles: [tiles[13]!], samples: 0, seed: 0 });
    expect(batched).toHaveLength(tiles.length);
    expect(batched[13]!.mean.length).toBe((30 + 13 * 11) * 3);
    const diff = batched[13]!.mean.reduce((m, v, i) => Math.max(m, Math.abs(v - single[0]!.mean[i]!)), 0);
    expect(diff).toBeLessThan(1e-4);
    const again = await runTiles(pool, model, tiles, { samples: 2, seed: 5, signal, jobSize: 8 });
    expect(Array.from(again[7]!.samples[1]!)).toEqual(Array.from(batched[7]!.samples[1]!));
    const other = await runTiles(pool, model, tiles, { samples: 2, seed: 6, signal, jobSize: 8 });
    expect(Array.from(other[7]!.samples[1]!)).not.toEqual(Array.from(batched[7]!.samples[1]!));
  });

  it('warms cold threads once, and a pool closed meanwhile ends the warm-up as cancelled', async () => {
    const job = { tiles: tiles.slice(0, 4), samples: 0, seed: 0 };
    await pool.warm(model, job);
    await pool.warm(model, job);
    const closing = createInferencePool({ workers: 1 });
    const heavy = {
      tiles: Array.from({ length: 40 }, (_, i) => randomTile(500 + i, 200, 400)),
      samples: 0,
      seed: 0,
    };
    const warming = expect(closing.warm(model, heavy)).rejects.toMatchObject({ code: 'CANCELLED' });
    await closing.dispose();
    await warming;
  });

  it('rejects with CANCELLED when the signal aborts and keeps working afterwards', async () => {
    const controller = new AbortController();
    const many = Array.from({ length: 60 }, (_, i) => randomTile(100 + i, 200, 400));
    let finished = 0;
    const run = runTiles(pool, model, many, {
      samples: 0,
      seed: 0,
      signal: controller.signal,
      jobSize: 2,
      onTiles: () => {
        if (++finished === 1) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(finished).toBeLessThan(many.length / 2);
    const after = await pool.evaluate(model, { tiles: [tiles[0]!], samples: 0, seed: 0 });
    expect(after[0]!.mean.every(Number.isFinite)).toBe(true);
  });

  it('leaves no tensors behind in the threads', async () => {
    const signal = new AbortController().signal;
    await runTiles(pool, model, tiles, { samples: 1, seed: 1, signal, jobSize: 4 });
    const before = await pool.tensorCounts();
    await runTiles(pool, model, tiles, { samples: 3, seed: 2, signal, jobSize: 4 });
    await runTiles(pool, model, tiles, { samples: 0, seed: 2, signal, jobSize: 1 });
    const after = await pool.tensorCounts();
    console.log(`numTensors per worker before/after jobs: ${before.join(',')} / ${after.join(',')}`);
    expect(after).toEqual(before);
    expect(after.every((n) => n === 0)).toBe(true);
  });

  it("puts a tile's targetBase under the decoder's correction, and wants it on every tile or none", async () => {
    const based = await writeTinyImageModel(32, 'interpolation');
    const tile = randomTile(77, 40, 50);
    const targetBase = Float32Array.from({ length: 50 * 3 }, (_, i) => (i % 11) / 10);
    const [own, given] = await Promise.all([
      pool.evaluate(based, { tiles: [tile], samples: 0, seed: 0 }),
      pool.evaluate(based, { tiles: [{ ...tile, targetBase }], samples: 1, seed: 0 }),
    ]);
    // Untrained, the correction is zero: the mean is the base — the model's own or the one given.
    given[0]!.mean.forEach((v, i) => expect(v).toBeCloseTo(targetBase[i]!, 5));
    given[0]!.samples[0]!.forEach((v, i) => expect(v).toBeCloseTo(targetBase[i]!, 5));
    expect(own[0]!.mean.some((v, i) => Math.abs(v - targetBase[i]!) > 0.05)).toBe(true);
    const mixed = pool.evaluate(based, { tiles: [{ ...tile, targetBase }, tile], samples: 0, seed: 0 });
    await expect(mixed).rejects.toThrow(/every tile of a job or for none/);
    await expect(
      pool.evaluate(model, { tiles: [{ ...tile, targetBase }], samples: 0, seed: 0 }),
    ).rejects.toThrow(/needs a model with a mean base/);
  });

  it("interpolates from a tile's basis context when it has one, and wants it on every tile or none", async () => {
    const based = await writeTinyImageModel(32, 'interpolation');
    /** A 12 × 12 grid at spacing 0.2 with colours that vary at every pixel; `inner` keeps its middle 8 × 8. */
    const grid = (inner: boolean) => {
      const x: number[] = [];
      const y: number[] = [];
      for (let j = 0; j < 12; j++)
        for (let i = 0; i < 12; i++) {
          if (inner && (i < 2 || i > 9 || j < 2 || j > 9)) continue;
          x.push(-1.1 + 0.2 * i, -1.1 + 0.2 * j);
          y.push(
            0.5 + 0.4 * Math.sin(1.3 * i + 0.7 * j),
            0.5 + 0.3 * Math.cos(0.9 * i * j),
            ((i + 2 * j) % 5) / 5,
          );
        }
      return { x: Float32Array.from(x), y: Float32Array.from(y) };
    };
    const targetX = Float32Array.from({ length: 16 }, (_, k) => (k % 2 ? -0.15 + 0.1 * k : -0.62));
    const inner = grid(true);
    const whole = grid(false);
    const frameOnly: TileQuery = { contextX: inner.x, contextY: inner.y, targetX };
    const widened: TileQuery = { ...frameOnly, basisContextX: whole.x, basisContextY: whole.y };
    const [[truncated], [wide], [reference]] = await Promise.all([
      pool.evaluate(based, { tiles: [frameOnly], samples: 0, seed: 0 }),
      pool.evaluate(based, { tiles: [widened], samples: 0, seed: 0 }),
      pool.evaluate(based, {
        tiles: [{ contextX: whole.x, contextY: whole.y, targetX }],
        samples: 0,
        seed: 0,
      }),
    ]);
    // Untrained, the mean is the interpolation: from the whole grid, though the encoder saw the middle.
    wide!.mean.forEach((v, i) => expect(v).toBeCloseTo(reference!.mean[i]!, 5));
    expect(truncated!.mean.some((v, i) => Math.abs(v - reference!.mean[i]!) > 0.01)).toBe(true);
    await expect(pool.evaluate(based, { tiles: [widened, frameOnly], samples: 0, seed: 0 })).rejects.toThrow(
      /basisContextX must be given for every tile of a job or for none/,
    );
    await expect(pool.evaluate(model, { tiles: [widened], samples: 0, seed: 0 })).rejects.toThrow(
      /needs a model with a mean base/,
    );
  });

  it('reports a missing model folder as NOT_FOUND', async () => {
    await expect(pool.describe({ id: 'nope', dir: '/nonexistent/model' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
