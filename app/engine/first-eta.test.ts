/**
 * The first job of a session gets an ETA at once: a fresh engine (its threads not started, no rate
 * measured) upscales a photo with the shipped model; the first ETA comes within 3 s of the job's start.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, expect, it } from 'vitest';
import type { ApiEvent, ImageInfo, JobProgress, JobStarted } from '../api/contract.js';
import type { Engine } from './engine.js';
import { engineWithTasks } from '../../tests/fixtures/test-engines.js';
import { PHOTO_MODEL } from '../../tests/fixtures/shipped-models.js';

const SAMPLE_PHOTO = fileURLToPath(new URL('../../assets/sample.jpg', import.meta.url));
let engine: Engine | undefined;
afterAll(() => engine?.dispose());

it.skipIf(!existsSync(join(PHOTO_MODEL.dir, 'manifest.json')))(
  'gives the first job of a fresh engine its first ETA within 3 s of its start',
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'anp-first-eta-'));
    await cp(PHOTO_MODEL.dir, join(root, 'builtin', 'photo'), { recursive: true });
    engine = await engineWithTasks(root);
    const seen: { at: number; progress: JobProgress }[] = [];
    const ended = new Promise<ApiEvent>((resolve) =>
      engine!.onEvent((event) => {
        if (event.type === 'progress') seen.push({ at: performance.now(), progress: event.progress });
        else resolve(event);
      }),
    );
    const png = await sharp(SAMPLE_PHOTO).resize(160, 120).png().toBuffer();
    const photo = (await engine.call('openImage', {
      kind: 'bytes',
      name: 'sample.png',
      dataBase64: png.toString('base64'),
    })) as ImageInfo;
    const { jobId } = (await engine.call('upscale', {
      imageId: photo.id,
      size: { kind: 'scale', scale: 4 },
    })) as JobStarted;
    const end = await ended;
    expect(end).toMatchObject({ type: 'result', jobId });
    const started = seen.find((s) => s.progress.message === 'started');
    const firstEta = seen.find((s) => s.progress.etaSeconds !== null);
    expect(started && firstEta).toBeTruthy();
    const wait = (firstEta!.at - started!.at) / 1000;
    console.log(
      `first ETA ${firstEta!.progress.etaSeconds?.toFixed(1)} s, ${wait.toFixed(2)} s after the start`,
    );
    expect(wait).toBeLessThan(3);
    expect(firstEta!.progress.done).toBe(0);
  },
);
