import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initAppBackend } from '../compute/backend-choice.js';
import { serializeModel } from '../../models/index.js';
import { createAppModel } from '../model-factory.js';
import { saveModelDir } from '../model-files.js';
import type { ModelRef, TaskProgress } from '../util/task.js';
import { tinyConfig, writeTinyPhotos } from './fixtures/tiny-training.js';
import { fineTune, type FineTuneOptions, type FineTuneResult, type PausedFineTune } from './fine-tune.js';
import { pausedRuns } from './run-start.js';

let source: ModelRef;
let folder: string;

beforeAll(async () => {
  await initAppBackend('wasm');
  const dir = await mkdtemp(join(tmpdir(), 'anp-source-'));
  const model = createAppModel(tinyConfig, { seed: 9 });
  const { manifest, weights } = await serializeModel(model, { recipe: { window: 8 } });
  model.dispose();
  await saveModelDir(dir, { manifest: manifest as unknown as Record<string, unknown>, weights });
  source = { id: 'tiny-source', dir };
  folder = await writeTinyPhotos(6, 77);
});

function options(modelsDir: string, name: string, extra: Partial<FineTuneOptions> = {}): FineTuneOptions {
  return {
    folder,
    fromModel: source,
    name,
    steps: 40,
    modelsDir,
    signal: new AbortController().signal,
    onProgress: () => undefined,
    workers: 0,
    learningRate: 3e-3,
    batchSize: 3,
    ...extra,
  };
}

function finished(outcome: FineTuneResult | PausedFineTune): FineTuneResult {
  if ('paused' in outcome) throw new Error(`the run paused at step ${outcome.step}`);
  return outcome;
}

describe('fineTune', () => {
  it('writes a new model with a card, lowers the held-out NLL and leaves the source untouched', async () => {
    const modelsDir = await mkdtemp(join(tmpdir(), 'anp-models-'));
    const sourceWeights = await readFile(join(source.dir, 'weights.bin'));
    const progress: TaskProgress[] = [];
    const result = finished(
      await fineTune(options(modelsDir, 'my-photos', { onProgress: (p) => progress.push(p) })),
    );
    expect(result.model).toEqual({ id: 'my-photos', dir: join(modelsDir, 'my-photos') });
    expect(result.heldOutNllAfter).toBeLessThan(result.heldOutNllBefore);
    expect(await readdir(modelsDir)).toEqual(['my-photos']);
    expect((await readdir(result.model.dir)).sort()).toEqual([
      'MODEL_CARD.md',
      'manifest.json',
      'weights.bin',
    ]);
    const manifest = JSON.parse(await readFile(join(result.model.dir, 'manifest.json'), 'utf8'));
    expect(manifest.name).toBe('my-photos');
    expect(manifest.recipe.window).toBe(8);
    expect(manifest.metrics.fromModel).toBe('tiny-source');
    expect(await readFile(join(result.model.dir, 'MODEL_CARD.md'), 'utf8')).toMatch(
      /Fine-tuned from 'tiny-source'/,
    );
    expect(Buffer.compare(await readFile(join(source.dir, 'weights.bin')), sourceWeights)).toBe(0);
    expect(progress.some((p) => p.metrics?.loss !== undefined)).toBe(true);
    expect(progress.at(-1)!.done).toBe(40);
  });

  it('refuses an existing name and the source folder itself', async () => {
    const modelsDir = await mkdtemp(join(tmpdir(), 'anp-models-'));
    await fineTune(options(modelsDir, 'taken', { steps: 1 }));
    await expect(fineTune(options(modelsDir, 'taken', { steps: 1 }))).rejects.toMatchObject({
      code: 'FILE_EXISTS',
    });
    const inPlace = { ...options(join(source.dir, '..'), source.dir.split('/').pop()!) };
    await expect(fineTune(inPlace)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('stops on cancel without leaving a model or its work folder behind', async () => {
    const modelsDir = await mkdtemp(join(tmpdir(), 'anp-models-'));
    const controller = new AbortController();
    const run = fineTune(
      options(modelsDir, 'cancelled', {
        steps: 500,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done >= 5) controller.abort();
        },
      }),
    );
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(modelsDir)).toEqual([]);
  });

  it('a resume that fails keeps the paused run for another try; a cancelled one drops it', async () => {
    const modelsDir = await mkdtemp(join(tmpdir(), 'anp-models-'));
    const pause = new AbortController();
    const pauseAt = (p: TaskProgress) => (p.done >= 4 ? pause.abort() : undefined);
    await fineTune(options(modelsDir, 'kept', { pause: pause.signal, onProgress: pauseAt }));
    const resume = { resume: true, folder: join(modelsDir, 'no-such-folder') };
    await expect(fineTune(options(modelsDir, 'kept', resume))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await pausedRuns(modelsDir)).map((r) => r.step)).toEqual([4]);
    const cancel = new AbortController();
    const cancelled = fineTune(
      options(modelsDir, 'kept', { resume: true, signal: cancel.signal, onProgress: () => cancel.abort() }),
    );
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await readdir(modelsDir)).toEqual([]);
  });

  it('pauses after a step with a checkpoint and resumes as the same run to the same model', async () => {
    const modelsDir = await mkdtemp(join(tmpdir(), 'anp-models-'));
    const pause = new AbortController();
    const paused = await fineTune(
      options(modelsDir, 'paused', {
        pause: pause.signal,
        onProgress: (p) => {
          if (p.done >= 10) pause.abort();
        },
      }),
    );
    // Logged every 2 steps of 40: the chart's points so far come back with the pause.
    const losses = [2, 4, 6, 8, 10].map((step) => ({ step, loss: expect.any(Number) as number }));
    expect(paused).toEqual({ paused: true, step: 10, steps: 40, losses });
    expect(await readdir(modelsDir)).toEqual(['.paused.training']);
    const checkpoints = join(modelsDir, '.paused.training', 'checkpoints');
    expect((await readFile(join(checkpoints, 'LATEST'), 'utf8')).trim()).toBe('step-000000010');

    expect(await pausedRuns(modelsDir)).toEqual([
      {
        name: 'paused',
        fromModel: 'tiny-source',
        step: 10,
        steps: 40,
        losses: (paused as PausedFineTune).losses,
      },
    ]);

    const progress: TaskProgress[] = [];
    // The resumed run keeps its own 40 steps whatever `steps` says now, and its own photos.
    const resumed = finished(
      await fineTune(
        options(modelsDir, 'paused', {
          resume: true,
          steps: 7,
          folder: undefined,
          onProgress: (p) => progress.push(p),
        }),
      ),
    );
    expect(await pausedRuns(modelsDir)).toEqual([]);
    // From its first word the resumed run is at the step it resumed from, never back at 0.
    expect(progress[0]).toEqual({ done: 10, total: 40, message: 'reading photos', etaSeconds: null });
    expect(Math.min(...progress.map((p) => p.done))).toBe(10);
    const steps = progress.filter((p) => p.metrics).map((p) => p.done);
    expect([steps[0], steps.at(-1), progress.at(-1)?.total]).toEqual([12, 40, 40]);
    expect(await readdir(modelsDir)).toEqual(['paused']);
    const straight = finished(await fineTune(options(modelsDir, 'straight')));
    expect(resumed.heldOutNllBefore).toBe(straight.heldOutNllBefore);
    expect(resumed.heldOutNllAfter).toBe(straight.heldOutNllAfter);
    await expect(fineTune(options(modelsDir, 'never-paused', { resume: true }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
