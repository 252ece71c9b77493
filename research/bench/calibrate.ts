/**
 * `anp bench calibrate`: fits the one factor on a model's predictive σ that makes ±1σ hold 68 % of the
 * errors, on training photos — never the held-out ones — and writes it into the model's manifest
 * (`calibration.sigmaScale`): for the completion model with the evaluation's holes (64² boxes and
 * strokes at 512 px), or with --upscale DIR for a super-resolution model.
 */
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from '../../app/util/args.js';
import { COMPLETION_MODEL_DIR } from '../../app/shipped-models.js';
import { createInferencePool, type InferencePool } from '../../app/compute/index.js';
import { imagePixel } from '../../app/imaging/colour.js';
import { cropRaster, loadCrop } from '../../app/quality/crops.js';
import { eraseHole, evaluationHoles } from '../../app/quality/masks.js';
import { predictCompletion } from '../../app/tasks/inpaint.js';
import type { ModelRef } from '../../app/util/task.js';
import { CALIBRATION_PHOTOS } from './images.js';
import { DEFAULT_PHOTOS } from '../shared/photo-corpus.js';
import { loadModelDir, saveModelDir } from '../../app/model-files.js';
import { sigmaScaleFor, upscaleErrorRatios } from '../../app/quality/upscale-sigma.js';
import type { BenchTarget } from './target.js';

const SIZE = 512;
const BOX = 64;
/** Training photos the completion's σ is calibrated on. */
const COMPLETION_CALIBRATION_PHOTOS = CALIBRATION_PHOTOS.slice(0, 12);

/**
 * Every hole pixel's error of the mean ÷ its σ as the model gives it now (per channel, σ being the
 * RMS over channels), so the new factor is the old one times the fit.
 */
export async function completionErrorRatios(
  model: ModelRef,
  files: string[],
  pool: InferencePool,
): Promise<Float64Array> {
  const ratios: number[] = [];
  for (const file of files) {
    const truth = await loadCrop(file, SIZE);
    const holes = evaluationHoles(file, SIZE, BOX);
    for (const hole of [holes.strokes, holes.boxes]) {
      const erased = eraseHole(truth, hole);
      const { region, regionHole, chains, sigma } = await predictCompletion(cropRaster(erased, SIZE), hole, {
        model,
        pool,
        samples: 0,
        seed: 0,
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      const mean = chains[0]!;
      for (let i = 0; i < regionHole.length; i++) {
        if (!regionHole[i] || !(sigma[i]! > 0)) continue;
        const pixel = imagePixel(region, i, SIZE);
        for (let c = 0; c < 3; c++)
          ratios.push(Math.abs(truth[pixel * 3 + c]! / 255 - mean[i * 3 + c]!) / sigma[i]!);
      }
    }
  }
  return Float64Array.from(ratios);
}

/** Training photos and factors the super-resolution σ is calibrated on. */
const UPSCALE_CALIBRATION_PHOTOS = CALIBRATION_PHOTOS.slice(0, 8);
const UPSCALE_CALIBRATION_SCALES = [2, 3, 4, 8];

/**
 * Fits a model's σ factor and writes it into its manifest (`calibration`): `ratios` are its errors ÷
 * σ under the factor it has now.
 */
async function calibrateSigma(
  dir: string,
  fit: (model: ModelRef, pool: InferencePool) => Promise<Float64Array>,
  about: Record<string, unknown>,
): Promise<void> {
  const pool = createInferencePool({ workers: availableParallelism() });
  try {
    const started = performance.now();
    const ratios = await fit({ id: basename(dir), dir }, pool);
    const { manifest, weights, card } = await loadModelDir(dir);
    const before = (manifest['calibration'] as { sigmaScale?: number } | undefined)?.sigmaScale ?? 1;
    const calibration = {
      sigmaScale: before * sigmaScaleFor(ratios),
      ...about,
      samples: ratios.length,
      seconds: (performance.now() - started) / 1000,
    };
    await saveModelDir(dir, { manifest: { ...manifest, calibration }, weights, card });
    console.log(JSON.stringify(calibration));
    console.log(`wrote the calibration into ${join(dir, 'manifest.json')}`);
  } finally {
    await pool.dispose();
  }
}

export const calibrateBench: BenchTarget = {
  name: 'calibrate',
  summary:
    "fit the factor on the completion model's σ (or with --upscale DIR, a super-resolution model's) on training photos",
  async run(argv) {
    const { options } = parseArgs(argv, {
      model: { type: 'string', short: 'm' },
      photos: { type: 'string' },
      upscale: { type: 'string' },
    } as const);
    const photos = options.photos ?? DEFAULT_PHOTOS;
    if (options.upscale) {
      const files = UPSCALE_CALIBRATION_PHOTOS.map((name) => join(photos, name));
      await calibrateSigma(
        resolve(options.upscale),
        (model, pool) => upscaleErrorRatios(model, files, UPSCALE_CALIBRATION_SCALES, SIZE, pool),
        { fittedOn: UPSCALE_CALIBRATION_PHOTOS, scales: UPSCALE_CALIBRATION_SCALES },
      );
      return;
    }
    const files = COMPLETION_CALIBRATION_PHOTOS.map((name) => join(photos, name));
    await calibrateSigma(
      resolve(options.model ?? COMPLETION_MODEL_DIR),
      (model, pool) => completionErrorRatios(model, files, pool),
      { fittedOn: COMPLETION_CALIBRATION_PHOTOS, holes: `64² boxes and strokes at ${SIZE} px` },
    );
  },
};
