/**
 * The "best constant sharpening" baseline of the super-resolution ablation: lanczos3 followed by an
 * unsharp mask out = up + g·(up − G_σ * up) with one gain g and radius σ per scale factor, fitted by
 * least squares on training photos only. A learned model has to beat this to have learned anything
 * beyond a fixed filter.
 */

/** Separable Gaussian blur of interleaved samples (edges clamped), σ in output pixels. */
export function gaussianBlur(
  src: Float64Array,
  width: number,
  height: number,
  channels: number,
  sigma: number,
): Float64Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, k) =>
    Math.exp(-((k - radius) ** 2) / (2 * sigma * sigma)),
  );
  const total = kernel.reduce((a, b) => a + b, 0);
  const weights = kernel.map((w) => w / total);
  const pass = (from: Float64Array, horizontal: boolean): Float64Array => {
    const out = new Float64Array(from.length);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < channels; c++) {
          let v = 0;
          for (let k = -radius; k <= radius; k++) {
            const xx = horizontal ? Math.min(width - 1, Math.max(0, x + k)) : x;
            const yy = horizontal ? y : Math.min(height - 1, Math.max(0, y + k));
            v += weights[k + radius]! * from[(yy * width + xx) * channels + c]!;
          }
          out[(y * width + x) * channels + c] = v;
        }
      }
    }
    return out;
  };
  return pass(pass(src, true), false);
}

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
