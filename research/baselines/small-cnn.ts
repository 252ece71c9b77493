/**
 * The plain convolutional network the super-resolution model has to beat (issue 11's ablation): 3×3
 * convolutions over the low-resolution image, a sub-pixel ×4 output (the last layer's 48 channels
 * rearranged into 4×4 pixels of RGB), a residual over bicubic. Fixed scale: it does only ×4.
 * Convolutions are the model library's im2col + one matMul (models/nn/conv2d.ts).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { conv2d } from '../../models/nn/conv2d.js';
import { mulberry32 } from '../../models/index.js';
import { toBytes, upsampleFloat } from '../../app/quality/resample.js';

export const CNN_SCALE = 4;

export interface SmallCnnSpec {
  /** Channels of every hidden layer. */
  channels: number;
  /** Convolutions in all, the output layer included. */
  layers: number;
}

export const SMALL_CNN: SmallCnnSpec = { channels: 48, layers: 6 };

interface Layer {
  kernel: tf.Variable<tf.Rank.R2>;
  bias: tf.Variable<tf.Rank.R1>;
}

/**
 * Depth-to-space by reshape and transpose (tfjs has no gradient for DepthToSpace): channel
 * (dy·4 + dx)·3 + c of a low-resolution pixel becomes colour c of output pixel (4y + dy, 4x + dx).
 */
function subPixel(x: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w] = x.shape;
  const s = CNN_SCALE;
  return x
    .reshape([b, h, w, s, s, 3])
    .transpose([0, 1, 3, 2, 4, 5])
    .reshape([b, h * s, w * s, 3]) as tf.Tensor4D;
}

export class SmallCnn {
  readonly layers: Layer[];

  constructor(
    readonly spec: SmallCnnSpec,
    seed: number,
  ) {
    const random = mulberry32(seed);
    const widths = Array.from({ length: spec.layers + 1 }, (_, i) =>
      i === 0 ? 3 : i === spec.layers ? 3 * CNN_SCALE * CNN_SCALE : spec.channels,
    );
    this.layers = widths.slice(1).map((out, i) => {
      const fanIn = 9 * widths[i]!;
      // He initialisation for the ReLU layers; the output layer starts at zero (output = bicubic).
      const scale = i === spec.layers - 1 ? 0 : Math.sqrt(6 / fanIn);
      const values = Float32Array.from({ length: fanIn * out }, () => (2 * random() - 1) * scale);
      return {
        kernel: tf.variable(tf.tensor2d(values, [fanIn, out])),
        bias: tf.variable(tf.zeros([out])),
      };
    });
  }

  /** Low-resolution colours in [0, 1], [B, h, w, 3] → the residual over bicubic, [B, 4h, 4w, 3]. */
  residual(low: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      let x = tf.sub(low, 0.5) as tf.Tensor4D;
      this.layers.forEach((layer, i) => {
        x = conv2d(x, layer.kernel, layer.bias, { size: 3 });
        if (i < this.layers.length - 1) x = tf.relu(x);
      });
      return subPixel(x);
    });
  }

  variables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.kernel, l.bias]);
  }

  parameterCount(): number {
    return this.variables().reduce((n, v) => n + v.size, 0);
  }

  /** Interleaved 8-bit RGB [h, w, 3] → 8-bit RGB [4h, 4w, 3]. */
  upscale(rgb: Uint8Array, width: number, height: number): Uint8Array {
    const base = upsampleFloat(rgb, width, height, 3, width * CNN_SCALE, height * CNN_SCALE, 'bicubic');
    const residual = tf.tidy(() =>
      this.residual(
        tf.tensor4d(
          Float32Array.from(rgb, (v) => v / 255),
          [1, height, width, 3],
        ),
      ),
    );
    const values = residual.dataSync();
    residual.dispose();
    return toBytes(Float64Array.from(base, (v, i) => v + 255 * values[i]!));
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }
}

/** Weights and spec as stored: one JSON manifest beside a flat float32 file. */
export interface SmallCnnManifest {
  format: 'anp-small-cnn';
  spec: SmallCnnSpec;
  shapes: number[][];
  training: Record<string, unknown>;
}

export function serializeSmallCnn(
  cnn: SmallCnn,
  training: Record<string, unknown>,
): { manifest: SmallCnnManifest; weights: Uint8Array } {
  const vars = cnn.variables();
  const flat = new Float32Array(vars.reduce((n, v) => n + v.size, 0));
  let at = 0;
  for (const v of vars) {
    flat.set(v.dataSync() as Float32Array, at);
    at += v.size;
  }
  return {
    manifest: { format: 'anp-small-cnn', spec: cnn.spec, shapes: vars.map((v) => v.shape), training },
    weights: new Uint8Array(flat.buffer),
  };
}

export function deserializeSmallCnn(manifest: SmallCnnManifest, weights: Uint8Array): SmallCnn {
  if (manifest.format !== 'anp-small-cnn') throw new Error('not a small-CNN manifest');
  const cnn = new SmallCnn(manifest.spec, 0);
  const flat = new Float32Array(
    weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  );
  let at = 0;
  cnn.variables().forEach((v, i) => {
    if (v.shape.join() !== manifest.shapes[i]?.join()) throw new Error(`weight ${i} has the wrong shape`);
    tf.tidy(() => v.assign(tf.tensor(flat.subarray(at, at + v.size), v.shape)));
    at += v.size;
  });
  if (at !== flat.length) throw new Error(`weights.bin holds ${flat.length} floats, the spec ${at}`);
  return cnn;
}

/** The trained network in `dir` (manifest.json + weights.bin), or null where none was trained. */
export async function loadSmallCnn(dir: string): Promise<SmallCnn | null> {
  if (!existsSync(join(dir, 'manifest.json'))) return null;
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as SmallCnnManifest;
  return deserializeSmallCnn(manifest, new Uint8Array(await readFile(join(dir, 'weights.bin'))));
}
