/**
 * A picture of sampled completions for the README and the model card: a row per case — the input
 * (hole in magenta), the mean, four samples and σ (the uncertainty heat map, its top = the largest
 * σ in the hole) — cropped around the hole: held-out photos with their 64² evaluation box, then
 * cases of the structure set (edges and lines under a 48² hole).
 */
import sharp from 'sharp';
import type { InferencePool } from '../../app/compute/index.js';
import { COMPLETION_SAMPLES } from '../../app/quality/completion-case.js';
import { cropRaster, loadCrop } from '../../app/quality/crops.js';
import { eraseHole, evaluationHoles } from '../../app/quality/masks.js';
import { structureCase } from '../../app/quality/structure-set.js';
import { inpaintImage } from '../../app/tasks/inpaint.js';
import type { ModelRef } from '../../app/util/task.js';

const TILE = 128;
const HOLE_TINT = [255, 0, 255];

export interface GalleryCase {
  /** RGB bytes of a square image and its hole. */
  truth: Uint8Array;
  size: number;
  hole: Uint8Array;
}

export interface GalleryOptions {
  photos: string[];
  /** The photos' crop side, and their box holes'. */
  size: number;
  box: number;
  /** Indices into the structure set. */
  structureCases: number[];
}

export async function galleryCases(o: GalleryOptions): Promise<GalleryCase[]> {
  const photos = await Promise.all(
    o.photos.map(async (file) => ({
      truth: await loadCrop(file, o.size),
      size: o.size,
      hole: evaluationHoles(file, o.size, o.box).boxes,
    })),
  );
  return [...photos, ...o.structureCases.map((i) => structureCase(i))];
}

/** The top-left corner of the TILE² crop centred on the hole's bounding box (within the image). */
function cropCorner(hole: Uint8Array, size: number): [number, number] {
  let [x0, y0, x1, y1] = [size, size, 0, 0];
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    const [x, y] = [i % size, Math.floor(i / size)];
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  const place = (low: number, high: number): number =>
    Math.min(size - TILE, Math.max(0, Math.round((low + high + 1) / 2 - TILE / 2)));
  return [place(x0, x1), place(y0, y1)];
}

/** Completes each case and writes the grid as a PNG; returns its size. */
export async function writeCompletionGallery(
  cases: GalleryCase[],
  model: ModelRef,
  pool: InferencePool,
  path: string,
): Promise<{ width: number; height: number }> {
  const columns = 2 + COMPLETION_SAMPLES + 1;
  const width = columns * TILE;
  const height = cases.length * TILE;
  const grid = Buffer.alloc(width * height * 3, 255);
  for (const [row, c] of cases.entries()) {
    if (c.size < TILE) throw new Error(`gallery: a case of ${c.size} px is smaller than a tile (${TILE})`);
    // Completed from the input as the evaluation erases it (black); shown with the hole tinted.
    const result = await inpaintImage(cropRaster(eraseHole(c.truth, c.hole), c.size), c.hole, {
      samples: COMPLETION_SAMPLES,
      seed: 1,
      model,
      pool,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    const [x0, y0] = cropCorner(c.hole, c.size);
    const tiles = [
      eraseHole(c.truth, c.hole, HOLE_TINT),
      result.mean.data,
      ...result.samples.map((s) => s.data),
      result.uncertainty.data,
    ];
    tiles.forEach((data, column) => {
      for (let y = 0; y < TILE; y++) {
        const from = ((y0 + y) * c.size + x0) * 3;
        const to = ((row * TILE + y) * width + column * TILE) * 3;
        grid.set(data.subarray(from, from + TILE * 3) as Uint8Array, to);
      }
    });
  }
  await sharp(grid, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(path);
  return { width, height };
}
