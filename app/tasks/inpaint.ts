/** `runInpaint`: a photo and a mask → k sample completions, the mean completion and an uncertainty map. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MaskT } from '../api/contract.js';
import { ONLY_UPSCALES, type InferencePool } from '../compute/index.js';
import { heatColour } from '../imaging/colormap.js';
import { toModelColours, writeModelColours, type Region } from '../imaging/colour.js';
import { decodeImage } from '../imaging/decode.js';
import { maskBounds, rasteriseMask } from '../imaging/mask.js';
import type { RasterImage } from '../imaging/raster.js';
import { writeSigmaPng } from '../imaging/sigma-png.js';
import { writePngBands, type RowBand } from '../imaging/write-png.js';
import { throwIfCancelled, type ModelRef, type TaskProgress } from '../util/task.js';
import { ApiError } from '../api/errors.js';
import { MAX_SAMPLES, MIN_SAMPLES } from '../api/limits.js';
import { completeOnGrid } from './grid-completion.js';
import { gridRegion } from './grid-levels.js';
import { completeRegion } from './inpaint-core.js';

export { MAX_SAMPLES };

export interface InpaintOptions {
  input: string;
  mask: MaskT;
  samples: number;
  seed: number;
  model: ModelRef;
  outDir: string;
  pool: InferencePool;
  signal: AbortSignal;
  onProgress: (p: TaskProgress) => void;
  overwrite?: boolean;
  /** Also write the raw σ there (16-bit PNG, scale in its metadata). */
  sigmaOut?: string;
}

export interface InpaintFiles {
  samples: string[];
  mean: string;
  uncertainty: string;
  uncertaintyMax: number;
  sigma?: string;
}

export interface InpaintImages {
  samples: RasterImage[];
  mean: RasterImage;
  uncertainty: RasterImage;
  uncertaintyMax: number;
  sigma: SigmaMap;
}

export async function runInpaint(job: InpaintOptions): Promise<InpaintFiles> {
  throwIfCancelled(job.signal);
  const image = await decodeImage(job.input, job.input);
  const hole = await rasteriseMask(job.mask, image.width, image.height);
  const result = await completeImage(image, hole, job);
  throwIfCancelled(job.signal);
  const files = {
    samples: Array.from({ length: job.samples }, (_, i) => join(job.outDir, `sample-${i + 1}.png`)),
    mean: join(job.outDir, 'mean.png'),
    uncertainty: join(job.outDir, 'uncertainty.png'),
  };
  // Written band by band: a large photo with 8 samples never holds even one full-size copy.
  const outputs: [RasterShape, RowBand, string][] = [
    ...files.samples.map((path, i): [RasterShape, RowBand, string] => [image, result.rows(i + 1), path]),
    [image, result.rows(0), files.mean],
    [heatMapShape(image), result.uncertaintyRows, files.uncertainty],
  ];
  const written: string[] = [];
  try {
    for (const [shape, rows, path] of outputs) {
      throwIfCancelled(job.signal);
      await writePngBands(shape, rows, path, job.overwrite ?? false);
      written.push(path);
    }
    if (job.sigmaOut) {
      throwIfCancelled(job.signal);
      await writeSigmaPng(result.sigma, image.width, image.height, job.sigmaOut, job.overwrite ?? false);
    }
  } catch (err) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw err;
  }
  return {
    ...files,
    uncertaintyMax: result.uncertaintyMax,
    ...(job.sigmaOut ? { sigma: job.sigmaOut } : {}),
  };
}

/** The completion in memory, every image at once (for evaluation on modest sizes). */
export async function inpaintImage(
  image: RasterImage,
  hole: Uint8Array,
  job: Pick<InpaintOptions, 'samples' | 'seed' | 'model' | 'pool' | 'signal' | 'onProgress'>,
): Promise<InpaintImages> {
  const result = await completeImage(image, hole, job);
  const whole = (shape: RasterShape, rows: RowBand): RasterImage => ({
    ...shape,
    data: rows(0, image.height),
  });
  return {
    samples: Array.from({ length: job.samples }, (_, i) => whole(image, result.rows(i + 1))),
    mean: whole(image, result.rows(0)),
    uncertainty: whole(heatMapShape(image), result.uncertaintyRows),
    uncertaintyMax: result.uncertaintyMax,
    sigma: result.sigma,
  };
}

type RasterShape = Omit<RasterImage, 'data'>;

/** The uncertainty map of an image: 8-bit RGB, same size. */
const heatMapShape = (image: RasterShape): RasterShape => ({
  width: image.width,
  height: image.height,
  channels: 3,
  bitDepth: 8,
  meta: { format: 'png', orientation: 1 },
});

/** The calibrated σ over the region the completion worked on (0 outside the hole). */
export interface SigmaMap {
  region: Region;
  values: Float32Array;
}

interface CompletedImage {
  /** Rows of chain 0 (the mean) or 1…k (the samples): the input with only the masked pixels replaced. */
  rows(chain: number): RowBand;
  /** Rows of the uncertainty heat map. */
  uncertaintyRows: RowBand;
  uncertaintyMax: number;
  sigma: SigmaMap;
}

