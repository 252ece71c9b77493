import * as tf from '@tensorflow/tfjs';
import { Mlp } from '../nn/layers.js';
import { StoredModel } from '../nn/stored-model.js';
import { fitTerms } from '../np/fit-terms.js';
import { klNormal, logNormal } from '../np/gaussian.js';
import { npmlTerms } from '../np/npml.js';
import { type LatentDistribution, sampleLatent } from '../np/latent-path.js';
import type { LossOptions, LossTerms } from '../core/types.js';
import type { GridAnpConfig } from './config.js';
import { GridEncoder } from './encoder.js';
import { chooseLatent, type LatentChoice, PooledLatent } from './pooled-latent.js';
import { pullPushFill } from './pull-push.js';
import { PooledCrossAttention } from './pooled-attention.js';

/** A signal on a grid and which of its pixels are known (the context); y is read only where known. */
export interface GridInput {
  /** [B, H, W, yDim], values in about [0, 1]. */
  y: tf.Tensor4D;
  /** [B, H, W, 1]: 1 known, 0 to predict. */
  known: tf.Tensor4D;
}

export interface GridPrediction {
  /** [B, H, W, yDim] at every pixel (known ones included). */
  mean: tf.Tensor4D;
  std: tf.Tensor4D;
  /** [B, heads, H·W, blocks + 1], when asked for (see PooledCrossAttention). */
  attention?: tf.Tensor4D;
}

export interface GridPredictOptions {
  /** The prior mean of z (default), one seeded draw, or a z the caller drew ([B, latentDim]). */
  z?: LatentChoice;
  seed?: number;
  returnAttention?: boolean;
}

interface Encoded {
  features: tf.Tensor4D;
  fill: tf.Tensor4D;
  /** q(z | known pixels); null without a latent path. */
  prior: LatentDistribution | null;
  attended: tf.Tensor4D;
  attention?: tf.Tensor4D;
}

/**
 * The convolutional ANP on a pixel grid. The pull-push fill of the known pixels is the mean's base;
 * the ConvCNP encoder reads the known signal, the density (mask) and that fill, and gives every pixel
 * a representation; every pixel queries the known part of the grid, pooled into blocks, through
 * multihead cross-attention on those representations; a global latent z (mask-weighted pooling of the
 * representations and the signal) carries what is shared across the grid; a per-pixel decoder gives
 * the mean as a correction of the fill (its last layer starts at zero: an untrained model predicts
 * the fill) and σ.
 */
export class GridAnpModel extends StoredModel {
  private readonly encoder: GridEncoder;
  private readonly attention: PooledCrossAttention;
  private readonly latentPath: PooledLatent | null;
  private readonly decoder: Mlp;

  constructor(
    readonly config: GridAnpConfig,
    seed: number,
    scope: string,
  ) {
    super(seed, scope);
    const { yDim, channels, latentDim } = config;
    this.encoder = new GridEncoder(this.store, 'enc', 2 * yDim + 1, channels, config.dilations);
    this.attention = new PooledCrossAttention(this.store, 'xattn', {
      channels,
      attentionChannels: config.attentionChannels,
      valueExtra: yDim,
      heads: config.heads,
      pool: config.attentionPool,
    });
    this.latentPath =
      latentDim > 0 ? new PooledLatent(this.store, channels + yDim + 1, channels, latentDim) : null;
    const sizes = [
      2 * channels + latentDim + yDim,
      ...Array<number>(config.decoderLayers).fill(config.decoderHidden),
      2 * yDim,
    ];
    this.decoder = new Mlp(this.store, 'dec', sizes, 'zeros');
  }

  private checkInput(input: GridInput): void {
    const { y, known } = input;
    const expected = [...y.shape.slice(0, 3), 1].join(', ');
    if (y.shape[3] !== this.config.yDim)
      throw new RangeError(`y must have ${this.config.yDim} channels, got ${y.shape[3]}`);
    if (known.shape.join(', ') !== expected)
      throw new RangeError(`known must have shape [${expected}], got [${known.shape.join(', ')}]`);
  }

  /** q(z | set): the set's pixels embedded with their representations, mask-weighted mean, (μ, σ). */
  private latent(features: tf.Tensor4D, y: tf.Tensor4D, inSet: tf.Tensor4D): LatentDistribution {
    const inputs = tf.concat([features, tf.mul(y, inSet), inSet], -1) as tf.Tensor4D;
    return this.latentPath!.distribution(inputs, inSet);
  }

