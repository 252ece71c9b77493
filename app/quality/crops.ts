/** The evaluation's inputs: a photo's centre crop, and its low-resolution copy. */
import sharp from 'sharp';
import type { RasterImage } from '../imaging/raster.js';

export async function loadCrop(file: string, size: number): Promise<Uint8Array> {
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
