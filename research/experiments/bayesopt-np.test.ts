import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { createModel, type ContextSet, type NeuralProcess, type TargetSet } from '../../models/index.js';
import { useBackend } from '../../models/fixtures/tf-backend.js';
import { argmin, BAYESOPT_DEFAULTS, evenGrid, makeProblems } from './bayesopt-core.js';
import { arThompsonStep } from './bayesopt-np.js';

beforeAll(async () => {
  await useBackend('wasm');
});

const grid = evenGrid(40);
const problems = makeProblems({ ...BAYESOPT_DEFAULTS, functions: 3, gridSize: grid.length }, grid);
const observed = [
  [3, 20],
  [0, 39],
  [10, 30],
];

/**
 * A model whose mean is a kernel smoother of its context (lengthscale 0.15) and whose σ is `std`:
 * its predictions follow the values drawn into its context, as a trained one's do.
 */
function smoother(std: number): NeuralProcess {
  const predict = (c: ContextSet, t: TargetSet) =>
    tf.tidy(() => {
      const d = tf.sub(t.x, tf.transpose(c.x, [0, 2, 1]));
      const w = tf.exp(tf.div(tf.square(d), -2 * 0.15 ** 2));
      const mean = tf.div(tf.matMul(w, c.y), tf.add(w.sum(-1, true), 1e-9));
      return { mean, std: tf.fill(mean.shape, std) };
    });
  const config = { yDim: 1, targetFeatures: 0, contextFeatures: 0, meanBase: 'none' };
  return { config, predict } as unknown as NeuralProcess;
}

it('queries one grid index per problem, repeats with its seed and leaves no tensors', () => {
  const model = createModel({ kind: 'np', xDim: 1, yDim: 1, hidden: 8, latentDim: 4 }, { seed: 3 });
  const o = { coarse: evenGrid(12), blocks: 4, seed: 9 };
  const before = tf.memory().numTensors;
  const picks = arThompsonStep(model, problems, observed, grid, o);
  expect(tf.memory().numTensors).toBe(before);
  expect(picks).toHaveLength(3);
  for (const j of picks) expect(j >= 0 && j < grid.length && Number.isInteger(j)).toBe(true);
  expect(arThompsonStep(model, problems, observed, grid, o)).toEqual(picks);
  model.dispose();
});

const picksOverSeeds = (model: NeuralProcess) =>
  Array.from({ length: 8 }, (_, s) =>
    arThompsonStep(model, problems, observed, grid, { coarse: evenGrid(12), blocks: 4, seed: 100 * s }),
  );
/** Problem 0's lowest observation. */
const lowest = observed[0]![argmin(observed[0]!.map((j) => problems[0]!.f[j]!))]!;
const distances = (picks: number[][]) => picks.map((p) => Math.abs(grid[p[0]!]! - grid[lowest]!));

it('without noise in the draws it is greedy: next to the lowest observation, whatever the seed', () => {
  // The smoother's mean is lowest on the plateau around the lowest observation (2 lengthscales wide).
  for (const d of distances(picksOverSeeds(smoother(0)))) expect(d).toBeLessThan(0.35);
});

it('explores with σ: different seeds draw different functions and so different queries', () => {
  const picks = picksOverSeeds(smoother(0.5));
  expect(new Set(picks.map((p) => p[0])).size).toBeGreaterThanOrEqual(3);
  expect(Math.max(...distances(picks))).toBeGreaterThan(0.5);
});
