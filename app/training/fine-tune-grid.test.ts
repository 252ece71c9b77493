import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGridModel, serializeModel } from '../../models/index.js';
import { smallGridConfig } from '../../models/fixtures/grid.js';
import { initAppBackend } from '../compute/backend-choice.js';
import { createInferencePool } from '../compute/index.js';
import { loadPhotoFolder } from '../data/photo-folder.js';
import { ModelRegistry } from '../engine/model-registry.js';
import type { RasterImage } from '../imaging/raster.js';
import { saveModelDir } from '../model-files.js';
import { inpaintImage } from '../tasks/inpaint.js';
import { NEVER_ABORTED, type ModelRef, type TaskProgress } from '../util/task.js';
import { tinyGridRecipe, writeTinyPhotos } from './fixtures/tiny-training.js';
import { fineTune, type FineTuneOptions } from './fine-tune.js';

let source: ModelRef;
let folder: string;

/** The recipe a tiny grid ANP was trained with, as its manifest keeps it. */
const sourceRecipe = tinyGridRecipe(24);

beforeAll(async () => {
  await initAppBackend('wasm');
  const dir = await mkdtemp(join(tmpdir(), 'anp-grid-source-'));
  const model = createGridModel(smallGridConfig, { seed: 2 });
  const { manifest, weights } = await serializeModel(model, { recipe: { window: 16, ...sourceRecipe } });
  model.dispose();
  await saveModelDir(dir, { manifest: manifest as unknown as Record<string, unknown>, weights });
  source = { id: 'tiny-completion', dir };
  folder = await writeTinyPhotos(6, 77);
});

function options(modelsDir: string, extra: Partial<FineTuneOptions>): FineTuneOptions {
  return {
    folder,
    fromModel: source,
    name: 'my-completion',
    steps: 6,
    modelsDir,
    signal: NEVER_ABORTED,
    onProgress: () => undefined,
    workers: 0,
    learningRate: 3e-3,
    batchSize: 2,
    ...extra,
  };
}

describe('fine-tuning a grid ANP (the completion model)', () => {
  it('trains on grid windows, pauses, resumes at its step and writes a completion model that completes', async () => {
    const modelsDir = await mkdtemp(join(tmpdir(), 'anp-models-'));
    const pause = new AbortController();
    const paused = await fineTune(
      options(modelsDir, {
        pause: pause.signal,
        onProgress: (p) => (p.done >= 3 ? pause.abort() : undefined),
      }),
    );
    expect(paused).toMatchObject({ paused: true, step: 3, steps: 6 });
    if (!('paused' in paused)) throw new Error('expected a pause');
    expect(paused.losses.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(paused.losses.every((p) => Number.isFinite(p.loss))).toBe(true);

    const progress: TaskProgress[] = [];
    const done = await fineTune(
      options(modelsDir, { resume: true, folder: undefined, onProgress: (p) => progress.push(p) }),
    );
    if ('paused' in done) throw new Error(`paused again at ${done.step}`);
    expect(progress.filter((p) => p.metrics).map((p) => p.done)).toEqual([4, 5, 6]);
    expect(Math.min(...progress.map((p) => p.done))).toBe(3);
    expect(Number.isFinite(done.heldOutNllBefore) && Number.isFinite(done.heldOutNllAfter)).toBe(true);

    expect(await readdir(modelsDir)).toEqual(['my-completion']);
    const manifest = JSON.parse(await readFile(join(done.model.dir, 'manifest.json'), 'utf8'));
    expect(manifest.config.kind).toBe('grid-anp');
    expect(manifest.recipe).toMatchObject({ window: 16, steps: 6, batchSize: 2, betaNll: 1, meanFit: 'l2' });
    expect(manifest.recipe.batch).toEqual(sourceRecipe.batch);
    expect(manifest.metrics).toMatchObject({ step: 6, fromModel: 'tiny-completion' });
    const card = await readFile(join(done.model.dir, 'MODEL_CARD.md'), 'utf8');
    expect(card).toContain("Fine-tuned from 'tiny-completion' on");
    expect(card).toContain('fine-tuned for 6 steps');

    const registry = new ModelRegistry({
      builtinDir: join(modelsDir, 'none'),
      userDir: modelsDir,
      settingsPath: join(modelsDir, 'settings.json'),
    });
    expect((await registry.info('my-completion')).tasks).toEqual(['inpaint']);
    const ref = await registry.resolve('my-completion', 'inpaint');
    const photo = (await loadPhotoFolder(folder)).train[0]!.preview;
    const image: RasterImage = {
      ...photo,
      channels: 3,
      bitDepth: 8,
      meta: { format: 'png', orientation: 1 },
    };
    const hole = new Uint8Array(image.width * image.height);
    for (let y = 12; y < 24; y++) hole.fill(1, y * image.width + 16, y * image.width + 28);
    const pool = createInferencePool({ workers: 1 });
    try {
      const out = await inpaintImage(image, hole, {
        model: ref,
        pool,
        samples: 1,
        seed: 1,
        signal: NEVER_ABORTED,
        onProgress: () => undefined,
      });
      const outside = [...hole.keys()].filter((i) => !hole[i]);
      expect(outside.every((i) => out.mean.data[i * 3] === image.data[i * 3])).toBe(true);
      expect(out.samples).toHaveLength(1);
    } finally {
      pool.dispose();
    }
  });

  it('refuses a grid model folder without the recipe it was trained with', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anp-grid-bare-'));
    const model = createGridModel(smallGridConfig, { seed: 2 });
    const { manifest, weights } = await serializeModel(model);
    model.dispose();
    await saveModelDir(dir, { manifest: manifest as unknown as Record<string, unknown>, weights });
    const modelsDir = await mkdtemp(join(tmpdir(), 'anp-models-'));
    await expect(fineTune(options(modelsDir, { fromModel: { id: 'bare', dir } }))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
