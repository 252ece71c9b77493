import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { upsample } from '../../app/quality/resample.js';
import { deserializeSmallCnn, serializeSmallCnn, SmallCnn } from './small-cnn.js';

const SPEC = { channels: 8, layers: 3 };

function gradientImage(width: number, height: number): Uint8Array {
  return Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37) % 256);
}

describe('small CNN baseline', () => {
  it('starts as bicubic ×4 and puts each output channel group at its sub-pixel', () => {
    const cnn = new SmallCnn(SPEC, 3);
    const rgb = gradientImage(5, 4);
    expect(cnn.upscale(rgb, 5, 4)).toEqual(upsample(rgb, 5, 4, 3, 20, 16, 'bicubic'));
    // Channel (dy·4 + dx)·3 + c of low pixel (x, y) lands at output (4x + dx, 4y + dy), colour c.
    const last = cnn.layers.at(-1)!;
    const hot = new Float32Array(48);
    hot[(2 * 4 + 1) * 3 + 1] = 1;
    tf.tidy(() => last.bias.assign(tf.tensor1d(hot)));
    const out = tf.tidy(() => cnn.residual(tf.zeros([1, 2, 2, 3])).arraySync()) as number[][][][];
    expect(out[0]![6]![5]![1]).toBeCloseTo(1, 6);
    expect(out[0]![6]![5]![0]).toBe(0);
    expect(out[0]![5]![6]![1]).toBe(0);
    cnn.dispose();
  });

  it('learns: L1 on a fixed batch falls with a few gradient steps, and survives a round trip', () => {
    const cnn = new SmallCnn(SPEC, 1);
    const low = tf.randomUniform([2, 6, 6, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const truth = tf.randomUniform([2, 24, 24, 3], -0.1, 0.1, 'float32', 5) as tf.Tensor4D;
    const optimizer = tf.train.adam(1e-2);
    const loss = () => tf.mean(tf.abs(tf.sub(cnn.residual(low), truth))) as tf.Scalar;
    const first = tf.tidy(() => loss().dataSync()[0]!);
    for (let i = 0; i < 30; i++) optimizer.minimize(loss, true, cnn.variables())?.dispose();
    const last = tf.tidy(() => loss().dataSync()[0]!);
    expect(last).toBeLessThan(first * 0.9);
    const { manifest, weights } = serializeSmallCnn(cnn, { steps: 30 });
    const copy = deserializeSmallCnn(manifest, weights);
    const rgb = gradientImage(6, 6);
    expect(copy.upscale(rgb, 6, 6)).toEqual(cnn.upscale(rgb, 6, 6));
    tf.dispose([low, truth]);
    optimizer.dispose();
    copy.dispose();
    cnn.dispose();
  });
});
