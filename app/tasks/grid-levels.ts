/**
 * The plan of a grid-model completion: the region it works on, its pyramid levels, the windows each
 * level is cut into, and the lattice of coarse values a finer level is given.
 *
 * Holes the grid model saw in training reach at most ~19 px from a known pixel (boxes up to 60 % of
 * a 64-px window), so the coarsest level is the first at which no missing pixel is more than REACH
 * from a known one. Every finer level is given the coarser level's completion on a lattice (every
 * second pixel in each axis, a quarter of the hole, within the share of revealed pixels training
 * showed), so the model there only adds the detail between known values.
 */
import type { Region } from '../imaging/colour.js';
import { distanceTo } from '../imaging/distance.js';
import { maskBounds } from '../imaging/mask.js';
import { buildPyramid, upsample2, type Level } from '../imaging/pyramid.js';
import { axisWeight, tileAxis, type AxisTile } from './tiling.js';

export const REACH = 16;
/** Known pixels around a window's targets at every level: half the training window. */
export const MARGIN = 32;
/** Side of the targets one window takes; larger holes are cut into windows that overlap by OVERLAP. */
export const CORE = 96;
export const OVERLAP = 16;
/** Levels below this side are not made (the hole would be a handful of pixels). */
const MIN_SIDE = 8;

/** How many halvings bring every missing pixel within REACH of a known one (buildPyramid's rule). */
export function levelCount(hole: Uint8Array, width: number, height: number): number {
  const distance = distanceTo(hole, width, height, 0);
  let farthest = 0;
  for (let i = 0; i < distance.length; i++) if (hole[i]) farthest = Math.max(farthest, distance[i]!);
  let levels = 1;
  while (farthest / 2 ** (levels - 1) > REACH && Math.min(width, height) / 2 ** levels >= MIN_SIDE) levels++;
  return levels;
}

/** The hole's bounding box grown by one MARGIN of the coarsest level, inside the image. */
export function gridRegion(hole: Uint8Array, width: number, height: number): Region {
  const margin = MARGIN * 2 ** (levelCount(hole, width, height) - 1);
  const { x0, y0, x1, y1 } = maskBounds(hole, width, height);
  const x = Math.max(0, x0 - margin);
  const y = Math.max(0, y0 - margin);
  return { x, y, width: Math.min(width, x1 + margin) - x, height: Math.min(height, y1 + margin) - y };
}

/** The region's levels, coarsest first. */
export function gridLevels(base: Level, yDim: number): Level[] {
  return buildPyramid(base, yDim, REACH, MIN_SIDE).reverse();
}

/** One window of a level: the crop the model sees and the hole pixels it completes, with blend weights. */
export interface GridWindow {
  frame: Region;
  /** Level pixel indices of the window's targets, and their blend weights (summing to 1 across windows). */
  targets: number[];
  weights: number[];
}

export function planGridWindows(level: Level): GridWindow[] {
  const { x0, y0, x1, y1 } = maskBounds(level.hole, level.width, level.height);
  if (x1 <= x0) return [];
  const rows = tileAxis(y0, y1, CORE, OVERLAP, MARGIN);
  const columns = tileAxis(x0, x1, CORE, OVERLAP, MARGIN);
  const windows: GridWindow[] = [];
  for (const row of rows) {
    for (const column of columns) {
      const [ys, ye] = targetRange(row, level.height);
      const [xs, xe] = targetRange(column, level.width);
      const targets: number[] = [];
      const weights: number[] = [];
      for (let y = ys; y < ye; y++) {
        for (let x = xs; x < xe; x++) {
          const i = y * level.width + x;
          if (!level.hole[i]) continue;
          targets.push(i);
          weights.push(axisWeight(row, y + 0.5) * axisWeight(column, x + 0.5));
        }
      }
      if (!targets.length) continue;
      const fx = Math.max(0, xs - MARGIN);
      const fy = Math.max(0, ys - MARGIN);
      windows.push({
        frame: {
          x: fx,
          y: fy,
          width: Math.min(level.width, xe + MARGIN) - fx,
          height: Math.min(level.height, ye + MARGIN) - fy,
        },
        targets,
        weights,
      });
    }
  }
  return windows;
}

/** Pixels whose centres lie in the tile's target interval, inside the level. */
function targetRange(tile: AxisTile, size: number): [number, number] {
  return [Math.max(0, Math.ceil(tile.targetStart - 0.5)), Math.min(size, Math.ceil(tile.targetEnd - 0.5))];
}

/** A level's values and known pixels as a chain starts it: its own known colours, and the coarser lattice. */
export interface LevelInput {
  values: Float32Array;
  known: Uint8Array;
  /** Hole pixels given from the coarser level (their σ is taken from their neighbours). */
  lattice: Uint8Array;
}

export function isLatticePixel(i: number, width: number): boolean {
  return (i % width) % 2 === 0 && Math.floor(i / width) % 2 === 0;
}

/**
 * The level's known colours; below the coarsest level (`coarser` given: that level and its completed
 * values) the hole pixels on the lattice take the coarser completion, upsampled.
 */
export function levelInput(
  level: Level,
  yDim: number,
  coarser?: { level: Level; values: Float32Array },
): LevelInput {
  const values = level.colours.slice();
  const known = Uint8Array.from(level.hole, (h) => 1 - h);
  const lattice = new Uint8Array(level.hole.length);
  if (!coarser) return { values, known, lattice };
  const guide = upsample2(
    coarser.values,
    coarser.level.width,
    coarser.level.height,
    level.width,
    level.height,
    yDim,
  );
  for (let i = 0; i < level.hole.length; i++) {
    if (!level.hole[i] || !isLatticePixel(i, level.width)) continue;
    values.set(guide.subarray(i * yDim, (i + 1) * yDim), i * yDim);
    known[i] = 1;
    lattice[i] = 1;
  }
  return { values, known, lattice };
}

/** The part of a level's arrays a window's frame covers (values with `channels` per pixel). */
export function cropFrame<T extends Float32Array | Uint8Array>(
  data: T,
  levelWidth: number,
  frame: Region,
  channels: number,
): T {
  const out = new (data.constructor as new (n: number) => T)(frame.width * frame.height * channels);
  for (let y = 0; y < frame.height; y++) {
    const start = ((frame.y + y) * levelWidth + frame.x) * channels;
    out.set(data.subarray(start, start + frame.width * channels), y * frame.width * channels);
  }
  return out;
}

/** A level pixel's index inside a window's frame. */
export function inFrame(i: number, levelWidth: number, frame: Region): number {
  return (Math.floor(i / levelWidth) - frame.y) * frame.width + ((i % levelWidth) - frame.x);
}
