import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { deserializeSuperResModel, serializeModel } from '../serialize.js';
import { smallSuperResConfig, superResTask } from '../fixtures/superres.js';
import { useBackend } from '../fixtures/tf-backend.js';
import { adamSteps, lossEnds } from '../fixtures/trainer.js';
import { createSuperResModel } from './factory.js';
import { gridSuperResConfig, superResHalo, validateSuperResConfig } from './superres-config.js';
import { axisLayout } from './superres-layout.js';
import type { GridSuperResModel, SuperResInput } from './superres.js';

const small = smallSuperResConfig;

/** Smooth random images with some edges: bilinear blobs plus a step. */
function images(b: number, size: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => {
    const coarse = tf.randomUniform([b, 4, 4, 3], 0, 1, 'float32', seed) as tf.Tensor4D;
    const smooth = tf.image.resizeBilinear(coarse, [size, size], false, true);
    const step = tf.concat([tf.zeros([b, size, size / 2, 3]), tf.fill([b, size, size / 2, 3], 0.3)], 2);
    return tf.clipByValue(tf.add(tf.mul(smooth, 0.7), step), 0, 1) as tf.Tensor4D;
  });
}

/** A random non-zero decoder, so that predictions depend on the encoder and the attention. */
function perturbed(model: GridSuperResModel): GridSuperResModel {
  const kernel = model.variables()['dec/l2/kernel']!;
  model.variables()['sigma/l1/kernel']!.assign(tf.randomNormal([16, 3], 0, 0.3, 'float32', 8));
  kernel.assign(tf.randomNormal(kernel.shape, 0, 0.3, 'float32', 7));
  return model;
}

const disposeTask = (t: ReturnType<typeof superResTask>) =>
  tf.dispose([t.input.low, t.input.offset, t.input.base, t.input.cell, t.y, t.mask]);

describe('axisLayout', () => {
  it('puts every output pixel in exactly one slot, with offsets from its anchor in [−½, ½)', () => {
    for (const [inSize, outSize] of [
      [8, 16],
      [10, 37],
      [7, 7],
      [5, 40],
    ] as const) {
      const layout = axisLayout(inSize, outSize);
      const seen = Array.from(layout.index)
        .filter((j) => j >= 0)
        .sort((a, b) => a - b);
      expect(seen).toEqual(Array.from({ length: outSize }, (_, j) => j));
      for (let k = 0; k < layout.index.length; k++) {
        const j = layout.index[k]!;
        if (j < 0) continue;
        const anchor = Math.floor(k / layout.slots);
        const u = ((j + 0.5) * inSize) / outSize;
        expect(layout.offset[k]).toBeCloseTo(u - anchor - 0.5, 5);
        expect(layout.offset[k]! >= -0.5 && layout.offset[k]! < 0.5).toBe(true);
      }
    }
    expect(axisLayout(10, 37).slots).toBe(4);
    expect(() => axisLayout(0, 4)).toThrow(/positive integers/);
  });
});

