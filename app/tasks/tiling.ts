/**
 * Overlapping tiles along one axis and their blend weights. Each tile owns a core interval; next to
 * a neighbour its targets reach `overlap/2` further, where the two weights follow cos² and sin² of
 * the same ramp and so add up to exactly 1 (a partition of unity: blending adds no seams and no
 * brightness change). The model's frame adds `margin` of context-only pixels on each side and keeps
 * the same size for every tile, so the pixel density the model sees never changes.
 */
import { ApiError } from '../api/errors.js';

export interface AxisTile {
  /** The model frame [frameStart, frameStart + frameSize): its points are the tile's contexts. */
  frameStart: number;
  frameSize: number;
  /** The length that maps onto [−1, 1], centred on the frame: frameSize, or more where the frame is the
   *  middle of a larger training window (whose pixel spacing the model must see). */
  span: number;
  /** Targets are the points in [targetStart, targetEnd). */
  targetStart: number;
  targetEnd: number;
  /** Centres of the blend ramps at each side (−∞/+∞ where there is no neighbour). */
  rampIn: number;
  rampOut: number;
  overlap: number;
}

export function tileAxis(
  start: number,
  end: number,
  core: number,
  overlap: number,
  margin: number,
  span = core + overlap + 2 * margin,
): AxisTile[] {
  const count = Math.max(1, Math.ceil((end - start) / core));
  const tiles: AxisTile[] = [];
  for (let i = 0; i < count; i++) {
    const a = start + i * core;
    const b = i === count - 1 ? end : a + core;
    const rampIn = i === 0 ? -Infinity : a;
    const rampOut = i === count - 1 ? Infinity : b;
    tiles.push({
      frameStart: a - overlap / 2 - margin,
      frameSize: core + overlap + 2 * margin,
      span,
      targetStart: i === 0 ? start : a - overlap / 2,
      targetEnd: i === count - 1 ? end : b + overlap / 2,
      rampIn,
      rampOut,
      overlap,
    });
  }
  return tiles;
}

/** The blend weight of a point at position p inside the tile's target interval (1 without overlap). */
export function axisWeight(tile: AxisTile, p: number): number {
  if (tile.overlap === 0) return 1;
  return ramp((p - tile.rampIn) / tile.overlap) * ramp((tile.rampOut - p) / tile.overlap);
}

/** 0 at t = −½, 1 at t = +½, sin² in between: ramp(t) + ramp(−t) = 1. */
function ramp(t: number): number {
  if (t >= 0.5) return 1;
  if (t <= -0.5) return 0;
  const s = Math.sin((Math.PI / 2) * (t + 0.5));
  return s * s;
}

/** A position in the frame's [−1, 1] coordinates, as training's `pixelCentre` places pixel centres. */
export function toFrame(tile: AxisTile, p: number): number {
  return (2 * (p - tile.frameStart - tile.frameSize / 2)) / tile.span;
}

/** The window that gives pixel `target` the largest blend weight (windows list their targets and weights). */
export function heaviestWindow<W extends { targets: number[]; weights: number[] }>(
  windows: W[],
  target: number,
): W {
  let best: W | undefined;
  let bestWeight = -1;
  for (const w of windows) {
    const k = w.targets.indexOf(target);
    if (k >= 0 && w.weights[k]! > bestWeight) [best, bestWeight] = [w, w.weights[k]!];
  }
  if (!best) throw new ApiError('INTERNAL', 'no window covers the pixel');
  return best;
}
