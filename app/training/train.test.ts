import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initAppBackend } from '../compute/backend-choice.js';
import { loadPhotoFolder, type CachedPhoto } from '../data/photo-folder.js';
import { createAppModel } from '../model-factory.js';
import { tinyConfig, tinyRecipe, writeTinyPhotos } from './fixtures/tiny-training.js';
import { checkpointDir, loadLatestCheckpoint } from './checkpoint.js';
import { readWeights } from './gradients.js';
import { trainModel, type TrainOptions } from './train.js';

let photos: CachedPhoto[];
let photoDir: string;

beforeAll(async () => {
  await initAppBackend('wasm');
  photoDir = await writeTinyPhotos();
  photos = (await loadPhotoFolder(photoDir, { maxSide: 64 })).train;
});

const workDir = () => mkdtemp(join(tmpdir(), 'anp-train-'));

async function train(steps: number, extra: Partial<TrainOptions> & { workDir: string }) {
  const model = createAppModel(tinyConfig, { seed: 5 });
  try {
    const result = await trainModel({ model, photos, recipe: tinyRecipe(steps), ...extra });
    return { result, weights: readWeights(model).values };
  } finally {
    model.dispose();
  }
}

function expectSameWeights(a: Float32Array[], b: Float32Array[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((w, k) => expect([...w]).toEqual([...b[k]!]));
}

describe('trainModel', () => {
  it('lowers the loss, logs progress as JSON lines and leaves no tensors behind', async () => {
    const dir = await workDir();
    const tensors = tf.memory().numTensors;
    const events: number[] = [];
    const { result } = await train(30, {
      workDir: dir,
      logEverySteps: 5,
      onProgress: (p) => events.push(p.done),
    });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(events).toEqual([5, 10, 15, 20, 25, 30]);
    const lines = (await readFile(join(dir, 'progress.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.step)).toEqual(events);
    expect(lines[0]).toMatchObject({ totalSteps: 30 });
    for (const key of ['loss', 'nll', 'kl', 'stepsPerSecond', 'etaSeconds', 'learningRate']) {
      expect(Number.isFinite(lines[0][key]), key).toBe(true);
    }
    expect(lines.at(-1).loss).toBeLessThan(lines[0].loss);
    expect(result).toMatchObject({ step: 30, cancelled: false, resumedFrom: null });
  });

  it('resumes exactly: N steps straight equals N/2, checkpoint, resume, N/2', async () => {
    const straight = await train(8, { workDir: await workDir() });
    const dir = await workDir();
    const controller = new AbortController();
    const first = await train(8, {
      workDir: dir,
      logEverySteps: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 4) controller.abort();
      },
    });
    expect(first.result).toMatchObject({ step: 4, cancelled: true });
    expect((await loadLatestCheckpoint(checkpointDir(dir)))!.state.step).toBe(4);
    const second = await train(8, { workDir: dir, resume: true, logEverySteps: 1 });
    expect(second.result).toMatchObject({ step: 8, resumedFrom: 4, cancelled: false });
    const log = (await readFile(join(dir, 'progress.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.map((l) => l.event ?? l.step)).toEqual([1, 2, 3, 4, 'resumed', 5, 6, 7, 8]);
    expect(log[4]).toMatchObject({ event: 'resumed', step: 4 });
    expectSameWeights(second.weights, straight.weights);
  });

  it('averages gradients over worker threads', async () => {
    const { result, weights } = await train(3, { workDir: await workDir(), workers: 2, logEverySteps: 1 });
    expect(result.step).toBe(3);
    expect(result.last!.examplesPerSecond).toBeGreaterThan(0);
    const initial = createAppModel(tinyConfig, { seed: 5 });
    const changed = readWeights(initial).values.some((w, k) => w.some((v, i) => v !== weights[k]![i]));
    initial.dispose();
    expect(changed).toBe(true);
  });

  it('a run killed with SIGKILL resumes from its last checkpoint to the same weights', async () => {
    const steps = 12;
    const straight = await train(steps, { workDir: await workDir() });
    const dir = await workDir();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('./fixtures/train-child.ts', import.meta.url)),
        photoDir,
        dir,
        String(steps),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
      child.stdout!.on('data', (chunk: Buffer) => {
        if (/step [3-9]\b/.test(chunk.toString())) {
          child.kill('SIGKILL');
          child.removeAllListeners('exit');
          child.on('exit', () => resolve());
        }
      });
    });
    const saved = await loadLatestCheckpoint(checkpointDir(dir));
    expect(saved!.state.step).toBeGreaterThanOrEqual(2);
    expect(saved!.state.step).toBeLessThan(steps);
    const resumed = await train(steps, { workDir: dir, resume: true });
    expect(resumed.result.resumedFrom).toBe(saved!.state.step);
    expectSameWeights(resumed.weights, straight.weights);
  });
});
