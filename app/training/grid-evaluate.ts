/**
 * A grid ANP's completion quality on fixed-seed windows of some photos (the same windows and holes at
 * every call, so runs and checkpoints compare like with like): NLL per hole pixel, PSNR in the hole
 * of the model's mean against its own base (the pull-push fill), and the share of the hole's errors
 * within ±1σ. Used on training photos while a run goes on, on held-out photos once at its end.
 */
import * as tf from '@tensorflow/tfjs';
import { type GridAnpModel, logNormalEach, pullPushFill } from '../../models/index.js';
import { sampleGridBatch, type GridBatchOptions } from '../data/grid-batch.js';
import type { CachedPhoto } from '../data/photo-folder.js';
import { Rng } from '../data/rng.js';

export interface GridQuality {
  /** Mean negative log-likelihood per hole pixel (three channels summed). */
  nll: number;
  /** PSNR over all hole pixels of all windows (8-bit peak), of the model's mean and of the fill alone. */
  meanPsnr: number;
  fillPsnr: number;
  /** Share of the hole's channel errors within ±1σ. */
  withinOneSigma: number;
  windows: number;
}

export interface GridEvaluateOptions {
  batches?: number;
  batchSize?: number;
  seed?: number;
  /** After each evaluated batch: batches done of all. */
  onBatch?: (done: number, total: number) => void;
}

const psnr = (mse: number) => 10 * Math.log10(1 / mse);

export function evaluateGrid(
  model: GridAnpModel,
  photos: readonly CachedPhoto[],
  batchOptions: GridBatchOptions,
  options: GridEvaluateOptions = {},
): GridQuality {
  const rng = new Rng(options.seed ?? 20190101);
  const batches = options.batches ?? 2;
  const batchSize = options.batchSize ?? 8;
  // Every hole pixel is a target: the evaluation reveals none of them.
  const evalOptions = { ...batchOptions, revealShare: 0 };
  const sums = { nll: 0, meanSq: 0, fillSq: 0, within: 0, pixels: 0 };
  for (let i = 0; i < batches; i++) {
    const b = sampleGridBatch(photos, batchSize, rng, evalOptions);
    const terms = tf.tidy(() => {
      const shape = [b.batch, b.size, b.size] as const;
      const y = tf.tensor4d(b.y, [...shape, 3]);
      const known = tf.tensor4d(b.known, [...shape, 1]);
      const targets = tf.tensor4d(b.targets, [...shape, 1]);
      const { mean, std } = model.predict({ y, known });
      const fill = pullPushFill(y, known, model.config.fillLevels);
      const error = tf.sub(y, mean);
      const z = tf.div(error, std);
      const nll = tf.mul(logNormalEach(y, mean, std), targets).neg();
      return [
        nll.sum(),
        tf.mul(tf.square(error), targets).sum(),
        tf.mul(tf.square(tf.sub(y, fill)), targets).sum(),
        tf.mul(tf.lessEqual(tf.abs(z), 1).toFloat(), targets).sum(),
        targets.sum(),
      ].map((t) => t.dataSync()[0]!);
    });
    const [nll, meanSq, fillSq, within, pixels] = terms as [number, number, number, number, number];
    Object.assign(sums, {
      nll: sums.nll + nll,
      meanSq: sums.meanSq + meanSq,
      fillSq: sums.fillSq + fillSq,
      within: sums.within + within,
      pixels: sums.pixels + pixels,
    });
    options.onBatch?.(i + 1, batches);
  }
  const values = 3 * sums.pixels;
  return {
    nll: sums.nll / sums.pixels,
    meanPsnr: psnr(sums.meanSq / values),
    fillPsnr: psnr(sums.fillSq / values),
    withinOneSigma: sums.within / values,
    windows: batches * batchSize,
  };
}
