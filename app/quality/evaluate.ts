/**
 * Image quality of a model on a set of photos, against classical baselines:
 * - super-resolution: each photo (centre-cropped to `size`², or to its own shorter side where that
 *   is smaller: never enlarged, see `superResCropSide`) is shrunk ×2/×4/×8 with an antialiased
 *   bicubic filter and brought back with bicubic and lanczos3 (exact kernels) and the model; PSNR
 *   against the original;
 * - completion: completion-eval.ts (strokes and boxes on the same photos, and the structure set).
 */
import { basename } from 'node:path';
import type { InferencePool, ModelSummary } from '../compute/index.js';
import { rgbImage } from '../imaging/superres-features.js';
import { upscaleByModel } from '../tasks/upscale-model.js';
import type { ModelRef, TaskProgress } from '../util/task.js';
import { type CompletionMetrics, evaluateCompletion } from './completion-eval.js';
import { downscale, loadCrop, superResCropSide } from './crops.js';
import { meanDb, psnr } from './psnr.js';
import { quantise, toBytes, upsample, upsampleFloat } from './resample.js';
import { type Sharpening, unsharp } from './sharpening.js';

export interface ImageQualityOptions {
  /** The model that completes (and upscales, unless `upscaleModel` is given). */
  model: ModelRef;
  upscaleModel?: ModelRef;
  /** The constant-sharpening baseline, per scale (`x2`, `x2.5`, …), fitted on training photos. */
  sharpening?: Record<string, Sharpening>;
  /** Other upscalers to score on the same inputs (only at the scales each supports). */
  peers?: UpscalePeer[];
  /** Skip the completion half. */
  skipCompletion?: boolean;
  /** Score OpenCV's FSR_FAST among the completion baselines (see fsrAvailability). */
  fsr?: boolean;
  /** Score the completion on the synthetic structure set too (its first `structureCases`, default all). */
  structure?: boolean;
  structureCases?: number;
  files: string[];
  pool: InferencePool;
  /** Super-resolution factors (default 2, 2.5, 3, 4, 8). */
  scales?: number[];
  /** Side of the square crop each photo is evaluated at (default 512). */
  size?: number;
  /** Side of the box holes (default 64). */
  box?: number;
  signal?: AbortSignal;
  onProgress?: (progress: TaskProgress) => void;
}

/** A third-party upscaler scored beside the model (e.g. UpscalerJS's ESRGAN). */
export interface UpscalePeer {
  name: string;
  scales: number[];
  upscale(rgb: Uint8Array, width: number, height: number, scale: number): Promise<Uint8Array>;
}

export interface SuperResolutionScores {
  bicubic: number;
  lanczos3: number;
  /** lanczos3 + the fitted unsharp mask (absent when no fit was given). */
  sharpened?: number;
  model: number;
  /** model − the best of (lanczos3 = the model's base, constant sharpening). */
  learnedGain: number;
  /** Fraction of output samples within ±1σ and ±2σ of the model's mean. */
  within1Sigma: number;
  within2Sigma: number;
  /** Mean wall seconds per image of the model, and of each peer. */
  modelSeconds: number;
  peers: Record<string, { psnr: number; seconds: number }>;
}

/** Mean PSNR in dB over the photos. */
export interface ImageQualityMetrics {
  images: number;
  size: number;
  superResolution: Record<string, SuperResolutionScores>;
  /** Absent when the completion half was skipped. */
  inpainting?: CompletionMetrics;
  seconds: number;
}

/** A model's upscale of an 8-bit square image to size²: its mean (also as 8 bits) and σ, in 0–1. */
export async function modelUpscale(
  run: { pool: InferencePool; model: ModelRef; signal?: AbortSignal | undefined },
  shape: ModelSummary,
  low: Uint8Array,
  side: number,
  size: number,
): Promise<{ rgb: Uint8Array; mean: Float32Array; std: Float32Array }> {
  const mean = new Float32Array(size * size * 3);
  const std = new Float32Array(size * size * 3);
  await upscaleByModel(
    {
      ...rgbImage(
        side,
        side,
        Float32Array.from(low, (v) => v / 255),
      ),
      yDim: 3,
    },
    size,
    size,
    {
      pool: run.pool,
      model: run.model,
      shape,
      signal: run.signal ?? new AbortController().signal,
      onTiles: () => undefined,
      withStd: true,
      sink: async (first, _count, band, bandStd) => {
        mean.set(band, first * size * 3);
        if (bandStd) std.set(bandStd, first * size * 3);
      },
    },
  );
  return { rgb: quantise(mean), mean, std };
}

/** Fractions of samples whose truth lies within ±1σ and ±2σ of the predicted mean. */
function coverage(truth: Uint8Array, mean: Float32Array, std: Float32Array): [number, number] {
  let one = 0;
  let two = 0;
  for (let i = 0; i < truth.length; i++) {
    const z = Math.abs(truth[i]! / 255 - mean[i]!) / Math.max(std[i]!, 1e-6);
    if (z <= 1) one++;
    if (z <= 2) two++;
  }
  return [one / truth.length, two / truth.length];
}

const average = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

/** Per-scale accumulators of the super-resolution half. */
interface ScaleRuns {
  bicubic: number[];
  lanczos3: number[];
  sharpened: number[];
  model: number[];
  within1: number[];
  within2: number[];
  modelSeconds: number[];
  peers: Map<string, { psnr: number[]; seconds: number[] }>;
}

