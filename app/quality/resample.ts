/**
 * Classical upsampling baselines with exact kernels: bicubic (Keys, a = −0.5) and lanczos3, separable,
 * pixel centres aligned, edges clamped. (sharp's upsampling picks one interpolator for both kernels,
 * so it cannot serve as two distinct baselines.)
 */
export type Kernel = 'bicubic' | 'lanczos3';

const SUPPORT: Record<Kernel, number> = { bicubic: 2, lanczos3: 3 };

function weight(kernel: Kernel, x: number): number {
  const t = Math.abs(x);
  if (kernel === 'bicubic') {
    const a = -0.5;
    if (t < 1) return (a + 2) * t ** 3 - (a + 3) * t ** 2 + 1;
    if (t < 2) return a * t ** 3 - 5 * a * t ** 2 + 8 * a * t - 4 * a;
    return 0;
  }
  if (t === 0) return 1;
  if (t >= 3) return 0;
  const px = Math.PI * t;
  return (3 * Math.sin(px) * Math.sin(px / 3)) / (px * px);
}

interface Taps {
  first: number;
  weights: Float64Array;
}

function axisTaps(kernel: Kernel, inSize: number, outSize: number): Taps[] {
  const support = SUPPORT[kernel];
  return Array.from({ length: outSize }, (_, j) => {
    const u = ((j + 0.5) * inSize) / outSize - 0.5;
    const first = Math.floor(u) - support + 1;
    const weights = new Float64Array(2 * support);
    let sum = 0;
    for (let k = 0; k < weights.length; k++) sum += weights[k] = weight(kernel, u - (first + k));
    for (let k = 0; k < weights.length; k++) weights[k]! /= sum;
    return { first, weights };
  });
}

/** Upsamples interleaved 8-bit samples (any channel count) to outW × outH, unrounded and unclamped. */
export function upsampleFloat(
  src: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outW: number,
  outH: number,
  kernel: Kernel,
): Float64Array {
  const cols = axisTaps(kernel, width, outW);
  const rows = axisTaps(kernel, height, outH);
  const clamp = (i: number, n: number): number => (i < 0 ? 0 : i >= n ? n - 1 : i);
  const mid = new Float64Array(height * outW * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outW; x++) {
      const { first, weights } = cols[x]!;
      for (let c = 0; c < channels; c++) {
        let v = 0;
        for (let k = 0; k < weights.length; k++)
          v += weights[k]! * src[(y * width + clamp(first + k, width)) * channels + c]!;
        mid[(y * outW + x) * channels + c] = v;
      }
    }
  }
  const out = new Float64Array(outW * outH * channels);
  for (let y = 0; y < outH; y++) {
    const { first, weights } = rows[y]!;
    for (let x = 0; x < outW; x++) {
      for (let c = 0; c < channels; c++) {
        let v = 0;
        for (let k = 0; k < weights.length; k++)
          v += weights[k]! * mid[(clamp(first + k, height) * outW + x) * channels + c]!;
        out[(y * outW + x) * channels + c] = v;
      }
    }
  }
  return out;
}

/** Rounds and clamps samples in 0..255 to 8 bits. */
export function toBytes(values: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(values as ArrayLike<number>, (v) => Math.min(255, Math.max(0, Math.round(v))));
}

/** Colours in 0–1 as 8-bit samples. */
export function quantise(colours: Float32Array): Uint8Array {
  return Uint8Array.from(colours, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}

/** Upsamples interleaved 8-bit samples (any channel count) to outW × outH. */
export function upsample(...args: Parameters<typeof upsampleFloat>): Uint8Array {
  return toBytes(upsampleFloat(...args));
}
