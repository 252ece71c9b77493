/** `runUpscale`: a photo file → an upscaled file of the requested size, written safely. */
import { rm } from 'node:fs/promises';
import sharp from 'sharp';
import type { InferencePool, ModelSummary } from '../compute/index.js';
import { colourGrid, writeModelColours } from '../imaging/colour.js';
import { decodeImage } from '../imaging/decode.js';
import { encodePipeline, formatFromPath } from '../imaging/encode.js';
import { checkOutputPath, writeOutputFile } from '../imaging/output-file.js';
import { PngStreamWriter } from '../imaging/png-stream.js';
import { hasAlpha, type RasterImage } from '../imaging/raster.js';
import { tempPathFor } from '../util/atomic-write.js';
import { throwIfCancelled, type ModelRef, type TaskProgress } from '../util/task.js';
import { resolveOutputSize, type UpscaleSize } from '../api/output-size.js';
import type { UpscaleSource } from './upscale-core.js';
import { upscaleByModel } from './upscale-model.js';

export interface UpscaleOptions {
  input: string;
  size: UpscaleSize;
  model: ModelRef;
  outPath: string;
  pool: InferencePool;
  signal: AbortSignal;
  onProgress: (p: TaskProgress) => void;
  /** Replace an existing file at outPath (default false: FILE_EXISTS). */
  overwrite?: boolean;
}

export interface LoadedUpscale {
  image: RasterImage;
  /** The image as the model's colours. */
  src: UpscaleSource;
  summary: ModelSummary;
  /** The output size asked for. */
  out: { width: number; height: number };
}

/** Decodes the input and resolves what an upscale of it by the model to `size` works from. */
export async function loadUpscale(
  job: Pick<UpscaleOptions, 'input' | 'size' | 'model' | 'pool'>,
): Promise<LoadedUpscale> {
  const image = await decodeImage(job.input, job.input);
  const out = resolveOutputSize(image.width, image.height, job.size);
  const summary = await job.pool.describe(job.model);
  const { yDim } = summary;
  const src = colourGrid(image, yDim);
  return { image, src, summary, out };
}

export async function runUpscale(
  job: UpscaleOptions,
): Promise<{ path: string; width: number; height: number }> {
  throwIfCancelled(job.signal);
  const format = formatFromPath(job.outPath);
  await checkOutputPath(job.outPath, job.overwrite ?? false);
  const { image, src, summary, out } = await loadUpscale(job);
  const { width, height } = out;
  const density = image.meta.density ? image.meta.density * (width / image.width) : undefined;
  const header = {
    width,
    height,
    channels: image.channels,
    bitDepth: image.bitDepth,
    icc: image.meta.icc,
    density,
  };

  const writePng = async (path: string): Promise<void> => {
    const writer = new PngStreamWriter(path, header);
    try {
      const alpha = hasAlpha(image) ? alphaBands(image, width, height) : undefined;
      await upscaleByModel(src, width, height, {
        pool: job.pool,
        model: job.model,
        shape: summary,
        signal: job.signal,
        onTiles: (done, total) => job.onProgress({ done, total, message: `upscaling to ${width}×${height}` }),
        sink: async (first, count, colours) => {
          const data =
            image.bitDepth === 16
              ? new Uint16Array(count * width * image.channels)
              : new Uint8Array(count * width * image.channels);
          const band = { channels: image.channels, bitDepth: image.bitDepth, data };
          writeModelColours(colours, 0, summary.yDim, band, 0, count * width);
          if (alpha) await alpha(first, count, data);
          await writer.writeRows(data, count);
        },
      });
      await writer.close();
    } catch (err) {
      await writer.abort();
      throw err;
    }
  };

  await writeOutputFile(job.outPath, job.overwrite ?? false, async (temp) => {
    if (format === 'png') return writePng(temp);
    const png = tempPathFor(job.outPath);
    try {
      await writePng(png);
      throwIfCancelled(job.signal);
      const pipeline = sharp(png, { limitInputPixels: false, sequentialRead: true });
      await encodePipeline(pipeline, {
        format,
        quality: 92,
        sixteenBit: image.bitDepth === 16,
        grey: image.channels <= 2,
        density,
      }).toFile(temp);
    } finally {
      await rm(png, { force: true });
    }
  });
  return { path: job.outPath, width, height };
}

/**
 * Alpha is not a colour the model knows: it is resized with a sharp lanczos3 filter, band by band
 * (libvips computes only the rows each extract asks for), into the band's alpha samples.
 */
function alphaBands(image: RasterImage, width: number, height: number) {
  const plane =
    image.bitDepth === 16
      ? new Uint16Array(image.width * image.height)
      : new Uint8Array(image.width * image.height);
  for (let i = 0; i < plane.length; i++) plane[i] = image.data[i * image.channels + image.channels - 1]!;
  const depth = image.bitDepth === 16 ? 'ushort' : 'uchar';
  return async (first: number, count: number, data: Uint8Array | Uint16Array): Promise<void> => {
    const { data: raw } = await sharp(plane, {
      raw: { width: image.width, height: image.height, channels: 1 },
    })
      .resize(width, height, { kernel: 'lanczos3', fit: 'fill' })
      .extract({ left: 0, top: first, width, height: count })
      .toColourspace(image.bitDepth === 16 ? 'grey16' : 'b-w')
      .raw({ depth })
      .toBuffer({ resolveWithObject: true });
    const values =
      image.bitDepth === 16
        ? new Uint16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength))
        : raw;
    for (let i = 0; i < count * width; i++) data[i * image.channels + image.channels - 1] = values[i]!;
  };
}
