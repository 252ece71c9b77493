/**
 * The region to erase, as one byte per pixel (1 = erase) at the image's upright size: from a PNG
 * (any non-zero, non-transparent pixel erases) or from shapes drawn in image pixel coordinates —
 * rectangles, round-capped strokes of a radius, and polygons (even–odd fill), in order; an eraser
 * stroke (`erase`) clears what the shapes before it set. A pixel belongs to a shape when its centre does.
 */
import sharp from 'sharp';
import type { MaskShapeT, MaskT } from '../api/contract.js';
import { ApiError } from '../api/errors.js';
import { probeImage, readInput } from './decode.js';
import { drawShapes, drawShapesInSlices } from './mask-shapes.js';

export { drawShapes };

/** The bounding box x0 ≤ x < x1, y0 ≤ y < y1 of a mask's set pixels (empty: x1 ≤ x0, y1 ≤ y0). */
export interface MaskBounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function maskBounds(mask: Uint8Array, width: number, height: number): MaskBounds {
  const b = { x0: width, y0: height, x1: 0, y1: 0 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      b.x0 = Math.min(b.x0, x);
      b.x1 = Math.max(b.x1, x + 1);
      b.y0 = Math.min(b.y0, y);
      b.y1 = Math.max(b.y1, y + 1);
    }
  }
  return b;
}

/**
 * Shapes drawn a slice of rows at a time (the engine keeps answering calls, and `signal` stops it)
 * and handed on as a PNG mask, so the task itself never draws them on the request loop.
 */
export async function shapesToPngMask(
  shapes: readonly MaskShapeT[],
  width: number,
  height: number,
  signal: AbortSignal,
): Promise<Extract<MaskT, { kind: 'png' }>> {
  const bits = await drawShapesInSlices(shapes, width, height, signal);
  for (let i = 0; i < bits.length; i++) bits[i] = bits[i]! * 255;
  const png = await sharp(bits, { raw: { width, height, channels: 1 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return { kind: 'png', dataBase64: png.toString('base64') };
}

export async function rasteriseMask(mask: MaskT, width: number, height: number): Promise<Uint8Array> {
  const bits =
    mask.kind === 'png'
      ? await decodeMaskPng(Buffer.from(mask.dataBase64, 'base64'), width, height)
      : drawShapes(mask.shapes, width, height);
  checkCoverage(bits);
  return bits;
}

/**
 * Checks a PNG-kind mask from its header alone: an image format the app reads (SVG and the other
 * formats refused as images are refused as masks), within the pixel limit, and at the image's
 * upright size. Nothing is decoded, so a mask bomb (an SVG or PNG claiming 16383²) costs a header read.
 */
export async function checkMaskHeader(mask: MaskT, width: number, height: number): Promise<void> {
  if (mask.kind === 'png') await probeMask(Buffer.from(mask.dataBase64, 'base64'), width, height);
}

async function probeMask(bytes: Uint8Array, width: number, height: number): Promise<void> {
  const probe = await probeImage(bytes, 'the mask');
  if (probe.width !== width || probe.height !== height) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `the mask is ${probe.width}×${probe.height} but the image is ${width}×${height}; they must match`,
    );
  }
}

export async function decodeMaskPng(bytes: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  // The header first: only a mask of the image's own size is ever decoded.
  await probeMask(bytes, width, height);
  let raw: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    raw = await readInput(bytes, { failOn: 'error' })
      .autoOrient()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ApiError('CORRUPT_IMAGE', `the mask is not a readable image (${why})`);
  }
  const { data, info } = raw;
  const channels = info.channels;
  const alpha = channels === 2 || channels === 4;
  const colours = alpha ? channels - 1 : channels;
  const bits = new Uint8Array(width * height);
  for (let i = 0; i < bits.length; i++) {
    let on = false;
    for (let c = 0; c < colours; c++) on ||= data[i * channels + c]! > 0;
    bits[i] = on && (!alpha || data[i * channels + channels - 1]! > 0) ? 1 : 0;
  }
  return bits;
}

function checkCoverage(bits: Uint8Array): void {
  let count = 0;
  for (let i = 0; i < bits.length; i++) count += bits[i]!;
  if (count === 0)
    throw new ApiError('INVALID_ARGUMENT', 'the mask erases no pixels; mark the region to complete');
  if (count === bits.length) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      'the mask erases the whole image; leave some pixels to complete from',
    );
  }
}
