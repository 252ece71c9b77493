import * as tf from '@tensorflow/tfjs';
import { Dense } from '../nn/layers.js';
import { matMulFast } from '../nn/matmul.js';
import type { ParamStore } from '../nn/params.js';

/** A logit offset that gives blocks with no known pixel a weight of exp(-1e9) = 0. */
const EMPTY_LOGIT = -1e9;
/** Most logits one band of queries may hold (16 M floats: 64 MB), the training crops' all at once. */
const MAX_LOGITS = 1 << 24;

export interface PooledAttentionSpec {
  /** Width of the pixel features queries and keys are made from, and of the output. */
  channels: number;
  /** Width of the projected queries, keys and values. */
  attentionChannels: number;
  /** Extra channels the values read beside the features (the known signal itself). */
  valueExtra: number;
  heads: number;
  /** Side of the square blocks of known pixels that form one key. */
  pool: number;
  /** Most logits one band of queries may hold (default 16 M: 64 MB); tests set it low. */
  maxLogits?: number;
}

export interface PooledAttentionOutput {
  /** [B, H, W, channels] */
  out: tf.Tensor4D;
  /** [B, heads, H·W, keys + 1] when asked for: each block's weight (row-major blocks), the last the null key's. */
  weights?: tf.Tensor4D;
}

/** Slopes of the distance penalty the heads start with, in logits per block: local to global. */
const INITIAL_SLOPES = [2, 1, 0.5, 0.1];

/**
 * Multihead cross-attention from every pixel to the known part of the grid, seen at a coarse level:
 * each `pool`×`pool` block's known pixels, averaged, form one key (blocks with none are masked), so
 * a target reads the whole crop through a few hundred keys. Keys and values are learned features,
 * so a head can pick the blocks that match the target, near or far; each head adds its own learned
 * penalty per block of distance (from local to global heads). A learned null key answers where
 * nothing matches. Queries × keys is one batched matMul (XNNPACK on wasm) and no gather is used.
 */
export class PooledCrossAttention {
  private readonly wq: Dense;
  private readonly wk: Dense;
  private readonly wv: Dense;
  private readonly wo: Dense;
  private readonly slopes: tf.Variable;
  private readonly nullKey: tf.Variable;
  private readonly nullValue: tf.Variable;

  constructor(
    store: ParamStore,
    name: string,
    readonly spec: PooledAttentionSpec,
  ) {
    const { channels, attentionChannels: width, heads } = spec;
    this.wq = new Dense(store, `${name}/q`, channels, width);
    this.wk = new Dense(store, `${name}/k`, channels, width);
    this.wv = new Dense(store, `${name}/v`, channels + spec.valueExtra, width);
    this.wo = new Dense(store, `${name}/o`, width, channels);
    // Stored as the inverse softplus of the slope, so the slope stays positive.
    this.slopes = store.create(`${name}/distance_slope`, [heads], 'zeros');
    const start = Array.from({ length: heads }, (_, h) => INITIAL_SLOPES[h % INITIAL_SLOPES.length]!);
    this.slopes.assign(tf.tensor1d(start.map((s) => Math.log(Math.expm1(s)))));
    this.nullKey = store.create(`${name}/null_key`, [1, 1, width], 'zeros');
    this.nullValue = store.create(`${name}/null_value`, [1, 1, width], 'zeros');
  }

