import { describe, expect, it } from 'vitest';
import { axisWeight, tileAxis, toFrame } from './tiling.js';

describe('tileAxis', () => {
  it('covers the range and its blend weights add up to exactly one everywhere', () => {
    const tiles = tileAxis(3, 101, 16, 8, 4);
    for (let p = 3.25; p < 101; p += 0.5) {
      const covering = tiles.filter((t) => p >= t.targetStart && p < t.targetEnd);
      expect(covering.length).toBeGreaterThan(0);
      const sum = covering.reduce((s, t) => s + axisWeight(t, p), 0);
      expect(sum).toBeCloseTo(1, 6);
    }
  });

  it('gives every tile the same frame size, so the model sees one pixel density', () => {
    const tiles = tileAxis(0, 50, 5, 1, 1);
    expect(new Set(tiles.map((t) => t.frameSize))).toEqual(new Set([8]));
    const first = tiles[0]!;
    expect(toFrame(first, first.frameStart)).toBe(-1);
    expect(toFrame(first, first.frameStart + first.frameSize)).toBe(1);
  });
});