export const scaleKey = (scale: number): string => `x${scale}`;

async function scoreSuperResolution(
  evaluation: ImageQualityOptions,
  shape: ModelSummary,
  hr: Uint8Array,
  size: number,
  scale: number,
  runs: ScaleRuns,
): Promise<void> {
  const lowSide = Math.round(size / scale);
  const low = await downscale(hr, size, lowSide);
  runs.bicubic.push(psnr(hr, upsample(low, lowSide, lowSide, 3, size, size, 'bicubic'), 3));
  const up = upsampleFloat(low, lowSide, lowSide, 3, size, size, 'lanczos3');
  runs.lanczos3.push(psnr(hr, toBytes(up), 3));
  const fit = evaluation.sharpening?.[scaleKey(scale)];
  if (fit) runs.sharpened.push(psnr(hr, toBytes(unsharp(up, size, size, fit)), 3));
  const started = performance.now();
  const predicted = await modelUpscale(
    { pool: evaluation.pool, model: evaluation.upscaleModel ?? evaluation.model, signal: evaluation.signal },
    shape,
    low,
    lowSide,
    size,
  );
  runs.modelSeconds.push((performance.now() - started) / 1000);
  runs.model.push(psnr(hr, predicted.rgb, 3));
  const [one, two] = coverage(hr, predicted.mean, predicted.std);
  runs.within1.push(one);
  runs.within2.push(two);
  for (const peer of evaluation.peers ?? []) {
    if (!peer.scales.includes(scale)) continue;
    const t0 = performance.now();
    const out = await peer.upscale(low, lowSide, lowSide, scale);
    const seconds = (performance.now() - t0) / 1000;
    // A peer's fixed factor can overshoot the crop by a pixel or two: compare the common area.
    const side = lowSide * scale;
    const cropped = side === size ? out : cropRgb(out, side, size);
    const entry = runs.peers.get(peer.name) ?? { psnr: [], seconds: [] };
    entry.psnr.push(psnr(hr, cropped, 3));
    entry.seconds.push(seconds);
    runs.peers.set(peer.name, entry);
  }
}

/** The top-left size × size of a square RGB image (size ≤ side), resized when it is smaller. */
function cropRgb(rgb: Uint8Array, side: number, size: number): Uint8Array {
  if (side < size) return upsample(rgb, side, side, 3, size, size, 'lanczos3');
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) out.set(rgb.subarray(y * side * 3, (y * side + size) * 3), y * size * 3);
  return out;
}

function summariseScale(runs: ScaleRuns): SuperResolutionScores {
  const lanczos3 = meanDb(runs.lanczos3);
  const sharpened = runs.sharpened.length ? meanDb(runs.sharpened) : undefined;
  const model = meanDb(runs.model);
  return {
    bicubic: meanDb(runs.bicubic),
    lanczos3,
    ...(sharpened !== undefined ? { sharpened } : {}),
    model,
    learnedGain: model - Math.max(lanczos3, sharpened ?? -Infinity),
    within1Sigma: average(runs.within1),
    within2Sigma: average(runs.within2),
    modelSeconds: average(runs.modelSeconds),
    peers: Object.fromEntries(
      [...runs.peers].map(([name, r]) => [name, { psnr: meanDb(r.psnr), seconds: average(r.seconds) }]),
    ),
  };
}

export async function evaluateImageQuality(evaluation: ImageQualityOptions): Promise<ImageQualityMetrics> {
  const started = performance.now();
  const size = evaluation.size ?? 512;
  const scales = evaluation.scales ?? [2, 2.5, 3, 4, 8];
  const shape = await evaluation.pool.describe(evaluation.upscaleModel ?? evaluation.model);
  const sr = new Map<number, ScaleRuns>(
    scales.map((s) => [
      s,
      {
        bicubic: [],
        lanczos3: [],
        sharpened: [],
        model: [],
        within1: [],
        within2: [],
        modelSeconds: [],
        peers: new Map(),
      },
    ]),
  );
  for (const [index, file] of evaluation.files.entries()) {
    evaluation.onProgress?.({
      done: index,
      total: evaluation.files.length,
      message: `evaluating ${basename(file)}`,
    });
    const srSide = await superResCropSide(file, size);
    const srTruth = await loadCrop(file, srSide);
    for (const scale of scales)
      await scoreSuperResolution(evaluation, shape, srTruth, srSide, scale, sr.get(scale)!);
  }
  evaluation.onProgress?.({
    done: evaluation.files.length,
    total: evaluation.files.length,
    message: 'evaluated',
  });
  const superResolution: Record<string, SuperResolutionScores> = {};
  for (const [scale, runs] of sr) superResolution[scaleKey(scale)] = summariseScale(runs);
  const inpainting = evaluation.skipCompletion
    ? undefined
    : await evaluateCompletion({
        model: evaluation.model,
        pool: evaluation.pool,
        files: evaluation.files,
        size,
        box: evaluation.box ?? 64,
        fsr: evaluation.fsr,
        structure: evaluation.structure,
        structureCases: evaluation.structureCases,
        signal: evaluation.signal,
        onProgress: evaluation.onProgress,
      });
  return {
    images: evaluation.files.length,
    size,
    superResolution,
    ...(inpainting ? { inpainting } : {}),
    seconds: (performance.now() - started) / 1000,
  };
}
