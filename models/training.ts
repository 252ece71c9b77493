/**
 * The library's training primitive: the gradient of the negative ELBO for one batch. The optimiser is the
 * caller's, which keeps (and checkpoints) its state.
 */
import * as tf from '@tensorflow/tfjs';
import type { ContextSet, LossOptions, NeuralProcess, TargetSet } from './types.js';

export interface LossAndGradients {
  /** Keyed by the registered tfjs variable name (`model.scope` + stable name): `optimizer.applyGradients(grads)` accepts it as is. The caller disposes. */
  grads: Record<string, tf.Tensor>;
  loss: number;
  nll: number;
  kl: number;
}

export function lossAndGradients(
  model: NeuralProcess,
  context: ContextSet,
  targets: TargetSet & { y: tf.Tensor3D },
  seed: number,
  options: LossOptions = {},
): LossAndGradients {
  let terms: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const t = model.loss(context, targets, seed, options);
    terms = [tf.keep(t.nll), tf.keep(t.kl)];
    return t.loss;
  }, model.trainableVariables());
  const [loss, nll, kl] = [value, ...terms].map((t) => {
    const v = t.dataSync()[0]!;
    t.dispose();
    return v;
  });
  return { grads, loss: loss!, nll: nll!, kl: kl! };
}
