import * as tf from '@tensorflow/tfjs';
import { Dense, joinParts } from '../nn/layers.js';
import { matMulFast } from '../nn/matmul.js';
import type { ParamStore } from '../nn/params.js';
import { SUPERRES_WINDOW } from './superres-config.js';

/** A logit offset that gives window pixels outside the grid a weight of exp(-1e9) = 0. */
const OUTSIDE_LOGIT = -1e9;
/** Slopes of the squared-distance penalty the heads start with, in logits per pixel²: local to wide. */
const INITIAL_SLOPES = [2, 1, 0.5, 0.1];

export interface WindowAttentionSpec {
  /** Width of the grid's features (queries, keys and values are made from them). */
  channels: number;
  /** Extra channels the values read beside the features (the low-resolution signal itself). */
  valueExtra: number;
  /** Width of the projected queries, keys and values. */
  attentionChannels: number;
  heads: number;
}

/** Window pixels each side of the anchor. */
const REACH = (SUPERRES_WINDOW - 1) / 2;

/** The window's offsets (dx, dy) from its anchor, row-major: −2..2 on each axis. */
function windowOffsets(): tf.Tensor {
  const d: number[] = [];
  for (let dy = 0; dy < SUPERRES_WINDOW; dy++)
    for (let dx = 0; dx < SUPERRES_WINDOW; dx++) d.push(dx - REACH, dy - REACH);
  return tf.tensor(d, [1, 1, SUPERRES_WINDOW ** 2, 2]);
}

/** The anchors a call predicts for: an ah × aw block of the grid whose top-left pixel is `top`, `left`. */
export interface AnchorBlock {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** The (dy, dx) shifts of the window, row-major, as offsets into the grid padded by REACH. */
const SHIFTS = Array.from({ length: SUPERRES_WINDOW ** 2 }, (_, k) => [
  Math.floor(k / SUPERRES_WINDOW),
  k % SUPERRES_WINDOW,
]);

/**
 * The window extraction with its gradient written out: forward, the block's rows and columns and
 * REACH more on each side are cut from the grid (zeros past its edges), and 25 shifted slices of
 * that are stacked on an inner axis (fast on wasm; cutting first keeps a block from copying the
 * whole grid 25 times); backward, the upstream gradient transposed so that each shift's part is
 * contiguous, each part padded back into place, all summed at once, and the sum placed back in the
 * grid. Autodiff's gradient of the stack is an unstack on the inner axis, which on wasm took over a
 * second a training step.
 */
function windowExtraction(block: AnchorBlock): (x: tf.Tensor4D) => tf.Tensor3D {
  const { top, left, height, width } = block;
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor4D;
    const [b, h, w, c] = x.shape;
    // Grid rows [r0, r1) and columns [c0, c1) of the block and its reach, zeros padded past the edges.
    const [r0, r1] = [Math.max(0, top - REACH), Math.min(h, top + height + REACH)];
    const [c0, c1] = [Math.max(0, left - REACH), Math.min(w, left + width + REACH)];
    const rowPad: [number, number] = [r0 - (top - REACH), top + height + REACH - r1];
    const columnPad: [number, number] = [c0 - (left - REACH), left + width + REACH - c1];
    const reached = tf.slice(x, [0, r0, c0, 0], [b, r1 - r0, c1 - c0, c]);
    const padded = tf.pad(reached, [[0, 0], rowPad, columnPad, [0, 0]]);
    const shifts = SHIFTS.map(([dy, dx]) => tf.slice(padded, [0, dy!, dx!, 0], [b, height, width, c]));
    const value = tf.stack(shifts, 3).reshape([b * height * width, SUPERRES_WINDOW ** 2, c]);
    const gradFunc = (dy: tf.Tensor) => {
      const parts = tf.unstack(
        tf.transpose(dy.reshape([b, height, width, SHIFTS.length, c]), [3, 0, 1, 2, 4]),
      );
      const placed = parts.map((part, k) => {
        const [sy, sx] = SHIFTS[k]!;
        return tf.pad(part, [
          [0, 0],
          [sy!, 2 * REACH - sy!],
          [sx!, 2 * REACH - sx!],
          [0, 0],
        ]);
      });
      const onReached = tf.slice(tf.addN(placed), [0, rowPad[0], columnPad[0], 0], reached.shape);
      return tf.pad(onReached, [
        [0, 0],
        [r0, h - r1],
        [c0, w - c1],
        [0, 0],
      ]);
    };
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor4D) => tf.Tensor3D;
}

