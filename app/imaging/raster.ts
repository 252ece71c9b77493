/**
 * An image in memory as the core passes it around: interleaved samples straight from sharp
 * (8-bit in a Uint8Array, 16-bit in a Uint16Array), with orientation already applied.
 */
export type Channels = 1 | 2 | 3 | 4;
export type BitDepth = 8 | 16;

export interface ImageMeta {
  /** The file's format as sharp names it (jpeg, png, webp, tiff, gif, avif, heif, …). */
  format: string;
  /** EXIF orientation of the source (1–8); the pixels are already upright. */
  orientation: number;
  /** ICC profile bytes, kept so exports carry the same colours. */
  icc?: Uint8Array;
  /** Pixels per inch, when the file states one. */
  density?: number;
}

export interface RasterImage {
  width: number;
  height: number;
  channels: Channels;
  bitDepth: BitDepth;
  data: Uint8Array | Uint16Array;
  meta: ImageMeta;
}

export function hasAlpha(image: Pick<RasterImage, 'channels'>): boolean {
  return image.channels === 2 || image.channels === 4;
}

export function maxValue(bitDepth: BitDepth): number {
  return bitDepth === 16 ? 65535 : 255;
}
