import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { createModel } from '../factory.js';
import { sineSet } from '../fixtures/np-data.js';
import { useBackend } from '../fixtures/tf-backend.js';
import { lossAndGradients } from '../training.js';

beforeAll(async () => {
  await useBackend('wasm');
});

it('NPML is a lower bound of log p(y_T | C) that rises with the draws towards a large-S estimate', () => {
  const model = createModel({ kind: 'np', xDim: 1, yDim: 1, hidden: 16, latentDim: 8 }, { seed: 1 });
  const c = sineSet(4, 6, 2);
  const t = sineSet(4, 10, 3);
  const bound = (samples: number, seed: number) =>
    tf.tidy(() => -model.loss(c, t, seed, { objective: 'npml', samples }).loss.dataSync()[0]!);
  const average = (samples: number) =>
    Array.from({ length: 16 }, (_, i) => bound(samples, 1 + 50 * i)).reduce((a, b) => a + b) / 16;
  const [one, four, sixteen, reference] = [average(1), average(4), average(16), bound(1024, 7)];
  expect(four).toBeGreaterThan(one);
  expect(sixteen).toBeGreaterThan(four);
  expect(reference).toBeGreaterThan(sixteen - 1e-3);
  expect(reference - sixteen).toBeLessThan(sixteen - one);
  tf.dispose([c.x, c.y, t.x, t.y]);
  model.dispose();
});

it('NPML trains: finite gradients, the loss falls, nothing leaks; the CNP ignores the objective', () => {
  const model = createModel(
    { kind: 'anp', xDim: 1, yDim: 1, hidden: 16, latentDim: 8, heads: 2 },
    { seed: 2 },
  );
  const optimizer = tf.train.adam(5e-3);
  const c = sineSet(8, 8, 4);
  const t = sineSet(8, 16, 5);
  const losses: number[] = [];
  let before = 0;
  for (let step = 0; step < 60; step++) {
    if (step === 1) before = tf.memory().numTensors;
    const { grads, loss } = lossAndGradients(model, c, t, 10 + step, { objective: 'npml', samples: 8 });
    expect(Object.values(grads).every((g) => tf.tidy(() => Number.isFinite(g.sum().dataSync()[0]!)))).toBe(
      true,
    );
    optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose(Object.values(grads));
    losses.push(loss);
  }
  expect(tf.memory().numTensors).toBe(before);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b) / xs.length;
  expect(mean(losses.slice(-10))).toBeLessThan(mean(losses.slice(0, 10)) - 0.1);
  const cnp = createModel({ kind: 'cnp', xDim: 1, yDim: 1, hidden: 8 }, { seed: 3 });
  const [elbo, npml] = (['elbo', 'npml'] as const).map((objective) =>
    tf.tidy(() => cnp.loss(c, t, 1, { objective }).loss.dataSync()[0]!),
  );
  expect(npml).toBe(elbo);
  optimizer.dispose();
  tf.dispose([c.x, c.y, t.x, t.y]);
  [model, cnp].forEach((m) => m.dispose());
});
