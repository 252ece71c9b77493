import * as tf from '@tensorflow/tfjs';
import type { AttentionKind } from '../core/types.js';
import { Dense, Mlp } from './layers.js';
import { encodedWidth, encodePositions } from './positional.js';
import { keyMaskBias, maskedMean } from './masking.js';
import { matMulFast } from './matmul.js';
import { repeatAlongPoints } from './repeat.js';
import type { ParamStore } from './params.js';

export interface AttentionOutput {
  /** [B, Nt, dv] */
  out: tf.Tensor3D;
  /** [B, heads, Nt, Nc], only when asked for. */
  weights?: tf.Tensor4D;
}

/**
 * keys [B, Nc, d] → [B, d, Nc]. tfjs-backend-wasm runs transposed products in a naive loop; with
 * nn/wasm-matmul.ts installed both forms reach XNNPACK, and the explicit form lets `matMulFast` keep
 * the flags out of the gradients on backends without that kernel too.
 */
function transposeLast(x: tf.Tensor3D): tf.Tensor3D {
  return tf.transpose(x, [0, 2, 1]);
}

/** softmax over the keys with padded keys masked out: logits [B, Nt, Nc] (or [B, H, Nt, Nc] with bias broadcast). */
function maskedSoftmax(logits: tf.Tensor, mask: tf.Tensor2D): tf.Tensor {
  const bias = logits.rank === 4 ? keyMaskBias(mask).expandDims(1) : keyMaskBias(mask);
  return tf.softmax(tf.add(logits, bias));
}

/** Splits [B, N, H·dh] into heads [B·H, N, dh]. */
function splitHeads(x: tf.Tensor3D, heads: number): tf.Tensor3D {
  const [b, n, d] = x.shape;
  const dh = d / heads;
  return x
    .reshape([b, n, heads, dh])
    .transpose([0, 2, 1, 3])
    .reshape([b * heads, n, dh]);
}

function mergeHeads(x: tf.Tensor3D, batch: number, heads: number): tf.Tensor3D {
  const [, n, dh] = x.shape;
  return x
    .reshape([batch, heads, n, dh])
    .transpose([0, 2, 1, 3])
    .reshape([batch, n, heads * dh]);
}

/** Multihead scaled dot-product attention with learned projections (Vaswani et al.). */
export class MultiheadAttention {
  private readonly wq: Dense;
  private readonly wk: Dense;
  private readonly wv: Dense;
  private readonly wo: Dense;

  constructor(
    store: ParamStore,
    name: string,
    dq: number,
    dv: number,
    hidden: number,
    readonly heads: number,
  ) {
    this.wq = new Dense(store, `${name}/q`, dq, hidden);
    this.wk = new Dense(store, `${name}/k`, dq, hidden);
    this.wv = new Dense(store, `${name}/v`, dv, hidden);
    this.wo = new Dense(store, `${name}/o`, hidden, hidden);
  }

  apply(
    q: tf.Tensor3D,
    k: tf.Tensor3D,
    v: tf.Tensor3D,
    mask: tf.Tensor2D,
    wantWeights = false,
  ): AttentionOutput {
    const batch = q.shape[0];
    const [nt, nc] = [q.shape[1], k.shape[1]];
    const kh = splitHeads(this.wk.apply(k) as tf.Tensor3D, this.heads);
    const vh = splitHeads(this.wv.apply(v) as tf.Tensor3D, this.heads);
    // Scaling the queries rather than the logits keeps one fewer [B, H, Nt, Nc] tensor on the tape.
    const qh = splitHeads(this.wq.apply(q) as tf.Tensor3D, this.heads).mul(1 / Math.sqrt(kh.shape[2]));
    const logits = matMulFast(qh as tf.Tensor3D, transposeLast(kh)).reshape([batch, this.heads, nt, nc]);
    const weights = maskedSoftmax(logits, mask) as tf.Tensor4D;
    const heads = matMulFast(weights.reshape([batch * this.heads, nt, nc]) as tf.Tensor3D, vh) as tf.Tensor3D;
    const out = this.wo.apply(mergeHeads(heads, batch, this.heads)) as tf.Tensor3D;
    return wantWeights ? { out, weights } : { out };
  }
}

/** Cross-attention from target x (queries) to context x (keys) over context representations (values). */
export interface CrossAttention {
  readonly heads: number;
  apply(
    xq: tf.Tensor3D,
    xk: tf.Tensor3D,
    values: tf.Tensor3D,
    mask: tf.Tensor2D,
    wantWeights: boolean,
  ): AttentionOutput;
}

class UniformAttention implements CrossAttention {
  readonly heads = 1;

