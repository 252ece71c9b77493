import * as tf from '@tensorflow/tfjs';
import { stopGradient } from '../nn/stop-gradient.js';
import type { LossOptions } from '../core/types.js';
import { logNormalEach } from './gaussian.js';

export interface FitTerms {
  /** What the likelihood part of the loss minimises, per target point. */
  fit: tf.Scalar;
  /** The plain negative log-likelihood per target point, for reporting. */
  nll: tf.Scalar;
  /** The mean β-NLL weight, which scales the KL so the ELBO's balance between fit and KL is kept. */
  klScale: tf.Scalar;
}

/**
 * The fit term of a Gaussian predictive at the targets, under `options.meanFit` and `options.betaNll`
 * (see LossOptions). y, mean, std [..., yDim]; mask [...] (1 a target, 0 not): every term is a sum
 * over the targets' channels averaged over the targets.
 */
export function fitTerms(
  y: tf.Tensor,
  mean: tf.Tensor,
  std: tf.Tensor,
  mask: tf.Tensor,
  options: LossOptions,
): FitTerms {
  const beta = options.betaNll ?? 0;
  const meanFit = options.meanFit ?? 'likelihood';
  const count = tf.maximum(mask.sum(), 1);
  const perTarget = (values: tf.Tensor) => tf.div(tf.mul(values.sum(-1), mask).sum(), count) as tf.Scalar;
  const nll = perTarget(logNormalEach(y, mean, std)).neg();
  const weight = beta === 0 ? null : stopGradient(tf.pow(std, 2 * beta));
  if (meanFit !== 'likelihood') {
    const error = tf.sub(y, mean);
    const meanLoss = perTarget(meanFit === 'l1' ? tf.abs(error) : tf.square(error));
    const sigmaTerms = logNormalEach(y, stopGradient(mean), std);
    const sigmaNll = perTarget(weight ? tf.mul(sigmaTerms, weight) : sigmaTerms).neg();
    return { fit: tf.add(meanLoss, sigmaNll), nll, klScale: tf.scalar(1) };
  }
  if (!weight) return { fit: nll.clone(), nll, klScale: tf.scalar(1) };
  const klScale = perTarget(weight).div(y.shape[y.rank - 1]!) as tf.Scalar;
  const fit = perTarget(tf.mul(logNormalEach(y, mean, std), weight)).neg();
  return { fit, nll, klScale };
}
