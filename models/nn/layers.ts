import * as tf from '@tensorflow/tfjs';
import { matMulFast } from './matmul.js';
import type { Init, ParamStore } from './params.js';

/**
 * One part of a layer's input, in the order of its kernel's rows: a row for each of a group's M
 * items ([G, M, c]), or one row for the whole group ([G, c]), the same for all of its items.
 */
export type InputPart = { perItem: tf.Tensor3D } | { perGroup: tf.Tensor2D };

/**
 * Parts joined once for any number of layers that read them: the per-item parts side by side
 * [G, M, ·], the per-group parts side by side [G, ·] (null if none), and where each part's rows of a
 * kernel lie.
 */
export interface JoinedParts {
  items: tf.Tensor3D;
  groups: tf.Tensor2D | null;
  layout: { perItem: boolean; width: number }[];
}

/** The tensors side by side on `axis`; one tensor is itself, not a copy. */
const concatMany = (t: tf.Tensor[], axis: number): tf.Tensor => (t.length === 1 ? t[0]! : tf.concat(t, axis));

export function joinParts(parts: InputPart[]): JoinedParts {
  const items: tf.Tensor[] = [];
  const groups: tf.Tensor[] = [];
  const layout = parts.map((part) => {
    const [into, x] = 'perItem' in part ? [items, part.perItem] : [groups, part.perGroup];
    into.push(x);
    return { perItem: 'perItem' in part, width: x.shape[x.rank - 1]! };
  });
  if (items.length === 0) throw new RangeError('no part is per item');
  return {
    items: concatMany(items, -1) as tf.Tensor3D,
    groups: groups.length > 0 ? (concatMany(groups, -1) as tf.Tensor2D) : null,
    layout,
  };
}

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

  /**
   * The layer of the parts' concatenation, [G, M, outDim], without copying a group's parts to each
   * of its items: their rows of the kernel are applied once per group and the result added.
   */
  applyParts(parts: JoinedParts): tf.Tensor3D {
    const total = parts.layout.reduce((sum, part) => sum + part.width, 0);
    if (total !== this.inDim) throw new RangeError(`the parts give ${total} inputs, not ${this.inDim}`);
    const rows: Record<'items' | 'groups', tf.Tensor[]> = { items: [], groups: [] };
    let row = 0;
    for (const { perItem, width } of parts.layout) {
      rows[perItem ? 'items' : 'groups'].push(tf.slice(this.kernel, [row, 0], [width, this.outDim]));
      row += width;
    }
    const [g, m, c] = parts.items.shape;
    const perItem = matMulFast(parts.items.reshape([g * m, c]), concatMany(rows.items, 0));
    const perGroup = parts.groups
      ? tf.add(matMulFast(parts.groups, concatMany(rows.groups, 0)), this.bias)
      : this.bias;
    return tf.add(
      perItem.reshape([g, m, this.outDim]),
      perGroup.reshape([-1, 1, this.outDim]),
    ) as tf.Tensor3D;
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
    return this.rest(this.layers[0]!.apply(x));
  }

  /** The MLP of the parts' concatenation (see `Dense.applyParts`), [G, M, out]. */
  applyParts(parts: JoinedParts): tf.Tensor3D {
    return this.rest(this.layers[0]!.applyParts(parts)) as tf.Tensor3D;
  }

  /** The layers after the first, from its output. */
  private rest(first: tf.Tensor): tf.Tensor {
    let h = first;
    this.layers.slice(1).forEach((layer) => {
      h = layer.apply(tf.relu(h));
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
