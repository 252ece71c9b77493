import * as tf from '@tensorflow/tfjs';
import { Dense } from '../nn/layers.js';
import type { ParamStore } from '../nn/params.js';
import { type LatentDistribution, sampleLatent } from '../np/latent-path.js';

/** The prior mean of z, one seeded draw, or a z the caller drew ([B, latentDim]). */
export type LatentChoice = 'mean' | 'sample' | tf.Tensor2D;

/**
 * A grid model's global latent path: each pixel's inputs embedded, averaged over the pixels of the
 * set (weighted by a mask, or all of them), then a Gaussian q(z | set) with σ in (0.1, 1).
 */
export class PooledLatent {
  private readonly embed: Dense;
  private readonly mean: Dense;
  private readonly std: Dense;

  constructor(store: ParamStore, inputs: number, width: number, latentDim: number) {
    this.embed = new Dense(store, 'lat/embed', inputs, width);
    this.mean = new Dense(store, 'lat/mean', width, latentDim);
    this.std = new Dense(store, 'lat/std', width, latentDim);
  }

  /** inputs [B, H, W, inputs]; weight [B, H, W, 1] (1 in the set) or null for every pixel. */
  distribution(inputs: tf.Tensor4D, weight: tf.Tensor4D | null): LatentDistribution {
    const embedded = tf.relu(this.embed.apply(inputs));
    const pooled = weight
      ? tf.div(tf.mul(embedded, weight).sum([1, 2]), tf.maximum(weight.sum([1, 2]), 1))
      : embedded.mean([1, 2]);
    const std = tf.add(0.1, tf.mul(0.9, tf.sigmoid(this.std.apply(pooled)))) as tf.Tensor2D;
    return { mean: this.mean.apply(pooled) as tf.Tensor2D, std };
  }
}

/** The z a prediction uses: null without a latent path, else the choice (default the prior mean). */
export function chooseLatent(
  prior: LatentDistribution | null,
  choice: LatentChoice = 'mean',
  seed = 1,
): tf.Tensor2D | null {
  if (!prior) return null;
  if (choice === 'mean') return prior.mean;
  if (choice === 'sample') return sampleLatent(prior, seed);
  return choice;
}
