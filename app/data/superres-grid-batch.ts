/**
 * Training batches for the grid super-resolution ANP. Each example: a sharp window of a photo (the
 * cached preview, or a full-resolution patch when it is large enough, never upsampled) at a random
 * factor, downscaled by area averaging or the antialiased cubic to a `lowSize + 2·margin` grid; the
 * targets are output pixels of the middle `lowSize`² anchors, `slots` drawn at random from each
 * anchor's own, so that every target's window and Lanczos-3 base read real pixels as in a whole
 * photo. Flat Float32Arrays in the model's layout, ready to become tensors or be posted to a worker.
 */
import { axisLayout, type AxisLayout } from '../../models/index.js';
import { axisTaps, rgbImage, writeLanczos } from '../imaging/superres-features.js';
import type { CachedPhoto, RgbImage } from './photo-folder.js';
import { resampleRgb } from './resample.js';
import type { Rng } from './rng.js';
import { drawFactor } from './tasks.js';
import { flipHorizontal } from './windows.js';

export interface SuperResGridBatchOptions {
  /** Marks the recipe's batches as the grid super-resolution model's. */
  superresGrid: true;
  /** Anchors on a side of each example's grid where the loss is taken. */
  lowSize: number;
  /** Low-resolution pixels of real surroundings each side of the anchors (the windows' and Lanczos's reach). */
  margin: number;
  /** Targets drawn per anchor. */
  slots: number;
  minFactor: number;
  maxFactor: number;
  /** Share of factors drawn from [minFactor, 4]. */
  smallFactorShare: number;
  /** Share of grids made by area averaging (the rest: the antialiased cubic). */
  areaShare: number;
  /** Chance of cutting from a full-resolution patch when one is large enough. */
  fullScaleShare: number;
  /** Largest zoom-out: a window may cover up to its size × maxZoom cached pixels. */
  maxZoom: number;
}

export const DEFAULT_SUPERRES_GRID_BATCH: SuperResGridBatchOptions = {
  superresGrid: true,
  lowSize: 24,
  margin: 3,
  slots: 4,
  minFactor: 1.5,
  maxFactor: 8,
  smallFactorShare: 0.6,
  areaShare: 0.25,
  fullScaleShare: 0.25,
  maxZoom: 3,
};

export interface SuperResGridBatch {
  batch: number;
  /** Side of each example's low-resolution grid (lowSize + 2·margin). */
  side: number;
  /** Anchors on a side, from [margin, margin]. */
  anchors: number;
  margin: number;
  slots: number;
  /** [batch, side, side, 3] */
  low: Float32Array;
  /** [batch, anchors, anchors, slots, 2] */
  offset: Float32Array;
  /** [batch, anchors, anchors, slots, 3]: Lanczos-3 of the grid at each target. */
  base: Float32Array;
  /** [batch, anchors, anchors, slots, 3]: the truth. */
  y: Float32Array;
  /** [batch, anchors, anchors, slots]: 1 a target, 0 an empty slot. */
  mask: Float32Array;
  /** [batch, 2]: an output pixel's size in low-resolution pixels, x then y. */
  cell: Float32Array;
}

/** A `side`² window of sharp pixels: a random region of `side`..`side·maxZoom` cached pixels, area-resampled. */
function sharpWindow(
  photo: CachedPhoto,
  side: number,
  rng: Rng,
  options: SuperResGridBatchOptions,
): Float32Array {
  const fits = (image: RgbImage) => Math.min(image.width, image.height) >= side;
  const patches = photo.patches.filter(fits);
  const image = patches.length > 0 && rng.bool(options.fullScaleShare) ? rng.pick(patches) : photo.preview;
  const largest = Math.min(image.width, image.height, side * options.maxZoom);
  const region = Math.round(side * Math.exp(rng.uniform(0, Math.log(Math.max(1, largest / side)))));
  const x = rng.int(0, image.width - region);
  const y = rng.int(0, image.height - region);
  const pixels = resampleRgb(image.data, image.width, { x, y, w: region, h: region }, side, side, 1 / 255);
  return rng.bool() ? flipHorizontal(pixels, side) : pixels;
}

/** Writes one example at `b`: the grid, and `slots` targets per anchor drawn from the anchor's own. */
function writeExample(
  out: SuperResGridBatch,
  b: number,
  high: Float32Array,
  highSide: number,
  layout: AxisLayout,
  rng: Rng,
  filter: 'area' | 'cubic',
): void {
  const { side, anchors, margin, slots } = out;
  const low = resampleRgb(high, highSide, { x: 0, y: 0, w: highSide, h: highSide }, side, side, 1, filter);
  out.low.set(low, b * side * side * 3);
  const image = rgbImage(side, side, low);
  const taps = Array.from({ length: highSide }, (_, j) => axisTaps(((j + 0.5) * side) / highSide));
  for (let i = 0; i < anchors; i++)
    for (let j = 0; j < anchors; j++) {
      const rows = ownPixels(layout, margin + i);
      const cols = ownPixels(layout, margin + j);
      const picked = rng.sampleIndices(rows.length * cols.length, slots);
      picked.forEach((k, s) => {
        const [r, c] = [rows[Math.floor(k / cols.length)]!, cols[k % cols.length]!];
        const slot = ((b * anchors + i) * anchors + j) * slots + s;
        out.mask[slot] = 1;
        out.offset[2 * slot] = c.offset;
        out.offset[2 * slot + 1] = r.offset;
        out.y.set(
          high.subarray((r.index * highSide + c.index) * 3, (r.index * highSide + c.index) * 3 + 3),
          3 * slot,
        );
        writeLanczos(image, taps[c.index]!, taps[r.index]!, out.base, 3 * slot);
      });
    }
  out.cell[2 * b] = out.cell[2 * b + 1] = side / highSide;
}

/** The output pixels one anchor holds on an axis, with their offsets. */
function ownPixels(layout: AxisLayout, anchor: number): { index: number; offset: number }[] {
  const own: { index: number; offset: number }[] = [];
  for (let s = 0; s < layout.slots; s++) {
    const index = layout.index[anchor * layout.slots + s]!;
    if (index >= 0) own.push({ index, offset: layout.offset[anchor * layout.slots + s]! });
  }
  return own;
}

export function sampleSuperResGridBatch(
  photos: readonly CachedPhoto[],
  batch: number,
  rng: Rng,
  options: SuperResGridBatchOptions,
): SuperResGridBatch {
  const { lowSize: anchors, margin, slots } = options;
  const side = anchors + 2 * margin;
  const targets = batch * anchors * anchors * slots;
  const out: SuperResGridBatch = {
    batch,
    side,
    anchors,
    margin,
    slots,
    low: new Float32Array(batch * side * side * 3),
    offset: new Float32Array(targets * 2),
    base: new Float32Array(targets * 3),
    y: new Float32Array(targets * 3),
    mask: new Float32Array(targets),
    cell: new Float32Array(batch * 2),
  };
  for (let b = 0; b < batch; b++) {
    const photo = rng.pick(photos);
    const shortSide = Math.min(photo.preview.width, photo.preview.height);
    const factor = Math.min(drawFactor(rng, options), shortSide / side);
    const highSide = Math.max(side, Math.round(side * factor));
    const high = sharpWindow(photo, highSide, rng, options);
    const filter = rng.bool(options.areaShare) ? 'area' : 'cubic';
    writeExample(out, b, high, highSide, axisLayout(side, highSide), rng, filter);
  }
  return out;
}
