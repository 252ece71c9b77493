/**
 * The super-resolution σ's calibration: one factor c on the decoder's σ such that ±c·σ holds 68 % of
 * the errors on training photos (a Gaussian's ±1σ), fitted on upscales made exactly as the app makes
 * them. β-NLL training leaves σ about right on training tasks but too wide on whole photos.
 */
import type { InferencePool, ModelSummary } from '../compute/index.js';
import type { ModelRef } from '../util/task.js';
import { downscale, loadCrop, superResCropSide } from './crops.js';
import { modelUpscale } from './evaluate.js';

/** Every k-th sample of an upscale enters the fit (the ratios of neighbours are much alike). */
const STRIDE = 7;
const COVERAGE = 0.68;

/**
 * |error| / raw σ of every STRIDE-th sample of the model's upscale of each photo at each factor (the
 * workers apply a model's existing calibration, which is divided out again here).
 */
export async function upscaleErrorRatios(
  model: ModelRef,
  files: readonly string[],
  scales: readonly number[],
  size: number,
  pool: InferencePool,
): Promise<Float64Array> {
  const shape: ModelSummary = await pool.describe(model);
  const ratios: number[] = [];
  for (const file of files) {
    const side = await superResCropSide(file, size);
    const truth = await loadCrop(file, side);
    for (const scale of scales) {
      const low = Math.round(side / scale);
      const input = await downscale(truth, side, low);
      const { mean, std } = await modelUpscale({ pool, model }, shape, input, low, side);
      for (let i = 0; i < mean.length; i += STRIDE)
        ratios.push((shape.sigmaScale * Math.abs(truth[i]! / 255 - mean[i]!)) / Math.max(std[i]!, 1e-6));
    }
  }
  return Float64Array.from(ratios);
}

/** The factor c with ±c·σ holding 68 % of the ratios. */
export function sigmaScaleFor(ratios: Float64Array): number {
  if (ratios.length === 0) throw new Error('no samples to calibrate σ on');
  const sorted = Float64Array.from(ratios).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(COVERAGE * sorted.length))]!;
}
