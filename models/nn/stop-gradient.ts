import * as tf from '@tensorflow/tfjs';

// tfjs has no stopGradient op: an identity whose gradient is zero.
const blocked = tf.customGrad(((x: tf.Tensor) => ({
  value: x.clone(),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
})) as unknown as Parameters<typeof tf.customGrad>[0]);

/** x, treated as a constant by gradients. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return blocked(x) as T;
}
