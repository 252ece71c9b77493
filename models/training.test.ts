import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createModel, lossAndGradients } from './index.js';
import type { NPConfig } from './index.js';
import { stopGradient } from './nn/stop-gradient.js';
import { contextMean } from './fixtures/mean-bases.js';
import { randomSet, sineSet } from './fixtures/np-data.js';
import { TEST_BACKENDS, useBackend } from './fixtures/tf-backend.js';
import { adamTrainer } from './fixtures/trainer.js';

type Spec = Partial<NPConfig> & Pick<NPConfig, 'kind' | 'xDim' | 'yDim'>;

/** Trains on fresh sine batches (all points as context and target); returns the model. */
function train(spec: Spec, steps: number, lr: number) {
  const model = createModel(spec, { seed: 1 });
  const trainer = adamTrainer(model, lr);
  for (let i = 0; i < steps; i++) {
    const d = sineSet(8, 16, 100 + i);
    trainer.step(d, d, i);
    tf.dispose([d.x, d.y]);
  }
  trainer.dispose();
  return model;
}

describe.each(TEST_BACKENDS)('on %s', (backend) => {
  it('a short training run lowers the NLL of every kind, with or without a mean base or β-NLL', async () => {
    await useBackend(backend);
    const held = sineSet(16, 16, 7);
    const variants: (Pick<NPConfig, 'kind' | 'meanBase'> & { betaNll?: number })[] = [
      { kind: 'cnp', meanBase: 'none' },
      { kind: 'np', meanBase: 'none' },
      { kind: 'anp', meanBase: 'none' },
      { kind: 'anp', meanBase: 'context-mean' },
      { kind: 'anp', meanBase: 'context-mean', betaNll: 1 },
    ];
    for (const { betaNll, ...variant } of variants) {
      const model = createModel(
        { ...variant, xDim: 1, yDim: 1, hidden: 16, latentDim: 8, heads: 4 },
        { seed: 2, meanBases: [contextMean] },
      );
      const nllOf = () => tf.tidy(() => model.loss(held, held, 0).nll.dataSync()[0]!);
      const before = nllOf();
      const trainer = adamTrainer(model, 5e-3, { betaNll });
      for (let i = 0; i < 60; i++) trainer.step(held, held, i);
      expect(nllOf(), JSON.stringify({ ...variant, betaNll })).toBeLessThan(before - 0.1);
      trainer.dispose();
      model.dispose();
    }
    tf.dispose([held.x, held.y]);
  });
});

it('KL(q(z|C∪T) ‖ q(z|C)) is never negative', async () => {
  await useBackend('wasm');
  const model = createModel({ kind: 'anp', xDim: 2, yDim: 3, hidden: 16, latentDim: 8, heads: 4 });
  for (let seed = 0; seed < 5; seed++) {
    const c = randomSet(4, 3 + seed, 2, 3, seed);
    const t = randomSet(4, 10, 2, 3, 50 + seed);
    const kl = tf.tidy(() => model.loss(c, t, seed).kl.dataSync()[0]!);
    expect(kl).toBeGreaterThanOrEqual(0);
    tf.dispose([c.x, c.y, t.x, t.y]);
  }
  model.dispose();
});

it('lossAndGradients keys every gradient by its registered variable name', async () => {
  await useBackend('wasm');
  const model = createModel({ kind: 'np', xDim: 1, yDim: 1, hidden: 8, latentDim: 4 }, { scope: 'g/' });
  const d = sineSet(2, 5, 3);
  const r = lossAndGradients(model, d, d, 0);
  expect(Object.keys(r.grads).sort()).toEqual(
    model
      .trainableVariables()
      .map((v) => v.name)
      .sort(),
  );
  expect(Object.keys(r.grads)).toContain('g/lat/mean/kernel');
  expect(r.loss).toBeCloseTo(r.nll + r.kl, 5);
  tf.dispose([d.x, d.y, ...Object.values(r.grads)]);
  model.dispose();
});

it('with every point as context, the ANP reconstructs the contexts better than the NP', async () => {
  await useBackend('wasm');
  const base = { xDim: 1, yDim: 1, hidden: 32, latentDim: 16, heads: 4 };
  const np = train({ ...base, kind: 'np' }, 150, 3e-3);
  const anp = train({ ...base, kind: 'anp', attention: 'multihead' }, 150, 3e-3);
  const d = sineSet(16, 16, 999);
  const npNll = (await np.evaluate(d, d, 8)).contextNll;
  const anpNll = (await anp.evaluate(d, d, 8)).contextNll;
  expect(anpNll).toBeLessThan(npNll);
  tf.dispose([d.x, d.y]);
  np.dispose();
  anp.dispose();
});

it('β-NLL keeps the reported NLL, reweights the fit (also the σ term of an L1 fit), and stops the gradient through its weights', async () => {
  await useBackend('wasm');
  const model = createModel(
    { kind: 'anp', xDim: 1, yDim: 1, hidden: 16, latentDim: 8, heads: 4 },
    { seed: 3 },
  );
  const d = sineSet(4, 12, 5);
  for (const meanFit of ['likelihood', 'l1'] as const) {
    const [plain, weighted] = [0, 1].map((betaNll) =>
      tf.tidy(() => {
        const t = model.loss(d, d, 1, { betaNll, meanFit }); // seed 0 would mean "random" to tf.randomNormal
        return [t.loss, t.nll].map((v) => v.dataSync()[0]!);
      }),
    ) as [number[], number[]];
    expect(weighted[1]).toBeCloseTo(plain[1]!, 5);
    expect(Math.abs(weighted[0]! - plain[0]!)).toBeGreaterThan(1e-3);
  }
  const x = tf.tensor1d([0.5, 2]);
  const g = tf.grad((v: tf.Tensor) => tf.mul(v, stopGradient(v)).sum())(x);
  expect(Array.from(g.dataSync())).toEqual([0.5, 2]); // not 2v: the second factor is a constant
  tf.dispose([x, g, d.x, d.y]);
  model.dispose();
});
