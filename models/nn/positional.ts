import * as tf from '@tensorflow/tfjs';

/**
 * x [..., d] → [x, sin(2^k·π·x), cos(2^k·π·x)] for k < bands, [..., d·(1 + 2·bands)]: a sinusoidal
 * encoding (NeRF-style octaves) that lets a small MLP tell apart coordinates a grid spacing apart;
 * raw coordinates need weights that grow for many steps before attention can be that sharp.
 */
export function encodePositions(x: tf.Tensor3D, bands: number): tf.Tensor3D {
  if (bands === 0) return x;
  const parts: tf.Tensor[] = [x];
  for (let k = 0; k < bands; k++) {
    const scaled = tf.mul(x, Math.PI * 2 ** k);
    parts.push(tf.sin(scaled), tf.cos(scaled));
  }
  return tf.concat(parts, -1) as tf.Tensor3D;
}

export const encodedWidth = (xDim: number, bands: number) => xDim * (1 + 2 * bands);
