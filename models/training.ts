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

/** Scales all gradients by min(1, maxNorm / ‖g‖) where ‖g‖ is the global L2 norm; disposes the input. */
export function clipByGlobalNorm(
  grads: Record<string, tf.Tensor>,
  maxNorm: number,
): { grads: Record<string, tf.Tensor>; norm: number } {
  const names = Object.keys(grads);
  const normT = tf.tidy(() => tf.sqrt(tf.addN(names.map((n) => tf.square(grads[n]!).sum()))));
  const norm = normT.dataSync()[0]!;
  normT.dispose();
  const scale = Number.isFinite(norm) && norm > maxNorm ? maxNorm / norm : 1;
  const clipped: Record<string, tf.Tensor> = {};
  for (const n of names) {
    clipped[n] = scale === 1 ? grads[n]! : tf.tidy(() => tf.mul(grads[n]!, scale));
    if (scale !== 1) grads[n]!.dispose();
  }
  return { grads: clipped, norm };
}

export interface TrainerOptions {
  /** Adam learning rate (default 1e-4, the reference). */
  learningRate?: number;
  /** Maximum global gradient norm (default 10). */
  clipNorm?: number;
  /** How the likelihood is weighted (default: the plain ELBO). */
  loss?: LossOptions;
}

export interface StepResult {
  loss: number;
  nll: number;
  kl: number;
  gradNorm: number;
}

export interface Trainer {
  step(context: ContextSet, targets: TargetSet & { y: tf.Tensor3D }, seed: number): StepResult;
  dispose(): void;
}

/** A minimal Adam loop with gradient clipping by global norm. */
export function createTrainer(model: NeuralProcess, options: TrainerOptions = {}): Trainer {
  const optimizer = tf.train.adam(options.learningRate ?? 1e-4);
  const clipNorm = options.clipNorm ?? 10;
  return {
    step(context, targets, seed) {
      const { grads, loss, nll, kl } = lossAndGradients(model, context, targets, seed, options.loss);
      const clipped = clipByGlobalNorm(grads, clipNorm);
      // tfjs types the gradients as a variable map; it only reads their values.
      optimizer.applyGradients(clipped.grads as unknown as Parameters<typeof optimizer.applyGradients>[0]);
      tf.dispose(clipped.grads);
      return { loss, nll, kl, gradNorm: clipped.norm };
    },
    dispose() {
      optimizer.dispose();
    },
  };
}
