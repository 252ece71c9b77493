import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../models/index.js';
import { fitSigmaCalibration } from './sigma-calibration-fit.js';

describe('σ calibration fit', () => {
  it('recovers the slopes of a log-linear σ and puts 72 % of the errors within ±1σ', () => {
    const random = mulberry32(5);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const truth = [-3, 0.5, 0.8, 0.3];
    const features: number[][] = [];
    const errors: number[][] = [];
    for (let i = 0; i < 20000; i++) {
      const f = [1, -4 + 2 * random(), -5 + 3 * random(), 3 * random()];
      const sigma = Math.exp(f.reduce((s, v, k) => s + v * truth[k]!, 0));
      features.push(f);
      errors.push([0, 1, 2].map(() => Math.abs(sigma * normal())));
    }
    const fit = fitSigmaCalibration({ features, errors });
    const [intercept, ...slopes] = fit.coefficients;
    slopes.forEach((slope, k) => expect(slope).toBeCloseTo(truth[k + 1]!, 1));
    // For Gaussian errors 72 % lie within 1.08σ: the intercept moves up by ln 1.08.
    expect(intercept).toBeCloseTo(-3 + Math.log(1.08), 1);
  });
});
