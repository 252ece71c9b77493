import * as tf from '@tensorflow/tfjs';
import type { MeanBaseStrategy } from '../types.js';

/**
 * A mean base for the model tests, in place of the app's photo bases: the mean of the context's y at
 * every target, with that mean as its 'detail' too.
 */
export const contextMean: MeanBaseStrategy = {
  name: 'context-mean',
  withDetail: true,
  basis: (context, mask, targets) => {
    const mean = tf.div(tf.mul(context.y, mask.expandDims(-1)).sum(1, true), mask.sum(1).reshape([-1, 1, 1]));
    const base = tf.mul(mean, tf.onesLike(targets.x.slice([0, 0, 0], [-1, -1, 1]))) as tf.Tensor3D;
    return { base, detail: base };
  },
};