describe('grid super-resolution ANP', () => {
  it('predicts every target slot, starts near its base, and attends only inside the grid', async () => {
    await useBackend('wasm');
    const model = createSuperResModel(small, { seed: 1 });
    const high = images(2, 16, 3);
    const t = superResTask(high, 2);
    const p = model.predict(t.input, { returnAttention: true });
    expect(p.mean.shape).toEqual([2, 8, 8, 4, 3]);
    expect(p.std.shape).toEqual([2, 8, 8, 4, 3]);
    expect(tf.max(tf.abs(tf.sub(p.mean, t.input.base))).dataSync()[0]).toBeLessThan(2 / 255);
    expect(tf.min(p.std).dataSync()[0]).toBeGreaterThanOrEqual(small.minStd);
    expect(p.attention!.shape).toEqual([128, 4, 2, 25]);
    const sums = p.attention!.sum(-1).dataSync();
    expect(Array.from(sums).every((s) => Math.abs(s - 1) < 1e-4)).toBe(true);
    // The top-left anchor's window reaches two pixels above and left of the grid: those keys weigh 0.
    const corner = tf.tidy(() => tf.slice(p.attention!, [0, 0, 0, 0], [1, 4, 2, 25]).reshape([4, 2, 5, 5]));
    const outside = tf.tidy(() =>
      tf.add(
        tf.slice(corner, [0, 0, 0, 0], [4, 2, 2, 5]).sum(),
        tf.slice(corner, [0, 0, 0, 0], [4, 2, 5, 2]).sum(),
      ),
    );
    expect(outside.dataSync()[0]).toBe(0);
    tf.dispose([p.mean, p.std, p.attention!, corner, outside, high]);
    disposeTask(t);
    model.dispose();
  });

  it('tiles exactly: a block of anchors predicted from a crop with the halo equals the whole grid', async () => {
    await useBackend('wasm');
    const model = perturbed(createSuperResModel(small, { seed: 2 }));
    const high = images(1, 64, 4);
    const t = superResTask(high, 2);
    const z = model.latentOf(t.input.low)!;
    const whole = model.predict(t.input, { z });
    const halo = superResHalo(small);
    expect(halo).toBe(2 + 1 + 2 * 2);
    // Anchors 12..19 on each axis, from the crop 12 − halo .. 20 + halo.
    const [from, size] = [12, 8];
    const crop = (x: tf.Tensor, lead: number[], extent: number[]) => tf.slice(x, lead, extent) as tf.Tensor;
    const tile: SuperResInput = {
      low: crop(
        t.input.low,
        [0, from - halo, from - halo, 0],
        [1, size + 2 * halo, size + 2 * halo, 3],
      ) as tf.Tensor4D,
      offset: crop(t.input.offset, [0, from, from, 0, 0], [1, size, size, -1, -1]) as tf.Tensor5D,
      base: crop(t.input.base, [0, from, from, 0, 0], [1, size, size, -1, -1]) as tf.Tensor5D,
      cell: t.input.cell,
      origin: [halo, halo],
    };
    const part = model.predict(tile, { z });
    const expected = crop(whole.mean, [0, from, from, 0, 0], [1, size, size, -1, -1]);
    expect(tf.max(tf.abs(tf.sub(part.mean, expected))).dataSync()[0]).toBeLessThan(1e-5);
    // One pixel less of halo and the rim of the block changes.
    const short: SuperResInput = {
      ...tile,
      low: crop(
        t.input.low,
        [0, from - halo + 1, from - halo + 1, 0],
        [1, size + 2 * halo - 2, size + 2 * halo - 2, 3],
      ) as tf.Tensor4D,
      origin: [halo - 1, halo - 1],
    };
    const off = model.predict(short, { z });
    expect(tf.max(tf.abs(tf.sub(off.mean, expected))).dataSync()[0]).toBeGreaterThan(1e-4);
    tf.dispose([
      z,
      whole.mean,
      whole.std,
      part.mean,
      part.std,
      off.mean,
      off.std,
      expected,
      tile.low,
      tile.offset,
      tile.base,
      short.low,
      high,
    ]);
    disposeTask(t);
    model.dispose();
  });

  it('predicts anchor blocks one after another from one encoding, as predict does, leaving nothing behind', async () => {
    await useBackend('wasm');
    const model = perturbed(createSuperResModel(small, { seed: 6 }));
    const high = images(1, 32, 9);
    const t = superResTask(high, 2);
    const z = model.latentOf(t.input.low)!;
    const whole = model.predict(t.input, { z });
    const before = tf.memory().numTensors;
    const code = model.encodeLow(t.input.low);
    const halves = [0, 8].map((top) => {
      const rows = (x: tf.Tensor5D) => tf.slice(x, [0, top, 0, 0, 0], [1, 8, -1, -1, -1]);
      const block = {
        ...t.input,
        offset: rows(t.input.offset),
        base: rows(t.input.base),
        origin: [top, 0] as [number, number],
      };
      const out = model.predictEncoded(code, block, { z });
      tf.dispose([block.offset, block.base, out.std]);
      return out.mean;
    });
    model.disposeCode(code);
    const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(tf.concat(halves, 1), whole.mean))).dataSync()[0]);
    expect(gap).toBeLessThan(1e-6);
    tf.dispose(halves);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, whole.mean, whole.std, high]);
    disposeTask(t);
    model.dispose();
  });

  it('trains: the loss falls over 40 Adam steps, every variable gets a gradient, nothing leaks', async () => {
    await useBackend('wasm');
    const model = createSuperResModel(small, { seed: 3 });
    const high = images(4, 24, 5);
    const t = superResTask(high, 3);
    const run = adamSteps(
      model.trainableVariables(),
      (step) => model.loss(t.input, t.y, t.mask, step, { meanFit: 'l1', betaNll: 1 }).loss,
      40,
      3e-3,
    );
    expect(run.squaredNorms.flat().every(Number.isFinite)).toBe(true);
    expect(run.squaredNorms[1]!.filter((n) => n === 0)).toHaveLength(0);
    const { head, tail } = lossEnds(run.losses);
    expect(tail).toBeLessThan(head - 0.5);
    expect(run.tensorsAdded).toBeLessThanOrEqual(2 * model.trainableVariables().length + 2);
    high.dispose();
    disposeTask(t);
    model.dispose();
  });

  it('NPML gives finite gradients and a bound that rises with the draws', async () => {
    await useBackend('wasm');
    const model = perturbed(createSuperResModel(small, { seed: 4 }));
    const high = images(2, 16, 6);
    const t = superResTask(high, 2);
    const npml = (samples: number, seed: number) =>
      tf.tidy(
        () => -model.loss(t.input, t.y, t.mask, seed, { objective: 'npml', samples }).loss.dataSync()[0]!,
      );
    const average = (samples: number) =>
      Array.from({ length: 6 }, (_, i) => npml(samples, 50 * i)).reduce((a, b) => a + b) / 6;
    expect(average(4)).toBeGreaterThanOrEqual(average(1) - 1e-4);
    const { value, grads } = tf.variableGrads(
      () => model.loss(t.input, t.y, t.mask, 1, { objective: 'npml', samples: 2 }).loss,
      model.trainableVariables(),
    );
    expect(Object.values(grads).every((g) => tf.tidy(() => Number.isFinite(tf.sum(g).dataSync()[0]!)))).toBe(
      true,
    );
    tf.dispose([value, ...Object.values(grads), high]);
    disposeTask(t);
    model.dispose();
  });

  it('round-trips through serialisation, checks its config and its inputs', async () => {
    await useBackend('wasm');
    const model = perturbed(createSuperResModel(small, { seed: 5 }));
    const saved = await serializeModel(model, { recipe: { steps: 0 } });
    expect(saved.manifest.config.kind).toBe('grid-superres');
    const loaded = deserializeSuperResModel(saved.manifest, saved.weights, { scope: 'copy/' });
    const high = images(1, 12, 8);
    const t = superResTask(high, 3);
    const [a, b] = [model, loaded].map((m) => m.predict(t.input));
    expect(tf.max(tf.abs(tf.sub(a!.mean, b!.mean))).dataSync()[0]).toBe(0);
    expect(() => validateSuperResConfig({ ...small, attentionChannels: 9 })).toThrow(/divisible/);
    expect(() => validateSuperResConfig({ ...small, kind: 'grid-anp' })).toThrow(/grid-superres/);
    const wrong = { ...t.input, origin: [2, 0] as [number, number] };
    expect(() => model.predict(wrong)).toThrow(/inside the 4×4 grid/);
    expect(() => validateSuperResConfig({ ...small, sigmaHidden: 0 })).toThrow(
      /sigmaHidden must be an integer in 1..1024/,
    );
    const grey = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    expect(() => model.predict({ ...t.input, low: grey })).toThrow(/low must have 3 channels, got 1/);
    expect(() => model.latentOf(grey)).toThrow(/low must have 3 channels, got 1/);
    grey.dispose();
    expect(superResHalo(gridSuperResConfig())).toBe(13);
    tf.dispose([a!.mean, a!.std, b!.mean, b!.std, high]);
    disposeTask(t);
    [model, loaded].forEach((m) => m.dispose());
  });
});
