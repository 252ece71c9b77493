import type * as tf from '@tensorflow/tfjs';
import { type AttentionOutput, type CrossAttention, createCrossAttention } from '../nn/attention.js';
import { Mlp } from '../nn/layers.js';
import type { ParamStore } from '../nn/params.js';
import { SelfAttentionStack } from '../nn/self-attention.js';
import type { NPConfig } from '../core/types.js';

/**
 * r*(x*) from the context: MLP of each point's inputs (x, y and any features) → self-attention stack →
 * cross-attention from the targets' x to the contexts' x (mean pooling for CNP/NP).
 */
export class DeterministicPath {
  private readonly encoder: Mlp;
  private readonly selfAttention: SelfAttentionStack;
  readonly crossAttention: CrossAttention;

  constructor(store: ParamStore, c: NPConfig) {
    const sizes = [c.xDim + c.yDim + c.contextFeatures, ...Array<number>(c.encoderLayers).fill(c.hidden)];
    this.encoder = new Mlp(store, 'det/enc', sizes);
    this.selfAttention = new SelfAttentionStack(store, 'det', c.selfAttentionLayers, c.hidden, c.heads);
    this.crossAttention = createCrossAttention(store, 'det/cross', {
      kind: c.attention,
      xDim: c.xDim,
      hidden: c.hidden,
      heads: c.heads,
      laplaceScale: c.laplaceScale,
      positionBands: c.positionBands ?? 0,
    });
  }

  apply(
    inputs: tf.Tensor3D,
    xc: tf.Tensor3D,
    mask: tf.Tensor2D,
    xt: tf.Tensor3D,
    wantWeights: boolean,
  ): AttentionOutput {
    const r = this.selfAttention.apply(this.encoder.apply(inputs) as tf.Tensor3D, mask);
    return this.crossAttention.apply(xt, xc, r, mask, wantWeights);
  }
}
