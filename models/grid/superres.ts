import * as tf from '@tensorflow/tfjs';
import { joinParts, Mlp } from '../nn/layers.js';
import { StoredModel } from '../nn/stored-model.js';
import { stopGradient } from '../nn/stop-gradient.js';
import { fitTerms } from '../np/fit-terms.js';
import { klNormal, logNormal } from '../np/gaussian.js';
import { npmlTerms } from '../np/npml.js';
import { type LatentDistribution, sampleLatent } from '../np/latent-path.js';
import type { LossOptions, LossTerms } from '../core/types.js';
import type { GridSuperResConfig } from './superres-config.js';
import { GridEncoder } from './encoder.js';
import { chooseLatent, type LatentChoice, PooledLatent } from './pooled-latent.js';
import { type AnchorBlock, WindowCrossAttention, type WindowMaps } from './window-attention.js';

/**
 * A low-resolution image and the output pixels to predict, grouped by anchor: the low-resolution
 * pixel the target lies in (`axisLayout`), whose 5×5 window it reads. Each anchor holds P target
 * slots.
 */
export interface SuperResInput {
  /** [B, h, w, yDim], values in about [0, 1]. */
  low: tf.Tensor4D;
  /**
   * [B, ah, aw, P, 2]: for the anchors of an ah × aw block of the grid (at `origin`), each target's
   * centre less its anchor's centre, (x, y) in low-resolution pixels, in [−½, ½).
   */
  offset: tf.Tensor5D;
  /** [B, ah, aw, P, yDim]: the interpolation at each target, the base the mean corrects. */
  base: tf.Tensor5D;
  /** [top, left] of the anchor block in the grid (default [0, 0]): a tile predicts its core only. */
  origin?: [number, number];
  /** [B, 2]: an output pixel's size in low-resolution pixels (1 / factor), x then y. */
  cell: tf.Tensor2D;
}

export interface SuperResPrediction {
  /** [B, ah, aw, P, yDim] */
  mean: tf.Tensor5D;
  std: tf.Tensor5D;
  /** [B·ah·aw, P, heads, 25] when asked for: each target's weights over its window. */
  attention?: tf.Tensor4D;
}

export interface SuperResPredictOptions {
  /** The prior mean of z (default), one seeded draw, or a z the caller drew ([B, latentDim]). */
  z?: LatentChoice;
  seed?: number;
  returnAttention?: boolean;
}

/** Scales the residuals the posterior's embedding reads to O(0.1–1). */
const RESIDUAL_SCALE = 4;

/** A low-resolution grid encoded once, for predicting its anchor blocks one after another. */
export interface GridCode {
  features: tf.Tensor4D;
  centred: tf.Tensor4D;
  maps: WindowMaps;
  prior: LatentDistribution | null;
}

const codeTensors = (code: GridCode): tf.Tensor[] => [
  code.features,
  code.centred,
  code.maps.queries,
  code.maps.keys,
  code.maps.values,
  ...(code.prior ? [code.prior.mean, code.prior.std] : []),
];

interface Encoded extends GridCode {
  attended: tf.Tensor3D;
  reach: tf.Tensor3D;
  offsets: tf.Tensor3D;
  /** [B, 2]: the factor's code per axis, one per image. */
  cellCode: tf.Tensor2D;
  attention?: tf.Tensor4D;
}

/**
 * The convolutional ANP for super-resolution at any factor. The encoder (the ConvCNP construction
 * of the grid encoder, every pixel known) runs once per low-resolution pixel; each target queries its
 * anchor's 5×5 window through multihead cross-attention; a global latent z pools the grid; a small
 * per-target decoder reads what the target attended to, where it lies, the cell size, the base and
 * z, and gives a residual over the base (its last layer starts small: an untrained model is within
 * about a grey level of the interpolation); a smaller head gives σ from the same inputs.
 */
export class GridSuperResModel extends StoredModel {
  private readonly encoder: GridEncoder;
  private readonly attention: WindowCrossAttention;
  private readonly latentPath: PooledLatent | null;
  private readonly decoder: Mlp;
  private readonly sigmaHead: Mlp;

  constructor(
    readonly config: GridSuperResConfig,
    seed: number,
    scope: string,
  ) {
    super(seed, scope);
    const { yDim, channels, latentDim, heads } = config;
    this.encoder = new GridEncoder(this.store, 'enc', yDim + 1, channels, config.dilations);
    this.attention = new WindowCrossAttention(this.store, 'xattn', {
      channels,
      valueExtra: yDim,
      attentionChannels: config.attentionChannels,
      heads,
    });
    this.latentPath =
      latentDim > 0 ? new PooledLatent(this.store, channels + 2 * yDim + 1, channels, latentDim) : null;
    const inputs = config.attentionChannels + 2 * heads + 4 + yDim + latentDim;
    const hidden = Array<number>(config.decoderLayers).fill(config.decoderHidden);
    // A zero last layer (as the completion model's) passes no gradient back: from there the L1 fit of
    // small residuals never left the base (the mean moved < 0.005 dB in 332 steps).
    this.decoder = new Mlp(this.store, 'dec', [inputs, ...hidden, yDim], 'small');
    this.sigmaHead = new Mlp(this.store, 'sigma', [inputs, config.sigmaHidden, yDim], 'zeros');
  }

