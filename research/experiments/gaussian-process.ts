/**
 * 1D Gaussian-process curves with a squared-exponential kernel, in plain TypeScript (Float64Array):
 * the training data of the 1D experiments and, with the true kernel, their exact posterior oracle.
 */

export interface SeKernel {
  lengthscale: number;
  scale: number;
  /** Observation noise std, added on the diagonal. */
  noise: number;
}

/** k(a, b) = scale² · exp(−(a − b)² / (2·lengthscale²)), plus noise² where a and b are the same point. */
export function kernelMatrix(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  k: SeKernel,
  sameSet: boolean,
): Float64Array {
  const out = new Float64Array(a.length * b.length);
  const s2 = k.scale * k.scale;
  const inv = 1 / (2 * k.lengthscale * k.lengthscale);
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const d = a[i]! - b[j]!;
      out[i * b.length + j] = s2 * Math.exp(-d * d * inv) + (sameSet && i === j ? k.noise * k.noise : 0);
    }
  }
  return out;
}

/** Lower Cholesky factor of the n×n SPD matrix m (row-major); adds jitter when rounding breaks positivity. */
export function cholesky(m: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) l[i * n + i] = Math.sqrt(Math.max(sum, 1e-10));
      else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  return l;
}

/** Solves L·x = b (forward substitution). */
export function solveLower(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/** Solves Lᵀ·x = b (back substitution). */
export function solveUpper(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/** Standard normal draws from a uniform source (Box–Muller). */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** One noisy draw y ~ N(0, K(x, x) + noise²·I). */
export function sampleCurve(x: ArrayLike<number>, k: SeKernel, rand: () => number): Float64Array {
  const n = x.length;
  const l = cholesky(kernelMatrix(x, x, k, true), n);
  const eps = Float64Array.from({ length: n }, () => gaussian(rand));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j <= i; j++) sum += l[i * n + j]! * eps[j]!;
    y[i] = sum;
  }
  return y;
}

export interface GpPosterior {
  mean: Float64Array;
  /** Predictive std of a noisy observation at each query point. */
  std: Float64Array;
}

/** Exact posterior predictive of noisy y at xq given (xc, yc) under kernel k. */
export function gpPosterior(
  xc: ArrayLike<number>,
  yc: ArrayLike<number>,
  xq: ArrayLike<number>,
  k: SeKernel,
): GpPosterior {
  const n = xc.length;
  const l = cholesky(kernelMatrix(xc, xc, k, true), n);
  const alpha = solveUpper(l, n, solveLower(l, n, Float64Array.from(yc)));
  const kq = kernelMatrix(xq, xc, k, false);
  const mean = new Float64Array(xq.length);
  const std = new Float64Array(xq.length);
  const prior = k.scale * k.scale + k.noise * k.noise;
  for (let q = 0; q < xq.length; q++) {
    const row = kq.subarray(q * n, (q + 1) * n);
    let m = 0;
    for (let i = 0; i < n; i++) m += row[i]! * alpha[i]!;
    const v = solveLower(l, n, Float64Array.from(row));
    let vv = 0;
    for (let i = 0; i < n; i++) vv += v[i]! * v[i]!;
    mean[q] = m;
    std[q] = Math.sqrt(Math.max(prior - vv, 1e-12));
  }
  return { mean, std };
}

/** Σ log N(y; mean, std²). */
export function gaussianLogLikelihood(
  y: ArrayLike<number>,
  mean: ArrayLike<number>,
  std: ArrayLike<number>,
): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    const z = (y[i]! - mean[i]!) / std[i]!;
    sum += -0.5 * (z * z + Math.log(2 * Math.PI)) - Math.log(std[i]!);
  }
  return sum;
}

/** One joint draw of noisy y at xq from the exact posterior given (xc, yc): Thompson sampling's oracle. */
export function gpPosteriorSample(
  xc: ArrayLike<number>,
  yc: ArrayLike<number>,
  xq: ArrayLike<number>,
  k: SeKernel,
  rand: () => number,
): Float64Array {
  const n = xc.length;
  const g = xq.length;
  const l = cholesky(kernelMatrix(xc, xc, k, true), n);
  const alpha = solveUpper(l, n, solveLower(l, n, Float64Array.from(yc)));
  const kq = kernelMatrix(xq, xc, k, false);
  const v = Array.from({ length: g }, (_, q) => solveLower(l, n, kq.slice(q * n, (q + 1) * n)));
  const cov = kernelMatrix(xq, xq, k, true);
  for (let a = 0; a < g; a++) {
    for (let b = 0; b <= a; b++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += v[a]![i]! * v[b]![i]!;
      cov[a * g + b] = cov[a * g + b]! - dot;
      cov[b * g + a] = cov[a * g + b]!;
    }
  }
  const lq = cholesky(cov, g);
  const eps = Float64Array.from({ length: g }, () => gaussian(rand));
  const out = new Float64Array(g);
  for (let a = 0; a < g; a++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += kq[a * n + i]! * alpha[i]!;
    let s = 0;
    for (let j = 0; j <= a; j++) s += lq[a * g + j]! * eps[j]!;
    out[a] = m + s;
  }
  return out;
}
