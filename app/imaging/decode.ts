import sharp from 'sharp';
import type { Metadata, Sharp, SharpOptions } from 'sharp';
import { MAX_INPUT_PIXELS } from '../api/limits.js';
import { ApiError } from '../api/errors.js';
import { assertInputFile } from './input-file.js';
import type { BitDepth, Channels, RasterImage } from './raster.js';

export { MAX_INPUT_PIXELS };

/** A decoder of an input image, bounded by the app's one pixel limit (never sharp's default). */
export function readInput(input: string | Uint8Array, options: SharpOptions = {}): Sharp {
  return sharp(input, { ...options, limitInputPixels: MAX_INPUT_PIXELS });
}

const SUPPORTED = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'avif', 'heif', 'jp2', 'jxl']);

export interface ProbeResult {
  format: string;
  width: number;
  height: number;
  channels: Channels;
  bitDepth: BitDepth;
  orientation: number;
  hasAlpha: boolean;
  /** Frames in the file (animated GIF / WebP, multi-page TIFF); only the first is used. */
  frames: number;
}

/** Reads only the header: format, upright size, channels and depth. Throws ApiError for bad files. */
export async function probeImage(input: string | Uint8Array, name = 'image'): Promise<ProbeResult> {
  const size = typeof input === 'string' ? await assertInputFile(input, name) : input.length;
  if (size === 0) throw new ApiError('CORRUPT_IMAGE', `${name}: the file is empty`);
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw classifySharpError(err, name, input);
  }
  const format = meta.format ?? 'unknown';
  if (!SUPPORTED.has(format)) {
    throw new ApiError('UNSUPPORTED_IMAGE', `${name}: ${format} images are not supported`);
  }
  if (!meta.width || !meta.height) throw new ApiError('CORRUPT_IMAGE', `${name}: the image has no size`);
  if (meta.width * meta.height > MAX_INPUT_PIXELS) {
    throw new ApiError(
      'IMAGE_TOO_LARGE',
      `${name}: ${meta.width}×${meta.height} is larger than the ${(MAX_INPUT_PIXELS / 1e6) | 0} MP the app handles`,
    );
  }
  const orientation = meta.orientation ?? 1;
  const swap = orientation >= 5;
  const hasAlpha = meta.hasAlpha ?? false;
  const grey = meta.channels !== undefined && meta.channels <= 2;
  return {
    format,
    width: swap ? meta.height : meta.width,
    height: swap ? meta.width : meta.height,
    channels: ((grey ? 1 : 3) + (hasAlpha ? 1 : 0)) as Channels,
    bitDepth: is16Bit(meta.depth) ? 16 : 8,
    orientation,
    hasAlpha,
    frames: meta.pages ?? 1,
  };
}

/**
 * Probes the header, then reads every pixel once (streamed, never held whole) so that a damaged or
 * truncated file is refused when it is opened rather than half-way through a job.
 */
export async function verifyImage(input: string | Uint8Array, name = 'image'): Promise<ProbeResult> {
  const probe = await probeImage(input, name);
  try {
    await readInput(input, { failOn: 'truncated' }).stats();
  } catch (err) {
    throw classifySharpError(err, name, input);
  }
  return probe;
}

/** Decodes a whole file to upright raw pixels, keeping 16-bit depth, alpha, ICC and DPI. */
export async function decodeImage(input: string | Uint8Array, name = 'image'): Promise<RasterImage> {
  const probe = await probeImage(input, name);
  const sharpMeta = await readInput(input).metadata();
  const colour = probe.channels <= 2 ? 'b-w' : 'srgb';
  const colourspace = probe.bitDepth === 16 ? (colour === 'b-w' ? 'grey16' : 'rgb16') : colour;
  let pipeline = readInput(input, { failOn: 'error' }).autoOrient().toColourspace(colourspace);
  if (!probe.hasAlpha) pipeline = pipeline.removeAlpha();
  let raw: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    raw = await pipeline
      .raw({ depth: probe.bitDepth === 16 ? 'ushort' : 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw classifySharpError(err, name, input);
  }
  const { data, info } = raw;
  const samples =
    probe.bitDepth === 16
      ? new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return {
    width: info.width,
    height: info.height,
    channels: info.channels as Channels,
    bitDepth: probe.bitDepth,
    data: samples,
    meta: {
      format: probe.format,
      orientation: probe.orientation,
      ...(sharpMeta.icc ? { icc: new Uint8Array(sharpMeta.icc) } : {}),
      ...(sharpMeta.density ? { density: sharpMeta.density } : {}),
    },
  };
}

function is16Bit(depth: string | undefined): boolean {
  return depth === 'ushort' || depth === 'short';
}

/** A decoder's error as one sentence naming the file by `name`: its path (a session folder's) is not shown. */
function classifySharpError(err: unknown, name: string, input: string | Uint8Array): ApiError {
  const raw = err instanceof Error ? err.message : String(err);
  const text = typeof input === 'string' ? raw.replaceAll(input, name) : raw;
  if (/unsupported image format/i.test(text)) {
    return new ApiError('UNSUPPORTED_IMAGE', `${name}: not an image format the app can read`);
  }
  if (/no such file|ENOENT|Input file is missing/i.test(text)) {
    return new ApiError('NOT_FOUND', `${name}: file not found`);
  }
  if (/pixel limit/i.test(text)) return new ApiError('IMAGE_TOO_LARGE', `${name}: the image is too large`);
  return new ApiError('CORRUPT_IMAGE', `${name}: the file is damaged or incomplete (${text.split('\n')[0]})`);
}
