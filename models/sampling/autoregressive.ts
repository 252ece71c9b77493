import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../nn/params.js';
import type { ContextSet, NeuralProcess, TargetSet } from '../core/types.js';

export interface SetSampleOptions {
  /** Draws per set. */
  samples: number;
  /** Blocks the targets are drawn in, in a random order (1: every target from the context alone). */
  blocks: number;
  seed: number;
  /**
   * Whether the result carries the observation noise (default true). A function draw (false) still
   * draws every block with noise into the growing context, then returns the model's mean at the
   * targets given the context and all the draws (Bruinsma et al.'s noiseless samples).
   */
  noise?: boolean;
}

/** The sizes of `blocks` consecutive blocks that split `n` targets as evenly as possible. */
export function blockSizes(n: number, blocks: number): number[] {
  return Array.from(
    { length: blocks },
    (_, j) => Math.floor((n * (j + 1)) / blocks) - Math.floor((n * j) / blocks),
  );
}

/** A seeded random permutation of 0..n−1 (Fisher–Yates). */
function permutation(n: number, random: () => number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

function inversePermutation(p: number[]): number[] {
  const inverse = new Array<number>(p.length);
  p.forEach((target, place) => (inverse[target] = place));
  return inverse;
}

/**
 * Row r of the result is row r of `x` [R, N, d] reordered by `orders[r]`. One flat gather: wasm's
 * GatherV2 with batch dimensions reads out of bounds.
 */
function rowGather(x: tf.Tensor3D, orders: number[][]): tf.Tensor3D {
  const [rows, n, d] = x.shape;
  const flat = orders.flatMap((p, r) => p.map((i) => r * n + i));
  return tf.gather(x.reshape([rows * n, d]), tf.tensor1d(flat, 'int32')).reshape([rows, n, d]) as tf.Tensor3D;
}

/**
 * Autoregressive sampling (Bruinsma et al., ICLR 2023, "Autoregressive Conditional Neural
 * Processes") from any point-set model of the library as it was trained (CNP, NP, ANP): the targets
 * are drawn block by block in a random order, each block from the model's predictive given the
 * context plus every value drawn before, so the draws are coherent where a model's marginals alone
 * are independent. Latent models are read through their prior mean of z. The model must take no
 * target features or caller's base (a drawn point carries neither).
 *
 * Returns [samples, B, Nt, yDim], in the targets' own order.
 */
export function sampleAutoregressive(
  model: NeuralProcess,
  context: ContextSet,
  targets: TargetSet,
  options: SetSampleOptions,
): tf.Tensor4D {
  const { samples: k, blocks, seed } = options;
  const [b, nt] = targets.x.shape;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`samples must be a positive integer, got ${k}`);
  if (!Number.isInteger(blocks) || blocks < 1 || blocks > nt)
    throw new RangeError(`blocks must be an integer in 1..${nt} (the targets), got ${blocks}`);
  const { targetFeatures, contextFeatures, meanBase } = model.config;
  if (targetFeatures > 0 || contextFeatures > 0 || meanBase === 'residual')
    throw new Error('autoregressive sampling needs a model without point features or a caller-given base');
  if (targets.mask)
    throw new Error('autoregressive sampling draws every target: give targets without a mask');
  return tf.tidy(() => {
    const tile = (t: tf.Tensor) => tf.tile(t, [k, ...Array<number>(t.rank - 1).fill(1)]);
    const random = mulberry32(seed);
    const orders = Array.from({ length: k * b }, () => permutation(nt, random));
    const xs = rowGather(tile(targets.x) as tf.Tensor3D, orders);
    let x = tile(context.x) as tf.Tensor3D;
    let y = tile(context.y) as tf.Tensor3D;
    let mask = context.mask ? (tile(context.mask) as tf.Tensor2D) : null;
    const drawn: tf.Tensor3D[] = [];
    let start = 0;
    blockSizes(nt, blocks).forEach((size, j) => {
      const xb = tf.slice(xs, [0, start, 0], [-1, size, -1]);
      const { mean, std } = model.predict({ x, y, ...(mask ? { mask } : {}) }, { x: xb });
      const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', seed + 1 + j);
      const draw = tf.add(mean, tf.mul(std, eps)) as tf.Tensor3D;
      drawn.push(draw);
      x = tf.concat([x, xb], 1);
      y = tf.concat([y, draw], 1);
      if (mask) mask = tf.concat([mask, tf.ones([k * b, size])], 1) as tf.Tensor2D;
      start += size;
    });
    const values =
      options.noise === false
        ? (model.predict({ x, y, ...(mask ? { mask } : {}) }, { x: tile(targets.x) as tf.Tensor3D })
            .mean as tf.Tensor3D)
        : rowGather(tf.concat(drawn, 1), orders.map(inversePermutation));
    return values.reshape([k, b, nt, model.config.yDim]) as tf.Tensor4D;
  });
}