async function completeImage(
  image: RasterImage,
  hole: Uint8Array,
  job: Pick<InpaintOptions, 'samples' | 'seed' | 'model' | 'pool' | 'signal' | 'onProgress'>,
): Promise<CompletedImage> {
  if (!Number.isInteger(job.samples) || job.samples < MIN_SAMPLES || job.samples > MAX_SAMPLES) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `samples must be a whole number from ${MIN_SAMPLES} to ${MAX_SAMPLES} (got ${job.samples})`,
    );
  }
  const { region, regionHole, chains, sigma, yDim } = await predictCompletion(image, hole, job);
  const rowSamples = image.width * image.channels;
  const rows =
    (chain: number): RowBand =>
    (first, count) => {
      const data = image.data.slice(first * rowSamples, (first + count) * rowSamples);
      const band = { channels: image.channels, bitDepth: image.bitDepth, data };
      forHolePixels(region, regionHole, image.width, first, count, (i, at) =>
        writeModelColours(chains[chain]!, i, yDim, band, at, 1),
      );
      return data;
    };
  let max = 0;
  for (let i = 0; i < sigma.length; i++) if (regionHole[i]) max = Math.max(max, sigma[i]!);
  max = Math.max(max, 1e-6);
  const bottom = heatColour(0);
  const uncertaintyRows: RowBand = (first, count) => {
    const data = new Uint8Array(count * image.width * 3);
    for (let p = 0; p < count * image.width; p++) data.set(bottom, p * 3);
    forHolePixels(region, regionHole, image.width, first, count, (i, at) =>
      data.set(heatColour(sigma[i]! / max), at * 3),
    );
    return data;
  };
  return { rows, uncertaintyRows, uncertaintyMax: max, sigma: { region, values: sigma } };
}

/**
 * Calls `visit` for each hole pixel of the region in image rows [first, first + count): its index in
 * the region and its pixel in the band.
 */
function forHolePixels(
  region: Region,
  regionHole: Uint8Array,
  imageWidth: number,
  first: number,
  count: number,
  visit: (i: number, at: number) => void,
): void {
  const end = Math.min(first + count, region.y + region.height);
  for (let y = Math.max(first, region.y); y < end; y++) {
    for (let x = 0; x < region.width; x++) {
      const i = (y - region.y) * region.width + x;
      if (regionHole[i]) visit(i, (y - first) * imageWidth + region.x + x);
    }
  }
}

/** A completion as the model made it: the region, the mean and the draws, and σ. */
export interface CompletionPrediction {
  region: Region;
  regionHole: Uint8Array;
  yDim: number;
  /** The mean (first), then each draw: the region's colours with the hole filled. */
  chains: Float32Array[];
  /** The model's predictive std, calibrated by the manifest's one factor (RMS over channels). */
  sigma: Float32Array;
}

export async function predictCompletion(
  image: RasterImage,
  hole: Uint8Array,
  job: Pick<InpaintOptions, 'model' | 'pool' | 'signal' | 'onProgress' | 'samples' | 'seed'>,
): Promise<CompletionPrediction> {
  const summary = await job.pool.describe(job.model);
  if (summary.family === 'superres') throw new ApiError('INVALID_ARGUMENT', ONLY_UPSCALES);
  const yDim = summary.yDim;
  const region =
    summary.family === 'grid'
      ? gridRegion(hole, image.width, image.height)
      : completionRegion(hole, image.width, image.height, summary.window);
  const regionHole = cropHole(hole, image.width, region);
  const base = {
    width: region.width,
    height: region.height,
    factor: 1,
    colours: toModelColours(image, yDim, region),
    hole: regionHole,
  };
  const onProgress = (done: number, total: number, unitSeconds?: number): void =>
    job.onProgress({
      done,
      total,
      message: 'completing the masked region',
      ...(unitSeconds ? { unitSeconds } : {}),
    });
  const run = { pool: job.pool, model: job.model, signal: job.signal, samples: job.samples, seed: job.seed };
  const completion =
    summary.family === 'grid'
      ? await completeOnGrid(base, yDim, { ...run, onProgress })
      : await completeRegion(base, yDim, { ...run, shape: summary, onTiles: onProgress });
  throwIfCancelled(job.signal);
  return {
    region,
    regionHole,
    yDim,
    chains: [completion.mean, ...completion.samples],
    sigma: completion.std,
  };
}

/** The hole's pixels inside a region of the image. */
export function cropHole(hole: Uint8Array, imageWidth: number, region: Region): Uint8Array {
  const out = new Uint8Array(region.width * region.height);
  for (let y = 0; y < region.height; y++) {
    const start = (region.y + y) * imageWidth + region.x;
    out.set(hole.subarray(start, start + region.width), y * region.width);
  }
  return out;
}

/**
 * The part of the image a point-set model's completion works on: the hole's bounding box grown by one
 * model window (the context the windows can see).
 */
export function completionRegion(hole: Uint8Array, width: number, height: number, window: number): Region {
  const margin = window;
  const { x0, y0, x1, y1 } = maskBounds(hole, width, height);
  const x = Math.max(0, x0 - margin);
  const y = Math.max(0, y0 - margin);
  return { x, y, width: Math.min(width, x1 + margin) - x, height: Math.min(height, y1 + margin) - y };
}