  apply(
    xq: tf.Tensor3D,
    _xk: tf.Tensor3D,
    values: tf.Tensor3D,
    mask: tf.Tensor2D,
    wantWeights: boolean,
  ): AttentionOutput {
    const nt = xq.shape[1];
    const out = repeatAlongPoints(maskedMean(values, mask), nt);
    if (!wantWeights) return { out };
    const w = tf.div(mask, tf.maximum(mask.sum(1, true), 1));
    return {
      out,
      weights: tf.tile(w.reshape([mask.shape[0], 1, 1, mask.shape[1]]), [1, 1, nt, 1]) as tf.Tensor4D,
    };
  }
}

/** weights ∝ exp(−‖x* − x_i‖₁ / scale) on the raw coordinates, as in the reference notebook. */
class LaplaceAttention implements CrossAttention {
  readonly heads = 1;

  constructor(private readonly scale: number) {}

  apply(
    xq: tf.Tensor3D,
    xk: tf.Tensor3D,
    values: tf.Tensor3D,
    mask: tf.Tensor2D,
    wantWeights: boolean,
  ): AttentionOutput {
    const dist = tf.abs(tf.sub(xq.expandDims(2), xk.expandDims(1))).sum(-1);
    const weights = maskedSoftmax(tf.div(dist, -this.scale), mask) as tf.Tensor3D;
    const out = matMulFast(weights, values) as tf.Tensor3D;
    return wantWeights ? { out, weights: weights.expandDims(1) as tf.Tensor4D } : { out };
  }
}

/** The MLP embedding of x (optionally of its sinusoidal encoding) that queries and keys share. */
class PositionEmbedding {
  private readonly mlp: Mlp;
  private readonly bands: number;

  constructor(store: ParamStore, name: string, spec: CrossAttentionSpec) {
    this.bands = spec.positionBands;
    const width = encodedWidth(spec.xDim, this.bands);
    this.mlp = new Mlp(store, `${name}/embed`, [width, spec.hidden, spec.hidden]);
  }

  apply(x: tf.Tensor3D): tf.Tensor3D {
    return this.mlp.apply(encodePositions(x, this.bands)) as tf.Tensor3D;
  }
}

/** Scaled dot-product attention on an MLP embedding of x shared by queries and keys. */
class DotAttention implements CrossAttention {
  readonly heads = 1;
  private readonly embed: PositionEmbedding;

  constructor(store: ParamStore, name: string, spec: CrossAttentionSpec) {
    this.embed = new PositionEmbedding(store, name, spec);
  }

  apply(
    xq: tf.Tensor3D,
    xk: tf.Tensor3D,
    values: tf.Tensor3D,
    mask: tf.Tensor2D,
    wantWeights: boolean,
  ): AttentionOutput {
    const q = this.embed.apply(xq);
    const k = this.embed.apply(xk);
    const logits = matMulFast(q, transposeLast(k)).mul(1 / Math.sqrt(q.shape[2]));
    const weights = maskedSoftmax(logits, mask) as tf.Tensor3D;
    const out = matMulFast(weights, values) as tf.Tensor3D;
    return wantWeights ? { out, weights: weights.expandDims(1) as tf.Tensor4D } : { out };
  }
}

/** Multihead attention on an MLP embedding of x shared by queries and keys. */
class MultiheadCrossAttention implements CrossAttention {
  private readonly embed: PositionEmbedding;
  private readonly attention: MultiheadAttention;

  constructor(store: ParamStore, name: string, spec: CrossAttentionSpec) {
    const { hidden } = spec;
    this.embed = new PositionEmbedding(store, name, spec);
    this.attention = new MultiheadAttention(store, `${name}/mha`, hidden, hidden, hidden, spec.heads);
  }

  get heads(): number {
    return this.attention.heads;
  }

  apply(
    xq: tf.Tensor3D,
    xk: tf.Tensor3D,
    values: tf.Tensor3D,
    mask: tf.Tensor2D,
    wantWeights: boolean,
  ): AttentionOutput {
    const q = this.embed.apply(xq);
    const k = this.embed.apply(xk);
    return this.attention.apply(q, k, values, mask, wantWeights);
  }
}

export interface CrossAttentionSpec {
  kind: AttentionKind;
  xDim: number;
  hidden: number;
  heads: number;
  laplaceScale: number;
  /** Octaves of the sinusoidal encoding of x before the embedding MLP (0: raw x). */
  positionBands: number;
}

export function createCrossAttention(
  store: ParamStore,
  name: string,
  spec: CrossAttentionSpec,
): CrossAttention {
  switch (spec.kind) {
    case 'uniform':
      return new UniformAttention();
    case 'laplace':
      return new LaplaceAttention(spec.laplaceScale);
    case 'dot':
      return new DotAttention(store, name, spec);
    case 'multihead':
      return new MultiheadCrossAttention(store, name, spec);
  }
}
