import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { gpTensors, sampleGpBatch } from './gp-curves.js';
import { trainModel, type TrainOptions } from './train-loop.js';
import { createAppModel } from '../../app/model-factory.js';
import { readWeights } from '../../app/training/gradients.js';
import { useBackend } from '../../tests/fixtures/tf-backend.js';

const tinyNp = () =>
  createAppModel({ kind: 'np', xDim: 1, yDim: 1, hidden: 8, latentDim: 4, encoderLayers: 1 }, { seed: 3 });

let root: string;
beforeAll(async () => {
  await useBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'anp-train-wall-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

it('ends a run when its training wall time is spent, and a resumed one finds it finished', async () => {
  let batches = 0;
  const options: TrainOptions = {
    label: 'timed NP',
    steps: 50,
    learningRate: 1e-2,
    clipNorm: 10,
    validateEvery: 10,
    checkpointDir: join(root, 'timed'),
    maxWallSeconds: 1e-6,
    batch: (step) => (batches++, gpTensors(sampleGpBatch(step), 'all')),
    validate: async () => ({ contextNll: 0, targetNll: 0 }),
  };
  const model = tinyNp();
  const run = await trainModel(model, options);
  expect(run.steps).toBe(1);
  expect(run.curve.map((p) => p.step)).toEqual([0, 1]);
  expect(run.wallSeconds).toBeGreaterThan(0);
  const again = tinyNp();
  const resumed = await trainModel(again, options);
  expect(resumed.steps).toBe(1);
  expect(batches).toBe(1);
  expect(readWeights(again).values).toEqual(readWeights(model).values);
  model.dispose();
  again.dispose();
});
