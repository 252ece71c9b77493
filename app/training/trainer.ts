/**
 * The one-thread trainer of the experiments and of `anp bench models|train`: the ELBO's gradients
 * (models' `lossAndGradients`), global-norm clipping and Adam from optimizer.ts, on tensors the caller
 * builds. It is the step train.ts takes, without its worker replicas and photo sampler.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ContextSet, LossOptions, NeuralProcess, TargetSet } from '../../models/core/types.js';
import { gradientArrays, readWeights, writeWeights } from './gradients.js';
import { adamStep, type AdamState, clipGlobalNorm, createAdamState } from './optimizer.js';
import { learningRateAt, type Schedule } from './schedule.js';

export interface TrainerOptions {
  /** A constant rate, or a schedule over Adam's update count (so a restored trainer continues it). */
  learningRate: number | Schedule;
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
  learningRate: number;
}

/** What a checkpoint needs to continue the trainer exactly. */
export interface TrainerState {
  names: string[];
  shapes: number[][];
  weights: Float32Array[];
  adam: AdamState;
}

export interface Trainer {
  step(context: ContextSet, targets: TargetSet & { y: tf.Tensor3D }, seed: number): StepResult;
  /** The live master weights and Adam state (not copies: save them before the next step). */
  state(): TrainerState;
  /** Continues from a saved state of the same model (its names must match). */
  restore(weights: Float32Array[], adam: AdamState): void;
}

/** Trains `model` in place; the trainer holds the weights' master copy and Adam's state from here on. */
export function createTrainer(model: NeuralProcess, options: TrainerOptions): Trainer {
  const { names, values, shapes } = readWeights(model);
  let weights = values;
  let adam = createAdamState(values);
  const rate = options.learningRate;
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
      const learningRate = typeof rate === 'number' ? rate : learningRateAt(adam.t, rate);
      adamStep(weights, grads, adam, learningRate);
      writeWeights(model, names, weights);
      return { loss, nll, kl, gradNorm, learningRate };
    },
    state: () => ({ names, shapes, weights, adam }),
    restore(saved, savedAdam) {
      const sizes = saved.map((w) => w.length).join();
      if (sizes !== weights.map((w) => w.length).join())
        throw new Error('the saved weights are not of this model');
      weights = saved;
      adam = savedAdam;
      writeWeights(model, names, weights);
    },
  };
}
