/**
 * What the super-resolution model is given beside coordinates, computed the same way for training
 * windows and for whole photos (so the two can never drift apart):
 * - each context point (a low-resolution pixel) carries its 5×5 neighbourhood, as differences from
 *   its own colour — the learned local features that give cross-attention something to choose by;
 * - each target (an output pixel) carries the P×P low-resolution pixels around it (P = 4, or 6 =
 *   every pixel Lanczos-3 reads) as differences from the Lanczos-3 estimate there, its sub-pixel
 *   phase and the scale factor — what a residual over the interpolation needs;
 * - the Lanczos-3 estimate itself is the base the model's mean corrects.
 * Coordinates are in low-resolution pixel units: pixel i covers [i, i + 1). Edges are clamped.
 */

/**
 * A low-resolution RGB image, row-major, colours in [0, 1]: colour c of pixel p is
 * `samples[p * stride + c * step] * scale` (as a float32), so a decoded photo's own 8- or 16-bit
 * samples serve without a float copy of the whole image (step 0 reads a grey image's one colour).
 */
export interface LowResImage {
  width: number;
  height: number;
  samples: Uint8Array | Uint16Array | Float32Array;
  stride: number;
  step: number;
  scale: number;
}

/** RGB colours packed as floats, three to a pixel. */
export const rgbImage = (width: number, height: number, rgb: Float32Array): LowResImage => ({
  width,
  height,
  samples: rgb,
  stride: 3,
  step: 1,
  scale: 1,
});

/** Colour c of the pixel whose first sample is at `at`, as a float32 (as a float copy would hold it). */
export const colourAt = (image: LowResImage, at: number, c: number): number =>
  Math.fround(image.samples[at + c * image.step]! * image.scale);

const CONTEXT_RADIUS = 2;
/** Differences are scaled up so that typical detail (a few levels of 255) reaches the MLPs at O(0.1–1). */
const DETAIL_SCALE = 4;

export const CONTEXT_FEATURES = 3 * ((2 * CONTEXT_RADIUS + 1) ** 2 - 1);
/** Sides of the target patch a model can be trained with: the 4×4 or the 6×6 nearest pixels. */
export type TargetPatch = 4 | 6;

export const targetFeatureCount = (patch: TargetPatch): number => 3 * patch * patch + 3;

/** The patch side a model with `count` target features reads (a RangeError for any other count). */
export function targetPatchOf(count: number): TargetPatch {
  for (const patch of [4, 6] as const) if (targetFeatureCount(patch) === count) return patch;
  throw new RangeError(
    `a super-resolution model has ${targetFeatureCount(4)} or ${targetFeatureCount(6)} target features, not ${count}`,
  );
}

const clamp = (i: number, size: number): number => (i < 0 ? 0 : i >= size ? size - 1 : i);

/** Writes pixel (i, j)'s context features at `out[offset ..]`. */
export function writeContextFeatures(
  image: LowResImage,
  i: number,
  j: number,
  out: Float32Array,
  offset: number,
): void {
  const { width, height, stride } = image;
  const centre = (j * width + i) * stride;
  let k = offset;
  for (let dy = -CONTEXT_RADIUS; dy <= CONTEXT_RADIUS; dy++) {
    const row = clamp(j + dy, height) * width;
    for (let dx = -CONTEXT_RADIUS; dx <= CONTEXT_RADIUS; dx++) {
      if (dx === 0 && dy === 0) continue;
      const at = (row + clamp(i + dx, width)) * stride;
      for (let c = 0; c < 3; c++)
        out[k++] = (colourAt(image, at, c) - colourAt(image, centre, c)) * DETAIL_SCALE;
    }
  }
}

/** sinc(t)·sinc(t/3) for |t| < 3: the kernel of sharp's `lanczos3`. */
function lanczos3(t: number): number {
  const a = Math.abs(t);
  if (a < 1e-7) return 1;
  if (a >= 3) return 0;
  const p = Math.PI * a;
  return (3 * Math.sin(p) * Math.sin(p / 3)) / (p * p);
}

/** Lanczos-3 taps of one coordinate: the first of 6 source indices (unclamped) and normalised weights. */
export interface AxisTaps {
  first: number;
  weights: Float64Array;
  /** Position of the coordinate between the centres of pixels `first + 2` and `first + 3`, in [0, 1). */
  phase: number;
}

export function axisTaps(u: number): AxisTaps {
  const p = u - 0.5;
  const left = Math.floor(p);
  const weights = new Float64Array(6);
  let sum = 0;
  for (let k = 0; k < 6; k++) sum += weights[k] = lanczos3(p - (left - 2 + k));
  for (let k = 0; k < 6; k++) weights[k]! /= sum;
  return { first: left - 2, weights, phase: p - left };
}

/** The Lanczos-3 estimate at low-resolution coordinates given as their taps, into `out[at ..]` (RGB). */
export function writeLanczos(
  image: LowResImage,
  tx: AxisTaps,
  ty: AxisTaps,
  out: Float32Array,
  at: number,
): void {
  const { width, height, stride } = image;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let m = 0; m < 6; m++) {
    const row = clamp(ty.first + m, height) * width;
    let rr = 0;
    let gg = 0;
    let bb = 0;
    for (let n = 0; n < 6; n++) {
      const p = (row + clamp(tx.first + n, width)) * stride;
      const w = tx.weights[n]!;
      rr += w * colourAt(image, p, 0);
      gg += w * colourAt(image, p, 1);
      bb += w * colourAt(image, p, 2);
    }
    const w = ty.weights[m]!;
    r += w * rr;
    g += w * gg;
    b += w * bb;
  }
  out[at] = r;
  out[at + 1] = g;
  out[at + 2] = b;
}

/**
 * Writes the target at low-resolution coordinates (tx.u, ty.u) — given as their taps — : its
 * Lanczos-3 estimate at `base[baseOffset ..]` and its `targetFeatureCount(patch)` features at
 * `features[offset ..]`. `logScale` is log2 of the upscaling factor.
 */
export function writeTarget(
  patch: TargetPatch,
  image: LowResImage,
  tx: AxisTaps,
  ty: AxisTaps,
  logScale: number,
  base: Float32Array,
  baseOffset: number,
  features: Float32Array,
  offset: number,
): void {
  const { width, height, stride } = image;
  writeLanczos(image, tx, ty, base, baseOffset);
  const [r, g, b] = [base[baseOffset]!, base[baseOffset + 1]!, base[baseOffset + 2]!];
  let k = offset;
  // The P×P nearest pixels are the middle P of the 6 Lanczos taps.
  const skip = (6 - patch) / 2;
  for (let m = skip; m < skip + patch; m++) {
    const row = clamp(ty.first + m, height) * width;
    for (let n = skip; n < skip + patch; n++) {
      const at = (row + clamp(tx.first + n, width)) * stride;
      features[k++] = (colourAt(image, at, 0) - r) * DETAIL_SCALE;
      features[k++] = (colourAt(image, at, 1) - g) * DETAIL_SCALE;
      features[k++] = (colourAt(image, at, 2) - b) * DETAIL_SCALE;
    }
  }
  features[k++] = 2 * tx.phase - 1;
  features[k++] = 2 * ty.phase - 1;
  features[k] = logScale / 3;
}
