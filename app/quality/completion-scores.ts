/**
 * Scores of one sampled completion against the true pixels, all over the erased pixels only:
 * fidelity (PSNR and SSIM of the mean and of each sample), diversity (how much two samples differ,
 * per pixel and between 8×8-block averages), texture (gradient energy of a sample ÷ that of the
 * truth), whether the samples behave like posterior draws (the truth's rank among them, and the
 * gain of their average over one of them) and the calibration of σ (coverage of ±1σ/±2σ, and
 * Spearman correlations with the mean's error and with the distance to the nearest known pixel).
 */
import { mulberry32 } from '../../models/index.js';
import { distanceTo } from '../imaging/distance.js';
import { psnr } from './psnr.js';
import { ssim } from './ssim.js';

export interface SampledCompletion {
  width: number;
  height: number;
  /** RGB bytes of the truth, the mean and each sample. */
  truth: Uint8Array;
  mean: Uint8Array;
  samples: Uint8Array[];
  hole: Uint8Array;
  /** σ per pixel in 0–1 colour units (0 outside the hole). */
  sigma: Float32Array;
  /** Seeds the random breaking of ties in the rank histogram (default 0). */
  seed?: number;
}

export interface CompletionCaseScores {
  meanPsnr: number;
  meanSsim: number;
  /** Means over the samples. */
  samplePsnr: number;
  sampleSsim: number;
  /** PSNR of the samples' average (exact posterior draws: about +2 dB over one sample at k = 4). */
  sampleAveragePsnr: number;
  /**
   * Fractions of hole values (pixels × channels) where the truth ranks 0…k among the k samples
   * (flat, 1/(k + 1) each, for draws from the right distribution).
   */
  rankHistogram: number[];
  /** Mean absolute difference between two samples (levels of 255), mean over pairs. */
  diversity: number;
  /** The same between the 8×8-block averages of blocks wholly inside the hole (NaN if none). */
  blockDiversity: number;
  /** Gradient energy of a sample ÷ that of the truth (mean over samples). */
  textureRatio: number;
  within1Sigma: number;
  within2Sigma: number;
  spearmanSigmaError: number;
  spearmanDistanceError: number;
  spearmanSigmaDistance: number;
}

const pairs = (n: number): [number, number][] =>
  Array.from({ length: n }, (_, a) =>
    Array.from({ length: n - a - 1 }, (_, k) => [a, a + k + 1] as [number, number]),
  ).flat();

function meanAbsDifference(a: Uint8Array, b: Uint8Array, hole: Uint8Array): number {
  let total = 0;
  let n = 0;
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    for (let c = 0; c < 3; c++) total += Math.abs(a[i * 3 + c]! - b[i * 3 + c]!);
    n += 3;
  }
  return n ? total / n : Number.NaN;
}

const BLOCK = 8;

/** Per-channel means of the 8×8 blocks (on the 8-px grid) that lie wholly inside the hole. */
function blockMeans(rgb: Uint8Array, hole: Uint8Array, width: number, height: number): number[] {
  const out: number[] = [];
  for (let by = 0; by + BLOCK <= height; by += BLOCK) {
    for (let bx = 0; bx + BLOCK <= width; bx += BLOCK) {
      const sums = [0, 0, 0];
      let inside = true;
      for (let y = by; y < by + BLOCK && inside; y++) {
        for (let x = bx; x < bx + BLOCK; x++) {
          const i = y * width + x;
          if (!hole[i]) {
            inside = false;
            break;
          }
          for (let c = 0; c < 3; c++) sums[c]! += rgb[i * 3 + c]!;
        }
      }
      if (inside) out.push(...sums.map((s) => s / (BLOCK * BLOCK)));
    }
  }
  return out;
}

/** Mean of |∂x L| + |∂y L| (luma) over hole pixels whose right and lower neighbours are in the hole. */
export function gradientEnergy(rgb: Uint8Array, hole: Uint8Array, width: number, height: number): number {
  const luma = (i: number): number => 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;
  let total = 0;
  let n = 0;
  for (let y = 0; y + 1 < height; y++) {
    for (let x = 0; x + 1 < width; x++) {
      const i = y * width + x;
      if (!hole[i] || !hole[i + 1] || !hole[i + width]) continue;
      const l = luma(i);
      total += Math.abs(luma(i + 1) - l) + Math.abs(luma(i + width) - l);
      n++;
    }
  }
  return n ? total / n : Number.NaN;
}