/**
 * x [B, h, w, C] → [B·ah·aw, 25, C]: the 5×5 window (anchor − 2 .. anchor + 2 on each axis) of each
 * anchor of `block`, zeros outside the grid; shifted slices, so no gather is needed.
 */
export function windowsOf(x: tf.Tensor4D, block: AnchorBlock): tf.Tensor3D {
  return windowExtraction(block)(x);
}

/**
 * [ah·aw, 25]: OUTSIDE_LOGIT where an anchor's window pixel lies outside the h × w grid, else 0 —
 * the outer sum of one row mask and one column mask, so nothing per pixel is cut or tiled.
 */
function outsideLogits(block: AnchorBlock, h: number, w: number): tf.Tensor2D {
  const axis = (start: number, count: number, size: number) => {
    const mask = new Float32Array(count * SUPERRES_WINDOW);
    for (let i = 0; i < count; i++)
      for (let d = 0; d < SUPERRES_WINDOW; d++) {
        const at = start + i + d - REACH;
        if (at < 0 || at >= size) mask[i * SUPERRES_WINDOW + d] = OUTSIDE_LOGIT;
      }
    return mask;
  };
  const rows = tf.tensor(axis(block.top, block.height, h), [block.height, 1, SUPERRES_WINDOW, 1]);
  const columns = tf.tensor(axis(block.left, block.width, w), [1, block.width, 1, SUPERRES_WINDOW]);
  return tf.add(rows, columns).reshape([block.height * block.width, SUPERRES_WINDOW ** 2]) as tf.Tensor2D;
}

/** A grid's queries, keys and values before any block reads them. */
export interface WindowMaps {
  queries: tf.Tensor4D;
  keys: tf.Tensor4D;
  values: tf.Tensor4D;
}

export interface WindowAttentionOutput {
  /** [N, P, attentionChannels]: what each target read. */
  attended: tf.Tensor3D;
  /** [N, P, 2·heads]: per head, the attention-weighted offset of the window from the target. */
  reach: tf.Tensor3D;
  /** [N, P, heads, 25] when asked for. */
  weights?: tf.Tensor4D;
}

/**
 * Multihead cross-attention from each target (an output pixel) to the 25 low-resolution pixels of
 * its anchor's 5×5 window. Keys and values are learned features of the grid, computed once per
 * low-resolution pixel; the query is the anchor's feature plus a projection of where the target lies
 * in the anchor's cell and of the cell's size, so one model serves any factor. Each head adds its own
 * learned penalty on the squared distance from target to key (from local to wide heads).
 */
export class WindowCrossAttention {
  private readonly wq: Dense;
  private readonly wp: Dense;
  private readonly wk: Dense;
  private readonly wv: Dense;
  private readonly slopes: tf.Variable;

  constructor(
    store: ParamStore,
    name: string,
    readonly spec: WindowAttentionSpec,
  ) {
    const { channels, attentionChannels: width, heads } = spec;
    this.wq = new Dense(store, `${name}/q`, channels, width);
    this.wp = new Dense(store, `${name}/pos`, 4, width);
    this.wk = new Dense(store, `${name}/k`, channels, width);
    this.wv = new Dense(store, `${name}/v`, channels + spec.valueExtra, width);
    // Stored as the inverse softplus of the slope, so the slope stays positive.
    this.slopes = store.create(`${name}/distance_slope`, [heads], 'zeros');
    const start = Array.from({ length: heads }, (_, h) => INITIAL_SLOPES[h % INITIAL_SLOPES.length]!);
    this.slopes.assign(tf.tensor1d(start.map((s) => Math.log(Math.expm1(s)))));
  }

