/** Encoding to the export formats with sharp, keeping depth, alpha, ICC profile and density. */
import { extname } from 'node:path';
import type { Sharp } from 'sharp';
import { ApiError } from '../api/errors.js';

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'tiff' | 'avif';

const EXTENSIONS: Record<string, ImageFormat> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.webp': 'webp',
  '.tif': 'tiff',
  '.tiff': 'tiff',
  '.avif': 'avif',
};

export function formatFromPath(path: string): ImageFormat {
  const format = EXTENSIONS[extname(path).toLowerCase()];
  if (!format) {
    throw new ApiError(
      'INVALID_ARGUMENT',
      `${path}: unknown output type (use .png, .jpg, .webp, .tif or .avif)`,
    );
  }
  return format;
}

export interface EncodeOptions {
  format: ImageFormat;
  /** 1–100; PNG uses it for nothing but stays lossless. */
  quality: number;
  /** Keep 16 bits per sample where the format allows (PNG, TIFF). */
  sixteenBit: boolean;
  grey: boolean;
  density?: number;
}

/** Adds the colour space, metadata and format steps to a pipeline whose input carries the ICC profile. */
export function encodePipeline(pipeline: Sharp, options: EncodeOptions): Sharp {
  const deep = options.sixteenBit && (options.format === 'png' || options.format === 'tiff');
  const space = options.grey ? (deep ? 'grey16' : 'b-w') : deep ? 'rgb16' : 'srgb';
  let out = pipeline.toColourspace(space).keepIccProfile();
  if (options.density) out = out.withMetadata({ density: options.density });
  const quality = Math.min(100, Math.max(1, Math.round(options.quality)));
  switch (options.format) {
    case 'png':
      return out.png({ compressionLevel: 6 });
    case 'jpeg':
      return out.jpeg({ quality, mozjpeg: false });
    case 'webp':
      return out.webp({ quality, lossless: quality === 100 });
    case 'tiff':
      return out.tiff({ quality, compression: deep ? 'deflate' : 'lzw' });
    case 'avif':
      return out.avif({ quality, lossless: quality === 100 });
  }
}