/** Ranks with ties given their average rank. */
function ranks(values: number[]): Float64Array {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const out = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    for (let k = start; k <= end; k++) out[order[k]!] = (start + end) / 2;
    start = end + 1;
  }
  return out;
}

export function spearman(a: number[], b: number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  const ma = ra.reduce((s, v) => s + v, 0) / n;
  const mb = rb.reduce((s, v) => s + v, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (ra[i]! - ma) * (rb[i]! - mb);
    aa += (ra[i]! - ma) ** 2;
    bb += (rb[i]! - mb) ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : Number.NaN;
}

/** PSNR and SSIM of a fill over the hole's pixels. */
export function holeFidelity(
  truth: Uint8Array,
  fill: ArrayLike<number>,
  width: number,
  height: number,
  hole: Uint8Array,
): { psnr: number; ssim: number } {
  return { psnr: psnr(truth, fill, 3, hole), ssim: ssim(truth, fill, width, height, 3, hole) };
}

/**
 * The truth's rank among the samples per hole value: how many samples lie below it, ties with equal
 * 8-bit values placed at random among them. Returns the fraction of values at each rank 0…k.
 */
export function rankHistogram(
  truth: Uint8Array,
  samples: Uint8Array[],
  hole: Uint8Array,
  seed = 0,
): number[] {
  const random = mulberry32(seed);
  const counts = new Array<number>(samples.length + 1).fill(0);
  let n = 0;
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    for (let c = 0; c < 3; c++) {
      const t = truth[i * 3 + c]!;
      let below = 0;
      let equal = 0;
      for (const s of samples) {
        const v = s[i * 3 + c]!;
        if (v < t) below++;
        else if (v === t) equal++;
      }
      counts[below + Math.floor(random() * (equal + 1))]!++;
      n++;
    }
  }
  return counts.map((k) => k / Math.max(1, n));
}

/** The per-value average of the samples (not rounded). */
function sampleAverage(samples: Uint8Array[]): Float32Array {
  const out = new Float32Array(samples[0]!.length);
  for (const s of samples) for (let i = 0; i < out.length; i++) out[i]! += s[i]! / samples.length;
  return out;
}

export function scoreSampledCompletion(c: SampledCompletion): CompletionCaseScores {
  const { truth, mean, samples, hole, sigma, width, height } = c;
  const depth = distanceTo(hole, width, height, 0);
  const sigmas: number[] = [];
  const errors: number[] = [];
  const depths: number[] = [];
  let one = 0;
  let two = 0;
  for (let i = 0; i < hole.length; i++) {
    if (!hole[i]) continue;
    const s = Math.max(sigma[i]!, 1e-6) * 255;
    let error = 0;
    for (let ch = 0; ch < 3; ch++) {
      const e = Math.abs(truth[i * 3 + ch]! - mean[i * 3 + ch]!);
      if (e <= s) one++;
      if (e <= 2 * s) two++;
      error += e / 3;
    }
    sigmas.push(sigma[i]!);
    errors.push(error);
    depths.push(depth[i]!);
  }
  const samplePairs = pairs(samples.length);
  const blocks = samples.map((s) => blockMeans(s, hole, width, height));
  const truthEnergy = gradientEnergy(truth, hole, width, height);
  const average = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
  const fidelity = (fill: ArrayLike<number>) => holeFidelity(truth, fill, width, height, hole);
  const ofMean = fidelity(mean);
  const ofSamples = samples.map(fidelity);
  return {
    meanPsnr: ofMean.psnr,
    meanSsim: ofMean.ssim,
    samplePsnr: average(ofSamples.map((f) => f.psnr)),
    sampleSsim: average(ofSamples.map((f) => f.ssim)),
    sampleAveragePsnr: psnr(truth, sampleAverage(samples), 3, hole),
    rankHistogram: rankHistogram(truth, samples, hole, c.seed),
    diversity: average(samplePairs.map(([a, b]) => meanAbsDifference(samples[a]!, samples[b]!, hole))),
    blockDiversity: blocks[0]!.length
      ? average(samplePairs.map(([a, b]) => average(blocks[a]!.map((v, k) => Math.abs(v - blocks[b]![k]!)))))
      : Number.NaN,
    textureRatio: average(samples.map((s) => gradientEnergy(s, hole, width, height))) / truthEnergy,
    within1Sigma: one / (3 * sigmas.length),
    within2Sigma: two / (3 * sigmas.length),
    spearmanSigmaError: spearman(sigmas, errors),
    spearmanDistanceError: spearman(depths, errors),
    spearmanSigmaDistance: spearman(sigmas, depths),
  };
}
