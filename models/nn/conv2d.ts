import * as tf from '@tensorflow/tfjs';
import { matMulFast } from './matmul.js';

export interface Conv2dOptions {
  /** Odd kernel size (3 for a 3×3 kernel). */
  size: number;
  /** Spacing of the kernel's taps (1: dense); the receptive field grows with it at the same cost. */
  dilation?: number;
}

/**
 * A 'same' convolution with zero padding, [B, H, W, C] → [B, H, W, kernel columns], as im2col plus
 * one matMul: tfjs-backend-wasm has no Conv2DBackpropFilter kernel, and its matMul (XNNPACK) is the
 * fastest kernel it has anyway. `kernel` is [size²·C, out], rows ordered (dy, dx, c).
 */
export function conv2d(
  x: tf.Tensor4D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D,
  options: Conv2dOptions,
): tf.Tensor4D {
  const { size } = options;
  const dilation = options.dilation ?? 1;
  if (!Number.isInteger(size) || size < 1 || size % 2 === 0)
    throw new RangeError(`conv2d: size must be an odd positive integer, got ${size}`);
  if (!Number.isInteger(dilation) || dilation < 1)
    throw new RangeError(`conv2d: dilation must be a positive integer, got ${dilation}`);
  const [b, h, w, c] = x.shape;
  if (kernel.shape[0] !== size * size * c)
    throw new RangeError(
      `conv2d: kernel has ${kernel.shape[0]} rows, expected ${size}²·${c} = ${size * size * c}`,
    );
  return tf.tidy(() => {
    const reach = ((size - 1) / 2) * dilation;
    const padded =
      reach === 0
        ? x
        : tf.pad(x, [
            [0, 0],
            [reach, reach],
            [reach, reach],
            [0, 0],
          ]);
    const shifts: tf.Tensor4D[] = [];
    for (let dy = 0; dy < size; dy++)
      for (let dx = 0; dx < size; dx++)
        shifts.push(tf.slice(padded, [0, dy * dilation, dx * dilation, 0], [b, h, w, c]));
    const columns = (shifts.length === 1 ? shifts[0]! : tf.concat(shifts, 3)).reshape([b * h * w, -1]);
    const out = tf.add(matMulFast(columns, kernel), bias);
    return out.reshape([b, h, w, kernel.shape[1]]) as tf.Tensor4D;
  });
}
