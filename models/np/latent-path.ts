import * as tf from '@tensorflow/tfjs';
import { Dense, Mlp } from '../nn/layers.js';
import { maskedMean } from '../nn/masking.js';
import type { ParamStore } from '../nn/params.js';
import { SelfAttentionStack } from '../nn/self-attention.js';
import type { NPConfig } from '../core/types.js';

export interface LatentDistribution {
  /** [B, latentDim] */
  mean: tf.Tensor2D;
  std: tf.Tensor2D;
}

/** q(z | set): MLP of each point's inputs → self-attention → masked mean → (μ, σ = 0.1 + 0.9·sigmoid). */
export class LatentPath {
  private readonly encoder: Mlp;
  private readonly selfAttention: SelfAttentionStack;
  private readonly head: Dense;
  private readonly mean: Dense;
  private readonly std: Dense;

  constructor(store: ParamStore, c: NPConfig) {
    const sizes = [c.xDim + c.yDim + c.contextFeatures, ...Array<number>(c.encoderLayers).fill(c.hidden)];
    this.encoder = new Mlp(store, 'lat/enc', sizes);
    this.selfAttention = new SelfAttentionStack(store, 'lat', c.selfAttentionLayers, c.hidden, c.heads);
    this.head = new Dense(store, 'lat/head', c.hidden, c.hidden);
    this.mean = new Dense(store, 'lat/mean', c.hidden, c.latentDim);
    this.std = new Dense(store, 'lat/std', c.hidden, c.latentDim);
  }

  apply(inputs: tf.Tensor3D, mask: tf.Tensor2D): LatentDistribution {
    const s = this.selfAttention.apply(this.encoder.apply(inputs) as tf.Tensor3D, mask);
    const h = tf.relu(this.head.apply(maskedMean(s, mask)));
    const std = tf.add(0.1, tf.mul(0.9, tf.sigmoid(this.std.apply(h)))) as tf.Tensor2D;
    return { mean: this.mean.apply(h) as tf.Tensor2D, std };
  }
}

/** z = μ + σ·ε with ε ~ N(0, I) from a seed (reparameterised: gradients flow to μ and σ). */
export function sampleLatent(dist: LatentDistribution, seed: number): tf.Tensor2D {
  const eps = tf.randomNormal(dist.mean.shape, 0, 1, 'float32', seed);
  return tf.add(dist.mean, tf.mul(dist.std, eps));
}
