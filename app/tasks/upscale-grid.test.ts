import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createSuperResModel, serializeModel, type GridSuperResModel } from '../../models/index.js';
import { smallSuperResConfig } from '../../models/fixtures/superres.js';
import { runCli } from '../cli/main.js';
import { initAppBackend } from '../compute/backend-choice.js';
import { createInferencePool, type InferencePool, type SuperResShape } from '../compute/index.js';
import { modelFromBytes, superResModel } from '../compute/model-summary.js';
import { blockRows, evaluateSuperResJob } from '../compute/superres-eval.js';
import { rgbImage } from '../imaging/superres-features.js';
import type { RasterImage } from '../imaging/raster.js';
import { loadModelDir, saveModelDir } from '../model-files.js';
import { NEVER_ABORTED, type ModelRef } from '../util/task.js';
import { inpaintImage } from './inpaint.js';
import { previewUpscale, timeUpscale } from './upscale-preview.js';
import { planSuperRes } from './superres-plan.js';
import {
  latentFromCrop,
  scatterSlots,
  superResSource,
  tileJob,
  type SuperResTile,
} from './superres-tiles.js';
import type { UpscaleSource } from './upscale-core.js';
import { gridUpscaleRegion, measureGridTileSeconds } from './upscale-grid-region.js';
import { upscaleOnGrid } from './upscale-grid.js';

const SAMPLE_PHOTO = fileURLToPath(new URL('../../assets/sample.jpg', import.meta.url));
const SIGMA_SCALE = 2;
/** A thread's budget that cuts a 72×48 photo into 3 × 5 tiles at ×3 (16² anchors each). */
const SMALL_TILES = 4.5e6;
/** A block budget that predicts the one tile of the whole photo in blocks of 3 to 5 anchor rows. */
const SMALL_BLOCKS = 8e6;

let dir: string;
let ref: ModelRef;
let pool: InferencePool;
let shape: SuperResShape;
/** The same model in this thread, for the one-tile prediction of the whole image. */
let direct: GridSuperResModel;
let photo: UpscaleSource;
let raster: RasterImage;
/** The photo as a PNG file. */
let input: string;

beforeAll(async () => {
  await initAppBackend('wasm');
  const model = createSuperResModel(smallSuperResConfig, { seed: 3 });
  // A random last decoder layer (it starts at zero, the base itself), so tiles have work to get right.
  const last = model.variables()['dec/l2/kernel']!;
  last.assign(tf.randomNormal(last.shape, 0, 0.3, 'float32', 7));
  const { manifest, weights } = await serializeModel(model, { recipe: { steps: 0 } });
  model.dispose();
  dir = await mkdtemp(join(tmpdir(), 'anp-grid-superres-'));
  const calibrated = { ...manifest, calibration: { sigmaScale: SIGMA_SCALE } };
  await saveModelDir(dir, { manifest: calibrated as unknown as Record<string, unknown>, weights });
  ref = { id: 'tiny-superres', dir };
  const files = await loadModelDir(dir);
  direct = superResModel(modelFromBytes(files.manifest, files.weights, dir));
  pool = createInferencePool({ workers: 2 });
  shape = (await pool.describe(ref)).superRes!;
  const { data, info } = await sharp(SAMPLE_PHOTO)
    .resize(72, 48)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  photo = {
    ...rgbImage(
      info.width,
      info.height,
      Float32Array.from(data, (v) => v / 255),
    ),
    yDim: 3,
  };
  raster = { width: 72, height: 48, channels: 3, bitDepth: 8, data, meta: { format: 'png', orientation: 1 } };
  input = join(dir, 'in.png');
  await sharp(data, { raw: { width: 72, height: 48, channels: 3 } })
    .png()
    .toFile(input);
});

afterAll(async () => {
  direct.dispose();
  await pool.dispose();
});

interface Output {
  mean: Float32Array;
  std: Float32Array;
  bands: [number, number][];
}

async function tiled(width: number, height: number, tileBytes = SMALL_TILES): Promise<Output> {
  const out: Output = {
    mean: new Float32Array(width * height * 3),
    std: new Float32Array(width * height * 3),
    bands: [],
  };
  await upscaleOnGrid(photo, width, height, {
    pool,
    model: ref,
    shape,
    signal: NEVER_ABORTED,
    withStd: true,
    tileBytes,
    onTiles: () => undefined,
    sink: async (first, count, colours, std) => {
      expect(colours.length).toBe(count * width * 3);
      out.mean.set(colours, first * width * 3);
      out.std.set(std!, first * width * 3);
      out.bands.push([first, count]);
    },
  });
  return out;
}

/** The whole image as one tile in several blocks, predicted in this thread with σ uncalibrated. */
async function oneTile(width: number, height: number) {
  const plan = planSuperRes(photo.width, photo.height, width, height, shape, Infinity);
  expect(blockRows(shape.attentionChannels, photo.width, plan.slots, SMALL_BLOCKS)).toBeLessThan(
    photo.height / 8,
  );
  const source = superResSource(photo, plan);
  const tile: SuperResTile = { rows: [0, photo.height], columns: [0, photo.width] };
  const job = tileJob(source, tile, latentFromCrop(source), true);
  const result = await evaluateSuperResJob(direct, job, 1, SMALL_BLOCKS);
  const window = (values: Float32Array) => {
    const data = new Float32Array(width * height * 3);
    scatterSlots(plan, tile, values, 3, { data, top: 0, left: 0, width, height });
    return data;
  };
  return { mean: window(result.mean), std: window(result.std), base: window(job.base) };
}

