/**
 * The "best constant sharpening" baseline of the super-resolution ablation: lanczos3 followed by an
 * unsharp mask out = up + g·(up − G_σ * up) with one gain g and radius σ per scale factor, fitted by
 * least squares on training photos only. A learned model has to beat this to have learned anything
 * beyond a fixed filter.
 */
import { gaussianBlur } from '../imaging/blur.js';

export interface Sharpening {
  gain: number;
  sigma: number;
}

/** The high-pass the mask adds: up − G_σ * up. */
function highPass(up: Float64Array, width: number, height: number, sigma: number): Float64Array {
  const blurred = gaussianBlur(up, width, height, 3, sigma);
  return up.map((v, i) => v - blurred[i]!);
}

export function unsharp(up: Float64Array, width: number, height: number, s: Sharpening): Float64Array {
  const detail = highPass(up, width, height, s.sigma);
  return up.map((v, i) => v + s.gain * detail[i]!);
}

/** One fitting case: the original RGB and its lanczos3 upsample from the low-resolution copy. */
export interface SharpeningCase {
  truth: Uint8Array;
  up: Float64Array;
  width: number;
  height: number;
}

/** Radii tried, in output pixels (the least-squares gain is exact for each). */
export const SHARPENING_SIGMAS = [0.5, 0.75, 1, 1.5, 2, 3];

/** The (gain, σ) of least squared error over all cases. */
export function fitSharpening(cases: readonly SharpeningCase[], sigmas = SHARPENING_SIGMAS): Sharpening {
  let best: Sharpening & { sse: number } = { gain: 0, sigma: sigmas[0]!, sse: Infinity };
  for (const sigma of sigmas) {
    let dd = 0;
    let de = 0;
    let ee = 0;
    for (const c of cases) {
      const d = highPass(c.up, c.width, c.height, sigma);
      for (let i = 0; i < d.length; i++) {
        const e = c.truth[i]! - c.up[i]!;
        dd += d[i]! * d[i]!;
        de += d[i]! * e;
        ee += e * e;
      }
    }
    const gain = dd > 0 ? de / dd : 0;
    const sse = ee - gain * de;
    if (sse < best.sse) best = { gain, sigma, sse };
  }
  return { gain: best.gain, sigma: best.sigma };
}
