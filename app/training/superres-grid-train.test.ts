import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSuperResModel } from '../../models/index.js';
import { smallSuperResConfig } from '../../models/fixtures/superres.js';
import { initAppBackend } from '../compute/backend-choice.js';
import { loadPhotoFolder, type CachedPhoto } from '../data/photo-folder.js';
import { tinySuperResRecipe, writeTinyPhotos } from './fixtures/tiny-training.js';
import { readWeights } from './gradients.js';
import { evaluateSuperResGrid } from './superres-grid-evaluate.js';
import { trainModel } from './train.js';

let photos: CachedPhoto[];

beforeAll(async () => {
  await initAppBackend('wasm');
  photos = (await loadPhotoFolder(await writeTinyPhotos(), { maxSide: 64 })).train;
});

async function train(steps: number, workDir: string, resume = false, stopAt = steps, workers = 0) {
  const model = createSuperResModel(smallSuperResConfig, { seed: 2 });
  const stop = new AbortController();
  try {
    const result = await trainModel({
      model,
      photos,
      recipe: tinySuperResRecipe(steps),
      workDir,
      resume,
      workers,
      backend: 'wasm',
      checkpointEverySteps: 3,
      logEverySteps: 1,
      signal: stop.signal,
      onProgress: (p) => {
        if (p.done >= stopAt) stop.abort();
      },
    });
    const quality = evaluateSuperResGrid(model, photos, tinySuperResRecipe(steps).batch, { batchSize: 4 });
    return { result, weights: readWeights(model).values, quality };
  } finally {
    model.dispose();
  }
}

describe('training a grid super-resolution ANP with the app trainer', () => {
  it('starts near Lanczos-3, learns, and a resumed run equals one never stopped', async () => {
    const untrained = createSuperResModel(smallSuperResConfig, { seed: 2 });
    const before = evaluateSuperResGrid(untrained, photos, tinySuperResRecipe(1).batch, { batchSize: 4 });
    untrained.dispose();
    for (const f of before.factors) expect(Math.abs(f.meanPsnr - f.basePsnr)).toBeLessThan(0.2);
    const straight = await train(20, await mkdtemp(join(tmpdir(), 'anp-srgrid-')));
    expect(straight.quality.nll).toBeLessThan(before.nll - 0.15);
    const split = await mkdtemp(join(tmpdir(), 'anp-srgrid-'));
    const stopped = await train(20, split, false, 9);
    expect(stopped.result).toMatchObject({ step: 9, cancelled: true });
    const resumed = await train(20, split, true);
    expect(resumed.result.resumedFrom).toBe(9);
    resumed.weights.forEach((w, k) => expect([...w]).toEqual([...straight.weights[k]!]));
  });

  it('trains in gradient worker threads', async () => {
    const threaded = await train(3, await mkdtemp(join(tmpdir(), 'anp-srgrid-')), false, 3, 2);
    expect(threaded.result.step).toBe(3);
    expect(Number.isFinite(threaded.quality.nll)).toBe(true);
  });
});
