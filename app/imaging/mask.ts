/**
 * The region to erase, as one byte per pixel (1 = erase) at the image's upright size: from a PNG
 * (any non-zero, non-transparent pixel erases) or from shapes drawn in image pixel coordinates —
 * rectangles, round-capped strokes of a radius, and polygons (even–odd fill), in order; an eraser
 * stroke (`erase`) clears what the shapes before it set. A pixel belongs to a shape when its centre does.
 */
import sharp from 'sharp';
import type { MaskShapeT, MaskT } from '../api/contract.js';
import { ApiError } from '../api/errors.js';

export async function rasteriseMask(mask: MaskT, width: number, height: number): Promise<Uint8Array> {
  const bits =
    mask.kind === 'png'
      ? await decodeMaskPng(Buffer.from(mask.dataBase64, 'base64'), width, height)
      : drawShapes(mask.shapes, width, height);
  checkCoverage(bits);
  return bits;
}

export async function decodeMaskPng(bytes: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  let raw: { data: Buffer; info: { width: number; height: number; channels: number } };
  try {
    raw = await sharp(bytes, { failOn: 'error' }).autoOrient().raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ApiError('CORRUPT_IMAGE', `the mask is not a readable image (${why})`);
  }
  const { data, info } = raw;
  if (info.width !== width || info.height !== height) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `the mask is ${info.width}×${info.height} but the image is ${width}×${height}; they must match`,
    );
  }
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

export function drawShapes(shapes: readonly MaskShapeT[], width: number, height: number): Uint8Array {
  const bits = new Uint8Array(width * height);
  for (const shape of shapes) {
    if (shape.kind === 'rect') fillRect(bits, width, height, shape.x, shape.y, shape.width, shape.height);
    else if (shape.kind === 'stroke')
      drawStroke(bits, width, height, shape.points, shape.radius, shape.erase ? 0 : 1);
    else fillPolygon(bits, width, height, shape.points);
  }
  return bits;
}

type Point = readonly [number, number];

/** Pixel index range whose centres lie in [a, b). */
function centres(a: number, b: number, size: number): [number, number] {
  return [Math.max(0, Math.ceil(a - 0.5)), Math.min(size, Math.ceil(b - 0.5))];
}

function fillRect(
  bits: Uint8Array,
  width: number,
  height: number,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  const [x0, x1] = centres(x, x + w, width);
  const [y0, y1] = centres(y, y + h, height);
  for (let row = y0; row < y1; row++) bits.fill(1, row * width + x0, row * width + Math.max(x0, x1));
}

function drawStroke(
  bits: Uint8Array,
  width: number,
  height: number,
  points: readonly Point[],
  radius: number,
  value: 0 | 1,
): void {
  const segments =
    points.length === 1
      ? [[points[0]!, points[0]!] as const]
      : points.slice(1).map((p, i) => [points[i]!, p] as const);
  const r2 = radius * radius;
  for (const [a, b] of segments) {
    const [x0, x1] = centres(Math.min(a[0], b[0]) - radius, Math.max(a[0], b[0]) + radius, width);
    const [y0, y1] = centres(Math.min(a[1], b[1]) - radius, Math.max(a[1], b[1]) + radius, height);
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const length2 = dx * dx + dy * dy;
    for (let row = y0; row < y1; row++) {
      for (let col = x0; col < x1; col++) {
        const px = col + 0.5 - a[0];
        const py = row + 0.5 - a[1];
        const t = length2 > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / length2)) : 0;
        if ((px - t * dx) ** 2 + (py - t * dy) ** 2 <= r2) bits[row * width + col] = value;
      }
    }
  }
}

function fillPolygon(bits: Uint8Array, width: number, height: number, points: readonly Point[]): void {
  const ys = points.map((p) => p[1]);
  const [y0, y1] = centres(Math.min(...ys), Math.max(...ys), height);
  for (let row = y0; row < y1; row++) {
    const cy = row + 0.5;
    const crossings: number[] = [];
    for (let i = 0; i < points.length; i++) {
      const [ax, ay] = points[i]!;
      const [bx, by] = points[(i + 1) % points.length]!;
      if ((ay <= cy && by > cy) || (by <= cy && ay > cy))
        crossings.push(ax + ((cy - ay) / (by - ay)) * (bx - ax));
    }
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const [x0, x1] = centres(crossings[k]!, crossings[k + 1]!, width);
      if (x1 > x0) bits.fill(1, row * width + x0, row * width + x1);
    }
  }
}
