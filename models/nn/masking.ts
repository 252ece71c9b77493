import * as tf from '@tensorflow/tfjs';

/** A logit offset that makes softmax give padded keys a weight of exp(-1e9) = 0. */
const PADDING_LOGIT = -1e9;

/** Mask [B, N] → all ones when omitted. */
export function maskOrOnes(mask: tf.Tensor2D | undefined, x: tf.Tensor3D): tf.Tensor2D {
  return mask ? (mask.toFloat() as tf.Tensor2D) : tf.ones([x.shape[0], x.shape[1]]);
}

/** Mean over the real points of x [B, N, d] → [B, d]; sets without real points give 0. */
export function maskedMean(x: tf.Tensor, mask: tf.Tensor2D): tf.Tensor2D {
  const m = mask.expandDims(2);
  const count = tf.maximum(mask.sum(1, true), 1);
  return tf.div(tf.mul(x, m).sum(1), count) as tf.Tensor2D;
}

/** Additive bias [B, 1, Nc] for attention logits [B, Nt, Nc]. */
export function keyMaskBias(mask: tf.Tensor2D): tf.Tensor3D {
  return tf.mul(tf.sub(1, mask), PADDING_LOGIT).expandDims(1) as tf.Tensor3D;
}