const maxDiff = (a: Float32Array, b: Float32Array, scale = 1): number => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]! * scale));
  return worst;
};

describe('upscaling with the grid super-resolution model', () => {
  it.for([
    ['×3', 216, 144],
    ['×2.5', 180, 120],
    ['×3.7', 266, 178],
    ['an exact size with other factors per axis (×3.47, ×2.08)', 250, 100],
  ] as const)(
    'tiles exactly at %s: the tiled upscale equals one tile of the whole image in blocks',
    async ([, width, height]) => {
      const plan = planSuperRes(72, 48, width, height, shape, SMALL_TILES);
      expect(plan.tileRows.length * plan.tileColumns.length).toBeGreaterThanOrEqual(6);
      const out = await tiled(width, height);
      // Rows arrive in order, each once, and cover the output.
      let next = 0;
      for (const [first, count] of out.bands) {
        expect(first).toBe(next);
        next += count;
      }
      expect(next).toBe(height);
      const whole = await oneTile(width, height);
      expect(maxDiff(out.mean, whole.mean)).toBeLessThan(1e-4);
      // The model does more than its base, and σ is its std times the manifest's factor.
      expect(maxDiff(whole.mean, whole.base)).toBeGreaterThan(1e-2);
      expect(maxDiff(out.std, whole.std, SIGMA_SCALE)).toBeLessThan(1e-4);
      expect(out.std.every((s) => s > 0)).toBe(true);
    },
  );

  it('previews a region as the whole upscale writes it, and times a tile of the plan', async () => {
    const [width, height] = [216, 144];
    const out = await tiled(width, height);
    const region = { x: 70, y: 50, width: 60, height: 40 };
    const run = { pool, model: ref, shape, signal: NEVER_ABORTED, tileBytes: SMALL_TILES };
    const part = await gridUpscaleRegion(photo, width, height, region, run);
    expect(part.tiles).toBe(3); // of 15
    for (let y = 0; y < region.height; y++)
      for (let x = 0; x < region.width; x++)
        for (let c = 0; c < 3; c++) {
          const got = part.colours[(y * region.width + x) * 3 + c]!;
          expect(got).toBe(out.mean[((region.y + y) * width + region.x + x) * 3 + c]!);
        }
    expect(await measureGridTileSeconds(photo, width, height, run)).toBeGreaterThan(0);
  });

  it('the app’s preview and timing of an upscale take the model’s own tiles', async () => {
    const sample = {
      input,
      size: { kind: 'scale', scale: 3 } as const,
      model: ref,
      pool,
      signal: NEVER_ABORTED,
    };
    const region = { x: 100, y: 60, width: 40, height: 30 };
    const outPath = join(dir, 'preview.png');
    const preview = await previewUpscale({ ...sample, region, outPath });
    expect(preview.tiles).toBe(1);
    expect(await sharp(outPath).metadata()).toMatchObject({ width: 40, height: 30 });
    expect(await timeUpscale(sample)).toBeGreaterThan(0);
  });

  it('stops between tiles when cancelled, and leaves no tensor behind in the threads', async () => {
    const controller = new AbortController();
    let sunk = 0;
    const running = upscaleOnGrid(photo, 216, 144, {
      pool,
      model: ref,
      shape,
      signal: controller.signal,
      tileBytes: SMALL_TILES,
      onTiles: (done) => {
        if (done >= 2) controller.abort();
      },
      sink: async () => void sunk++,
    });
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(sunk).toBe(0);
    expect(await pool.tensorCounts()).toEqual([0, 0]);
  });

  it('refuses to complete a photo with this model', async () => {
    const hole = new Uint8Array(72 * 48);
    hole.fill(1, 20 * 72 + 30, 20 * 72 + 40);
    const job = { model: ref, pool, samples: 1, seed: 1, signal: NEVER_ABORTED, onProgress: () => undefined };
    await expect(inpaintImage(raster, hole, job)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/only upscales photos/),
    });
  });

  it('anp upscale and anp info take a grid super-resolution model folder', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'anp-grid-superres-out-')), 'up.png');
    // Before the command line starts its own backend in this thread.
    const whole = await oneTile(250, 100);
    const stdout: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (stdout.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(
        await runCli(['upscale', input, '--width', '250', '--height', '100', '--model', dir, '-o', out]),
      ).toBe(0);
      expect(await runCli(['info', dir, '--json'])).toBe(0);
    } finally {
      vi.restoreAllMocks();
    }
    expect((await sharp(out).metadata()).width).toBe(250);
    const { data } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    let worst = 0;
    const clamped = (v: number) => Math.min(1, Math.max(0, v));
    for (let i = 0; i < data.length; i++)
      worst = Math.max(worst, Math.abs(data[i]! / 255 - clamped(whole.mean[i]!)));
    expect(worst).toBeLessThan(1 / 255);
    const about = JSON.parse(stdout.at(-1)!) as Record<string, unknown>;
    expect(about).toMatchObject({
      kind: 'convolutional ANP super-resolution (pixel grid)',
      tasks: ['upscale'],
      sigmaScale: SIGMA_SCALE,
      halo: shape.halo,
    });
  });
});