  private block(input: SuperResInput): AnchorBlock {
    const { low, offset, base, cell } = input;
    const [b, h, w] = low.shape;
    const [top, left] = input.origin ?? [0, 0];
    const [ob, height, width] = offset.shape;
    const fits = (start: number, size: number, grid: number) =>
      Number.isInteger(start) && start >= 0 && start + size <= grid;
    if (ob !== b || offset.shape[4] !== 2 || !fits(top, height, h) || !fits(left, width, w))
      throw new RangeError(
        `offset must have shape [${b}, ah, aw, P, 2] with its block at [${top}, ${left}] inside the ${h}×${w} grid, got [${offset.shape.join(', ')}]`,
      );
    const expected = [...offset.shape.slice(0, 4), this.config.yDim].join(', ');
    if (base.shape.join(', ') !== expected)
      throw new RangeError(`base must have shape [${expected}], got [${base.shape.join(', ')}]`);
    if (cell.shape.join(', ') !== `${b}, 2`)
      throw new RangeError(`cell must have shape [${b}, 2], got [${cell.shape.join(', ')}]`);
    return { top, left, height, width };
  }

  /** q(z | grid[, residuals]): each low-resolution pixel embedded, averaged, then (μ, σ). */
  private latent(enc: Pick<Encoded, 'features' | 'centred'>, residual: tf.Tensor4D, seen: tf.Tensor4D) {
    const parts = [enc.features, enc.centred, tf.mul(residual, RESIDUAL_SCALE), seen];
    return this.latentPath!.distribution(tf.concat(parts, -1) as tf.Tensor4D, null);
  }

  /** What a grid's every block reads: the encoder's features, the attention's maps and q(z | grid). */
  private encodeGrid(low: tf.Tensor4D): GridCode {
    const [b, h, w, c] = low.shape;
    if (c !== this.config.yDim) throw new RangeError(`low must have ${this.config.yDim} channels, got ${c}`);
    const centred = tf.sub(low, 0.5) as tf.Tensor4D;
    const ones = tf.onesLike(tf.slice(low, 0, [b, h, w, 1]));
    const features = this.encoder.apply(tf.concat([centred, ones], -1));
    const maps = this.attention.project(features, centred);
    const prior = this.latentPath
      ? this.latent({ features, centred }, tf.zerosLike(low), tf.zerosLike(ones) as tf.Tensor4D)
      : null;
    return { features, centred, maps, prior };
  }

  /** The targets of the input's anchor block attending to an encoded grid. */
  private encodeTargets(grid: GridCode, input: SuperResInput, wantWeights: boolean): Encoded {
    const block = this.block(input);
    const { offset, cell } = input;
    const b = input.low.shape[0];
    const p = offset.shape[3];
    const n = b * block.height * block.width;
    const offsets = offset.reshape([n, p, 2]) as tf.Tensor3D;
    // log2 of the factor per axis, / 3: 0.2 at ×1.5, 1 at ×8.
    const cellCode = tf.div(tf.neg(tf.log(cell)), 3 * Math.LN2) as tf.Tensor2D;
    const { attended, reach, weights } = this.attention.attend(
      grid.maps,
      block,
      offsets,
      cellCode,
      wantWeights,
    );
    return { ...grid, offsets, cellCode, attended, reach, ...(weights ? { attention: weights } : {}) };
  }

  private decode(enc: Encoded, input: SuperResInput, z: tf.Tensor2D | null) {
    const [n, p] = enc.attended.shape;
    const shape = input.base.shape;
    const b = input.low.shape[0];
    const items = (t: tf.Tensor) => t.reshape([b, (n / b) * p, -1]) as tf.Tensor3D;
    const base = input.base.reshape([n, p, this.config.yDim]);
    // The decoders' inputs in their kernels' order; the cell's code and z once per image, not per target.
    const inputs = joinParts([
      ...[enc.attended, enc.reach, enc.offsets].map((t) => ({ perItem: items(t) })),
      { perGroup: enc.cellCode },
      { perItem: items(tf.sub(base, 0.5)) },
      ...(z ? [{ perGroup: z }] : []),
    ]);
    // σ reads the same inputs through its own head, detached: the likelihood's gradients (tens of
    // times the mean's where σ is small) would otherwise train the encoder for σ instead of the mean.
    const detached = {
      ...inputs,
      items: stopGradient(inputs.items),
      groups: inputs.groups && stopGradient(inputs.groups),
    };
    const raw = this.sigmaHead.applyParts(detached);
    const std = tf.add(this.config.minStd, tf.softplus(raw)).reshape(shape) as tf.Tensor5D;
    const residual = this.decoder.applyParts(inputs);
    return { mean: tf.add(base, residual.reshape([n, p, -1])).reshape(shape) as tf.Tensor5D, std };
  }

