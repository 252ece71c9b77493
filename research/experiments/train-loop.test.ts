import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gpTensors, sampleGpBatch } from './gp-curves.js';
import { trainModel, type TrainOptions } from './train-loop.js';
import { createAppModel } from '../../app/model-factory.js';
import { readWeights } from '../../app/training/gradients.js';
import { useBackend } from '../../tests/fixtures/tf-backend.js';

const tinyNp = () =>
  createAppModel({ kind: 'np', xDim: 1, yDim: 1, hidden: 8, latentDim: 4, encoderLayers: 1 }, { seed: 3 });

function options(dir: string, crashAt?: number): TrainOptions {
  return {
    label: 'tiny NP',
    steps: 6,
    learningRate: { peak: 1e-2, warmupSteps: 0, totalSteps: 6, finalFraction: 0.1 },
    clipNorm: 10,
    loss: { posterior: 'targets' },
    validateEvery: 2,
    checkpointDir: dir,
    batch: (step) => {
      if (step === crashAt) throw new Error('killed');
      return gpTensors(sampleGpBatch(step), 'all');
    },
    validate: async () => ({ contextNll: 0, targetNll: 0 }),
  };
}

describe("the experiments' training loop", () => {
  let root: string;
  beforeAll(async () => {
    await useBackend('cpu');
    root = await mkdtemp(join(tmpdir(), 'anp-train-loop-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('resumes a killed run from its checkpoint to the weights of an uninterrupted one', async () => {
    const straight = tinyNp();
    await trainModel(straight, options(join(root, 'straight')));
    const broken = tinyNp();
    await expect(trainModel(broken, options(join(root, 'broken'), 5))).rejects.toThrow('killed');
    broken.dispose();
    const resumed = tinyNp();
    const run = await trainModel(resumed, options(join(root, 'broken')));
    expect(run.resumedAt).toEqual([4]);
    expect(run.curve.map((p) => p.step)).toEqual([0, 2, 4, 6]);
    expect(readWeights(resumed).values).toEqual(readWeights(straight).values);
    straight.dispose();
    resumed.dispose();
  });

  it('returns a finished run without training, and refuses to resume another run', async () => {
    const again = tinyNp();
    const before = readWeights(again).values;
    const run = await trainModel(again, { ...options(join(root, 'straight')), steps: 50 });
    expect(run.steps).toBe(6);
    expect(readWeights(again).values).not.toEqual(before);
    again.dispose();
    const other = tinyNp();
    await expect(trainModel(other, { ...options(join(root, 'broken2'), 3), label: 'first' })).rejects.toThrow(
      'killed',
    );
    await expect(trainModel(other, { ...options(join(root, 'broken2')), steps: 8 })).rejects.toThrow(
      'holds a checkpoint of another run',
    );
    other.dispose();
  });
});
