import * as tf from '@tensorflow/tfjs';
import { matMulFast } from './matmul.js';
import type { Init, ParamStore } from './params.js';

/** Applies to [..., in] by flattening the leading axes: one 2-D matMul, the fastest form on wasm. */
export class Dense {
  private readonly kernel: tf.Variable;
  private readonly bias: tf.Variable;

  constructor(
    store: ParamStore,
    name: string,
    readonly inDim: number,
    readonly outDim: number,
    init: Init = 'glorot',
  ) {
    this.kernel = store.create(`${name}/kernel`, [inDim, outDim], init);
    this.bias = store.create(`${name}/bias`, [outDim], 'zeros');
  }

  apply(x: tf.Tensor): tf.Tensor {
    const lead = x.shape.slice(0, -1);
    const flat = x.reshape([-1, this.inDim]);
    const out = tf.add(matMulFast(flat, this.kernel), this.bias);
    return out.reshape([...lead, this.outDim]);
  }
}

/** ReLU between layers, none after the last; `lastInit: 'zeros'` makes the MLP start as zero. */
export class Mlp {
  private readonly layers: Dense[];

  constructor(store: ParamStore, name: string, sizes: number[], lastInit: Init = 'glorot') {
    this.layers = [];
    for (let i = 0; i + 1 < sizes.length; i++) {
      const init = i + 2 === sizes.length ? lastInit : 'glorot';
      this.layers.push(new Dense(store, `${name}/l${i}`, sizes[i]!, sizes[i + 1]!, init));
    }
  }

  apply(x: tf.Tensor): tf.Tensor {
    let h = x;
    this.layers.forEach((layer, i) => {
      h = layer.apply(h);
      if (i < this.layers.length - 1) h = tf.relu(h);
    });
    return h;
  }
}

export class LayerNorm {
  private readonly gamma: tf.Variable;
  private readonly beta: tf.Variable;

  constructor(store: ParamStore, name: string, dim: number) {
    this.gamma = store.create(`${name}/gamma`, [dim], 'ones');
    this.beta = store.create(`${name}/beta`, [dim], 'zeros');
  }

  apply(x: tf.Tensor): tf.Tensor {
    const { mean, variance } = tf.moments(x, -1, true);
    const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-6)));
    return tf.add(tf.mul(normed, this.gamma), this.beta);
  }
}
