/**
 * A job's first ETA comes at once: a fresh engine (its threads not started, no rate measured) upscales
 * and completes a photo with the shipped models and fine-tunes one on a folder; each job's first ETA comes before any of its work is
 * done (on an idle machine within 3 s of its start: the wait is logged, and bounded here by 10 s so
 * that a loaded test machine does not fail it) and, for a job over 10 s, is within ±50 % of the time
 * it then really took.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent, ImageInfo, JobProgress, JobStarted } from '../api/contract.js';
import type { Engine } from './engine.js';
import { engineWithTasks } from '../../tests/fixtures/test-engines.js';
import { PHOTO_MODEL } from '../../tests/fixtures/shipped-models.js';

const SAMPLE_PHOTO = fileURLToPath(new URL('../../assets/sample.jpg', import.meta.url));
const SUPERRES_DIR = join(PHOTO_MODEL.dir, '..', 'photo-superres');
const PHOTO_FOLDER = fileURLToPath(new URL('../../tests/fixtures/photos', import.meta.url));
let engine: Engine | undefined;
afterEach(() => engine?.dispose());

interface FirstEta {
  /** Seconds from the job's start to its first ETA. */
  wait: number;
  /** Work units done when it came. */
  doneBefore: number;
  eta: number;
  /** Seconds the job really took from its first ETA to its end. */
  actual: number;
}

/** Runs one job in a fresh engine on a w×h crop of the sample photo and times its first ETA. */
async function firstEta(width: number, height: number, call: (photo: ImageInfo) => [string, object]) {
  const root = await mkdtemp(join(tmpdir(), 'anp-first-eta-'));
  await cp(PHOTO_MODEL.dir, join(root, 'builtin', 'photo'), { recursive: true });
  await cp(SUPERRES_DIR, join(root, 'builtin', 'photo-superres'), { recursive: true });
  engine = await engineWithTasks(root);
  const seen: { at: number; progress: JobProgress }[] = [];
  const ended = new Promise<{ at: number; event: ApiEvent }>((resolve) =>
    engine!.onEvent((event) => {
      if (event.type === 'progress') seen.push({ at: performance.now(), progress: event.progress });
      else resolve({ at: performance.now(), event });
    }),
  );
  const png = await sharp(SAMPLE_PHOTO).resize(width, height).png().toBuffer();
  const photo = (await engine.call('openImage', {
    kind: 'bytes',
    name: 'sample.png',
    dataBase64: png.toString('base64'),
  })) as ImageInfo;
  const [method, args] = call(photo);
  const { jobId } = (await engine.call(method, args)) as JobStarted;
  const end = await ended;
  expect(end.event).toMatchObject({ type: 'result', jobId });
  const started = seen.find((s) => s.progress.message === 'started');
  const first = seen.find((s) => s.progress.etaSeconds !== null);
  expect(started && first).toBeTruthy();
  const result: FirstEta = {
    wait: (first!.at - started!.at) / 1000,
    doneBefore: first!.progress.done,
    eta: first!.progress.etaSeconds!,
    actual: (end.at - first!.at) / 1000,
  };
  console.log(`${method}: ${JSON.stringify(result)}`);
  return result;
}

function expectTimely({ wait, doneBefore, eta, actual }: FirstEta): void {
  expect(doneBefore).toBe(0);
  expect(wait).toBeLessThan(10);
  if (actual + wait > 10) expect(Math.abs(eta - actual)).toBeLessThanOrEqual(0.5 * actual);
}

describe.skipIf(!existsSync(join(PHOTO_MODEL.dir, 'manifest.json')))('the first ETA of a job', () => {
  it('comes before an upscale’s first tile', async () => {
    const timing = await firstEta(160, 120, (photo) => [
      'upscale',
      { imageId: photo.id, size: { kind: 'scale', scale: 4 } },
    ]);
    expectTimely(timing);
  });

  it('comes before a completion’s first window, timed on its own windows', async () => {
    const hole = { kind: 'rect', x: 40, y: 30, width: 160, height: 120 };
    const timing = await firstEta(240, 180, (photo) => [
      'inpaint',
      { imageId: photo.id, samples: 2, seed: 1, mask: { kind: 'shapes', shapes: [hole] } },
    ]);
    expectTimely(timing);
  });

  it('comes with a fine-tune’s first held-out evaluation batch, counting both evaluations', async () => {
    const timing = await firstEta(64, 48, () => [
      'fineTune',
      { folder: PHOTO_FOLDER, fromModel: 'photo', name: 'eta-check', steps: 40 },
    ]);
    expectTimely(timing);
  });
});
