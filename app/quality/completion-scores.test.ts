import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../models/index.js';
import { gradientEnergy, rankHistogram, scoreSampledCompletion, spearman } from './completion-scores.js';

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

  describe('samples as posterior draws', () => {
    const size = 64;
    const hole = new Uint8Array(size * size).fill(1);
    const draws = (seed: number, count: number, draw: (random: () => number) => number) => {
      const random = mulberry32(seed);
      return Array.from({ length: count }, () =>
        Uint8Array.from({ length: size * size * 3 }, () => draw(random)),
      );
    };

    it('rank histogram: flat for exchangeable draws, ties spread at random, one end for a truth outside', () => {
      const [truth, ...samples] = draws(1, 5, (r) => Math.floor(r() * 256));
      for (const f of rankHistogram(truth!, samples, hole)) expect(f).toBeCloseTo(0.2, 1);
      const flat = new Uint8Array(size * size * 3).fill(100);
      const tied = rankHistogram(flat, [flat, flat, flat, flat], hole, 7);
      for (const f of tied) expect(Math.abs(f - 0.2)).toBeLessThan(0.02);
      expect(tied).toEqual(rankHistogram(flat, [flat, flat, flat, flat], hole, 7));
      expect(tied).not.toEqual(rankHistogram(flat, [flat, flat, flat, flat], hole, 8));
      const above = new Uint8Array(size * size * 3).fill(200);
      expect(rankHistogram(above, [flat, flat, flat, flat], hole)).toEqual([0, 0, 0, 0, 1]);
      // Only hole pixels count: a hole of one pixel has 3 values.
      const one = new Uint8Array(size * size);
      one[5] = 1;
      expect(rankHistogram(above, [flat, flat], one)).toEqual([0, 0, 1]);
    });

    it('the average of 4 samples with independent errors gains 10·log10(4) dB over one of them', () => {
      const truth = new Uint8Array(size * size * 3).fill(128);
      const samples = draws(2, 4, (r) => (r() < 0.5 ? 118 : 138));
      const s = scoreSampledCompletion({
        width: size,
        height: size,
        truth,
        mean: truth,
        samples,
        hole,
        sigma: new Float32Array(size * size).fill(10 / 255),
      });
      expect(s.samplePsnr).toBeCloseTo(20 * Math.log10(255 / 10), 6);
      expect(Math.abs(s.sampleAveragePsnr - s.samplePsnr - 10 * Math.log10(4))).toBeLessThan(0.15);
      expect(s.meanPsnr).toBe(Infinity);
      expect(s.meanSsim).toBeCloseTo(1, 12);
      expect(s.sampleSsim).toBeLessThan(0.5);
      expect(s.rankHistogram.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    });
  });
});
