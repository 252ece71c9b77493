/**
 * Region tasks on files: a region of an upscale written as a PNG at full resolution (the 100 %
 * preview before committing), and the timing of an upscale's plan (its estimate before running).
 */
import type { InferencePool } from '../compute/index.js';
import { colourChannels, writeModelColours, type Region } from '../imaging/colour.js';
import type { Channels, RasterImage } from '../imaging/raster.js';
import { writeRasterPng } from '../imaging/write-png.js';
import type { ModelRef } from '../util/task.js';
import type { UpscaleSize } from '../api/output-size.js';
import { loadUpscale } from './upscale.js';
import { measureTileSecondsByModel, upscaleRegionByModel } from './upscale-model.js';

export interface UpscaleSampleOptions {
  input: string;
  size: UpscaleSize;
  model: ModelRef;
  pool: InferencePool;
  signal: AbortSignal;
}

export interface UpscalePreview {
  path: string;
  /** Tiles evaluated and the seconds they took (model loading excluded). */
  tiles: number;
  seconds: number;
}

/** The output pixels in `region` as the whole upscale would write them, as a PNG without alpha. */
export async function previewUpscale(
  request: UpscaleSampleOptions & { region: Region; outPath: string },
): Promise<UpscalePreview> {
  const { image, src, summary, out } = await loadUpscale(request);
  const { width, height } = request.region;
  const run = { ...request, shape: summary };
  const { colours, tiles, seconds } = await upscaleRegionByModel(
    src,
    out.width,
    out.height,
    request.region,
    run,
  );
  const channels = colourChannels(image) as Channels;
  const samples = width * height * channels;
  const preview: RasterImage = {
    width,
    height,
    channels,
    bitDepth: image.bitDepth,
    data: image.bitDepth === 16 ? new Uint16Array(samples) : new Uint8Array(samples),
    meta: image.meta,
  };
  writeModelColours(colours, 0, summary.yDim, preview, 0, width * height);
  await writeRasterPng(preview, request.outPath, false);
  return { path: request.outPath, tiles, seconds };
}

/** Seconds per tile of the upscale's plan with every thread working, timed on a sample of it. */
export async function timeUpscale(sample: UpscaleSampleOptions): Promise<number> {
  const { src, summary, out } = await loadUpscale(sample);
  return measureTileSecondsByModel(src, out.width, out.height, { ...sample, shape: summary });
}
