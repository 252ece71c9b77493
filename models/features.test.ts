import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createModel, lossAndGradients } from './index.js';
import type { NPConfig } from './core/types.js';
import { useBackend } from './fixtures/tf-backend.js';

await useBackend('wasm');

const config: Partial<NPConfig> & Pick<NPConfig, 'kind' | 'xDim' | 'yDim'> = {
  kind: 'anp',
  xDim: 2,
  yDim: 3,
  hidden: 16,
  latentDim: 4,
  heads: 4,
  meanBase: 'residual',
  contextFeatures: 5,
  targetFeatures: 7,
};

function sets(seed: number) {
  const b = 2;
  const [nc, nt] = [6, 9];
  return {
    context: {
      x: tf.randomUniform([b, nc, 2], -1, 1, 'float32', seed) as tf.Tensor3D,
      y: tf.randomUniform([b, nc, 3], 0, 1, 'float32', seed + 1) as tf.Tensor3D,
      features: tf.randomNormal([b, nc, 5], 0, 1, 'float32', seed + 2) as tf.Tensor3D,
    },
    targets: {
      x: tf.randomUniform([b, nt, 2], -1, 1, 'float32', seed + 3) as tf.Tensor3D,
      y: tf.randomUniform([b, nt, 3], 0, 1, 'float32', seed + 4) as tf.Tensor3D,
      features: tf.randomNormal([b, nt, 7], 0, 1, 'float32', seed + 5) as tf.Tensor3D,
      base: tf.randomUniform([b, nt, 3], 0, 1, 'float32', seed + 6) as tf.Tensor3D,
    },
  };
}

describe('context and target features, residual mean', () => {
  it('starts as exactly the caller’s base and moves off it when the features change', () => {
    const model = createModel(config, { seed: 3 });
    const { context, targets } = sets(11);
    const out = model.predict(context, targets);
    expect(out.mean.shape).toEqual([2, 9, 3]);
    expect(Array.from(out.mean.dataSync())).toEqual(Array.from(targets.base.dataSync()));
    // Give the output layer weights: the features then reach the mean.
    for (const [name, v] of Object.entries(model.variables()))
      if (name.startsWith('dec/')) v.assign(tf.randomNormal(v.shape, 0, 0.3, 'float32', 5));
    const a = model.predict(context, targets).mean.dataSync();
    const shifted = { ...targets, features: tf.add(targets.features, 1) as tf.Tensor3D };
    const b = model.predict(context, shifted).mean.dataSync();
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeGreaterThan(1e-3);
    model.dispose();
  });

  it('names missing or misshapen features and a missing base', () => {
    const model = createModel(config);
    const { context, targets } = sets(1);
    expect(() => model.predict({ ...context, features: undefined }, targets)).toThrow(
      'the model needs context.features of shape [2, 6, 5]',
    );
    expect(() =>
      model.predict(context, { ...targets, features: tf.zeros([2, 9, 6]) as tf.Tensor3D }),
    ).toThrow('targets.features must have shape [2, 9, 7], got [2, 9, 6]');
    expect(() => model.predict(context, { x: targets.x, features: targets.features })).toThrow(
      "a 'residual' model needs targets.base of shape [2, 9, 3]",
    );
    model.dispose();
  });

  it('trains the mean on L1 and σ on the likelihood: the L1 error falls', () => {
    const model = createModel(config, { seed: 1 });
    const optimizer = tf.train.adam(3e-3);
    const { context, targets } = sets(21);
    const l1 = () =>
      tf.tidy(
        () =>
          tf
            .abs(tf.sub(model.predict(context, targets).mean, targets.y))
            .mean()
            .dataSync()[0]!,
      );
    const before = l1();
    for (let step = 0; step < 60; step++) {
      const { grads } = lossAndGradients(model, context, targets, step, { meanFit: 'l1' });
      optimizer.applyGradients(grads as never);
      tf.dispose(grads);
    }
    expect(l1()).toBeLessThan(before * 0.8);
    optimizer.dispose();
    model.dispose();
  });

  it("reports a NaN context NLL (it cannot predict at its contexts) and a finite target NLL; 'targets' posterior", async () => {
    const model = createModel(config);
    const { context, targets } = sets(31);
    const r = await model.evaluate(context, targets, 2);
    expect(Number.isNaN(r.contextNll)).toBe(true);
    expect(Number.isFinite(r.targetNll)).toBe(true);
    const both = model.loss(context, targets, 1);
    const alone = model.loss(context, targets, 1, { posterior: 'targets' });
    expect(both.kl.dataSync()[0]).not.toBeCloseTo(alone.kl.dataSync()[0]!, 6);
    tf.dispose([both.loss, both.nll, both.kl, alone.loss, alone.nll, alone.kl]);
    model.dispose();
  });
});
