/**
 * 32×32 RGB crops of the photo corpus, the stand-in for the paper's CelebA 32×32 (no face set is
 * reachable here). Each photo is downscaled so its short side is 64 px (a crop then shows a quarter
 * to a half of the scene, not a flat patch of a multi-megapixel file), and crops are cut at seeded
 * random positions, mirrored half the time. Training crops come from the training photos, test crops
 * from the bench's frozen held-out photos only.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { mulberry32 } from '../../models/nn/params.js';
import { HELD_OUT_PHOTOS } from '../shared/photo-corpus.js';
import type { ImageGrid } from './pixel-tasks.js';

export const CROP_GRID: ImageGrid = { side: 32, channels: 3 };
const SHORT_SIDE = 64;

interface Raster {
  width: number;
  height: number;
  /** RGB in [0, 1], interleaved. */
  data: Float32Array;
}

async function loadRaster(path: string): Promise<Raster> {
  const { data, info } = await sharp(path)
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .resize(SHORT_SIDE, SHORT_SIDE, { fit: 'outside', kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: Float32Array.from(data, (v) => v / 255) };
}

/** The side×side crop of `r` at (left, top), mirrored left–right if asked. */
export function cutCrop(r: Raster, left: number, top: number, side: number, mirror: boolean): Float32Array {
  const out = new Float32Array(side * side * 3);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const sx = left + (mirror ? side - 1 - x : x);
      const from = ((top + y) * r.width + sx) * 3;
      out.set(r.data.subarray(from, from + 3), (y * side + x) * 3);
    }
  }
  return out;
}

function randomCrops(r: Raster, count: number, rand: () => number): Float32Array[] {
  const side = CROP_GRID.side;
  return Array.from({ length: count }, () =>
    cutCrop(
      r,
      Math.floor(rand() * (r.width - side + 1)),
      Math.floor(rand() * (r.height - side + 1)),
      side,
      rand() < 0.5,
    ),
  );
}

export interface PhotoCrops {
  train: Float32Array[];
  test: Float32Array[];
  trainPhotos: number;
  testPhotos: number;
}

/** `perTrainPhoto` crops of every training photo and `perTestPhoto` of every held-out one. */
export async function loadPhotoCrops(
  folder: string,
  perTrainPhoto: number,
  perTestPhoto: number,
): Promise<PhotoCrops> {
  const files = (await readdir(folder)).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
  const rand = mulberry32(97);
  const train: Float32Array[] = [];
  const test: Float32Array[] = [];
  for (const file of files) {
    const raster = await loadRaster(join(folder, file));
    const heldOut = HELD_OUT_PHOTOS.includes(file);
    (heldOut ? test : train).push(...randomCrops(raster, heldOut ? perTestPhoto : perTrainPhoto, rand));
  }
  const testPhotos = files.filter((f) => HELD_OUT_PHOTOS.includes(f)).length;
  return { train, test, trainPhotos: files.length - testPhotos, testPhotos };
}

/**
 * Indices of the `count` test crops with the largest pixel variance, from different photos (crops
 * `perPhoto` at a time per photo): the figures show structure, not a flat patch of sky.
 */
export function mostVariedCrops(test: Float32Array[], perPhoto: number, count: number): number[] {
  const variance = (c: Float32Array) => {
    const mean = c.reduce((s, v) => s + v, 0) / c.length;
    return c.reduce((s, v) => s + (v - mean) ** 2, 0) / c.length;
  };
  const best = new Map<number, { index: number; variance: number }>();
  test.forEach((crop, index) => {
    const photo = Math.floor(index / perPhoto);
    const v = variance(crop);
    if (v > (best.get(photo)?.variance ?? -1)) best.set(photo, { index, variance: v });
  });
  return [...best.values()]
    .sort((a, b) => b.variance - a.variance)
    .slice(0, count)
    .map((b) => b.index);
}
