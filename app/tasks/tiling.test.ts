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

  it('without overlap, puts every position in exactly one tile, at full weight', () => {
    const tiles = tileAxis(0, 50, 6, 0, 1);
    for (let p = 0; p < 50; p += 0.25) {
      const covering = tiles.filter((t) => p >= t.targetStart && p < t.targetEnd);
      expect(covering).toHaveLength(1);
      expect(axisWeight(covering[0]!, p)).toBe(1);
    }
    expect(new Set(tiles.map((t) => t.frameSize))).toEqual(new Set([8]));
  });

  it('gives every tile the same frame size, so the model sees one pixel density', () => {
    const tiles = tileAxis(0, 50, 5, 1, 1);
    expect(new Set(tiles.map((t) => t.frameSize))).toEqual(new Set([8]));
    const first = tiles[0]!;
    expect(toFrame(first, first.frameStart)).toBe(-1);
    expect(toFrame(first, first.frameStart + first.frameSize)).toBe(1);
  });

  it('maps a frame narrower than its span onto the middle of [−1, 1], at the pixel spacing of the span', () => {
    const tile = tileAxis(0, 50, 6, 2, 1, 16)[1]!;
    expect(tile.frameSize).toBe(10);
    const middle = tile.frameStart + tile.frameSize / 2;
    expect(toFrame(tile, middle)).toBeCloseTo(0, 12);
    expect(toFrame(tile, middle + 8)).toBeCloseTo(1, 12);
    // One input pixel is 2/16 of the frame coordinates: the spacing of a 16-pixel training window.
    expect(toFrame(tile, tile.frameStart + 1) - toFrame(tile, tile.frameStart)).toBeCloseTo(2 / 16, 12);
  });
});
