/**
 * Fits the completion's σ calibration (texture-samples.ts): ln σ = θ · features (SIGMA_FEATURES;
 * the first is the constant 1) by maximum Gaussian likelihood of the mean's per-channel errors (convex in θ; Newton),
 * then moves the intercept so that ±1σ holds 72 % of the errors (the middle of the 60–76 % a user can trust) — photo errors have heavier tails
 * than a Gaussian, and the likelihood alone would make ±1σ too wide.
 */
import type { SigmaCalibration } from '../tasks/texture-samples.js';

/** Per hole pixel: its four calibration features and the mean's absolute error in each channel. */
export interface SigmaFitData {
  features: number[][];
  errors: number[][];
}

const COVERAGE = 0.72;

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let k = col; k <= n; k++) m[r]![k]! -= f * m[col]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

export function fitSigmaCalibration(data: SigmaFitData, iterations = 30): SigmaCalibration {
  const { features, errors } = data;
  const dims = features[0]!.length;
  const squared = errors.map((e) => e.reduce((s, v) => s + v * v, 0));
  const channels = errors[0]!.length;
  const meanSquare = squared.reduce((s, v) => s + v, 0) / (channels * squared.length);
  const theta = Array.from({ length: dims }, (_, k) => (k === 0 ? 0.5 * Math.log(meanSquare) : 0));
  for (let it = 0; it < iterations; it++) {
    const gradient = new Array<number>(dims).fill(0);
    const hessian = Array.from({ length: dims }, () => new Array<number>(dims).fill(0));
    features.forEach((f, i) => {
      const logSigma = f.reduce((s, v, k) => s + v * theta[k]!, 0);
      const ratio = squared[i]! * Math.exp(-2 * logSigma);
      for (let a = 0; a < dims; a++) {
        gradient[a]! += f[a]! * (channels - ratio);
        for (let b = 0; b < dims; b++) hessian[a]![b]! += 2 * ratio * f[a]! * f[b]!;
      }
    });
    const step = solve(hessian, gradient);
    step.forEach((s, k) => (theta[k]! -= s));
    if (Math.max(...step.map(Math.abs)) < 1e-7) break;
  }
  const z = features
    .flatMap((f, i) => {
      const sigma = Math.exp(f.reduce((s, v, k) => s + v * theta[k]!, 0));
      return errors[i]!.map((e) => e / sigma);
    })
    .sort((a, b) => a - b);
  const shift = Math.log(z[Math.floor(COVERAGE * (z.length - 1))]!);
  return { coefficients: theta.map((t, k) => (k === 0 ? t + shift : t)) };
}
