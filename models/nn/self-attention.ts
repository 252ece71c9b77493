import type * as tf from '@tensorflow/tfjs';
import { MultiheadAttention } from './attention.js';
import { LayerNorm, Mlp } from './layers.js';
import type { ParamStore } from './params.js';

/** Transformer encoder block: x ← LN(x + MHA(x)); x ← LN(x + FF(x)). Padded points are never attended to. */
class SelfAttentionBlock {
  private readonly attention: MultiheadAttention;
  private readonly norm1: LayerNorm;
  private readonly ff: Mlp;
  private readonly norm2: LayerNorm;

  constructor(store: ParamStore, name: string, hidden: number, heads: number) {
    this.attention = new MultiheadAttention(store, `${name}/mha`, hidden, hidden, hidden, heads);
    this.norm1 = new LayerNorm(store, `${name}/ln1`, hidden);
    this.ff = new Mlp(store, `${name}/ff`, [hidden, hidden, hidden]);
    this.norm2 = new LayerNorm(store, `${name}/ln2`, hidden);
  }

  apply(x: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor3D {
    const h = this.norm1.apply(x.add(this.attention.apply(x, x, x, mask).out)) as tf.Tensor3D;
    return this.norm2.apply(h.add(this.ff.apply(h))) as tf.Tensor3D;
  }
}

export class SelfAttentionStack {
  private readonly blocks: SelfAttentionBlock[] = [];

  constructor(store: ParamStore, name: string, layers: number, hidden: number, heads: number) {
    for (let i = 0; i < layers; i++)
      this.blocks.push(new SelfAttentionBlock(store, `${name}/sa${i}`, hidden, heads));
  }

  apply(x: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor3D {
    return this.blocks.reduce((h, block) => block.apply(h, mask), x);
  }
}
