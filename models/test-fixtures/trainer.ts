import * as tf from '@tensorflow/tfjs';
import { lossAndGradients } from '../training.js';
import type { ContextSet, LossOptions, NeuralProcess, TargetSet } from '../types.js';

/**
 * The smallest trainer the model tests need, from the library alone: `lossAndGradients` and tfjs's
 * Adam (the app's trainer, with its own Adam and clipping, is tested in app/training).
 */
export function adamTrainer(model: NeuralProcess, learningRate: number, loss: LossOptions = {}) {
  const optimizer = tf.train.adam(learningRate);
  return {
    step(context: ContextSet, targets: TargetSet & { y: tf.Tensor3D }, seed: number): number {
      const { grads, loss: value } = lossAndGradients(model, context, targets, seed, loss);
      optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      tf.dispose(Object.values(grads));
      return value;
    },
    dispose: () => optimizer.dispose(),
  };
}
