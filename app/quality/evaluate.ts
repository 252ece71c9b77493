/**
 * Image quality of a model on a set of photos, against classical baselines:
 * - super-resolution: each photo (centre-cropped to `size`²) is shrunk ×2/×4/×8 with an antialiased
 *   bicubic filter and brought back with bicubic and lanczos3 (exact kernels) and the model; PSNR
 *   against the original;
 * - completion: free-form strokes and 64×64 boxes are erased and filled by the model (predictive
 *   mean) and by OpenCV's Telea; PSNR over the erased pixels only.
 */
import { basename } from 'node:path';
import sharp from 'sharp';
import type { InferencePool, ModelSummary } from '../compute/index.js';
import { createHash } from 'node:crypto';
import type { RasterImage } from '../imaging/raster.js';
import { inpaintImage } from '../tasks/inpaint.js';
import { upscaleColours } from '../tasks/upscale-core.js';
import type { ModelRef, TaskProgress } from '../util/task.js';
import { boxMask, strokeMask } from './masks.js';
import { meanDb, psnr } from './psnr.js';
import { upsample } from './resample.js';
import { teleaInpaint } from './telea.js';

export interface ImageQualityOptions {
  model: ModelRef;
  files: string[];
  pool: InferencePool;
  /** Super-resolution factors (default 2, 4, 8). */
  scales?: number[];
  /** Side of the square crop each photo is evaluated at (default 512). */
  size?: number;
  /** Side of the box holes (default 64). */
  box?: number;
  signal?: AbortSignal;
  onProgress?: (progress: TaskProgress) => void;
}

export interface SuperResolutionScores {
  bicubic: number;
  lanczos3: number;
  model: number;
}

export interface CompletionScores {
  model: number;
  telea: number;
}

/** Mean PSNR in dB over the photos. */
export interface ImageQualityMetrics {
  images: number;
  size: number;
  superResolution: Record<string, SuperResolutionScores>;
  inpainting: { strokes: CompletionScores; boxes: CompletionScores; boxSide: number };
  seconds: number;
}

async function loadCrop(file: string, size: number): Promise<Uint8Array> {
  const { data } = await sharp(file, { failOn: 'error' })
    .autoOrient()
    .removeAlpha()
    .toColourspace('srgb')
    .resize(size, size, { fit: 'cover', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

/** The low-resolution input: an antialiased bicubic downscale (libvips reduce widens the kernel). */
async function downscale(rgb: Uint8Array, from: number, to: number): Promise<Uint8Array> {
  const data = await sharp(rgb, { raw: { width: from, height: from, channels: 3 } })
    .resize(to, to, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
  return new Uint8Array(data);
}

function quantise(colours: Float32Array): Uint8Array {
  return Uint8Array.from(colours, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}

async function modelUpscale(
  o: ImageQualityOptions,
  shape: ModelSummary,
  low: Uint8Array,
  side: number,
  size: number,
): Promise<Uint8Array> {
  const out = new Float32Array(size * size * 3);
  await upscaleColours(
    { width: side, height: side, colours: Float32Array.from(low, (v) => v / 255), yDim: 3 },
    size,
    size,
    {
      pool: o.pool,
      model: o.model,
      shape,
      signal: o.signal ?? new AbortController().signal,
      onTiles: () => undefined,
      sink: async (first, _count, band) => out.set(band, first * size * 3),
    },
  );
  return quantise(out);
}

async function modelComplete(
  o: ImageQualityOptions,
  rgb: Uint8Array,
  size: number,
  hole: Uint8Array,
): Promise<Uint8Array> {
  const image: RasterImage = {
    width: size,
    height: size,
    channels: 3,
    bitDepth: 8,
    data: rgb,
    meta: { format: 'raw', orientation: 1 },
  };
  const result = await inpaintImage(image, hole, {
    samples: 1,
    seed: 0,
    model: o.model,
    pool: o.pool,
    signal: o.signal ?? new AbortController().signal,
    onProgress: () => undefined,
  });
  return result.mean.data as Uint8Array;
}

function nameSeed(file: string): number {
  return createHash('sha256').update(basename(file)).digest().readUInt32BE(0);
}

export async function evaluateImageQuality(o: ImageQualityOptions): Promise<ImageQualityMetrics> {
  const started = performance.now();
  const size = o.size ?? 512;
  const scales = o.scales ?? [2, 4, 8];
  const side = o.box ?? 64;
  const shape = await o.pool.describe(o.model);
  const sr = new Map(
    scales.map((s) => [s, { bicubic: [] as number[], lanczos3: [] as number[], model: [] as number[] }]),
  );
  const strokes = { model: [] as number[], telea: [] as number[] };
  const boxes = { model: [] as number[], telea: [] as number[] };
  for (const [index, file] of o.files.entries()) {
    o.onProgress?.({ done: index, total: o.files.length, message: `evaluating ${basename(file)}` });
    const hr = await loadCrop(file, size);
    for (const scale of scales) {
      const lowSide = Math.round(size / scale);
      const low = await downscale(hr, size, lowSide);
      const scores = sr.get(scale)!;
      scores.bicubic.push(psnr(hr, upsample(low, lowSide, lowSide, 3, size, size, 'bicubic'), 3));
      scores.lanczos3.push(psnr(hr, upsample(low, lowSide, lowSide, 3, size, size, 'lanczos3'), 3));
      scores.model.push(psnr(hr, await modelUpscale(o, shape, low, lowSide, size), 3));
    }
    const seed = nameSeed(file);
    for (const [hole, into] of [
      [strokeMask(size, size, seed), strokes],
      [boxMask(size, size, side, seed), boxes],
    ] as const) {
      const erased = Uint8Array.from(hr, (v, i) => (hole[Math.floor(i / 3)] ? 0 : v));
      into.model.push(psnr(hr, await modelComplete(o, erased, size, hole), 3, hole));
      into.telea.push(psnr(hr, await teleaInpaint(erased, size, size, hole), 3, hole));
    }
  }
  o.onProgress?.({ done: o.files.length, total: o.files.length, message: 'evaluated' });
  const superResolution: Record<string, SuperResolutionScores> = {};
  for (const [scale, s] of sr) {
    superResolution[`x${scale}`] = {
      bicubic: meanDb(s.bicubic),
      lanczos3: meanDb(s.lanczos3),
      model: meanDb(s.model),
    };
  }
  const summarise = (s: { model: number[]; telea: number[] }): CompletionScores => ({
    model: meanDb(s.model),
    telea: meanDb(s.telea),
  });
  return {
    images: o.files.length,
    size,
    superResolution,
    inpainting: { strokes: summarise(strokes), boxes: summarise(boxes), boxSide: side },
    seconds: (performance.now() - started) / 1000,
  };
}
