import { describe, expect, it } from 'vitest';
import { extendStroke, lassoPolygon, rectFromCorners } from './shapes.js';

describe('mask shapes', () => {
  it('builds a rectangle from corners dragged in any direction, in whole image pixels', () => {
    expect(rectFromCorners([120.4, 80.6], [20.2, 10.7], 480, 320)).toEqual({
      kind: 'rect',
      x: 20,
      y: 11,
      width: 100,
      height: 70,
    });
  });

  it('clips rectangles to the image and drops ones outside it', () => {
    expect(rectFromCorners([-50, -50], [40, 30], 480, 320)).toEqual({
      kind: 'rect',
      x: 0,
      y: 0,
      width: 40,
      height: 30,
    });
    expect(rectFromCorners([500, 10], [600, 50], 480, 320)).toBeNull();
    expect(rectFromCorners([10, 10], [10.3, 50], 480, 320)).toBeNull();
  });

  it('thins brush points closer than a quarter radius', () => {
    const points: [number, number][] = [];
    expect(extendStroke(points, [0, 0], 20)).toBe(true);
    expect(extendStroke(points, [3, 0], 20)).toBe(false);
    expect(extendStroke(points, [5.04, 0], 20)).toBe(true);
    expect(points).toEqual([
      [0, 0],
      [5, 0],
    ]);
  });

  it('closes a lasso path into a polygon, and drops one that encloses nothing', () => {
    expect(
      lassoPolygon([
        [0, 0],
        [10, 0],
        [10, 10],
      ]),
    ).toEqual({
      kind: 'polygon',
      points: [
        [0, 0],
        [10, 0],
        [10, 10],
      ],
    });
    expect(
      lassoPolygon([
        [0, 0],
        [10, 0],
        [20, 0.1],
      ]),
    ).toBeNull();
    expect(lassoPolygon([[0, 0]])).toBeNull();
  });
});
