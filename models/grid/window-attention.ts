import * as tf from '@tensorflow/tfjs';
import { Dense } from '../nn/layers.js';
import type { ParamStore } from '../nn/params.js';

/** A logit offset that gives keys at unknown pixels a weight of exp(-1e9) = 0. */
const UNKNOWN_LOGIT = -1e9;

export interface WindowAttentionSpec {
  /** Width of queries, keys and the output. */
  channels: number;
  /** Extra channels the values read beside the keys' features (the known signal itself). */
  valueExtra: number;
  heads: number;
  /** Odd side of the square window; its keys are `dilation` pixels apart. */
  window: number;
  dilation: number;
}

export interface WindowAttentionOutput {
  /** [B, H, W, channels] */
  out: tf.Tensor4D;
  /** [B, H, W, heads, window² + 1] when asked for: the weight of each window key, the last the null key's. */
  weights?: tf.Tensor;
}

/**
 * Multihead cross-attention on the grid: every target pixel queries the keys of the known pixels in
 * a window around it (learned features, so it can pick the ones that match it, not only the
 * nearest), plus a learned null key that answers where the window holds no known pixel. A learned
 * bias per head and window offset carries the relative position. Keys and values are computed once a
 * pixel and read through shifted views, so the cost is (window² · 2 · channels) multiply-adds a
 * target beyond the projections; no gather, so it trains on wasm.
 */
export class WindowCrossAttention {
  private readonly wq: Dense;
  private readonly wk: Dense;
  private readonly wv: Dense;
  private readonly wo: Dense;
  private readonly offsetBias: tf.Variable;
  private readonly nullLogit: tf.Variable;
  private readonly nullValue: tf.Variable;

  constructor(
    store: ParamStore,
    name: string,
    readonly spec: WindowAttentionSpec,
  ) {
    const { channels, heads, window } = spec;
    this.wq = new Dense(store, `${name}/q`, channels, channels);
    this.wk = new Dense(store, `${name}/k`, channels, channels);
    this.wv = new Dense(store, `${name}/v`, channels + spec.valueExtra, channels);
    this.wo = new Dense(store, `${name}/o`, channels, channels);
    this.offsetBias = store.create(`${name}/offset_bias`, [window * window, heads], 'zeros');
    this.nullLogit = store.create(`${name}/null_logit`, [heads], 'zeros');
    this.nullValue = store.create(`${name}/null_value`, [channels], 'zeros');
  }

  /** Offsets of the window's keys, (dy, dx) in pixels, in the order of the weights' last axis. */
  offsets(): [number, number][] {
    const { window, dilation } = this.spec;
    const half = (window - 1) / 2;
    const out: [number, number][] = [];
    for (let i = 0; i < window; i++)
      for (let j = 0; j < window; j++) out.push([(i - half) * dilation, (j - half) * dilation]);
    return out;
  }

  /**
   * queries, features [B, H, W, channels]; valueExtra [B, H, W, spec.valueExtra]; known [B, H, W, 1]
   * (1 where a pixel may serve as a key).
   */
  apply(
    queries: tf.Tensor4D,
    features: tf.Tensor4D,
    valueExtra: tf.Tensor4D,
    known: tf.Tensor4D,
    wantWeights = false,
  ): WindowAttentionOutput {
    const { channels, heads } = this.spec;
    const [b, h, w] = queries.shape;
    const dh = channels / heads;
    const split = (x: tf.Tensor) => x.reshape([b, h, w, heads, dh]);
    const q = split(tf.mul(this.wq.apply(queries), 1 / Math.sqrt(dh)));
    const reach = ((this.spec.window - 1) / 2) * this.spec.dilation;
    const pad = (x: tf.Tensor) =>
      tf.pad(x as tf.Tensor4D, [
        [0, 0],
        [reach, reach],
        [reach, reach],
        [0, 0],
      ]);
    const keys = pad(this.wk.apply(features));
    const values = pad(this.wv.apply(tf.concat([features, valueExtra], -1)));
    const knownPadded = pad(known);
    const shifted = (x: tf.Tensor, [dy, dx]: [number, number], c: number) =>
      tf.slice(x, [0, reach + dy, reach + dx, 0], [b, h, w, c]);
    const offsets = this.offsets();
    const logits = offsets.map((o, i) => {
      const dot = tf.mul(q, split(shifted(keys, o, channels))).sum(-1);
      const unknown = tf.mul(tf.sub(1, shifted(knownPadded, o, 1)), UNKNOWN_LOGIT);
      return tf.add(tf.add(dot, unknown), tf.slice(this.offsetBias, [i, 0], [1, heads]).reshape([heads]));
    });
    logits.push(tf.mul(tf.ones([b, h, w, 1]), this.nullLogit));
    const weights = tf.softmax(tf.stack(logits, -1));
    const weightOf = (i: number) => tf.slice(weights, [0, 0, 0, 0, i], [b, h, w, heads, 1]);
    let mixed = tf.mul(weightOf(offsets.length), this.nullValue.reshape([heads, dh]));
    offsets.forEach((o, i) => {
      mixed = tf.add(mixed, tf.mul(weightOf(i), split(shifted(values, o, channels))));
    });
    const out = this.wo.apply(mixed.reshape([b, h, w, channels])) as tf.Tensor4D;
    return wantWeights ? { out, weights } : { out };
  }
}
