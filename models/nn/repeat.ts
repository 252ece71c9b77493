import * as tf from '@tensorflow/tfjs';

/**
 * [B, d] → [B, n, d], the same vector at every point. Written as a broadcasting multiply because
 * tfjs's `tile` (and `broadcastTo`, which runs the Tile kernel) has a gradient of one slice + add per
 * repetition: 1024 targets cost 2048 kernel calls and seconds per training step on wasm.
 */
export function repeatAlongPoints(x: tf.Tensor2D, n: number): tf.Tensor3D {
  return tf.mul(tf.ones([x.shape[0], n, 1]), x.expandDims(1));
}
