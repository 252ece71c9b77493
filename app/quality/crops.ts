/** The evaluation's inputs: a photo's centre crop, and its low-resolution copy. */
import sharp from 'sharp';
import { readInput } from '../imaging/decode.js';
import type { RasterImage } from '../imaging/raster.js';

export async function loadCrop(file: string, size: number): Promise<Uint8Array> {
  const { data } = await readInput(file, { failOn: 'error' })
    .autoOrient()
    .removeAlpha()
    .toColourspace('srgb')
    .resize(size, size, { fit: 'cover', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

/**
 * Side of a photo's super-resolution crop: `size`, or the photo's shorter side where that is smaller,
 * in whole multiples of 8. A photo is never enlarged for super-resolution: an enlarged truth is
 * itself a Lanczos interpolation, which no upscaler can beat and lanczos3 all but reproduces (5 of
 * the corpus's 11 held-out photos are 96–384 px).
 */
export async function superResCropSide(file: string, size: number): Promise<number> {
  const { width, height } = await readInput(file, { failOn: 'error' }).metadata();
  const shorter = Math.min(width ?? size, height ?? size);
  return shorter >= size ? size : Math.max(8, Math.floor(shorter / 8) * 8);
}

/** The low-resolution input: an antialiased bicubic downscale (libvips reduce widens the kernel). */
export async function downscale(rgb: Uint8Array, from: number, to: number): Promise<Uint8Array> {
  const data = await sharp(rgb, { raw: { width: from, height: from, channels: 3 } })
    .resize(to, to, { kernel: 'cubic', fit: 'fill' })
    .raw()
    .toBuffer();
  return new Uint8Array(data);
}

/** A square RGB crop as an in-memory raster. */
export function cropRaster(rgb: Uint8Array, size: number): RasterImage {
  return {
    width: size,
    height: size,
    channels: 3,
    bitDepth: 8,
    data: rgb,
    meta: { format: 'raw', orientation: 1 },
  };
}
