import * as tf from '@tensorflow/tfjs';

export interface Conv2dOptions {
  /** Odd kernel size (3 for a 3×3 kernel). */
  size: number;
  /** Spacing of the kernel's taps (1: dense); the receptive field grows with it at the same cost. */
  dilation?: number;
}

/** x's size² shifted copies side by side, [B·H·W, size²·C] in (dy, dx, c) order: the im2col matrix. */
function columns(x: tf.Tensor4D, size: number, dilation: number): tf.Tensor2D {
  const [b, h, w, c] = x.shape;
  const reach = ((size - 1) / 2) * dilation;
  const padded = tf.pad(x, [
    [0, 0],
    [reach, reach],
    [reach, reach],
    [0, 0],
  ]);
  const shifts: tf.Tensor4D[] = [];
  for (let dy = 0; dy < size; dy++)
    for (let dx = 0; dx < size; dx++)
      shifts.push(tf.slice(padded, [0, dy * dilation, dx * dilation, 0], [b, h, w, c]));
  return tf.concat(shifts, 3).reshape([b * h * w, size * size * c]);
}

/**
 * The convolution with its gradient written out. Forward and input gradient are plain convolutions
 * (XNNPACK on wasm: the input gradient is the convolution of dy with the flipped, transposed
 * kernel), the kernel gradient is the im2col matrix times dy: tfjs-backend-wasm has no
 * Conv2DBackpropFilter, its Conv2DBackpropInput is a naive loop, and the gradient of an im2col
 * built by concat slices along the channel axis, which wasm does slowly.
 */
function convolution(size: number, dilation: number) {
  return tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, kernel, bias, save] = args as [tf.Tensor4D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    const c = x.shape[3];
    const out = kernel.shape[1];
    const filter = kernel.reshape([size, size, c, out]) as tf.Tensor4D;
    save([x, filter]);
    return {
      value: tf.add(tf.conv2d(x, filter, 1, 'same', 'NHWC', dilation), bias),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sf] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dy4 = dy as tf.Tensor4D;
        const flipped = tf.transpose(tf.reverse(sf, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
        const dx = tf.conv2d(dy4, flipped, 1, 'same', 'NHWC', dilation);
        const flatDy = dy4.reshape([-1, out]);
        const dKernel = tf.matMul(tf.transpose(columns(sx, size, dilation)), flatDy);
        return [dx, dKernel, tf.sum(flatDy, 0)];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
}

const cache = new Map<string, ReturnType<typeof convolution>>();

/**
 * A 'same' convolution with zero padding, [B, H, W, C] → [B, H, W, kernel columns], that trains on
 * wasm (see `convolution`). `kernel` is [size²·C, out], rows ordered (dy, dx, c).
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
  const c = x.shape[3];
  if (kernel.shape[0] !== size * size * c)
    throw new RangeError(
      `conv2d: kernel has ${kernel.shape[0]} rows, expected ${size}²·${c} = ${size * size * c}`,
    );
  const key = `${size}/${dilation}`;
  if (!cache.has(key)) cache.set(key, convolution(size, dilation));
  return cache.get(key)!(x, kernel, bias) as tf.Tensor4D;
}
