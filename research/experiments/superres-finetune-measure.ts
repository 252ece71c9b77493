/**
 * The fine-tune experiment's measure: ×4 of whole photos as the image bench's super-resolution rows
 * score them (crops.ts: the photo's square, at most 512 px, shrunk by the antialiased cubic; the
 * model's upscale through the app's upscale path; PSNR against the original), with Lanczos-3 beside.
 */
import { basename } from 'node:path';
import type { InferencePool } from '../../app/compute/index.js';
import { downscale, loadCrop, superResCropSide } from '../../app/quality/crops.js';
import { modelUpscale } from '../../app/quality/evaluate.js';
import { psnr } from '../../app/quality/psnr.js';
import { toBytes, upsampleFloat } from '../../app/quality/resample.js';
import type { ModelRef } from '../../app/util/task.js';

export const FINETUNE_FACTOR = 4;
/** The bench's crop side: photos at most this size are scored whole. */
const MAX_SIDE = 512;

export interface PhotoPsnr {
  name: string;
  /** Side of the square scored. */
  side: number;
  lanczos3: number;
  /** One PSNR per model, in the order given. */
  models: number[];
}

/** Each photo's ×4 PSNR by Lanczos-3 and by each model, from one downscale. */
export async function scoreX4(
  models: readonly ModelRef[],
  files: readonly string[],
  pool: InferencePool,
): Promise<PhotoPsnr[]> {
  const shapes = await Promise.all(models.map((model) => pool.describe(model)));
  const scores: PhotoPsnr[] = [];
  for (const file of files) {
    const side = await superResCropSide(file, MAX_SIDE);
    const truth = await loadCrop(file, side);
    const lowSide = Math.round(side / FINETUNE_FACTOR);
    const low = await downscale(truth, side, lowSide);
    const lanczos = toBytes(upsampleFloat(low, lowSide, lowSide, 3, side, side, 'lanczos3'));
    const byModel: number[] = [];
    for (const [k, model] of models.entries()) {
      const { rgb } = await modelUpscale({ pool, model }, shapes[k]!, low, lowSide, side);
      byModel.push(psnr(truth, rgb, 3));
    }
    scores.push({ name: basename(file), side, lanczos3: psnr(truth, lanczos, 3), models: byModel });
  }
  return scores;
}
