import * as tf from '@tensorflow/tfjs';
import { conv2d } from '../nn/conv2d.js';
import type { ParamStore } from '../nn/params.js';

interface ConvLayer {
  kernel: tf.Variable;
  bias: tf.Variable;
  dilation: number;
}

function convLayer(store: ParamStore, name: string, inC: number, outC: number, dilation: number): ConvLayer {
  return {
    kernel: store.create(`${name}/kernel`, [9 * inC, outC], 'glorot'),
    bias: store.create(`${name}/bias`, [outC], 'zeros'),
    dilation,
  };
}

const apply = (x: tf.Tensor4D, layer: ConvLayer) =>
  conv2d(x, layer.kernel as tf.Tensor2D, layer.bias as tf.Tensor1D, { size: 3, dilation: layer.dilation });

/**
 * The ConvCNP construction of an on-the-grid encoder (Gordon et al., ICLR 2020): the signal times the
 * mask, the mask itself as a density channel, and the caller's covariates, into a residual CNN of
 * dilated 3×3 convolutions. Every pixel, known or not, gets a representation [B, H, W, channels];
 * the dilations let one at the middle of a hole see the hole's rim.
 */
export class GridEncoder {
  private readonly lift: ConvLayer;
  private readonly blocks: [ConvLayer, ConvLayer][];

  constructor(
    store: ParamStore,
    name: string,
    readonly inputChannels: number,
    readonly channels: number,
    dilations: readonly number[],
  ) {
    this.lift = convLayer(store, `${name}/lift`, inputChannels, channels, 1);
    this.blocks = dilations.map((d, i) => [
      convLayer(store, `${name}/b${i}/c0`, channels, channels, d),
      convLayer(store, `${name}/b${i}/c1`, channels, channels, d),
    ]);
  }

  /** inputs [B, H, W, inputChannels] → representations [B, H, W, channels]. */
  apply(inputs: tf.Tensor4D): tf.Tensor4D {
    if (inputs.shape[3] !== this.inputChannels)
      throw new RangeError(`the encoder takes ${this.inputChannels} channels, got ${inputs.shape[3]}`);
    let h = apply(inputs, this.lift);
    for (const [c0, c1] of this.blocks) {
      // Residual blocks scaled by 1/√2 keep the activations' scale at any depth.
      const inner = apply(tf.relu(apply(tf.relu(h), c0)), c1);
      h = tf.mul(tf.add(h, inner), Math.SQRT1_2);
    }
    return h;
  }
}
