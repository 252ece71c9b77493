import { describe, expect, it } from 'vitest';
import { sigmaScaleFor } from './upscale-sigma.js';

describe('super-resolution σ calibration', () => {
  it('picks the factor that puts 68 % of the error ratios inside ±c·σ', () => {
    const ratios = Float64Array.from({ length: 1000 }, (_, i) => (i + 1) / 500); // 0.002 … 2
    const c = sigmaScaleFor(ratios);
    expect(ratios.filter((r) => r <= c).length / ratios.length).toBeCloseTo(0.68, 2);
    expect(() => sigmaScaleFor(new Float64Array(0))).toThrow();
  });
});
