import { cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent, ImageInfo } from '../api/contract.js';
import { forkEngine } from './fork-engine.js';
import { SupervisedEngine } from './supervisor.js';
import { writeTinyImageModel } from '../../tests/fixtures/tiny-image-model.js';

let root: string;
let sessionDir: string;
let env: NodeJS.ProcessEnv;
let supervised: SupervisedEngine;
const events: ApiEvent[] = [];

/** Resolves with the first event (seen so far or later) that `match` accepts. */
function nextEvent(match: (e: ApiEvent) => boolean): Promise<ApiEvent> {
  const seen = events.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const stop = supervised.onEvent((e) => {
      if (match(e)) {
        stop();
        resolve(e);
      }
    });
  });
}

async function photoBase64(side: number): Promise<string> {
  const pixels = Buffer.alloc(side * side * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 13) % 251;
  return (
    await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
      .png()
      .toBuffer()
  ).toString('base64');
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'anp-supervise-'));
  sessionDir = join(root, 'session');
  const tiny = await writeTinyImageModel(16);
  await cp(tiny.dir, join(root, 'builtin', 'tiny'), { recursive: true });
  env = {
    ...process.env,
    ANP_HOME: join(root, 'home'),
    ANP_BUILTIN_MODELS: join(root, 'builtin'),
    ANP_BACKEND: 'cpu',
    ANP_SESSION_DIR: sessionDir,
  };
  // Room for the kills of every test below within one minute.
  supervised = await SupervisedEngine.start({ start: () => forkEngine(env), maxRestarts: 10 });
  supervised.onEvent((e) => events.push(e));
});
afterAll(() => supervised.close());

describe('engine supervision', () => {
  it('an engine killed during a job: the job fails with a clear event, the engine restarts with the open images, the dead job’s files are gone', async () => {
    const photo = (await supervised.call('openImage', {
      kind: 'bytes',
      name: 'photo.png',
      dataBase64: await photoBase64(96),
    })) as ImageInfo;
    const before = await filesUnder(sessionDir);
    const { jobId } = (await supervised.call('upscale', {
      imageId: photo.id,
      size: { kind: 'scale', scale: 8 },
      modelId: 'tiny',
    })) as { jobId: string };
    await nextEvent(
      (e) => e.type === 'progress' && e.progress.jobId === jobId && e.progress.message !== 'queued',
    );
    // What a dying job leaves: a half-written output in its job folder.
    await mkdir(join(sessionDir, 'job-dead'), { recursive: true });
    await writeFile(join(sessionDir, 'job-dead', '.upscaled.png.1.abcd.tmp'), 'partial');
    const dead = await supervised.current();
    process.kill(dead.pid!, 'SIGKILL');

    const failed = await nextEvent((e) => e.type === 'error' && e.jobId === jobId);
    expect(failed).toMatchObject({
      type: 'error',
      error: {
        code: 'INTERNAL',
        message: expect.stringMatching(/stopped unexpectedly \(killed\).*restarted/),
      },
    });
    expect(await nextEvent((e) => e.type === 'engine')).toMatchObject({ type: 'engine', state: 'restarted' });
    const fresh = await supervised.current();
    expect(fresh.pid).not.toBe(dead.pid);

    // The photo is still open under its id and previews; nothing but it and the manifest is left.
    expect(await supervised.call('imageInfo', { id: photo.id })).toEqual(photo);
    expect(await supervised.call('imagePreview', { id: photo.id, maxSide: 32 })).toMatchObject({ width: 32 });
    expect((await filesUnder(sessionDir)).sort()).toEqual(before.sort());

    // And the new engine runs jobs.
    const again = (await supervised.call('upscale', {
      imageId: photo.id,
      size: { kind: 'scale', scale: 1.5 },
      modelId: 'tiny',
    })) as { jobId: string };
    expect(await nextEvent((e) => 'jobId' in e && e.jobId === again.jobId)).toMatchObject({ type: 'result' });
  });

  it('a SIGKILL during completion and during fine-tuning: the same recovery for every job kind', async () => {
    const open = async (name: string, side: number) =>
      (await supervised.call('openImage', {
        kind: 'bytes',
        name,
        dataBase64: await photoBase64(side),
      })) as ImageInfo;
    const photo = await open('kept.png', 64);
    const other = await open('other.png', 48);
    const jobs: [string, Record<string, unknown>][] = [
      [
        'inpaint',
        {
          imageId: photo.id,
          mask: { kind: 'shapes', shapes: [{ kind: 'rect', x: 8, y: 8, width: 40, height: 40 }] },
          samples: 8,
          modelId: 'tiny',
        },
      ],
      ['fineTune', { imageIds: [photo.id, other.id], fromModel: 'tiny', name: 'killed-run', steps: 50 }],
    ];
    for (const [method, args] of jobs) {
      const { jobId } = (await supervised.call(method, args)) as { jobId: string };
      await nextEvent(
        (e) => e.type === 'progress' && e.progress.jobId === jobId && e.progress.message !== 'queued',
      );
      const dead = await supervised.current();
      process.kill(dead.pid!, 'SIGKILL');
      expect(await nextEvent((e) => 'jobId' in e && e.jobId === jobId)).toMatchObject({
        type: 'error',
        error: { code: 'INTERNAL', message: expect.stringMatching(/stopped unexpectedly \(killed\)/) },
      });
      expect((await supervised.current()).pid).not.toBe(dead.pid);
      expect(await supervised.call('imageInfo', { id: photo.id })).toEqual(photo);
    }
    // The killed fine-tuning left no model behind.
    const models = (await supervised.call('listModels', {})) as { id: string }[];
    expect(models.map((m) => m.id)).not.toContain('killed-run');
  });

  it('an engine that keeps dying is not restarted for ever: calls are refused with the reason', async () => {
    const flaky = await SupervisedEngine.start({
      start: () => forkEngine({ ...env, ANP_SESSION_DIR: join(root, 'flaky') }),
      maxRestarts: 1,
    });
    const seen: ApiEvent[] = [];
    flaky.onEvent((e) => seen.push(e));
    process.kill((await flaky.current()).pid!, 'SIGKILL');
    await expect
      .poll(() => seen.some((e) => e.type === 'engine' && e.state === 'restarted'), { timeout: 60_000 })
      .toBe(true);
    process.kill((await flaky.current()).pid!, 'SIGKILL');
    const reason = await flaky.gaveUp;
    expect(reason).toMatch(/keeps stopping; restart ANP Studio/);
    expect(seen.at(-1)).toEqual({ type: 'engine', state: 'stopped', message: reason });
    await expect(flaky.call('listModels', {})).rejects.toMatchObject({ code: 'INTERNAL', message: reason });
    await flaky.close();
  });
});