  /** The per-pixel projections, [B, h, w, width] each: computed once for a grid, read by every block of it. */
  project(features: tf.Tensor4D, valueExtra: tf.Tensor4D): WindowMaps {
    return {
      queries: this.wq.apply(features) as tf.Tensor4D,
      keys: this.wk.apply(features) as tf.Tensor4D,
      values: this.wv.apply(tf.concat([features, valueExtra], -1)) as tf.Tensor4D,
    };
  }

  /**
   * The targets of the anchors of `block` attend to the projected grid: offset [N, P, 2] (the
   * target's offset from its anchor's centre, x then y), N = B·ah·aw, and the cell's code [B, 2].
   */
  attend(
    maps: WindowMaps,
    block: AnchorBlock,
    offset: tf.Tensor3D,
    cellCode: tf.Tensor2D,
    wantWeights = false,
  ): WindowAttentionOutput {
    const { heads, attentionChannels: width } = this.spec;
    const a = width / heads;
    const [b, h, w] = maps.keys.shape;
    const n = b * block.height * block.width;
    const p = offset.shape[1];
    const keys = SUPERRES_WINDOW ** 2;
    const anchorQuery = tf.slice(
      maps.queries,
      [0, block.top, block.left, 0],
      [b, block.height, block.width, -1],
    );
    const where = this.wp.applyParts(
      joinParts([{ perItem: offset.reshape([b, (n / b) * p, 2]) as tf.Tensor3D }, { perGroup: cellCode }]),
    );
    const q = tf.add(anchorQuery.reshape([n, 1, width]), where.reshape([n, p, width]));
    // Two extractions: splitting one of the keys and values together costs more than the second.
    const [k, v] = [windowsOf(maps.keys, block), windowsOf(maps.values, block)];
    // Per anchor and head, the P queries against the window's 25 keys and the weights against its
    // values are two batched matrix products (XNNPACK on wasm): no [P, 25, width] tensor per target.
    const byHead = (t: tf.Tensor, rows: number) =>
      tf.transpose(t.reshape([n, rows, heads, a]), [0, 2, 1, 3]).reshape([n * heads, rows, a]);
    const dots = matMulFast(byHead(q, p), tf.transpose(byHead(k, keys), [0, 2, 1])).reshape([
      n,
      heads,
      p,
      keys,
    ]);
    // Squared distances from each target to each window pixel, [N, 1, P, 25], as |d|² − 2 d·o + |o|²:
    // one small matMul instead of a [N, P, 25, 2] difference.
    const window = windowOffsets().reshape([keys, 2]);
    const targets = offset.reshape([n * p, 2]);
    const across = matMulFast(targets, tf.transpose(window));
    const distance = tf
      .add(tf.sub(tf.sum(tf.square(window), -1), tf.mul(across, 2)), tf.sum(tf.square(targets), -1, true))
      .reshape([n, 1, p, keys]);
    const slopes = tf.softplus(this.slopes).reshape([1, heads, 1, 1]);
    const perImage = block.height * block.width;
    const outside = outsideLogits(block, h, w).reshape([1, perImage, 1, keys]);
    const logits = tf.add(
      tf.sub(tf.div(dots, Math.sqrt(a)), tf.mul(slopes, distance)).reshape([b, perImage, heads * p, keys]),
      outside,
    );
    const weights = tf.softmax(logits).reshape([n, heads, p, keys]) as tf.Tensor4D;
    const mixed = matMulFast(weights.reshape([n * heads, p, keys]), byHead(v, keys));
    const attended = tf
      .transpose(mixed.reshape([n, heads, p, a]), [0, 2, 1, 3])
      .reshape([n, p, width]) as tf.Tensor3D;
    // Σ_j w_j (d_j − offset) = Σ_j w_j d_j − offset, as the weights sum to 1.
    const meanOffset = matMulFast(weights.reshape([n * heads * p, keys]), window);
    const perHead = tf.transpose(meanOffset.reshape([n, heads, p, 2]), [0, 2, 1, 3]);
    const reach = tf.sub(perHead, offset.reshape([n, p, 1, 2])).reshape([n, p, 2 * heads]) as tf.Tensor3D;
    const shown = wantWeights ? (tf.transpose(weights, [0, 2, 1, 3]) as tf.Tensor4D) : undefined;
    return shown ? { attended, reach, weights: shown } : { attended, reach };
  }
}
