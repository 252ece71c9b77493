/**
 * A grid super-resolution ANP's quality on fixed-seed grids of some photos (the same windows at every
 * call, so runs and checkpoints compare like with like), at ×2, ×4 and ×8: PSNR of the model's mean
 * and of its Lanczos-3 base over the targets, the NLL per target and the share of errors within ±1σ.
 * Used on training photos while a run goes on, on held-out photos once at its end.
 */
import * as tf from '@tensorflow/tfjs';
import { type GridSuperResModel, logNormalEach } from '../../models/index.js';
import type { CachedPhoto } from '../data/photo-folder.js';
import { Rng } from '../data/rng.js';
import {
  sampleSuperResGridBatch,
  type SuperResGridBatch,
  type SuperResGridBatchOptions,
} from '../data/superres-grid-batch.js';

export interface FactorQuality {
  factor: number;
  /** PSNR over the targets (8-bit peak) of the model's mean and of the Lanczos-3 base. */
  meanPsnr: number;
  basePsnr: number;
}

export interface SuperResGridQuality {
  factors: FactorQuality[];
  /** Mean negative log-likelihood per target (three channels summed), over every factor. */
  nll: number;
  /** Share of the targets' channel errors within ±1σ. */
  withinOneSigma: number;
  /** Grids per factor. */
  grids: number;
}

export const EVALUATED_FACTORS = [2, 4, 8] as const;

const psnr = (mse: number) => 10 * Math.log10(1 / mse);

/** The batch as the model's input tensors, and the truth and mask. */
export function superResTensors(b: SuperResGridBatch) {
  const anchors = [b.batch, b.anchors, b.anchors, b.slots] as const;
  return {
    input: {
      low: tf.tensor4d(b.low, [b.batch, b.side, b.side, 3]),
      offset: tf.tensor5d(b.offset, [...anchors, 2]),
      base: tf.tensor5d(b.base, [...anchors, 3]),
      cell: tf.tensor2d(b.cell, [b.batch, 2]),
      origin: [b.margin, b.margin] as [number, number],
    },
    y: tf.tensor5d(b.y, [...anchors, 3]),
    mask: tf.tensor4d(b.mask, [...anchors]),
  };
}

export function evaluateSuperResGrid(
  model: GridSuperResModel,
  photos: readonly CachedPhoto[],
  batchOptions: SuperResGridBatchOptions,
  options: { batchSize?: number; seed?: number } = {},
): SuperResGridQuality {
  const batchSize = options.batchSize ?? 8;
  const sums = { nll: 0, within: 0, targets: 0 };
  const factors = EVALUATED_FACTORS.map((factor, k) => {
    const rng = new Rng((options.seed ?? 20190101) + k);
    const fixed = { ...batchOptions, minFactor: factor, maxFactor: factor, smallFactorShare: 0 };
    const b = sampleSuperResGridBatch(photos, batchSize, rng, fixed);
    const [nll, meanSq, baseSq, within, targets] = tf.tidy(() => {
      const { input, y, mask } = superResTensors(b);
      const { mean, std } = model.predict(input);
      const weight = mask.expandDims(-1);
      const error = tf.sub(y, mean);
      return [
        tf
          .mul(logNormalEach(y, mean, std), weight)
          .neg()
          .sum(),
        tf.mul(tf.square(error), weight).sum(),
        tf.mul(tf.square(tf.sub(y, input.base)), weight).sum(),
        tf.mul(tf.lessEqual(tf.abs(tf.div(error, std)), 1).toFloat(), weight).sum(),
        mask.sum(),
      ].map((t) => t.dataSync()[0]!);
    }) as [number, number, number, number, number];
    Object.assign(sums, {
      nll: sums.nll + nll,
      within: sums.within + within,
      targets: sums.targets + targets,
    });
    return { factor, meanPsnr: psnr(meanSq / (3 * targets)), basePsnr: psnr(baseSq / (3 * targets)) };
  });
  return {
    factors,
    nll: sums.nll / sums.targets,
    withinOneSigma: sums.within / (3 * sums.targets),
    grids: batchSize,
  };
}
