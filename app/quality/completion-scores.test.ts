import { describe, expect, it } from 'vitest';
import { gradientEnergy, scoreSampledCompletion, spearman } from './completion-scores.js';

describe('completion scores', () => {
  it('Spearman is 1 for any increasing relation, −1 for a decreasing one, and handles ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 25, 1000])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 2, 2], [1, 1, 2, 2])).toBeCloseTo(1, 12);
  });

  it('scores samples: identical ones do not differ; a flat hole has no gradient energy', () => {
    const size = 16;
    const hole = new Uint8Array(size * size).map((_, i) => (i % size >= 8 && i >= 8 * size ? 1 : 0));
    const truth = new Uint8Array(size * size * 3).map((_, i) => (Math.floor(i / 3) % 2 ? 120 : 100));
    const flat = new Uint8Array(size * size * 3).fill(110);
    expect(gradientEnergy(flat, hole, size, size)).toBe(0);
    expect(gradientEnergy(truth, hole, size, size)).toBeCloseTo(0.299 * 20 + 0.587 * 20 + 0.114 * 20, 6);
    const sigma = new Float32Array(size * size).map((_, i) => (hole[i] ? 10 / 255 : 0));
    const s = scoreSampledCompletion({
      width: size,
      height: size,
      truth,
      mean: flat,
      samples: [flat, flat],
      hole,
      sigma,
    });
    expect(s.diversity).toBe(0);
    expect(s.blockDiversity).toBe(0);
    expect(s.textureRatio).toBe(0);
    // Every error is exactly 10 levels = σ: all within ±1σ.
    expect(s.within1Sigma).toBe(1);
    expect(s.samplePsnr).toBeCloseTo(s.meanPsnr, 12);
  });
});
