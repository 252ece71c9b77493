/**
 * How an upscale is cut into model windows. Training showed the model super-resolution tasks as a
 * `window`-pixel crop whose context is the same crop downscaled by 2–8×, so each frame here spans
 * about `window` output pixels, i.e. `window / scale` input pixels, and its contexts are the input
 * pixels inside it. Tiles sit on input-pixel boundaries; one margin pixel each side is context only.
 */
import type { ModelSummary } from '../compute/index.js';
import { tileAxis, type AxisTile } from './tiling.js';

/** What the tiling of an image needs to know of a model. */
export type ModelShape = Pick<
  ModelSummary,
  'window' | 'maxContext' | 'maxGridContext' | 'meanBase' | 'contextFeatures' | 'targetFeatures'
>;

export interface UpscalePlan {
  inWidth: number;
  inHeight: number;
  outWidth: number;
  outHeight: number;
  columns: AxisTile[];
  rows: AxisTile[];
  /**
   * Whether the model's interpolation reads Lanczos-3's whole reach around the targets
   * (`basisRange`) rather than only the frame. A frame cut from a wider training window (small
   * scales) truncates the kernel at every tile's edge. On 12 training photos at 512 px the whole
   * reach gave +0.22 dB at ×2; it also gave +0.19 / +0.06 dB at ×4 / ×8, but made ×4 of a 512-px
   * photo 40 % slower (56 s vs 40 s, 2 workers), so it is used only where the frame is narrower
   * than the window.
   */
  wideBasis: boolean;
}

/**
 * The frame spans `window / scale` input pixels (at least 4), the pixel spacing training used, and
 * holds that many context pixels per side but at least MIN_FRAME_SIDE — a Lanczos-3 mean base needs
 * three neighbours on each side of a target — and no more than training's super-resolution grids
 * held. A frame smaller than its span is the middle of it, as training cropped its larger grids; a
 * larger one reaches past it (at ×8 a 4-pixel span gets 8 pixels of context: +0.18 dB measured).
 */
const MIN_FRAME_SIDE = 8;

export function frameGeometry(
  window: number,
  maxGridContext: number,
  scale: number,
): { side: number; span: number } {
  const span = Math.max(4, Math.round(window / scale));
  const cap = Math.max(4, Math.floor(Math.sqrt(maxGridContext)));
  return { side: Math.min(cap, Math.max(span, MIN_FRAME_SIDE)), span };
}

export function planUpscale(
  inWidth: number,
  inHeight: number,
  outWidth: number,
  outHeight: number,
  shape: ModelShape,
): UpscalePlan {
  const scale = Math.sqrt((outWidth / inWidth) * (outHeight / inHeight));
  const { side: frame, span } = frameGeometry(shape.window, shape.maxGridContext, scale);
  const margin = frame >= 8 ? 1 : 0;
  // Tiles overlap (and are blended) only for models whose targets carry no features. A target of the
  // super-resolution model reads its low-resolution neighbourhood and Lanczos-3 base from the whole
  // image, so only the attention's context differs between neighbouring tiles; a one-pixel overlap
  // recomputed 44 % of the targets at 8-pixel frames. Without it ×4 of four 512-px training photos
  // took 31 % less time (29.7 → 20.5 s) at −0.004 dB, and the error's step across tile borders grew
  // 3 % (mean 0.0331 → 0.0342, a quarter of an 8-bit level; no line shows in the error amplified 8×).
  const overlap = shape.targetFeatures > 0 ? 0 : frame >= 12 ? 2 : 1;
  const core = frame - overlap - 2 * margin;
  return {
    inWidth,
    inHeight,
    outWidth,
    outHeight,
    columns: tileAxis(0, inWidth, core, overlap, margin, span),
    rows: tileAxis(0, inHeight, core, overlap, margin, span),
    wideBasis: frame < span,
  };
}

/** Input pixel indices whose centres fall inside the tile's frame (and inside the image). */
export function contextRange(tile: AxisTile, size: number): [number, number] {
  const first = Math.max(0, Math.ceil(tile.frameStart - 0.5));
  const last = Math.min(size, Math.ceil(tile.frameStart + tile.frameSize - 0.5));
  return [first, last];
}

/** Input pixels Lanczos-3 reads beyond a target. */
const LANCZOS_REACH = 3;

/**
 * Input pixel indices the model's own interpolation reads for the tile's targets when the plan
 * widens it: the frame, grown to Lanczos-3's reach around the targets (and inside the image). Only
 * the interpolation sees the extra pixels; the encoder keeps the frame that training's spacing and
 * context counts were made for.
 */
export function basisRange(tile: AxisTile, size: number): [number, number] {
  const [first, last] = contextRange(tile, size);
  return [
    Math.max(0, Math.min(first, Math.ceil(tile.targetStart - LANCZOS_REACH - 0.5))),
    Math.min(size, Math.max(last, Math.ceil(tile.targetEnd + LANCZOS_REACH - 0.5))),
  ];
}

/** Output pixel indices whose centres, mapped into input coordinates, fall in the tile's targets. */
export function targetRange(tile: AxisTile, inSize: number, outSize: number): [number, number] {
  const ratio = outSize / inSize;
  const first = Math.max(0, Math.ceil(tile.targetStart * ratio - 0.5));
  const last = Math.min(outSize, Math.ceil(tile.targetEnd * ratio - 0.5));
  return [first, last];
}

/** The input-coordinate centre of output pixel j. */
export function outputCentre(j: number, inSize: number, outSize: number): number {
  return ((j + 0.5) * inSize) / outSize;
}