  /**
   * queries, features [B, H, W, channels]; valueExtra [B, H, W, valueExtra]; known [B, H, W, 1]
   * (1 where a pixel may be read).
   */
  apply(
    queries: tf.Tensor4D,
    features: tf.Tensor4D,
    valueExtra: tf.Tensor4D,
    known: tf.Tensor4D,
    wantWeights = false,
  ): PooledAttentionOutput {
    const { attentionChannels: width, heads, pool } = this.spec;
    const [b, h, w] = queries.shape;
    const [bh, bw] = [Math.ceil(h / pool), Math.ceil(w / pool)];
    const keys = bh * bw;
    const dh = width / heads;
    const blocks = (x: tf.Tensor4D) => {
      const padded = tf.pad(x, [
        [0, 0],
        [0, bh * pool - h],
        [0, bw * pool - w],
        [0, 0],
      ]);
      return padded.reshape([b, bh, pool, bw, pool, x.shape[3]]).sum([2, 4]).reshape([b, keys, x.shape[3]]);
    };
    const count = blocks(known);
    const average = (x: tf.Tensor4D) => tf.div(blocks(tf.mul(x, known) as tf.Tensor4D), tf.maximum(count, 1));
    const pooledFeatures = average(features);
    const pooledValues = average(tf.concat([features, valueExtra], -1) as tf.Tensor4D);
    const withNull = (x: tf.Tensor, extra: tf.Variable) =>
      tf.concat([x, tf.mul(tf.ones([b, 1, 1]), extra)], 1) as tf.Tensor3D;
    const k = withNull(this.wk.apply(pooledFeatures), this.nullKey);
    const v = withNull(this.wv.apply(pooledValues), this.nullValue);
    const split = (x: tf.Tensor, n: number) =>
      x
        .reshape([b, n, heads, dh])
        .transpose([0, 2, 1, 3])
        .reshape([b * heads, n, dh]) as tf.Tensor3D;
    const kt = tf.transpose(split(k, keys + 1), [0, 2, 1]);
    const vh = split(v, keys + 1);
    const empty = tf.concat([tf.mul(tf.lessEqual(count, 0).toFloat(), EMPTY_LOGIT), tf.zeros([b, 1, 1])], 1);
    const keyBias = empty.reshape([b, 1, 1, keys + 1]);
    const slope = tf.softplus(this.slopes).reshape([1, heads, 1, 1]);
    /** The attention of the pixels of rows [first, first + rows): their output [B, rows·W, width] and weights. */
    const attendRows = (first: number, rows: number) => {
      const n = rows * w;
      const rowQueries = tf.slice(queries, [0, first, 0, 0], [b, rows, w, -1]).reshape([b, n, -1]);
      const q = split(tf.mul(this.wq.apply(rowQueries), 1 / Math.sqrt(dh)), n);
      const logits = matMulFast(q, kt).reshape([b, heads, n, keys + 1]);
      const distance = tf.mul(slope, tf.neg(blockDistances(first, rows, w, bh, bw, pool)));
      const weights = tf.softmax(tf.add(logits, tf.add(distance, keyBias))) as tf.Tensor4D;
      const mixed = matMulFast(weights.reshape([b * heads, n, keys + 1]) as tf.Tensor3D, vh);
      return {
        out: mixed.reshape([b, heads, n, dh]).transpose([0, 2, 1, 3]).reshape([b, n, width]),
        weights,
      };
    };
    // Large grids (inference on whole crops) go a band of rows at a time, so the logits stay small:
    // each band's logits and weights are freed before the next band is made.
    const rowsPerBand = Math.max(
      1,
      Math.floor((this.spec.maxLogits ?? MAX_LOGITS) / (b * heads * w * (keys + 1))),
    );
    const bands: { out: tf.Tensor; weights?: tf.Tensor4D }[] = [];
    for (let first = 0; first < h; first += rowsPerBand) {
      const rows = Math.min(rowsPerBand, h - first);
      bands.push(
        tf.tidy(() => {
          const band = attendRows(first, rows);
          return wantWeights ? band : { out: band.out };
        }),
      );
    }
    const merged = (
      bands.length === 1
        ? bands[0]!.out
        : tf.concat(
            bands.map((p) => p.out),
            1,
          )
    ).reshape([b, h, w, width]);
    const out = this.wo.apply(merged) as tf.Tensor4D;
    if (!wantWeights) return { out };
    const weights =
      bands.length === 1
        ? bands[0]!.weights!
        : (tf.concat(
            bands.map((p) => p.weights!),
            2,
          ) as tf.Tensor4D);
    return { out, weights };
  }
}

/**
 * [1, 1, rows·W, blocks + 1]: the distance of each pixel of rows [first, first + rows) to each block's
 * centre, in blocks (0 to the null key). A constant of the grid's size: cheap beside the attention.
 */
function blockDistances(
  first: number,
  rows: number,
  w: number,
  bh: number,
  bw: number,
  pool: number,
): tf.Tensor4D {
  const keys = bh * bw;
  const d = new Float32Array(rows * w * (keys + 1));
  for (let r = 0; r < rows; r++)
    for (let x = 0; x < w; x++) {
      const at = (r * w + x) * (keys + 1);
      for (let by = 0; by < bh; by++)
        for (let bx = 0; bx < bw; bx++) {
          const dy = (first + r + 0.5) / pool - (by + 0.5);
          const dx = (x + 0.5) / pool - (bx + 0.5);
          d[at + by * bw + bx] = Math.sqrt(dy * dy + dx * dx);
        }
    }
  return tf.tensor4d(d, [1, 1, rows * w, keys + 1]);
}