  /** A per-anchor map [B, ah, aw, C] placed in the whole grid, zeros elsewhere. */
  private onGrid(t: tf.Tensor4D, input: SuperResInput): tf.Tensor4D {
    const [, h, w] = input.low.shape;
    const [top, left] = input.origin ?? [0, 0];
    const [, ah, aw] = t.shape;
    return tf.pad(t, [
      [0, 0],
      [top, h - top - ah],
      [left, w - left - aw],
      [0, 0],
    ]);
  }

  /**
   * z from q(z | low) [B, latentDim]: its mean, or a seeded draw; null without a latent path. A
   * tiled prediction passes one z, from the whole image or a crop of it, to every tile.
   */
  latentOf(low: tf.Tensor4D, z: 'mean' | 'sample' = 'mean', seed = 1): tf.Tensor2D | null {
    if (!this.latentPath) return null;
    return tf.tidy(() => chooseLatent(this.encodeGrid(low).prior, z, seed)!.clone());
  }

  /**
   * Encodes `low` once (the caller disposes the result with `disposeCode`) so that its anchor
   * blocks can be predicted one after another by `predictEncoded` with bounded memory: the encoder
   * runs over the whole tile and its halo once, not once per block.
   */
  encodeLow(low: tf.Tensor4D): GridCode {
    let code: GridCode | undefined;
    tf.tidy(() => {
      code = this.encodeGrid(low);
      codeTensors(code).forEach((t) => tf.keep(t));
    });
    return code!;
  }

  disposeCode(code: GridCode): void {
    tf.dispose(codeTensors(code));
  }

  /** `predict` of one block of `input` (its `low` the grid `code` encodes) from the encoded grid. */
  predictEncoded(
    code: GridCode,
    input: SuperResInput,
    options: SuperResPredictOptions = {},
  ): SuperResPrediction {
    return tf.tidy(() => this.predictFrom(code, input, options));
  }

  predict(input: SuperResInput, options: SuperResPredictOptions = {}): SuperResPrediction {
    return tf.tidy(() => this.predictFrom(this.encodeGrid(input.low), input, options));
  }

  private predictFrom(code: GridCode, input: SuperResInput, options: SuperResPredictOptions) {
    const enc = this.encodeTargets(code, input, options.returnAttention === true);
    const out = this.decode(enc, input, chooseLatent(enc.prior, options.z, options.seed));
    return enc.attention ? { ...out, attention: enc.attention } : out;
  }

  /**
   * Training loss at the targets of `mask` [B, h, w, P] (1 a real target, 0 an empty slot) with the
   * truth `y` [B, h, w, P, yDim]: the fit per target under `options` (meanFit, betaNll), plus, with a
   * latent path, the KL of q(z | grid, targets) from q(z | grid) (ELBO), or NPML with
   * `objective: 'npml'`. Call inside `tf.variableGrads`.
   */
  loss(
    input: SuperResInput,
    y: tf.Tensor5D,
    mask: tf.Tensor4D,
    seed: number,
    options: LossOptions = {},
  ): LossTerms {
    return tf.tidy(() => {
      const enc = this.encodeTargets(this.encodeGrid(input.low), input, false);
      if (!enc.prior) {
        const out = this.decode(enc, input, null);
        const { fit, nll } = fitTerms(y, out.mean, out.std, mask, options);
        return { loss: fit, nll, kl: tf.scalar(0) };
      }
      const count = tf.maximum(mask.sum(), 1) as tf.Scalar;
      if (options.objective === 'npml') {
        const logLikelihood = (s: number) => {
          const out = this.decode(enc, input, sampleLatent(enc.prior!, seed + s + 1));
          return tf.mul(logNormal(y, out.mean, out.std), mask).sum([1, 2, 3]) as tf.Tensor1D;
        };
        return { ...npmlTerms(options, logLikelihood, count) };
      }
      const weight = mask.expandDims(-1);
      const perAnchor = tf.maximum(mask.sum(-1, true), 1);
      const residual = tf.div(tf.mul(tf.sub(y, input.base), weight).sum(3), perAnchor) as tf.Tensor4D;
      const seen = tf.minimum(mask.sum(-1, true), 1) as tf.Tensor4D;
      const onGrid = (t: tf.Tensor4D) => this.onGrid(t, input);
      const posterior = this.latent(enc, onGrid(residual), onGrid(seen));
      const out = this.decode(enc, input, sampleLatent(posterior, seed + 1));
      const { fit, nll, klScale } = fitTerms(y, out.mean, out.std, mask, options);
      const kl = tf.div(klNormal(posterior.mean, posterior.std, enc.prior.mean, enc.prior.std).sum(), count);
      return { loss: tf.add(fit, tf.mul(kl, klScale)) as tf.Scalar, nll, kl: kl as tf.Scalar };
    });
  }
}
