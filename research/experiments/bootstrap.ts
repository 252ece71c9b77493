import { mulberry32 } from '../../models/nn/params.js';

export interface Interval {
  /** The observed mean of the paired differences a − b. */
  mean: number;
  low: number;
  high: number;
}

export interface BootstrapOptions {
  resamples?: number;
  /** Coverage of the interval (default 0.95). */
  level?: number;
  seed?: number;
}

/**
 * Percentile bootstrap interval of mean(a − b) over paired units (here: the same function optimised
 * by two policies): each resample draws the units with replacement and keeps their pairs together.
 */
export function pairedBootstrap(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  { resamples = 10_000, level = 0.95, seed = 1 }: BootstrapOptions = {},
): Interval {
  const n = a.length;
  if (n === 0 || b.length !== n)
    throw new RangeError(`paired samples must be non-empty and of equal length (got ${n} and ${b.length})`);
  const d = Float64Array.from({ length: n }, (_, i) => a[i]! - b[i]!);
  const rand = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[Math.floor(rand() * n)]!;
    means[r] = sum / n;
  }
  means.sort();
  const at = (q: number) => means[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  return { mean: d.reduce((s, v) => s + v, 0) / n, low: at((1 - level) / 2), high: at((1 + level) / 2) };
}
