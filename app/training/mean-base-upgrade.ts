/**
 * Moves a trained model with an 'interpolation' mean base to a 'sharpened' one without losing what
 * it learned: every weight is kept and the decoder's output layer gains zero columns for the detail
 * gain, so the upgraded model predicts exactly what the original did until training moves the gain.
 */
import * as tf from '@tensorflow/tfjs';
import type { NeuralProcess } from '../../models/core/types.js';
import { createAppModel } from '../model-factory.js';

export function upgradeToSharpened(model: NeuralProcess, seed = 0): NeuralProcess {
  if (model.config.meanBase !== 'interpolation') {
    throw new Error(
      `only a model with an 'interpolation' mean base can be upgraded to 'sharpened' (this one has '${model.config.meanBase}')`,
    );
  }
  const upgraded = createAppModel({ ...model.config, meanBase: 'sharpened' }, { seed });
  const from = model.variables();
  for (const [name, target] of Object.entries(upgraded.variables())) {
    const source = from[name]!;
    const widen = target.shape.map((size, axis) => [0, size - source.shape[axis]!] as [number, number]);
    const value = tf.pad(source, widen);
    target.assign(value);
    value.dispose();
  }
  return upgraded;
}
