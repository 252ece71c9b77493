import * as tf from '@tensorflow/tfjs';

/**
 * The pull-push fill (Gortler et al., 1996): a classical, smooth completion of a masked grid. Pull:
 * average the mask-weighted signal and the mask down a pyramid of 2×2 blocks. Push: from the coarsest
 * level up, every pixel mixes its own normalised average with the coarser level's upsampled fill, by
 * how much of it was known. Known pixels keep their values. Pure tensor arithmetic, no gradient
 * needed: the grid ANP uses it as its mean base and as an input of its encoder.
 *
 * y [B, H, W, C], mask [B, H, W, 1] (1 known) → [B, H, W, C]. Sizes need not be powers of two (each
 * level is padded to an even size); a grid with no known pixel fills with 0.5.
 */
export function pullPushFill(y: tf.Tensor4D, mask: tf.Tensor4D, levels: number): tf.Tensor4D {
  return tf.tidy(() => {
    const values: tf.Tensor4D[] = [tf.mul(y, mask)];
    const weights: tf.Tensor4D[] = [mask.toFloat()];
    for (let k = 0; k < levels && values[k]!.shape[1] > 1 && values[k]!.shape[2] > 1; k++) {
      values.push(halve(values[k]!));
      weights.push(halve(weights[k]!));
    }
    const top = values.length - 1;
    let fill = tf.div(values[top]!, tf.maximum(weights[top]!, 1e-8)) as tf.Tensor4D;
    const empty = tf.lessEqual(weights[top]!, 1e-8);
    fill = tf.where(empty, tf.fill(fill.shape, 0.5), fill) as tf.Tensor4D;
    for (let k = top - 1; k >= 0; k--) {
      const [h, w] = [values[k]!.shape[1], values[k]!.shape[2]];
      const coarse = tf.image.resizeBilinear(fill, [h + (h % 2), w + (w % 2)], false, true);
      const up = tf.slice(coarse, [0, 0, 0, 0], [-1, h, w, -1]);
      const own = tf.div(values[k]!, tf.maximum(weights[k]!, 1e-8));
      // A level counts as sure where a quarter of its block was known: finer known pixels then win.
      const sure = tf.minimum(tf.mul(weights[k]!, 4), 1);
      fill = tf.add(tf.mul(sure, own), tf.mul(tf.sub(1, sure), up)) as tf.Tensor4D;
    }
    return tf.add(tf.mul(mask, y), tf.mul(tf.sub(1, mask), fill)) as tf.Tensor4D;
  });
}

/** The mean of each 2×2 block (an odd edge is first repeated): [B, H, W, C] → [B, ⌈H/2⌉, ⌈W/2⌉, C]. */
function halve(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  let even = x;
  if (h % 2 === 1) even = tf.concat([even, tf.slice(even, [0, h - 1, 0, 0], [-1, 1, -1, -1])], 1);
  if (w % 2 === 1) even = tf.concat([even, tf.slice(even, [0, 0, w - 1, 0], [-1, -1, 1, -1])], 2);
  return even.reshape([b, (h + (h % 2)) / 2, 2, (w + (w % 2)) / 2, 2, c]).mean([2, 4]) as tf.Tensor4D;
}
