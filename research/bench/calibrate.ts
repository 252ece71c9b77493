/**
 * `anp bench calibrate`: fits the completion's σ calibration (texture-samples.ts) for a model on
 * training photos — never the held-out ones — with the evaluation's holes (64² boxes and strokes at
 * 512 px), and writes the coefficients to research/results/calibration.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from '../../app/util/args.js';
import { DEFAULT_MODEL_DIR } from '../../app/shipped-models.js';
import { createInferencePool, type InferencePool } from '../../app/compute/index.js';
import { imagePixel } from '../../app/imaging/colour.js';
import { machineInfo } from '../shared/machine.js';
import { RESULTS_DIR, resultsPath } from '../shared/results.js';
import { cropRaster, loadCrop } from '../../app/quality/crops.js';
import { eraseHole, evaluationHoles } from '../../app/quality/masks.js';
import { fitSigmaCalibration, type SigmaFitData } from '../../app/quality/sigma-calibration-fit.js';
import { predictCompletion } from '../../app/tasks/inpaint.js';
import { SIGMA_FEATURES, sigmaFeatures } from '../../app/tasks/texture-samples.js';
import type { ModelRef } from '../../app/util/task.js';
import { CALIBRATION_PHOTOS } from './images.js';
import { DEFAULT_PHOTOS } from '../shared/photo-corpus.js';
import { loadModelDir, saveModelDir } from '../../app/model-files.js';
import { sigmaScaleFor, upscaleErrorRatios } from '../../app/quality/upscale-sigma.js';
import type { BenchTarget } from './target.js';

const RESULTS = resultsPath('calibration.json');
const SIZE = 512;
const BOX = 64;

/** Every hole pixel's calibration features and the mean's per-channel errors (in 0–1 units). */
export async function collectSigmaData(
  model: ModelRef,
  files: string[],
  pool: InferencePool,
): Promise<SigmaFitData> {
  const data: SigmaFitData = { features: [], errors: [] };
  for (const file of files) {
    const truth = await loadCrop(file, SIZE);
    const holes = evaluationHoles(file, SIZE, BOX);
    for (const hole of [holes.strokes, holes.boxes]) {
      const erased = eraseHole(truth, hole);
      const p = await predictCompletion(cropRaster(erased, SIZE), hole, {
        model,
        pool,
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      const { region, regionHole, mean, modelStd, field } = p;
      for (let i = 0; i < regionHole.length; i++) {
        if (!regionHole[i]) continue;
        const pixel = imagePixel(region, i, SIZE);
        data.features.push(sigmaFeatures(field, modelStd, i));
        data.errors.push([0, 1, 2].map((c) => Math.abs(truth[pixel * 3 + c]! / 255 - mean[i * 3 + c]!)));
      }
    }
  }
  return data;
}

/** Training photos and factors the super-resolution σ is calibrated on. */
const UPSCALE_CALIBRATION_PHOTOS = CALIBRATION_PHOTOS.slice(0, 8);
const UPSCALE_CALIBRATION_SCALES = [2, 3, 4, 8];

/** Fits the super-resolution σ's factor and writes it into the model's manifest (`calibration`). */
async function calibrateUpscaleSigma(dir: string, photos: string): Promise<void> {
  const pool = createInferencePool({ workers: availableParallelism() });
  try {
    const started = performance.now();
    const files = UPSCALE_CALIBRATION_PHOTOS.map((name) => join(photos, name));
    const model = { id: basename(dir), dir };
    const ratios = await upscaleErrorRatios(model, files, UPSCALE_CALIBRATION_SCALES, SIZE, pool);
    const calibration = {
      sigmaScale: sigmaScaleFor(ratios),
      fittedOn: UPSCALE_CALIBRATION_PHOTOS,
      scales: UPSCALE_CALIBRATION_SCALES,
      samples: ratios.length,
      seconds: (performance.now() - started) / 1000,
    };
    const { manifest, weights, card } = await loadModelDir(dir);
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
    "fit the completion σ's calibration (or with --upscale DIR, a super-resolution model's) on training photos",
  async run(argv) {
    const { options } = parseArgs(argv, {
      model: { type: 'string', short: 'm' },
      photos: { type: 'string' },
      upscale: { type: 'string' },
    } as const);
    if (options.upscale) {
      await calibrateUpscaleSigma(resolve(options.upscale), options.photos ?? DEFAULT_PHOTOS);
      return;
    }
    const dir = resolve(options.model ?? DEFAULT_MODEL_DIR);
    const photos = options.photos ?? DEFAULT_PHOTOS;
    const files = CALIBRATION_PHOTOS.map((name) => join(photos, name));
    const pool = createInferencePool({ workers: availableParallelism() });
    try {
      const started = performance.now();
      const data = await collectSigmaData({ id: basename(dir), dir }, files, pool);
      const calibration = fitSigmaCalibration(data);
      const result = {
        machine: machineInfo(),
        model: dir,
        photos: CALIBRATION_PHOTOS,
        pixels: data.features.length,
        features: SIGMA_FEATURES,
        calibration,
        seconds: (performance.now() - started) / 1000,
      };
      await mkdir(RESULTS_DIR, { recursive: true });
      await writeFile(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
      console.log(JSON.stringify(calibration));
      console.log(`wrote ${RESULTS}`);
    } finally {
      await pool.dispose();
    }
  },
};
