import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGridModel } from '../../models/index.js';
import { smallGridConfig } from '../../models/fixtures/grid.js';
import { initAppBackend } from '../compute/backend-choice.js';
import { loadPhotoFolder, type CachedPhoto } from '../data/photo-folder.js';
import { tinyGridRecipe, writeTinyPhotos } from './fixtures/tiny-training.js';
import { readWeights } from './gradients.js';
import { evaluateGrid } from './grid-evaluate.js';
import { trainModel } from './train.js';

const config = smallGridConfig;

let photos: CachedPhoto[];

beforeAll(async () => {
  await initAppBackend('wasm');
  photos = (await loadPhotoFolder(await writeTinyPhotos(), { maxSide: 64 })).train;
});

async function train(steps: number, workDir: string, resume = false, stopAt = steps) {
  const model = createGridModel(config, { seed: 2 });
  const stop = new AbortController();
  try {
    const result = await trainModel({
      model,
      photos,
      recipe: tinyGridRecipe(steps),
      workDir,
      resume,
      checkpointEverySteps: 3,
      logEverySteps: 1,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.done >= stopAt) stop.abort();
      },
    });
    return {
      result,
      weights: readWeights(model).values,
      quality: evaluateGrid(model, photos, tinyGridRecipe(steps).batch),
    };
  } finally {
    model.dispose();
  }
}

describe('training a grid ANP with the app trainer', () => {
  it('improves the hole over its pull-push start, and a resumed run equals one never stopped', async () => {
    const straight = await train(24, await mkdtemp(join(tmpdir(), 'anp-grid-')));
    const untrained = createGridModel(config, { seed: 2 });
    const before = evaluateGrid(untrained, photos, tinyGridRecipe(1).batch);
    untrained.dispose();
    expect(before.meanPsnr).toBeCloseTo(before.fillPsnr, 4);
    expect(straight.quality.nll).toBeLessThan(before.nll - 0.5);
    // Stopped after step 12 (as by Ctrl-C), then resumed from its checkpoint to 24.
    const split = await mkdtemp(join(tmpdir(), 'anp-grid-'));
    const stopped = await train(24, split, false, 12);
    expect(stopped.result).toMatchObject({ step: 12, cancelled: true });
    const resumed = await train(24, split, true);
    expect(resumed.result.resumedFrom).toBe(12);
    resumed.weights.forEach((w, k) => expect([...w]).toEqual([...straight.weights[k]!]));
  });
});
