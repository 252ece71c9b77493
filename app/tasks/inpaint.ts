/** `runInpaint`: a photo and a mask → k sample completions, the mean completion and an uncertainty map. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MaskT } from '../api/contract.js';
import type { InferencePool } from '../compute/index.js';
import { heatColour } from '../imaging/colormap.js';
import { toModelColours, writeModelColours, type Region } from '../imaging/colour.js';
import { decodeImage } from '../imaging/decode.js';
import { rasteriseMask } from '../imaging/mask.js';
import type { RasterImage } from '../imaging/raster.js';
import { writeRasterPng } from '../imaging/write-png.js';
import { throwIfCancelled, type ModelRef, type TaskProgress } from '../util/task.js';
import { ApiError } from '../api/errors.js';
import { completeRegion } from './inpaint-core.js';

export const MAX_SAMPLES = 8;

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
}

export interface InpaintFiles {
  samples: string[];
  mean: string;
  uncertainty: string;
  uncertaintyMax: number;
}

export interface InpaintImages {
  samples: RasterImage[];
  mean: RasterImage;
  uncertainty: RasterImage;
  uncertaintyMax: number;
}

export async function runInpaint(o: InpaintOptions): Promise<InpaintFiles> {
  throwIfCancelled(o.signal);
  const image = await decodeImage(o.input, o.input);
  const hole = await rasteriseMask(o.mask, image.width, image.height);
  const result = await inpaintImage(image, hole, o);
  throwIfCancelled(o.signal);
  const files = {
    samples: result.samples.map((_, i) => join(o.outDir, `sample-${i + 1}.png`)),
    mean: join(o.outDir, 'mean.png'),
    uncertainty: join(o.outDir, 'uncertainty.png'),
  };
  const outputs: [RasterImage, string][] = [
    ...result.samples.map((s, i) => [s, files.samples[i]!] as [RasterImage, string]),
    [result.mean, files.mean],
    [result.uncertainty, files.uncertainty],
  ];
  const written: string[] = [];
  try {
    for (const [raster, path] of outputs) {
      await writeRasterPng(raster, path, o.overwrite ?? false);
      written.push(path);
    }
  } catch (err) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw err;
  }
  return { ...files, uncertaintyMax: result.uncertaintyMax };
}

/** The completion in memory: only pixels under the mask differ from the input. */
export async function inpaintImage(
  image: RasterImage,
  hole: Uint8Array,
  o: Pick<InpaintOptions, 'samples' | 'seed' | 'model' | 'pool' | 'signal' | 'onProgress'>,
): Promise<InpaintImages> {
  if (!Number.isInteger(o.samples) || o.samples < 1 || o.samples > MAX_SAMPLES) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `samples must be a whole number from 1 to ${MAX_SAMPLES} (got ${o.samples})`,
    );
  }
  const summary = await o.pool.describe(o.model);
  const region = holeRegion(hole, image.width, image.height, summary.window);
  const yDim = summary.yDim;
  const regionHole = new Uint8Array(region.width * region.height);
  for (let y = 0; y < region.height; y++) {
    regionHole.set(
      hole.subarray(
        (region.y + y) * image.width + region.x,
        (region.y + y) * image.width + region.x + region.width,
      ),
      y * region.width,
    );
  }
  const completion = await completeRegion(
    {
      width: region.width,
      height: region.height,
      factor: 1,
      colours: toModelColours(image, yDim, region),
      hole: regionHole,
    },
    yDim,
    {
      pool: o.pool,
      model: o.model,
      shape: summary,
      samples: o.samples,
      seed: o.seed,
      signal: o.signal,
      onTiles: (done, total) => o.onProgress({ done, total, message: 'completing the masked region' }),
    },
  );
  const fill = (colours: Float32Array): RasterImage => {
    const out: RasterImage = { ...image, data: image.data.slice() };
    for (let i = 0; i < regionHole.length; i++) {
      if (!regionHole[i]) continue;
      const pixel = (region.y + Math.floor(i / region.width)) * image.width + region.x + (i % region.width);
      writeModelColours(colours, i, yDim, out, pixel, 1);
    }
    return out;
  };
  const [mean, ...samples] = completion.chains.map(fill);
  const { heatmap, max } = uncertaintyMap(completion.std, regionHole, region, image);
  return { samples, mean: mean!, uncertainty: heatmap, uncertaintyMax: max };
}

/** The hole's bounding box grown by one window on every side (the context the windows can see). */
function holeRegion(hole: Uint8Array, width: number, height: number, window: number): Region {
  let x0 = width;
  let y0 = height;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!hole[y * width + x]) continue;
      if (x < x0) x0 = x;
      if (x >= x1) x1 = x + 1;
      if (y < y0) y0 = y;
      if (y >= y1) y1 = y + 1;
    }
  }
  const x = Math.max(0, x0 - window);
  const y = Math.max(0, y0 - window);
  return { x, y, width: Math.min(width, x1 + window) - x, height: Math.min(height, y1 + window) - y };
}

/**
 * An 8-bit RGB heat map of the per-pixel std; the top of the scale is the largest std in the hole
 * (returned, so the UI can label it). Pixels outside the hole have no uncertainty: the scale's bottom.
 */
function uncertaintyMap(
  std: Float32Array,
  hole: Uint8Array,
  region: Region,
  image: RasterImage,
): { heatmap: RasterImage; max: number } {
  let max = 0;
  for (let i = 0; i < std.length; i++) if (hole[i]) max = Math.max(max, std[i]!);
  max = Math.max(max, 1e-6);
  const data = new Uint8Array(image.width * image.height * 3);
  const bottom = heatColour(0);
  for (let i = 0; i < image.width * image.height; i++) data.set(bottom, i * 3);
  for (let i = 0; i < std.length; i++) {
    if (!hole[i]) continue;
    const pixel = (region.y + Math.floor(i / region.width)) * image.width + region.x + (i % region.width);
    data.set(heatColour(std[i]! / max), pixel * 3);
  }
  return {
    heatmap: {
      width: image.width,
      height: image.height,
      channels: 3,
      bitDepth: 8,
      data,
      meta: { format: 'png', orientation: 1 },
    },
    max,
  };
}
