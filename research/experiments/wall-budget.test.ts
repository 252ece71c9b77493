import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gpTensors, sampleGpBatch } from './gp-curves.js';
import { planBudget, stepsForBudget, timeTrainingStep } from './wall-budget.js';
import { createAppModel } from '../../app/model-factory.js';
import { useBackend } from '../../tests/fixtures/tf-backend.js';

let root: string;
beforeAll(async () => {
  await useBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'anp-wall-budget-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

it('gives each model the steps that fill the same budget: fewer for a slower step', () => {
  expect(stepsForBudget(600, 0.5)).toBe(1200);
  expect(stepsForBudget(600, 2.5)).toBe(240);
  expect(stepsForBudget(600, 0.7)).toBe(857);
  expect(stepsForBudget(1, 10)).toBe(1);
  expect(() => stepsForBudget(0, 1)).toThrow('must be positive');
  expect(() => stepsForBudget(10, 0)).toThrow('must be positive');
});

it('times a step once and keeps the plan for a resumed run, whatever the speed then', async () => {
  const dir = join(root, 'np.training');
  let timings = 0;
  const first = await planBudget(dir, 'NP', 300, async () => (++timings, 0.25));
  expect(first).toEqual({ label: 'NP', budgetSeconds: 300, secondsPerStep: 0.25, steps: 1200 });
  const resumed = await planBudget(dir, 'NP', 300, async () => (++timings, 3));
  expect(resumed).toEqual(first);
  expect(timings).toBe(1);
  await expect(planBudget(dir, 'NP', 600, async () => 1)).rejects.toThrow('holds the plan of another run');
  await expect(planBudget(dir, 'CNP', 300, async () => 1)).rejects.toThrow('holds the plan of another run');
});

it('times training steps on a throwaway model', async () => {
  let created = 0;
  const seconds = await timeTrainingStep(
    () => {
      created++;
      return createAppModel({ kind: 'np', xDim: 1, yDim: 1, hidden: 8, latentDim: 4, encoderLayers: 1 });
    },
    (step) => gpTensors(sampleGpBatch(step), 'all'),
    () => gpTensors(sampleGpBatch(0), 'all'),
    2,
    { posterior: 'targets' },
  );
  expect(created).toBe(1);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThan(5);
});