  private encode(input: GridInput, wantWeights: boolean): Encoded {
    this.checkInput(input);
    const { y, known } = input;
    const fill = pullPushFill(y, known, this.config.fillLevels);
    const centred = (t: tf.Tensor) => tf.sub(t, 0.5);
    const signal = tf.mul(centred(y), known);
    const features = this.encoder.apply(tf.concat([signal, known, centred(fill)], -1) as tf.Tensor4D);
    const { out, weights } = this.attention.apply(
      features,
      features,
      signal as tf.Tensor4D,
      known,
      wantWeights,
    );
    const prior = this.latentPath ? this.latent(features, y, known) : null;
    return { features, fill, prior, attended: out, attention: weights };
  }

  private decode(enc: Encoded, z: tf.Tensor2D | null): { mean: tf.Tensor4D; std: tf.Tensor4D } {
    const [b, h, w] = enc.features.shape;
    const parts: tf.Tensor[] = [enc.features, enc.attended];
    if (z) parts.push(tf.mul(tf.ones([b, h, w, 1]), z.reshape([b, 1, 1, -1])));
    parts.push(tf.sub(enc.fill, 0.5));
    const out = this.decoder.apply(tf.concat(parts, -1));
    const [correction, raw] = tf.split(out, 2, -1) as [tf.Tensor4D, tf.Tensor4D];
    const std = tf.add(this.config.minStd, tf.softplus(raw)) as tf.Tensor4D;
    return { mean: tf.add(enc.fill, correction) as tf.Tensor4D, std };
  }

  predict(input: GridInput, options: GridPredictOptions = {}): GridPrediction {
    return tf.tidy(() => {
      const enc = this.encode(input, options.returnAttention === true);
      const out = this.decode(enc, chooseLatent(enc.prior, options.z, options.seed));
      return enc.attention ? { ...out, attention: enc.attention } : out;
    });
  }

  /** z drawn from q(z | known pixels), [B, latentDim]; null without a latent path. */
  drawLatent(input: GridInput, seed: number): tf.Tensor2D | null {
    if (!this.latentPath) return null;
    return tf.tidy(() => sampleLatent(this.encode(input, false).prior!, seed));
  }

  /**
   * Training loss at the target pixels `targets` [B, H, W, 1] (which should be unknown in `input`)
   * with the truth `y` [B, H, W, yDim]: the fit per target pixel under `options` (meanFit, betaNll),
   * plus, with a latent path, the KL of q(z | known ∪ targets) from q(z | known) (ELBO), or NPML
   * with `objective: 'npml'`. Call inside `tf.variableGrads`.
   */
  loss(
    input: GridInput,
    y: tf.Tensor4D,
    targets: tf.Tensor4D,
    seed: number,
    options: LossOptions = {},
  ): LossTerms {
    return tf.tidy(() => {
      const enc = this.encode(input, false);
      const mask = targets.squeeze([3]);
      if (!enc.prior) {
        const out = this.decode(enc, null);
        const { fit, nll } = fitTerms(y, out.mean, out.std, mask, options);
        return { loss: fit, nll, kl: tf.scalar(0) };
      }
      const count = tf.maximum(mask.sum(), 1) as tf.Scalar;
      if (options.objective === 'npml') {
        const logLikelihood = (s: number) => {
          const out = this.decode(enc, sampleLatent(enc.prior!, seed + s + 1));
          return tf.mul(logNormal(y, out.mean, out.std), mask).sum([1, 2]) as tf.Tensor1D;
        };
        return { ...npmlTerms(options, logLikelihood, count) };
      }
      const inSet = tf.maximum(input.known, targets) as tf.Tensor4D;
      const truth = tf.add(tf.mul(y, targets), tf.mul(input.y, tf.sub(1, targets))) as tf.Tensor4D;
      const posterior = this.latent(enc.features, truth, inSet);
      const out = this.decode(enc, sampleLatent(posterior, seed + 1));
      const { fit, nll, klScale } = fitTerms(y, out.mean, out.std, mask, options);
      const kl = tf.div(klNormal(posterior.mean, posterior.std, enc.prior.mean, enc.prior.std).sum(), count);
      return { loss: tf.add(fit, tf.mul(kl, klScale)) as tf.Scalar, nll, kl: kl as tf.Scalar };
    });
  }
}
