import * as tf from '@tensorflow/tfjs';
import { Mlp } from '../nn/layers.js';
import { repeatAlongPoints } from '../nn/repeat.js';
import type { ParamStore } from '../nn/params.js';
import type { MeanBasis, NPConfig } from '../core/types.js';

/**
 * p(y* | r*, z, x*, target features): MLP → (μ, σ = minStd + (1 − minStd)·softplus, or a sigmoid up to
 * maxStd where the config caps it). With a 'residual' base, μ = base + c. With a strategy's base,
 * μ = base + σ·c: the MLP's c is a correction in units of the model's own uncertainty, so where the base is sure to
 * be right (smooth regions, small σ) the correction stays small. A base with a detail term adds
 * g·detail, with the gain g a third MLP output: how much of it to put back is learned per point. The
 * last layer starts at zero, so training starts from the base.
 */
export class Decoder {
  private readonly mlp: Mlp;
  private readonly outputs: number;

  constructor(
    store: ParamStore,
    private readonly c: NPConfig,
    withDetail: boolean,
  ) {
    const latent = c.kind === 'cnp' ? 0 : c.latentDim;
    this.outputs = withDetail ? 3 : 2;
    const sizes = [
      c.hidden + latent + c.xDim + c.targetFeatures,
      ...Array<number>(c.decoderLayers).fill(c.hidden),
      this.outputs * c.yDim,
    ];
    this.mlp = new Mlp(store, 'dec', sizes, c.meanBase === 'none' ? 'glorot' : 'zeros');
  }

  /**
   * r [B, Nt, h], z [B, latentDim] or null (CNP), the targets (x [B, Nt, xDim] and any features), the
   * mean's basis at the Nt points → mean, std.
   */
  apply(
    r: tf.Tensor3D,
    z: tf.Tensor2D | null,
    targets: { x: tf.Tensor3D; features?: tf.Tensor3D },
    basis: MeanBasis | null,
  ): { mean: tf.Tensor3D; std: tf.Tensor3D } {
    const { x } = targets;
    const parts: tf.Tensor3D[] = [r];
    if (z) parts.push(repeatAlongPoints(z, x.shape[1]));
    parts.push(x);
    if (this.c.targetFeatures > 0) parts.push(targets.features!);
    const out = this.mlp.apply(tf.concat(parts, -1));
    const [head, raw, gain] = tf.split(out, this.outputs, -1) as tf.Tensor3D[];
    const { minStd, maxStd } = this.c;
    const spread =
      maxStd === undefined
        ? tf.mul(1 - minStd, tf.softplus(raw!))
        : tf.mul(maxStd - minStd, tf.sigmoid(raw!));
    const std = tf.add(minStd, spread) as tf.Tensor3D;
    if (!basis) return { mean: head!, std };
    if (this.c.meanBase === 'residual') return { mean: tf.add(basis.base, head!) as tf.Tensor3D, std };
    let mean = tf.add(basis.base, tf.mul(std, head!));
    if (basis.detail && gain) mean = tf.add(mean, tf.mul(gain, basis.detail));
    return { mean: mean as tf.Tensor3D, std };
  }
}
