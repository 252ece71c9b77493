/**
 * One completion case scored whole: the model's mean, k samples and σ (completion-scores.ts) and the
 * classical baselines on the same erased input — the classical fill alone, OpenCV's Telea and,
 * where Debian's OpenCV is there, its FSR_FAST — PSNR and SSIM over the hole. Also the average of a
 * set of cases, as the tables show it.
 */
import type { InferencePool } from '../compute/index.js';
import { completionBase } from '../imaging/completion-base.js';
import { inpaintImage } from '../tasks/inpaint.js';
import type { ModelRef } from '../util/task.js';
import { type CompletionCaseScores, holeFidelity, scoreSampledCompletion } from './completion-scores.js';
import { cropRaster } from './crops.js';
import { fsrInpaint } from './fsr.js';
import { eraseHole } from './masks.js';
import { meanDb } from './psnr.js';
import { quantise } from './resample.js';
import { teleaInpaint } from './telea.js';

/** Samples drawn per completion, as the issues' targets are stated (k = 4). */
export const COMPLETION_SAMPLES = 4;

/** What completes, and which optional baseline runs. */
export interface CompletionRun {
  model: ModelRef;
  pool: InferencePool;
  /** Score OpenCV's FSR_FAST too (needs fsrAvailability()); its scores are NaN without it. */
  fsr?: boolean;
  signal?: AbortSignal;
}

/** The classical baselines, each PSNR (dB) and SSIM over the hole. */
export interface BaselineScores {
  classicalPsnr: number;
  classicalSsim: number;
  teleaPsnr: number;
  teleaSsim: number;
  fsrPsnr: number;
  fsrSsim: number;
}

/** A case's scores, or (summariseCases) their average over cases. */
export interface CompletionScores extends CompletionCaseScores, BaselineScores {
  /** Wall seconds of the model's completion (k samples). */
  seconds: number;
}

/** The classical fill the point-set model's decoder corrects (app/imaging/completion-base.ts), alone. */
function classicalFill(erased: Uint8Array, size: number, hole: Uint8Array): Uint8Array {
  const colours = Float32Array.from(erased, (v) => v / 255);
  return quantise(completionBase({ width: size, height: size, factor: 1, colours, hole }, 3).get(1)!);
}

async function baselineScores(
  run: CompletionRun,
  truth: Uint8Array,
  erased: Uint8Array,
  size: number,
  hole: Uint8Array,
): Promise<BaselineScores> {
  const score = (fill: Uint8Array) => holeFidelity(truth, fill, size, size, hole);
  const classical = score(classicalFill(erased, size, hole));
  const telea = score(await teleaInpaint(erased, size, size, hole));
  const fsr = run.fsr ? score(await fsrInpaint(erased, size, size, hole)) : { psnr: NaN, ssim: NaN };
  return {
    classicalPsnr: classical.psnr,
    classicalSsim: classical.ssim,
    teleaPsnr: telea.psnr,
    teleaSsim: telea.ssim,
    fsrPsnr: fsr.psnr,
    fsrSsim: fsr.ssim,
  };
}

/** The model's completion of a square image's hole and the baselines, scored against the truth. */
export async function scoreCompletionCase(
  run: CompletionRun,
  truth: Uint8Array,
  size: number,
  hole: Uint8Array,
): Promise<CompletionScores> {
  const erased = eraseHole(truth, hole);
  const started = performance.now();
  const result = await inpaintImage(cropRaster(erased, size), hole, {
    samples: COMPLETION_SAMPLES,
    seed: 0,
    model: run.model,
    pool: run.pool,
    signal: run.signal ?? new AbortController().signal,
    onProgress: () => undefined,
  });
  const seconds = (performance.now() - started) / 1000;
  const { region, values } = result.sigma;
  const sigma = new Float32Array(size * size);
  for (let y = 0; y < region.height; y++) {
    sigma.set(values.subarray(y * region.width, (y + 1) * region.width), (region.y + y) * size + region.x);
  }
  const model = scoreSampledCompletion({
    width: size,
    height: size,
    truth,
    mean: result.mean.data as Uint8Array,
    samples: result.samples.map((s) => s.data as Uint8Array),
    hole,
    sigma,
  });
  return { ...model, ...(await baselineScores(run, truth, erased, size, hole)), seconds };
}

/** The average over values that are numbers (NaN where none is). */
function averageOf(values: number[]): number {
  const finite = values.filter((v) => !Number.isNaN(v));
  return finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN;
}

/** The cases' average: PSNRs in dB (meanDb), the rank histograms bin by bin, the rest arithmetically. */
export function summariseCases(cases: CompletionScores[]): CompletionScores {
  const first = cases[0];
  if (!first) throw new Error('summariseCases: no cases');
  const summary = {} as Record<string, number | number[]>;
  for (const key of Object.keys(first) as (keyof CompletionScores)[]) {
    if (key === 'rankHistogram') {
      summary[key] = first.rankHistogram.map((_, bin) => averageOf(cases.map((c) => c.rankHistogram[bin]!)));
    } else {
      const values = cases.map((c) => c[key]);
      summary[key] = key.endsWith('Psnr') ? meanDb(values) : averageOf(values);
    }
  }
  return summary as unknown as CompletionScores;
}
