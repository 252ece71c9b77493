import { describe, expect, it } from 'vitest';
import {
  cholesky,
  gaussianLogLikelihood,
  gpPosterior,
  gpPosteriorSample,
  kernelMatrix,
  sampleCurve,
} from './gaussian-process.js';
import { mulberry32 } from '../../models/nn/params.js';

const k = { lengthscale: 0.4, scale: 0.8, noise: 0.02 };

describe('exact GP in plain TypeScript', () => {
  it('cholesky factors reproduce the matrix', () => {
    const x = [-1.5, -0.3, 0.2, 1.1, 1.9];
    const m = kernelMatrix(x, x, k, true);
    const l = cholesky(m, 5);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        let s = 0;
        for (let t = 0; t < 5; t++) s += l[i * 5 + t]! * l[j * 5 + t]!;
        expect(s).toBeCloseTo(m[i * 5 + j]!, 10);
        if (j > i) expect(l[i * 5 + j]).toBe(0);
      }
    }
  });

  it('the posterior interpolates its data and reverts to the prior far away', () => {
    const xc = [-1, 0, 1];
    const yc = [0.5, -0.2, 0.3];
    const p = gpPosterior(xc, yc, [0, 50], k);
    expect(p.mean[0]).toBeCloseTo(-0.2, 2);
    expect(p.std[0]).toBeLessThan(0.03);
    expect(p.mean[1]).toBeCloseTo(0, 8);
    expect(p.std[1]).toBeCloseTo(Math.sqrt(k.scale ** 2 + k.noise ** 2), 8);
  });

  it('log-likelihood of a standard normal at its mean', () => {
    expect(gaussianLogLikelihood([0], [0], [1])).toBeCloseTo(-0.5 * Math.log(2 * Math.PI), 12);
  });

  it('prior and posterior draws have the right spread', () => {
    const rand = mulberry32(1);
    const draws = Array.from({ length: 2000 }, () => sampleCurve([0.3], k, rand)[0]!);
    const variance = draws.reduce((a, v) => a + v * v, 0) / draws.length;
    expect(Math.sqrt(variance)).toBeCloseTo(0.8, 1);
    const post = Array.from({ length: 500 }, () => gpPosteriorSample([0], [0.7], [0, 3], k, rand));
    const near = post.map((d) => d[0]!);
    const meanNear = near.reduce((a, b) => a + b, 0) / near.length;
    expect(meanNear).toBeCloseTo(0.7, 1);
    const far = post.map((d) => d[1]!);
    expect(Math.sqrt(far.reduce((a, v) => a + v * v, 0) / far.length)).toBeCloseTo(0.8, 1);
  });
});
