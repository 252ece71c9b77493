/**
 * The one-thread trainer of the experiments and of `anp bench models|train`: the ELBO's gradients
 * (models' `lossAndGradients`), global-norm clipping and Adam from optimizer.ts, on tensors the caller
 * builds. It is the step train.ts takes, without its worker replicas, schedule and checkpoints.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ContextSet, LossOptions, NeuralProcess, TargetSet } from '../../models/types.js';
import { gradientArrays, readWeights, writeWeights } from './gradients.js';
import { adamStep, clipGlobalNorm, createAdamState } from './optimizer.js';

export interface TrainerOptions {
  learningRate: number;
  /** Maximum global gradient norm (default 10). */
  clipNorm?: number;
  /** How the likelihood is weighted (default: the plain ELBO). */
  loss?: LossOptions;
}

export interface StepResult {
  loss: number;
  nll: number;
  kl: number;
  /** The global gradient norm before clipping. */
  gradNorm: number;
}

export interface Trainer {
  step(context: ContextSet, targets: TargetSet & { y: tf.Tensor3D }, seed: number): StepResult;
}

/** Trains `model` in place; the trainer holds the weights' master copy and Adam's state from here on. */
export function createTrainer(model: NeuralProcess, options: TrainerOptions): Trainer {
  const { names, values } = readWeights(model);
  const adam = createAdamState(values);
  return {
    step(context, targets, seed) {
      const { grads, loss, nll, kl } = gradientArrays(
        model,
        names,
        context,
        targets,
        seed,
        options.loss ?? {},
      );
      const gradNorm = clipGlobalNorm(grads, options.clipNorm ?? 10);
      adamStep(values, grads, adam, options.learningRate);
      writeWeights(model, names, values);
      return { loss, nll, kl, gradNorm };
    },
  };
}
