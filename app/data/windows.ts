/**
 * Training windows: square crops of a photo cut at a random position and a random scale, resized to
 * `size`×`size` with an area filter and flipped left–right half of the time. Colours are in [0, 1].
 */
import type { CachedPhoto, RgbImage } from './photo-folder.js';
import { resampleRgb } from './resample.js';
import type { Rng } from './rng.js';

export interface Window {
  size: number;
  /** size × size × 3, row-major, in [0, 1]. */
  pixels: Float32Array;
}

export interface WindowOptions {
  size: number;
  /** Chance of cutting from a full-resolution patch instead of the downscaled photo. */
  fullScaleShare: number;
  /** Largest zoom-out: a window may cover up to `size × maxZoom` cached pixels. */
  maxZoom: number;
}

export const DEFAULT_WINDOW_OPTIONS: WindowOptions = { size: 32, fullScaleShare: 0.25, maxZoom: 6 };

function cutWindow(image: RgbImage, rng: Rng, size: number, maxZoom: number): Float32Array {
  const largest = Math.min(image.width, image.height, size * maxZoom);
  const side =
    largest <= size ? largest : Math.round(size * Math.exp(rng.uniform(0, Math.log(largest / size))));
  const x = rng.int(0, image.width - side);
  const y = rng.int(0, image.height - side);
  return resampleRgb(image.data, image.width, { x, y, w: side, h: side }, size, size, 1 / 255);
}

export function flipHorizontal(pixels: Float32Array, size: number): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const from = (row * size + col) * 3;
      const to = (row * size + (size - 1 - col)) * 3;
      out[to] = pixels[from]!;
      out[to + 1] = pixels[from + 1]!;
      out[to + 2] = pixels[from + 2]!;
    }
  }
  return out;
}

export function sampleWindow(photos: readonly CachedPhoto[], rng: Rng, options: WindowOptions): Window {
  const photo = rng.pick(photos);
  const usePatch = photo.patches.length > 0 && rng.bool(options.fullScaleShare);
  const image = usePatch ? rng.pick(photo.patches) : photo.preview;
  const pixels = cutWindow(image, rng, options.size, options.maxZoom);
  return { size: options.size, pixels: rng.bool() ? flipHorizontal(pixels, options.size) : pixels };
}
