import * as tf from '@tensorflow/tfjs';

const LOG_2PI = Math.log(2 * Math.PI);

/** Gaussian log density of each coordinate (no sum). */
export function logNormalEach(y: tf.Tensor, mean: tf.Tensor, std: tf.Tensor): tf.Tensor {
  const z = tf.div(tf.sub(y, mean), std);
  return tf.mul(-0.5, tf.add(tf.add(tf.square(z), LOG_2PI), tf.mul(2, tf.log(std))));
}

/** Diagonal Gaussian log density, summed over the last axis. */
export function logNormal(y: tf.Tensor, mean: tf.Tensor, std: tf.Tensor): tf.Tensor {
  return logNormalEach(y, mean, std).sum(-1);
}

/** KL(N(mq, sq) ‖ N(mp, sp)) of diagonal Gaussians, summed over the last axis; always ≥ 0. */
export function klNormal(mq: tf.Tensor, sq: tf.Tensor, mp: tf.Tensor, sp: tf.Tensor): tf.Tensor {
  const ratio = tf.square(tf.div(sq, sp));
  const diff = tf.square(tf.div(tf.sub(mq, mp), sp));
  return tf.mul(0.5, tf.sub(tf.add(ratio, diff), tf.add(1, tf.log(ratio)))).sum(-1);
}
