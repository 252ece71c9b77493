/**
 * The coarse-to-fine levels of a completion. Level l is the region shrunk 2^l times: each coarse
 * pixel averages the known pixels under it and counts as missing when fewer than half are known.
 * Enough levels are made that, at the coarsest, every missing pixel lies within `reach` pixels of a
 * known one — so every model window there sees real context.
 */
import { distanceTo } from './distance.js';

export interface Level {
  width: number;
  height: number;
  factor: number;
  colours: Float32Array;
  hole: Uint8Array;
}

export function buildPyramid(base: Level, yDim: number, reach: number, minSide: number): Level[] {
  const distance = distanceTo(base.hole, base.width, base.height, 0);
  let farthest = 0;
  for (let i = 0; i < distance.length; i++) if (base.hole[i]) farthest = Math.max(farthest, distance[i]!);
  const levels = [base];
  while (farthest / 2 ** (levels.length - 1) > reach) {
    const factor = 2 ** levels.length;
    if (Math.min(base.width, base.height) / factor < minSide) break;
    levels.push(shrink(base, factor, yDim));
  }
  return levels;
}

function shrink(base: Level, factor: number, yDim: number): Level {
  const width = Math.ceil(base.width / factor);
  const height = Math.ceil(base.height / factor);
  const colours = new Float32Array(width * height * yDim);
  const hole = new Uint8Array(width * height);
  const sum = new Float64Array(yDim);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      sum.fill(0);
      let known = 0;
      let all = 0;
      for (let v = y * factor; v < Math.min(base.height, (y + 1) * factor); v++) {
        for (let u = x * factor; u < Math.min(base.width, (x + 1) * factor); u++) {
          const i = v * base.width + u;
          all++;
          if (base.hole[i]) continue;
          known++;
          for (let c = 0; c < yDim; c++) sum[c]! += base.colours[i * yDim + c]!;
        }
      }
      const o = y * width + x;
      hole[o] = known * 2 < all ? 1 : 0;
      if (known > 0) for (let c = 0; c < yDim; c++) colours[o * yDim + c] = sum[c]! / known;
    }
  }
  return { width, height, factor, colours, hole };
}

/** Bilinear upsampling of a completed coarse level onto a level twice as fine (pixel centres aligned). */
export function upsample2(
  coarse: Float32Array,
  cw: number,
  ch: number,
  width: number,
  height: number,
  yDim: number,
): Float32Array {
  const out = new Float32Array(width * height * yDim);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(ch - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(ch - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(cw - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(cw - 1, x0 + 1);
      const tx = fx - x0;
      for (let c = 0; c < yDim; c++) {
        const a = coarse[(y0 * cw + x0) * yDim + c]! * (1 - tx) + coarse[(y0 * cw + x1) * yDim + c]! * tx;
        const b = coarse[(y1 * cw + x0) * yDim + c]! * (1 - tx) + coarse[(y1 * cw + x1) * yDim + c]! * tx;
        out[(y * width + x) * yDim + c] = a * (1 - ty) + b * ty;
      }
    }
  }
  return out;
}

/** The mean colour of the known pixels (mid-grey when there are none). */
export function knownMean(level: Level, yDim: number): Float32Array {
  const mean = new Float32Array(yDim);
  let n = 0;
  for (let i = 0; i < level.hole.length; i++) {
    if (level.hole[i]) continue;
    n++;
    for (let c = 0; c < yDim; c++) mean[c]! += level.colours[i * yDim + c]!;
  }
  return mean.map((v) => (n ? v / n : 0.5));
}

/** Known pixels from the level itself, missing ones from the coarser guide. */
export function mergeKnown(level: Level, guide: Float32Array, yDim: number): Float32Array {
  const out = guide;
  for (let i = 0; i < level.hole.length; i++) {
    if (!level.hole[i]) out.set(level.colours.subarray(i * yDim, (i + 1) * yDim), i * yDim);
  }
  return out;
}
