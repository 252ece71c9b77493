import * as tf from '@tensorflow/tfjs';
import type { GridAnpModel, GridInput } from './grid-anp.js';

export interface GridSampleOptions {
  /** Draws per input. */
  samples: number;
  /**
   * Rounds of drawing: each round draws a random share of the pixels still unknown, from the model's
   * predictive given the known pixels and every pixel drawn before; after round r, 4^(r + 1 − rounds)
   * of the targets are drawn (4 rounds: 1/64, 1/16, 1/4, all). Default 4.
   */
  rounds?: number;
  seed: number;
  /** Lowest and highest value a draw may take (default [0, 1], the range of pixels). */
  range?: [number, number];
  /** The pixels to draw, [B, H, W, 1]; default every unknown one. */
  targets?: tf.Tensor4D;
  /**
   * One standard normal per pixel for all its channels instead of one per channel: each channel keeps
   * the model's marginal, and the channels move together (for colour images, where the error is
   * mostly in brightness, independent draws would be coloured speckle). Default false.
   */
  sharedChannelNoise?: boolean;
  /** A calibration factor on the predictive's σ (default 1). */
  stdScale?: number;
}

/** The share of the targets drawn once round r (0-based) of `rounds` is done. */
export function drawnShareAfter(round: number, rounds: number): number {
  return round + 1 >= rounds ? 1 : 4 ** (round + 1 - rounds);
}

/**
 * Autoregressive sampling from a grid ANP (Bruinsma et al., ICLR 2023): the targets are drawn in
 * rounds of growing size in a random order, each round from the model's predictive given the
 * context and all values drawn before it, so the draws are coherent (a pixel next to one already
 * drawn agrees with it) and need not be Gaussian jointly. Each sample keeps one z from q(z | context)
 * across its rounds. Every value comes from the model: nothing is added afterwards.
 *
 * Returns [samples, B, H, W, yDim]: known pixels keep their values.
 */
export function sampleGridAutoregressive(
  model: GridAnpModel,
  input: GridInput,
  options: GridSampleOptions,
): tf.Tensor5D {
  const rounds = options.rounds ?? 4;
  const k = options.samples;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`samples must be a positive integer, got ${k}`);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 16)
    throw new RangeError(`rounds must be an integer in 1..16, got ${rounds}`);
  const [lo, hi] = options.range ?? [0, 1];
  const [b, h, w, c] = input.y.shape;
  const repeat = (t: tf.Tensor4D) => tf.tile(t, [k, 1, 1, 1]) as tf.Tensor4D;
  let y = repeat(input.y);
  let known = repeat(input.known);
  const targets = tf.tidy(() =>
    repeat(options.targets ? tf.mul(options.targets, tf.sub(1, input.known)) : tf.sub(1, input.known)),
  );
  // Each target pixel's place in the order, uniform in [0, 1): round r draws those below its share.
  const order = tf.randomUniform([k * b, h, w, 1], 0, 1, 'float32', options.seed + 1);
  const z = model.drawLatent({ y, known }, options.seed + 2);
  try {
    for (let r = 0; r < rounds; r++) {
      const next = tf.tidy(() => {
        const { mean, std } = model.predict({ y, known }, z ? { z } : {});
        const noiseShape = options.sharedChannelNoise ? [k * b, h, w, 1] : mean.shape;
        const eps = tf.randomNormal(noiseShape, 0, 1, 'float32', options.seed + 3 + r);
        const drawn = tf.clipByValue(tf.add(mean, tf.mul(tf.mul(std, options.stdScale ?? 1), eps)), lo, hi);
        const now = tf.mul(targets, tf.less(order, drawnShareAfter(r, rounds)).toFloat());
        const fresh = tf.mul(now, tf.sub(1, known));
        return {
          y: tf.add(tf.mul(y, tf.sub(1, fresh)), tf.mul(drawn, fresh)) as tf.Tensor4D,
          known: tf.maximum(known, fresh) as tf.Tensor4D,
        };
      });
      [y, known].forEach((t) => t.dispose());
      ({ y, known } = next);
    }
    return tf.tidy(() => y.reshape([k, b, h, w, c]) as tf.Tensor5D);
  } finally {
    [y, known, targets, order].forEach((t) => t.dispose());
    z?.dispose();
  }
}
