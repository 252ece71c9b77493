import { describe, expect, it } from 'vitest';
import type { Level } from '../imaging/pyramid.js';
import {
  CORE,
  cropFrame,
  gridLevels,
  gridRegion,
  inFrame,
  levelCount,
  levelInput,
  MARGIN,
  planGridWindows,
  REACH,
} from './grid-levels.js';

function boxLevel(width: number, height: number, x0: number, y0: number, side: number): Level {
  const hole = new Uint8Array(width * height);
  for (let y = y0; y < y0 + side; y++) hole.fill(1, y * width + x0, y * width + x0 + side);
  const colours = Float32Array.from({ length: width * height * 3 }, (_, i) => (i % 97) / 97);
  for (let i = 0; i < hole.length; i++) if (hole[i]) colours.fill(0, i * 3, i * 3 + 3);
  return { width, height, factor: 1, colours, hole };
}

describe('grid completion plan', () => {
  it('adds levels until no missing pixel is farther than REACH from a known one', () => {
    const small = boxLevel(200, 200, 90, 90, 2 * REACH);
    expect(levelCount(small.hole, 200, 200)).toBe(1);
    const big = boxLevel(400, 400, 100, 100, 128);
    // The farthest pixel is 64 px deep: 64 → 32 → 16.
    expect(levelCount(big.hole, 400, 400)).toBe(3);
    expect(gridLevels(big, 3).map((l) => l.factor)).toEqual([4, 2, 1]);
  });

  it('grows the region by a margin of the coarsest level, inside the image', () => {
    const big = boxLevel(400, 400, 100, 100, 128);
    // Three levels: the margin is MARGIN coarse pixels, 4 px each.
    expect(gridRegion(big.hole, 400, 400)).toEqual({ x: 0, y: 0, width: 356, height: 356 });
    const small = boxLevel(200, 200, 90, 90, 20);
    expect(gridRegion(small.hole, 200, 200)).toEqual({
      x: 90 - MARGIN,
      y: 90 - MARGIN,
      width: 20 + 2 * MARGIN,
      height: 20 + 2 * MARGIN,
    });
  });

  it('cuts a large hole into windows whose weights sum to one at every hole pixel', () => {
    const level = boxLevel(420, 300, 30, 20, 250);
    const windows = planGridWindows(level);
    expect(windows.length).toBeGreaterThan(4);
    const total = new Float64Array(level.hole.length);
    for (const w of windows) {
      expect(w.frame.width).toBeLessThanOrEqual(CORE + 16 + 2 * MARGIN);
      w.targets.forEach((i, k) => {
        expect(inFrame(i, level.width, w.frame)).toBeGreaterThanOrEqual(0);
        total[i]! += w.weights[k]!;
      });
    }
    for (let i = 0; i < level.hole.length; i++) expect(total[i]).toBeCloseTo(level.hole[i]!, 6);
  });

  it('gives a finer level the coarser completion on every second pixel of the hole', () => {
    const fine = boxLevel(64, 64, 16, 16, 32);
    const coarse: Level = { ...boxLevel(32, 32, 8, 8, 16), factor: 2 };
    const values = new Float32Array(32 * 32 * 3).fill(0.75);
    const input = levelInput(fine, 3, { level: coarse, values });
    let lattice = 0;
    for (let i = 0; i < fine.hole.length; i++) {
      if (!fine.hole[i]) {
        expect(input.known[i]).toBe(1);
        expect(input.values[i * 3]).toBe(fine.colours[i * 3]);
      } else if (input.lattice[i]) {
        lattice++;
        expect(input.known[i]).toBe(1);
        expect(input.values[i * 3]).toBeCloseTo(0.75, 6);
      } else expect(input.known[i]).toBe(0);
    }
    expect(lattice).toBe(16 * 16);
    expect(levelInput(fine, 3).lattice.every((v) => v === 0)).toBe(true);
  });

  it('crops a frame out of a level', () => {
    const data = Uint8Array.from({ length: 5 * 4 }, (_, i) => i);
    expect(Array.from(cropFrame(data, 5, { x: 1, y: 2, width: 3, height: 2 }, 1))).toEqual([
      11, 12, 13, 16, 17, 18,
    ]);
  });
});
