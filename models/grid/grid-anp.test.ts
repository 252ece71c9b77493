import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { deserializeGridModel, serializeModel } from '../serialize.js';
import { smallGridConfig } from '../fixtures/grid.js';
import { adamSteps, lossEnds } from '../fixtures/trainer.js';
import { useBackend } from '../fixtures/tf-backend.js';
import { gridAnpConfig, receptiveField, validateGridConfig } from './config.js';
import { createGridModel } from './factory.js';
import type { GridInput } from './grid-anp.js';
import { pullPushFill } from './pull-push.js';

const small = smallGridConfig;

/** Smooth random images with a square hole in the middle. */
function task(
  b: number,
  size: number,
  seed: number,
): { input: GridInput; y: tf.Tensor4D; targets: tf.Tensor4D } {
  return tf.tidy(() => {
    const coarse = tf.randomUniform([b, 4, 4, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
    const y = tf.image.resizeBilinear(coarse, [size, size], false, true) as tf.Tensor4D;
    const m = new Float32Array(b * size * size).fill(1);
    const q = size / 4;
    for (let i = 0; i < b; i++)
      for (let r = q; r < 3 * q; r++) for (let c = q; c < 3 * q; c++) m[(i * size + r) * size + c] = 0;
    const known = tf.tensor4d(m, [b, size, size, 1]);
    return {
      input: { y: tf.mul(y, known) as tf.Tensor4D, known },
      y,
      targets: tf.sub(1, known) as tf.Tensor4D,
    };
  });
}

describe('grid ANP', () => {
  it('predicts every pixel, starts as the pull-push fill, and returns the window attention', async () => {
    await useBackend('wasm');
    const model = createGridModel(small, { seed: 1 });
    const { input, y, targets } = task(2, 16, 3);
    const p = model.predict(input, { returnAttention: true });
    expect(p.mean.shape).toEqual([2, 16, 16, 3]);
    expect(p.std.shape).toEqual([2, 16, 16, 3]);
    expect(p.attention!.shape).toEqual([2, 2, 256, 5]);
    const fill = pullPushFill(input.y, input.known, small.fillLevels);
    expect(tf.max(tf.abs(tf.sub(p.mean, fill))).dataSync()[0]).toBeLessThan(1e-6);
    expect(tf.min(p.std).dataSync()[0]).toBeGreaterThanOrEqual(small.minStd);
    const sums = p.attention!.sum(-1).dataSync();
    expect(Array.from(sums).every((s) => Math.abs(s - 1) < 1e-4)).toBe(true);
    // A block with no known pixel is no key: with the top-left 8×8 block erased, its weight is 0.
    const corner = tf.tidy(() => {
      const known = tf
        .pad(tf.ones([1, 8, 16, 1]), [
          [0, 0],
          [8, 0],
          [0, 0],
          [0, 0],
        ])
        .add(
          tf.pad(tf.ones([1, 8, 8, 1]), [
            [0, 0],
            [0, 8],
            [8, 0],
            [0, 0],
          ]),
        ) as tf.Tensor4D;
      const weights = model.predict(
        { y: tf.mul(tf.fill([1, 16, 16, 3], 0.4), known) as tf.Tensor4D, known },
        { returnAttention: true },
      ).attention!;
      return tf.max(tf.slice(weights, [0, 0, 0, 0], [1, 2, 256, 1])).dataSync()[0]!;
    });
    expect(corner).toBe(0);
    tf.dispose([p.mean, p.std, p.attention!, fill, input.y, input.known, y, targets]);
    model.dispose();
  });

  it('trains: the loss at the hole falls over 40 Adam steps, gradients finite, nothing leaks', async () => {
    await useBackend('wasm');
    const model = createGridModel(small, { seed: 2 });
    const { input, y, targets } = task(4, 16, 5);
    const run = adamSteps(
      model.trainableVariables(),
      (step) => model.loss(input, y, targets, step, { meanFit: 'l2', betaNll: 1 }).loss,
      40,
      3e-3,
    );
    expect(run.squaredNorms.flat().every(Number.isFinite)).toBe(true);
    const { head, tail } = lossEnds(run.losses);
    expect(tail).toBeLessThan(head - 0.5);
    // Adam's slots are created on the first step; after it, steps leave nothing behind.
    expect(run.tensorsAdded).toBeLessThanOrEqual(2 * model.trainableVariables().length + 2);
    tf.dispose([input.y, input.known, y, targets]);
    model.dispose();
  });

  it('NPML: a bound that rises with the draws towards a large-S estimate, with finite gradients', async () => {
    await useBackend('wasm');
    const model = createGridModel(small, { seed: 4 });
    const { input, y, targets } = task(2, 16, 7);
    const npml = (samples: number, seed: number) =>
      tf.tidy(() => -model.loss(input, y, targets, seed, { objective: 'npml', samples }).loss.dataSync()[0]!);
    const average = (samples: number) =>
      Array.from({ length: 8 }, (_, i) => npml(samples, 100 * i)).reduce((a, b) => a + b) / 8;
    const [one, four, many] = [average(1), average(4), npml(256, 9)];
    expect(four).toBeGreaterThanOrEqual(one - 1e-4);
    expect(many).toBeGreaterThanOrEqual(four - 1e-3);
    const { value, grads } = tf.variableGrads(
      () => model.loss(input, y, targets, 1, { objective: 'npml', samples: 4 }).loss,
      model.trainableVariables(),
    );
    expect(Object.values(grads).every((g) => tf.tidy(() => Number.isFinite(tf.sum(g).dataSync()[0]!)))).toBe(
      true,
    );
    tf.dispose([value, ...Object.values(grads), input.y, input.known, y, targets]);
    model.dispose();
  });

  it('round-trips through serialisation and checks its config', async () => {
    await useBackend('wasm');
    const model = createGridModel(small, { seed: 3 });
    model.variables()['dec/l2/kernel']!.assign(tf.randomNormal([16, 6], 0, 0.1, 'float32', 1));
    const saved = await serializeModel(model, { recipe: { steps: 0 } });
    expect(saved.manifest.config.kind).toBe('grid-anp');
    const loaded = deserializeGridModel(saved.manifest, saved.weights, { scope: 'copy/' });
    const { input, y, targets } = task(1, 12, 9);
    const [a, b] = [model, loaded].map((m) => m.predict(input));
    expect(tf.max(tf.abs(tf.sub(a!.mean, b!.mean))).dataSync()[0]).toBe(0);
    expect(loaded.parameterCount()).toBe(model.parameterCount());
    expect(() => validateGridConfig({ ...small, attentionPool: 0 })).toThrow(/attentionPool/);
    expect(() => validateGridConfig({ ...small, attentionChannels: 9 })).toThrow(/divisible/);
    expect(receptiveField(gridAnpConfig())).toBe(127);
    tf.dispose([a!.mean, a!.std, b!.mean, b!.std, input.y, input.known, y, targets]);
    [model, loaded].forEach((m) => m.dispose());
  });
});
