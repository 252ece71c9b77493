import * as tf from '@tensorflow/tfjs';
import type { LossOptions, LossTerms } from '../core/types.js';

/**
 * NPML's loss from S per-set log-likelihoods: −log mean_s p(y_T | z_s) per target point, the
 * log-mean-exp over the draws z_s ~ q(z | C) (the importance-weighted marginal likelihood with the
 * prior as proposal). `logLikelihood(s)` is draw s's [B] log-likelihood of each set's targets;
 * `count` the targets in all. `nll` reports the same value, `kl` is 0.
 */
export function npmlTerms(
  options: LossOptions,
  logLikelihood: (draw: number) => tf.Tensor1D,
  count: tf.Scalar,
): LossTerms {
  const samples = options.samples ?? 16;
  if (!Number.isInteger(samples) || samples < 1)
    throw new RangeError(`samples must be a positive integer, got ${samples}`);
  const perSet = Array.from({ length: samples }, (_, s) => logLikelihood(s));
  const logMarginal = tf.sub(tf.logSumExp(tf.stack(perSet), 0), Math.log(samples));
  const loss = tf.div(logMarginal.sum(), count).neg() as tf.Scalar;
  return { loss, nll: loss.clone(), kl: tf.scalar(0) };
}
