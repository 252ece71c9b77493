/**
 * The library's training primitive: the gradient of the training loss (the negative ELBO, or NPML)
 * for one batch. The optimiser is the caller's, which keeps (and checkpoints) its state.
 */
import * as tf from '@tensorflow/tfjs';
import type { GridAnpModel, GridInput } from './grid/grid-anp.js';
import type { GridSuperResModel, SuperResInput } from './grid/superres.js';
import type { ContextSet, LossOptions, LossTerms, NeuralProcess, TargetSet } from './core/types.js';

export interface LossAndGradients {
  /** Keyed by the registered tfjs variable name (`model.scope` + stable name): `optimizer.applyGradients(grads)` accepts it as is. The caller disposes. */
  grads: Record<string, tf.Tensor>;
  loss: number;
  nll: number;
  kl: number;
}

function gradientsOf(terms: () => LossTerms, variables: tf.Variable[]): LossAndGradients {
  let kept: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const t = terms();
    kept = [tf.keep(t.nll), tf.keep(t.kl)];
    return t.loss;
  }, variables);
  const [loss, nll, kl] = [value, ...kept].map((t) => {
    const v = t.dataSync()[0]!;
    t.dispose();
    return v;
  });
  return { grads, loss: loss!, nll: nll!, kl: kl! };
}

export function lossAndGradients(
  model: NeuralProcess,
  context: ContextSet,
  targets: TargetSet & { y: tf.Tensor3D },
  seed: number,
  options: LossOptions = {},
): LossAndGradients {
  return gradientsOf(() => model.loss(context, targets, seed, options), model.trainableVariables());
}

/** The same for a grid ANP: `input` the known pixels, `y` the truth, `targets` [B, H, W, 1] where the loss is taken. */
export function gridLossAndGradients(
  model: GridAnpModel,
  input: GridInput,
  y: tf.Tensor4D,
  targets: tf.Tensor4D,
  seed: number,
  options: LossOptions = {},
): LossAndGradients {
  return gradientsOf(() => model.loss(input, y, targets, seed, options), model.trainableVariables());
}

/** The same for a grid super-resolution ANP: `y` the truth at the target slots, `mask` [B, h, w, P] which are real. */
export function superResLossAndGradients(
  model: GridSuperResModel,
  input: SuperResInput,
  y: tf.Tensor5D,
  mask: tf.Tensor4D,
  seed: number,
  options: LossOptions = {},
): LossAndGradients {
  return gradientsOf(() => model.loss(input, y, mask, seed, options), model.trainableVariables());
}
