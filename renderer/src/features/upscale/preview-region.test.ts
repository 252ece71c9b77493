import { describe, expect, it } from 'vitest';
import { PREVIEW_SIDE, previewRegion, sourceBox } from './preview-region.js';

describe('preview region', () => {
  const source = { width: 400, height: 300 };
  const target = { width: 1600, height: 1200 };

  it('centres a box of output pixels on the photo point, inside the output', () => {
    expect(previewRegion(source, target, [200, 150])).toEqual({ x: 672, y: 472, width: 256, height: 256 });
    expect(previewRegion(source, target, [2, 299])).toEqual({
      x: 0,
      y: 1200 - PREVIEW_SIDE,
      width: 256,
      height: 256,
    });
    expect(previewRegion({ width: 50, height: 40 }, { width: 150, height: 120 }, [25, 20])).toEqual({
      x: 0,
      y: 0,
      width: 150,
      height: 120,
    });
  });

  it('outlines the region on the photo', () => {
    expect(sourceBox({ x: 672, y: 472, width: 256, height: 256 }, source, target)).toEqual({
      x: 168,
      y: 118,
      width: 64,
      height: 64,
    });
  });
});
