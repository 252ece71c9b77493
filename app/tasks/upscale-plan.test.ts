import { describe, expect, it } from 'vitest';
import { basisRange, contextRange, frameGeometry, planUpscale } from './upscale-plan.js';

const shape = {
  window: 32,
  maxContext: 100,
  maxGridContext: 100,
  meanBase: 'sharpened' as const,
  contextFeatures: 0,
  targetFeatures: 0,
};

describe('planUpscale', () => {
  it('gives the model the input-pixel spacing of its training windows at every scale', () => {
    for (const scale of [2, 3, 4, 8]) {
      const plan = planUpscale(100, 60, 100 * scale, 60 * scale, shape);
      for (const tile of [...plan.columns, ...plan.rows]) {
        // Training: a 32-px window downscaled by `scale` spans [−1, 1] with 32 / scale low-res pixels.
        expect(2 / tile.span).toBeCloseTo(2 / Math.round(32 / scale), 12);
        expect(tile.frameSize).toBeLessThanOrEqual(Math.max(tile.span, 8));
      }
    }
  });

  it('holds 8 to 10 context pixels per side: enough for Lanczos-3, no more than training grids held', () => {
    expect(frameGeometry(32, 100, 2)).toEqual({ side: 10, span: 16 });
    expect(frameGeometry(32, 100, 4)).toEqual({ side: 8, span: 8 });
    expect(frameGeometry(32, 100, 16)).toEqual({ side: 8, span: 4 });
    expect(frameGeometry(32, 36, 16)).toEqual({ side: 6, span: 4 });
  });

  it('widens the interpolation to Lanczos-3’s reach where the frame is narrower than its window', () => {
    const plan = planUpscale(100, 60, 200, 120, shape);
    expect(plan.wideBasis).toBe(true);
    for (const tile of plan.columns) {
      const [first, last] = basisRange(tile, 100);
      const [frameFirst, frameLast] = contextRange(tile, 100);
      expect(first).toBeLessThanOrEqual(frameFirst);
      expect(last).toBeGreaterThanOrEqual(frameLast);
      // The nearest pixel centre left out on each side is Lanczos-3's reach (3) or more from the targets.
      expect(first === 0 || tile.targetStart - (first - 0.5) >= 3).toBe(true);
      expect(last === 100 || last + 0.5 - tile.targetEnd >= 3).toBe(true);
    }
    for (const scale of [4, 8])
      expect(planUpscale(100, 60, 100 * scale, 60 * scale, shape).wideBasis).toBe(false);
  });
});
